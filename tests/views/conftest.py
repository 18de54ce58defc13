"""Figures render with the Agg backend and are closed after each test."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import neuroglass as ng


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """(path, X, y) of a small circle run, recorded: the reports' tests share it."""
    X, y = ng.datasets.circle(n=200, seed=0)
    path = tmp_path_factory.mktemp("report") / "c.ngrun"
    net = ng.mlp([2, 4, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(
        X,
        y,
        epochs=6,
        batch_size=10,
        lr=0.1,
        validation_split=0.3,
        callbacks=[ng.Recorder(path, dataset={"source": "circle"})],
    )
    return path, X, y
