"""Resuming a recorded run (resume.py): the same run goes on, the step blocks are
trimmed, another architecture is refused."""

import sqlite3

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder import RecorderError
from neuroglass.recorder.store import RunWriter


def test_resume_continues_the_same_run(tmp_path, circle, playground_net):
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


def test_resume_trims_a_step_block_that_runs_past_its_start(
    tmp_path, circle, playground_net
):

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


def test_runs_with_one_row_per_step_still_read_and_resume(
    tmp_path, circle, playground_net
):
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


def test_resume_refuses_another_architecture(tmp_path, circle, playground_net):
    X_train, _, y_train, _ = circle
    path = tmp_path / "r.ngrun"
    playground_net().fit(X_train, y_train, epochs=1, callbacks=[ng.Recorder(path)])
    other = ng.mlp([2, 8, 1], output="sigmoid", loss="bce", seed=0)
    with pytest.raises(RecorderError, match="its layers differ"):
        other.fit(X_train, y_train, epochs=1, resume=ng.Resume(path))
