"""The networks and runs the figures are drawn from (the Agg backend and the
closing of figures come from tests/views/conftest.py)."""

import numpy as np
import pytest

import neuroglass as ng

#: the unit of the first layer that ``recorded`` kills: its bias is set far below
#: any w . x (test_activation_map.py checks it is marked dead)
DEAD_UNIT = 1


@pytest.fixture(scope="module")
def circle_net():
    """A trained 2-4-2-1 tanh network on the circle, with its train/test split."""
    X, y = ng.datasets.circle(n=300, seed=0)
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
    net = ng.mlp([2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(X_train, y_train, epochs=150, batch_size=10, lr=0.03)
    return net, X_train, X_test, y_train, y_test


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A run of 8 epochs with validation data; unit DEAD_UNIT of the first layer
    is dead."""
    X, y = ng.datasets.circle(n=200, seed=0)
    net = ng.mlp(
        [2, 6, 4, 1], activation=["relu", "tanh"], output="sigmoid", loss="bce", seed=0
    )
    net.layers[0].bias[DEAD_UNIT] = -50.0  # never active on |x| <= 5: a dead unit
    path = tmp_path_factory.mktemp("run") / "r.ngrun"
    net.fit(
        X,
        y,
        epochs=8,
        batch_size=20,
        lr=0.1,
        callbacks=[ng.Recorder(path)],
        validation_data=(X[:50], y[:50]),
        verbose=0,
    )
    run = ng.open_run(path)
    yield run, net, X, y
    run.close()


@pytest.fixture(scope="module")
def snapshots(recorded):
    run = recorded[0]
    return [run.snapshot(int(e)) for e in run.snapshot_epochs]


@pytest.fixture(scope="module")
def recorded_long(tmp_path_factory):
    """A run of 12 epochs with a validation split and one dead unit."""
    X, y = ng.datasets.circle(n=200, seed=0)
    path = tmp_path_factory.mktemp("figs") / "r.ngrun"
    net = ng.mlp([2, 6, 4, 1], activation="relu", output="sigmoid", loss="bce", seed=0)
    net.layers[0].bias = np.array([0, 0, 0, 0, 0, -100.0])  # one dead unit
    net.fit(
        X,
        y,
        epochs=12,
        batch_size=10,
        lr=0.05,
        validation_split=0.25,
        callbacks=[ng.Recorder(path)],
    )
    run = ng.open_run(path)
    yield run, net, X, y
    run.close()
