"""The writer of a run file (store/writer.py): one transaction per epoch, read
back through the reader; a finished run is one file; no SQL outside the store."""

import pathlib
import re

import numpy as np

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.recorder import schema
from neuroglass.recorder.store import (
    RunReader,
    RunWriter,
    insert_blobs,
    insert_diagnostics,
    insert_meta,
)

RECORDER = pathlib.Path(ng.__file__).parent / "recorder"


def _fit(path, epochs=3, **recorder):
    X, y = ng.datasets.circle(n=60, seed=0)
    net = ng.mlp([2, 4, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(
        X, y, epochs=epochs, batch_size=10, callbacks=[ng.Recorder(path, **recorder)]
    )
    return net


def test_no_sql_outside_the_store():
    """Only store/ (and the table definitions in schema.py) speak SQL."""
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b|\.execute(many|script)?\(")
    found = []
    for path in sorted(RECORDER.rglob("*.py")):
        relative = path.relative_to(RECORDER).as_posix()
        if relative.startswith("store/") or relative == "schema.py":
            continue
        if relative == "resume.py":  # being rewritten into ng.Resume (issue 11)
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if sql.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_writes_read_back_through_the_reader(tmp_path):
    path = tmp_path / "w.ngrun"
    _fit(path, epochs=2)
    writer = RunWriter(path, mode="append")
    try:
        writer.transaction(
            lambda cur: [
                insert_meta({"name": "renamed", "extra": [1, 2]})(cur),
                insert_blobs([("probe", schema.pack(np.ones((3, 2))))])(cur),
                insert_diagnostics(
                    [("rule_x", "info", 1, 5, None, "message", "{}", "advice")]
                )(cur),
            ]
        )
        assert writer.read_meta()["extra"] == [1, 2]
    finally:
        writer.close()
    reader = RunReader(str(path))
    try:
        meta = reader.meta()
        assert meta["name"] == "renamed" and meta["status"] == "finished"
        np.testing.assert_array_equal(
            schema.unpack(reader.blob("probe")), np.ones((3, 2))
        )
        assert reader.blob("no such blob") is None
        assert set(reader.blobs(["probe", "final", "nothing"])) == {"probe", "final"}
        assert reader.diagnostic_rows()[-1][:2] == ("rule_x", "info")
        assert reader.epoch_numbers() == [0, 1]
        assert reader.snapshot_numbers() == [0, 1]
        assert reader.snapshot_row(1)[:2] == (1, reader.snapshot_row()[1])
        assert reader.snapshot_row(7) is None
        rows, blocks = reader.step_rows()
        assert rows == [] and blocks  # packed steps, no rows of schema version 1
        assert len(reader.checkpoint_rows()) == 2  # the checkpoint and a snapshot
    finally:
        reader.close()


def test_forget_from_drops_later_epochs_and_steps(tmp_path):
    path = tmp_path / "f.ngrun"
    _fit(path, epochs=4)  # 6 steps per epoch
    writer = RunWriter(path, mode="append")
    try:
        writer.forget_from(steps_trained=12, epochs_trained=2)
    finally:
        writer.close()
    with ng.open_run(path) as run:
        assert run.epochs.tolist() == [0, 1]
        assert run.steps["step"].tolist() == list(range(12))


def test_a_run_the_caller_stopped_says_stopped(tmp_path):
    """Trainer.stop() ends the fit "stopped": the run file says so (it used
    to say "interrupted", as if the fit had crashed)."""
    X, y = ng.datasets.circle(n=60, seed=0)
    net = ng.mlp([2, 4, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    path = tmp_path / "stopped.ngrun"
    trainer = ng.Trainer(
        net, X, y, epochs=10, batch_size=10, callbacks=[ng.Recorder(path)]
    )
    trainer.run_epoch()
    trainer.step()
    trainer.stop()
    with ng.open_run(path) as run:
        assert run.status == "stopped"
        assert run._meta["stop_reason"] == "stopped"
        assert run.epochs.tolist() == [0]
        assert not run.diagnostics()  # no verdicts on a fit the caller cut short


def test_a_stale_wal_of_a_deleted_run_is_not_replayed(tmp_path, data, record):
    path = tmp_path / "again.ngrun"
    record(path, data, width=5)
    (tmp_path / "again.ngrun-wal").write_bytes(b"left over " * 100)
    path.unlink()
    record(path, data, width=3)
    with ng.open_run(path) as run:
        assert run.network().layers[0].n_out == 3


def test_a_finished_run_is_one_file_that_reading_leaves_alone(tmp_path, data, record):
    # a run is shared as one file: no -wal/-shm left by its writer, nor by a
    # (read-only) reader, and continuing it works as before
    path = tmp_path / "run.ngrun"
    net = record(path, data, epochs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.ngrun"]
    with ng.open_run(path) as run:
        assert len(run.epochs) == 2
    assert main(["runs", "show", str(path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.ngrun"]
    net.fit(*data, epochs=1, batch_size=10, resume=ng.Resume(path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.ngrun"]
    with ng.open_run(path) as run:
        assert len(run.epochs) == 3


def test_a_write_error_sqlite_rolled_back_itself_is_the_error_reported(tmp_path):
    """A full disk (or an I/O error) makes SQLite end the transaction on its own;
    the writer must then report that error, not its own failed ROLLBACK ("cannot
    rollback - no transaction is active"), and the writer stays usable."""
    import sqlite3

    import pytest

    from neuroglass.recorder.store import RecorderError

    path = tmp_path / "full.ngrun"
    _fit(path, epochs=1)
    writer = RunWriter(path, mode="append")
    try:

        def disk_full(cur):
            cur.execute("ROLLBACK")  # what SQLite does when the disk fills
            raise sqlite3.OperationalError("database or disk is full")

        with pytest.raises(RecorderError, match="disk is full") as caught:
            writer.transaction(disk_full)
        assert "rollback" not in str(caught.value).lower()
        assert not writer.con.in_transaction
        writer.transaction(insert_meta({"name": "after"}))  # still usable
    finally:
        writer.close()
    with ng.open_run(path) as run:
        assert run.summary()["name"] == "after"
