"""The history figure draws the recorded loss and accuracy curves."""

import numpy as np
import pytest

import neuroglass as ng


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"nothing drawn with gid {gid!r}"
    return found[0]


def test_history_from_network_history_and_run(circle_net, tmp_path):
    net = circle_net[0]
    ax = ng.plot.history(net.history)
    train = by_gid(ax, "train")
    np.testing.assert_allclose(train.get_ydata(), net.history.loss)
    X_train, X_test, y_train, y_test = circle_net[1:]
    path = tmp_path / "h.ngrun"
    other = ng.mlp([2, 4, 1], output="sigmoid", loss="bce", seed=0)
    other.fit(
        X_train,
        y_train,
        epochs=5,
        batch_size=10,
        validation_data=(X_test, y_test),
        callbacks=[ng.Recorder(path)],
    )
    with ng.open_run(path) as run:
        ax = ng.plot.history(run, log=True)
        np.testing.assert_allclose(
            by_gid(ax, "validation").get_ydata(), run.metrics(format="dict")["val_loss"]
        )
        assert len(by_gid(ax, "steps").get_ydata()) == len(run.steps["loss"])
        ax = ng.plot.history(run, metric="accuracy")
        assert ax.get_ylabel() == "accuracy"
    with pytest.raises(ValueError, match="no training history"):
        ng.plot.history(ng.mlp([2, 1], seed=0))
