"""The Recorder writes a run; open_run reads it back, whole and consistent."""

import json
import os
import sqlite3

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder import RecorderError, RunFileError


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


def test_estimated_size_of_a_playground_run(recorded):
    assert recorded[0].stat().st_size < 2_000_000  # 30 epochs; 100 stay < 20 MB


def test_existing_run_is_not_overwritten_by_accident(tmp_path, circle, playground_net):
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


def test_a_folder_gets_a_new_run_each_time(tmp_path, circle, playground_net):
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


def test_unwritable_place_fails_at_the_start(circle, playground_net):
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


def test_full_disk_fails_at_the_start(tmp_path, circle, monkeypatch, playground_net):
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
def test_ctrl_c_ends_with_status_interrupted_and_data_flushed(
    tmp_path, circle, playground_net
):
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


def test_every_nth_step(tmp_path, circle, playground_net):
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


def test_a_folder_recorder_reused_for_two_architectures_makes_two_runs(
    tmp_path, data, small_net
):
    recorder = ng.Recorder(tmp_path, snapshot_every=1)
    small_net(3).fit(*data, epochs=3, batch_size=10, callbacks=[recorder])
    first = recorder.path
    small_net(6).fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    assert recorder.path != first
    with ng.open_run(first) as run:
        assert run.network().layers[0].n_out == 3 and len(run.epochs) == 3
    with ng.open_run(recorder.path) as run:
        assert run.network().layers[0].n_out == 6 and len(run.epochs) == 2
        assert run.snapshot(1).layers[0].weights.shape == (2, 6)


def test_a_file_recorder_reused_for_another_network_refuses(tmp_path, data, small_net):
    recorder = ng.Recorder(tmp_path / "one.ngrun")
    small_net(3).fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    with pytest.raises(RecorderError, match=r"one\.ngrun.*mix two runs"):
        small_net(6).fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    with pytest.raises(RecorderError, match="mix two runs"):  # same shape, anew
        small_net(3).fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    with ng.open_run(tmp_path / "one.ngrun") as run:
        assert run.network().layers[0].n_out == 3 and len(run.epochs) == 2


def test_a_recorder_reused_to_continue_the_same_network_appends(
    tmp_path, data, small_net
):
    recorder = ng.Recorder(tmp_path / "more.ngrun", snapshot_every=1)
    net = small_net()
    net.fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    net.fit(*data, epochs=3, batch_size=10, callbacks=[recorder])
    with ng.open_run(tmp_path / "more.ngrun") as run:
        assert list(run.epochs) == [0, 1, 2, 3, 4]
        np.testing.assert_array_equal(
            run.network().parameters_vector(), net.parameters_vector()
        )
