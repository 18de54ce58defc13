"""The activation map draws the stored (or computed) activations, dead and
saturated units marked."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import neuroglass as ng
from neuroglass.views.figures import activation_map

DEAD_UNIT = 1  # of the first layer: the recorded fixture (conftest.py) kills it


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"nothing drawn with gid {gid!r}"
    return found[0]


def test_activation_map_of_a_run_is_the_stored_probe_activations(recorded):
    run = recorded[0]
    snap = run.snapshot()
    ax = activation_map.plot_activations(run)
    for i, name in enumerate(("dense_1", "dense_2")):  # the hidden layers
        image = by_gid(ax, f"activations:{name}")
        np.testing.assert_array_equal(image.get_array(), snap.layers[i].activations)
    assert not [a for a in ax.get_images() if "dense_3" in a.get_gid()]
    # the dead unit is marked above its column, and nothing else is
    dead = by_gid(ax, "dead").get_offsets()
    np.testing.assert_array_equal(np.asarray(dead)[:, 0], [DEAD_UNIT])
    assert not snap.layers[0].activations[:, DEAD_UNIT].any()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("dead") and t.endswith(": 1") for t in legend)
    assert any(t.startswith("saturated") for t in legend)
    # the second layer starts after a one-column gap with a separator in it
    left, right, _, _ = by_gid(ax, "activations:dense_2").get_extent()
    assert (left, right) == (6.5, 10.5)
    np.testing.assert_array_equal(by_gid(ax, "separator").get_xdata(), [6, 6])
    assert "epoch 8" in ax.get_title()


def test_activation_map_of_a_network_computes_them(recorded):
    net, X = recorded[1], recorded[2]
    before = net.parameters_vector().copy()
    fig, ax = plt.subplots()
    assert activation_map.plot_activations(net, X=X[:40], layer=0, ax=ax) is ax
    assert fig.axes == [ax]
    expected = np.maximum(X[:40] @ net.layers[0].weights + net.layers[0].bias, 0)
    np.testing.assert_allclose(by_gid(ax, "activations:dense_1").get_array(), expected)
    assert len(ax.get_images()) == 1
    np.testing.assert_array_equal(by_gid(ax, "dead").get_offsets()[:, 0], [DEAD_UNIT])
    np.testing.assert_array_equal(net.parameters_vector(), before)
    with pytest.raises(ValueError, match="X is needed"):
        activation_map.plot_activations(net)
    with pytest.raises(IndexError, match="3 layers"):
        activation_map.plot_activations(net, X=X, layer=5)


def test_saturated_units_are_marked():
    X, _ = ng.datasets.circle(n=100, seed=1)
    net = ng.mlp([2, 5, 1], activation="tanh", seed=0)
    net.layers[0].weights[:, :3] *= 60.0  # three units driven into saturation
    ax = activation_map.plot_activations(net, X=X)
    a = np.tanh(X @ net.layers[0].weights + net.layers[0].bias)
    expected = np.flatnonzero((np.abs(a) > 0.97).mean(axis=0) > 0.9)
    assert expected.size >= 2
    marks = by_gid(ax, "saturated").get_offsets()
    np.testing.assert_array_equal(np.asarray(marks)[:, 0], expected)
    assert len(by_gid(ax, "dead").get_offsets()) == 0
