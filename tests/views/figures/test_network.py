"""The network figure draws what the network holds: edges, neurons, biases."""

import time

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.views.figures import _common


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"nothing drawn with gid {gid!r}"
    return found[0]


def test_network_edges_are_the_weights(circle_net):
    net = circle_net[0]
    ax = ng.plot.network(net)
    edges = by_gid(ax, "edges")
    assert len(edges.get_segments()) == 2 * 4 + 4 * 2 + 2 * 1
    data = ng.plot.network_data(net)
    weights = np.concatenate([layer.weights.ravel() for layer in net.layers])
    np.testing.assert_allclose(np.sort(data["edges"][:, 3]), np.sort(weights))
    # colours by sign: the strongest negative edge is orange, positive blue
    order = np.argsort(np.abs(data["edges"][:, 3]))
    values = data["edges"][order, 3]
    colours = edges.get_colors()
    neg, pos = np.argmin(values), np.argmax(values)
    assert colours[neg][0] > colours[neg][2]  # more red than blue: orange
    assert colours[pos][2] > colours[pos][0]  # blue
    widths = np.asarray(edges.get_linewidths())
    assert widths[np.argmax(np.abs(values))] == widths.max()
    neurons = by_gid(ax, "neurons")
    assert len(neurons.get_paths()) == 2 + 4 + 2 + 1
    assert len(by_gid(ax, "biases").get_paths()) == 4 + 2 + 1


def test_network_neurons_show_the_activation_for_x(circle_net):
    net, X = circle_net[0], circle_net[1]
    data = ng.plot.network_data(net, x=X[0])
    z = X[0] @ net.layers[0].weights + net.layers[0].bias
    np.testing.assert_allclose(data["activations"][1], np.tanh(z))
    ax = ng.plot.network(net, x=X[0])
    fills = by_gid(ax, "neurons").get_facecolors()
    cmap = _common.diverging_cmap()
    np.testing.assert_allclose(
        fills[2], cmap((np.clip(np.tanh(z[0]), -1, 1) + 1) / 2), atol=1e-6
    )


def test_gradients_and_updates_modes(circle_net):
    net = circle_net[0].copy()
    X, y = circle_net[1][:20], circle_net[3][:20]
    with pytest.raises(ValueError, match="has none yet"):
        ng.plot.network(net, mode="gradients")
    net.forward(X)
    net.backward(y)
    data = ng.plot.network_data(net, mode="gradients")
    assert np.sort(data["edges"][:, 3])[0] == pytest.approx(
        min(layer.grad_weights.min() for layer in net.layers)
    )
    ng.plot.network(net, mode="gradients", orientation="vertical")
    with pytest.raises(ValueError, match="mode must be one of"):
        ng.plot.network(net, mode="weight")


def test_large_network_is_elided_and_fast():
    net = ng.mlp(
        [784, 256, 128, 10],
        activation="relu",
        loss="cross_entropy",
        seed=0,
        dtype="float32",
    )
    start = time.perf_counter()
    ax = ng.plot.network(net)
    ax.figure.canvas.draw()
    elapsed = time.perf_counter() - start
    edges = by_gid(ax, "edges")
    assert len(edges.get_segments()) == 16 * 16 + 16 * 16 + 16 * 10
    texts = [t.get_text() for t in ax.texts]
    assert "+768 more" in texts and "+240 more" in texts and "+112 more" in texts
    assert elapsed < 10  # ~0.3 s here; generous for a loaded CI machine
