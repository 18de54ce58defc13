"""Figures take a run's own NumPy integers for epoch=, layer=, bins= and
max_neurons= (as read back from run.snapshot_epochs and friends)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import neuroglass as ng
from neuroglass.views.figures.activation_map import activation_map_data
from neuroglass.views.figures.network import network_data
from neuroglass.views.figures.training import distribution_data


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    X, y = ng.datasets.circle(n=100, seed=0)
    path = tmp_path_factory.mktemp("fig") / "fig.ngrun"
    net = ng.mlp([2, 4, 3, 1], activation="relu", output="sigmoid", loss="bce", seed=0)
    net.fit(
        X, y, epochs=4, batch_size=10, callbacks=[ng.Recorder(path, snapshot_every=1)]
    )
    with ng.open_run(path) as opened:
        yield opened
    plt.close("all")


@pytest.mark.parametrize("kind", [np.int64, np.int32, np.uint8])
def test_figures_take_numpy_integers(run, kind):
    epoch = run.snapshot_epochs[2]
    one = kind(1)
    data = activation_map_data(run, layer=one, epoch=epoch)
    assert [layer["index"] for layer in data["layers"]] == [1]
    assert distribution_data(run, layer=one, bins=kind(8))["counts"].shape == (4, 8)
    same = network_data(run, epoch=kind(2), max_neurons=kind(3))
    assert same["sizes"] == network_data(run, epoch=2, max_neurons=3)["sizes"]


@pytest.mark.parametrize("bad", [1.5, "1", True])
def test_figures_name_a_layer_that_is_not_an_integer(run, bad):
    with pytest.raises(ng.NeuroglassError, match="layer must be an integer"):
        distribution_data(run, layer=bad)
    with pytest.raises(ng.NeuroglassError, match="layer must be an integer"):
        activation_map_data(run, layer=bad)
