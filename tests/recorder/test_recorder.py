"""The Recorder writes a run; open_run reads it back, whole and consistent."""

import json
import os
import sqlite3

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder import RecorderError, RunFileError


@pytest.fixture(scope="module")
def circle():
    X, y = ng.datasets.circle(n=300, seed=0)
    return ng.datasets.train_test_split(X, y, test_fraction=0.5, seed=0)


def playground_net(seed=0):
    return ng.mlp(
        [2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=seed
    )


@pytest.fixture
def recorded(tmp_path, circle):
    X_train, X_test, y_train, y_test = circle
    net = playground_net()
    path = tmp_path / "circle.ngrun"
    history = net.fit(
        X_train,
        y_train,
        epochs=30,
        batch_size=10,
        lr=0.03,
        validation_data=(X_test, y_test),
        callbacks=[ng.Recorder(path, dataset="circle")],
    )
    return path, net, history


def test_one_file_with_what_happened(recorded):
    path, net, history = recorded
    assert path.exists() and path.suffix == ".ngrun"
    assert not os.path.exists(str(path) + "-wal")  # checkpointed into one file
    with ng.open_run(path) as run:
        assert run.status == "finished"
        assert run.config["network"]["layers"] == net.config()["layers"]
        assert run.config["optimizer"]["name"] == "sgd"
        assert run.config["dataset"] == "circle"
        assert run.config["seed"] == 0 and run.config["library_version"]
        m = run.metrics(format="dict")
        np.testing.assert_allclose(m["loss"], history.loss)
        np.testing.assert_allclose(m["val_accuracy"], history.val_accuracy)
        np.testing.assert_allclose(m["lr"], 0.03)
        assert list(run.epochs) == list(range(30))
        steps = run.steps
        assert len(steps["loss"]) == 30 * 15 and steps["step"][-1] == 30 * 15 - 1
        assert np.all(np.diff(steps["step"]) == 1)


def test_metrics_as_dataframe(recorded):
    pd = pytest.importorskip("pandas")
    with ng.open_run(recorded[0]) as run:
        frame = run.metrics()
        assert isinstance(frame, pd.DataFrame) and len(frame) == 30
        assert {"loss", "val_loss", "accuracy"} <= set(frame.columns)


def test_snapshots_hold_the_real_arrays(recorded, circle):
    path, net, _ = recorded
    with ng.open_run(path) as run:
        # default schedule: every one of the first 10 epochs, and the last
        assert set(range(10)) | {29} <= set(run.snapshot_epochs.tolist())
        last = run.snapshot()
        assert last.epoch == 29
        for layer, snap in zip(net.layers, last.layers):
            np.testing.assert_array_equal(snap.weights, layer.weights)
            np.testing.assert_array_equal(snap.grad_weights, layer.grad_weights)
            np.testing.assert_array_equal(snap.update_weights, layer.update_weights)
            assert snap.norms["weights"] == pytest.approx(np.linalg.norm(layer.weights))
            assert snap.update_ratio == pytest.approx(
                np.linalg.norm(layer.update_weights) / np.linalg.norm(layer.weights)
            )
            bands = snap.stats["weights"]["bands"]
            assert bands[0] == layer.weights.min() and bands[-1] == layer.weights.max()
            assert np.all(np.diff(bands) >= 0)
            assert snap.stats["weights"]["hist"].sum() == layer.weights.size
        probe = run.probe()
        np.testing.assert_array_equal(probe, circle[0][:256])
        hidden = last.layers[0]
        expected = np.tanh(probe @ net.layers[0].weights + net.layers[0].bias)
        np.testing.assert_allclose(hidden.activations, expected, rtol=1e-6)
        np.testing.assert_allclose(hidden.units["mean"], expected.mean(axis=0))
        np.testing.assert_allclose(
            hidden.units["saturated"], (np.abs(expected) > 0.97).mean(axis=0)
        )
        assert hidden.units["active"] is None  # tanh units are not "active"


def test_network_at_any_snapshot_and_at_the_end(recorded, circle):
    path, net, _ = recorded
    with ng.open_run(path) as run:
        final = run.network()
        np.testing.assert_array_equal(
            final.parameters_vector(), net.parameters_vector()
        )
        early = run.network(epoch=3)
        snap = run.snapshot(3)
        np.testing.assert_array_equal(early.layers[1].weights, snap.layers[1].weights)
        assert early.epochs_trained == 4
        with pytest.raises(KeyError, match="no snapshot at epoch 99"):
            run.snapshot(99)


def test_large_networks_keep_statistics_not_arrays(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 30))
    y = rng.integers(0, 3, 64)
    net = ng.mlp([30, 40, 3], activation="relu", loss="cross_entropy", seed=0)
    path = tmp_path / "big.ngrun"
    net.fit(
        X,
        y,
        epochs=3,
        batch_size=16,
        callbacks=[ng.Recorder(path, full_arrays_limit=100, histogram_bins=12)],
    )
    with ng.open_run(path) as run:
        snap = run.snapshot()
        layer = snap.layers[0]
        assert layer.weights is None and snap.params is None
        stats = layer.stats["weights"]
        assert stats["size"] == 30 * 40 and len(stats["hist"]) == 12
        assert stats["norm"] == pytest.approx(np.linalg.norm(net.layers[0].weights))
        assert layer.stats["activation"]["size"] == 64 * 40
        assert layer.units["active"] is not None
        np.testing.assert_array_equal(
            run.network().parameters_vector(), net.parameters_vector()
        )
        with pytest.raises(KeyError, match="only statistics"):
            run.network(epoch=1)


def test_estimated_size_of_a_playground_run(recorded):
    assert recorded[0].stat().st_size < 2_000_000  # 30 epochs; 100 stay < 20 MB


def test_compare_two_runs(tmp_path, circle):
    X_train, X_test, y_train, y_test = circle
    paths = []
    for lr in (0.03, 0.3):
        path = tmp_path / f"lr{lr}.ngrun"
        playground_net().fit(
            X_train,
            y_train,
            epochs=5,
            batch_size=10,
            lr=lr,
            validation_data=(X_test, y_test),
            callbacks=[ng.Recorder(path)],
        )
        paths.append(path)
    with ng.open_run(paths[0]) as a, ng.open_run(paths[1]) as b:
        comparison = a.compare(b)
        assert comparison.config_diff["optimizer.lr"] == (0.03, 0.3)
        assert "network.seed" not in comparison.config_diff
        assert comparison.curves["loss"].shape == (5, 2)
        text = str(comparison)
        assert "optimizer.lr" in text and "final_val_loss" in text


def test_resume_continues_the_same_run(tmp_path, circle):
    X_train, _, y_train, _ = circle
    path = tmp_path / "resume.ngrun"
    straight = playground_net()
    straight.fit(X_train, y_train, epochs=12, batch_size=10, optimizer="adam", lr=0.01)
    net = playground_net()
    net.fit(
        X_train,
        y_train,
        epochs=7,
        batch_size=10,
        optimizer="adam",
        lr=0.01,
        callbacks=[ng.Recorder(path, snapshot_every=1)],
    )
    fresh = playground_net(seed=5)  # different weights: resume restores them
    fresh.fit(X_train, y_train, epochs=5, batch_size=10, resume=ng.Resume(path))
    assert fresh.epochs_trained == 12
    assert isinstance(fresh.optimizer, ng.Adam) and fresh.optimizer.t == 12 * 15
    np.testing.assert_allclose(
        fresh.parameters_vector(), straight.parameters_vector(), rtol=1e-12, atol=1e-14
    )
    with ng.open_run(path) as run:
        assert list(run.epochs) == list(range(12)) and run.status == "finished"
        assert len(run.steps["step"]) == 12 * 15


def test_resume_trims_a_step_block_that_runs_past_its_start(tmp_path, circle):
    from neuroglass.recorder.store import RunWriter

    X_train, _, y_train, _ = circle
    path = tmp_path / "blocks.ngrun"
    playground_net().fit(
        X_train, y_train, epochs=3, batch_size=10, callbacks=[ng.Recorder(path)]
    )
    with ng.open_run(path) as run:
        before = run.steps
    writer = RunWriter(path, mode="append")
    writer.forget_from(steps_trained=20)  # in epoch 1
    writer.close()
    with ng.open_run(path) as run:
        after = run.steps
    assert after["step"].tolist() == list(range(20))
    for key, values in after.items():
        np.testing.assert_array_equal(values, before[key][:20])


def test_runs_with_one_row_per_step_still_read_and_resume(tmp_path, circle):
    """Schema version 1 kept step losses in the ``steps`` table, a row each."""
    X_train, _, y_train, _ = circle
    path = tmp_path / "v1.ngrun"
    playground_net().fit(
        X_train,
        y_train,
        epochs=4,
        batch_size=10,
        callbacks=[ng.Recorder(path, snapshot_every=1)],
    )
    with ng.open_run(path) as run:
        recorded = run.steps
    con = sqlite3.connect(path)  # rewrite the file as version 1 wrote it
    con.executemany(
        "INSERT INTO steps VALUES (?, ?, ?, ?, ?)",
        zip(*(recorded[k].tolist() for k in ("step", "epoch", "batch", "loss", "lr"))),
    )
    con.execute("DROP TABLE step_blocks")
    columns = "epoch, step, loss, accuracy, val_loss, val_accuracy, lr, time, wall"
    con.executescript(
        f"""
        CREATE TABLE epochs_v1 (epoch INTEGER PRIMARY KEY, step INTEGER NOT NULL,
            loss REAL, accuracy REAL, val_loss REAL, val_accuracy REAL, lr REAL,
            time REAL, wall REAL);
        INSERT INTO epochs_v1 SELECT {columns} FROM epochs;
        DROP TABLE epochs;
        ALTER TABLE epochs_v1 RENAME TO epochs;
        UPDATE meta SET value = '1' WHERE key = 'schema_version';
        """
    )
    con.commit()
    con.close()
    with ng.open_run(path) as run:
        steps = run.steps
    for key, values in recorded.items():
        np.testing.assert_array_equal(steps[key], values)
        assert steps[key].dtype == values.dtype
    playground_net(seed=5).fit(
        X_train, y_train, epochs=2, batch_size=10, resume=ng.Resume(path)
    )
    with ng.open_run(path) as run:
        steps = run.steps
        assert list(run.epochs) == list(range(6))
    assert steps["step"].tolist() == list(range(6 * 15))
    assert steps["epoch"].tolist() == [s // 15 for s in range(6 * 15)]
    np.testing.assert_array_equal(steps["loss"][: 4 * 15], recorded["loss"])


def test_resume_refuses_another_architecture(tmp_path, circle):
    X_train, _, y_train, _ = circle
    path = tmp_path / "r.ngrun"
    playground_net().fit(X_train, y_train, epochs=1, callbacks=[ng.Recorder(path)])
    other = ng.mlp([2, 8, 1], output="sigmoid", loss="bce", seed=0)
    with pytest.raises(RecorderError, match="its layers differ"):
        other.fit(X_train, y_train, epochs=1, resume=ng.Resume(path))


def test_existing_run_is_not_overwritten_by_accident(tmp_path, circle):
    X_train, _, y_train, _ = circle
    path = tmp_path / "once.ngrun"
    playground_net().fit(X_train, y_train, epochs=1, callbacks=[ng.Recorder(path)])
    with pytest.raises(RecorderError, match="already exists"):
        playground_net().fit(X_train, y_train, epochs=1, callbacks=[ng.Recorder(path)])
    playground_net().fit(
        X_train, y_train, epochs=2, callbacks=[ng.Recorder(path, overwrite=True)]
    )
    with ng.open_run(path) as run:
        assert len(run.epochs) == 2


def test_a_folder_gets_a_new_run_each_time(tmp_path, circle):
    X_train, _, y_train, _ = circle
    for _ in range(2):
        playground_net().fit(
            X_train, y_train, epochs=1, callbacks=[ng.Recorder(tmp_path)]
        )
    assert len(list(tmp_path.glob("run-*.ngrun"))) == 2


# -- bad files and bad places ---------------------------------------------------
def test_not_a_run(tmp_path):
    text = tmp_path / "notes.ngrun"
    text.write_text("just text, long enough to have a header")
    with pytest.raises(RunFileError, match="not a neuroglass run"):
        ng.open_run(text)
    other = tmp_path / "other.ngrun"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(RunFileError, match="not a neuroglass run"):
        ng.open_run(other)
    with pytest.raises(RunFileError, match="no run file"):
        ng.open_run(tmp_path / "missing.ngrun")


def test_truncated_run(recorded, tmp_path):
    data = recorded[0].read_bytes()
    for cut in (10, 100, len(data) // 2):
        broken = tmp_path / f"cut{cut}.ngrun"
        broken.write_bytes(data[:cut])
        with pytest.raises(RunFileError):
            with ng.open_run(broken) as run:
                run.metrics(format="dict")
                run.snapshot()


def test_newer_schema(recorded):
    con = sqlite3.connect(recorded[0])
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(RunFileError, match=r"newer neuroglass.*version 99"):
        ng.open_run(recorded[0])


def test_unwritable_place_fails_at_the_start(circle):
    X_train, _, y_train, _ = circle
    net = playground_net()
    with pytest.raises(RecorderError, match="cannot"):
        net.fit(
            X_train,
            y_train,
            epochs=50,
            callbacks=[ng.Recorder("/proc/neuroglass-test.ngrun")],
        )
    assert net.epochs_trained == 0  # nothing trained before the error
    with pytest.raises(RecorderError, match="does not exist"):
        net.fit(
            X_train,
            y_train,
            epochs=5,
            callbacks=[ng.Recorder("/nonexistent-dir/x.ngrun")],
        )


def test_full_disk_fails_at_the_start(tmp_path, circle, monkeypatch):
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**9, 1000))
    X_train, _, y_train, _ = circle
    net = playground_net()
    with pytest.raises(RecorderError, match="MB are free"):
        net.fit(
            X_train,
            y_train,
            epochs=50,
            callbacks=[ng.Recorder(tmp_path / "full.ngrun")],
        )
    assert net.epochs_trained == 0


def test_bad_recorder_settings():
    with pytest.raises(ValueError, match="every must be a positive integer"):
        ng.Recorder("x.ngrun", every=0)
    with pytest.raises(ValueError, match="snapshot_every"):
        ng.Recorder("x.ngrun", snapshot_every=-1)


# -- endings ----------------------------------------------------------------------
def test_ctrl_c_ends_with_status_interrupted_and_data_flushed(tmp_path, circle):
    X_train, _, y_train, _ = circle
    path = tmp_path / "ctrl-c.ngrun"

    class CtrlC(ng.Callback):
        def on_batch_end(self, net, step):
            if step.step == 15 * 4 + 3:  # in the 5th epoch
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        playground_net().fit(
            X_train,
            y_train,
            epochs=20,
            batch_size=10,
            callbacks=[ng.Recorder(path), CtrlC()],
        )
    with ng.open_run(path) as run:
        assert run.status == "interrupted"
        assert list(run.epochs) == [0, 1, 2, 3]
        assert run.steps["step"][-1] >= 15 * 4 + 2  # the partial epoch's steps too
        assert run.network().epochs_trained == 4


def test_divergence_is_recorded(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2)) * 10
    y = X @ np.array([3.0, -2.0])
    path = tmp_path / "nan.ngrun"
    net = ng.mlp([2, 16, 1], activation="relu", loss="mse", seed=0)
    with pytest.raises(ng.TrainingDiverged):
        net.fit(X, y, epochs=50, batch_size=10, lr=5.0, callbacks=[ng.Recorder(path)])
    with ng.open_run(path) as run:
        assert run.status == "diverged"
        rules = [d.rule for d in run.diagnostics()]
        assert "loss_not_finite" in rules
        assert np.all(np.isfinite(run.network().parameters_vector()))


def test_meta_is_json(recorded):
    con = sqlite3.connect(recorded[0])
    for key, value in con.execute("SELECT key, value FROM meta"):
        assert isinstance(key, str)
        json.loads(value)
    con.close()


def test_verbose_fit_prints_diagnostics(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2)) * 10
    y = X @ np.array([3.0, -2.0])
    net = ng.mlp([2, 16, 1], activation="relu", loss="mse", seed=0)
    with pytest.raises(ng.TrainingDiverged):
        net.fit(
            X,
            y,
            epochs=50,
            batch_size=10,
            lr=5.0,
            verbose=True,
            callbacks=[ng.Recorder(tmp_path / "v.ngrun")],
        )
    printed = capsys.readouterr()
    assert "loss_not_finite" in printed.out + printed.err


def test_every_nth_step(tmp_path, circle):
    X_train, _, y_train, _ = circle
    path = tmp_path / "every.ngrun"
    playground_net().fit(
        X_train,
        y_train,
        epochs=2,
        batch_size=10,
        callbacks=[ng.Recorder(path, every=5)],
    )
    with ng.open_run(path) as run:
        assert run.steps["step"].tolist() == list(range(0, 30, 5))
