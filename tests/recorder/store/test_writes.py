"""The statements that write a run's rows (store/writes.py)."""

import numpy as np

import neuroglass as ng
from neuroglass.recorder import schema
from neuroglass.recorder.store import RunReader, RunWriter, insert_checkpoint


def _fit(path, epochs=3, **recorder):
    X, y = ng.datasets.circle(n=60, seed=0)
    net = ng.mlp([2, 4, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(
        X, y, epochs=epochs, batch_size=10, callbacks=[ng.Recorder(path, **recorder)]
    )
    return net


def test_the_checkpoint_row_is_replaced(tmp_path):
    path = tmp_path / "c.ngrun"
    _fit(path, epochs=1)
    writer = RunWriter(path, mode="append")
    try:
        writer.transaction(
            insert_checkpoint((9, 99, schema.pack(np.zeros(17)), "{}", None))
        )
    finally:
        writer.close()
    reader = RunReader(str(path))
    try:
        epochs = sorted(row[0] for row in reader.checkpoint_rows())
        assert 9 in epochs
    finally:
        reader.close()
