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
    # the fill is the unit's colour (the decision boundary's, washed)
    np.testing.assert_allclose(fills[2], _common.unit_colours(np.tanh(z[0])), atol=1e-6)


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


def test_the_output_neuron_has_the_boundarys_colour_for_the_same_value(circle_net):
    """A sigmoid output of 0.016 was drawn grey on the neuron (its value on
    the -1..1 scale) and orange in the boundary (on 0..1); both now colour
    through one mapping, _common.unit_colours."""
    net, X = circle_net[0], circle_net[1]
    outputs = net.predict(X)[:, 0]
    for index in (int(np.argmin(outputs)), int(np.argmax(outputs))):
        x = X[index]
        ax = ng.plot.network(net, x=x)
        output_fill = by_gid(ax, "neurons").get_facecolors()[-1]
        # a 3 x 3 grid centred on x: its middle pixel is the output at x
        ax = ng.plot.decision_boundary(
            net,
            resolution=3,
            xlim=(x[0] - 1, x[0] + 1),
            ylim=(x[1] - 1, x[1] + 1),
            discretize=False,
        )
        pixel = by_gid(ax, "boundary").get_array()[1, 1]
        np.testing.assert_allclose(output_fill, pixel, atol=1e-6)
    low = _common.unit_colours(0.016, "sigmoid")
    assert low[0] > low[1] > low[2]  # orange, not grey


def test_the_network_names_its_sample_and_keys_its_marks(circle_net):
    net, X = circle_net[0], circle_net[1]
    ax = ng.plot.network(net, x=X[3], sample=3)
    assert f"sample 3: x = ({X[3][0]:.2f}, {X[3][1]:.2f})" in ax.get_title()
    assert "the sample x = (" in ng.plot.network(net, x=X[3]).get_title()
    key = ax.get_legend()
    labels = [t.get_text() for t in key.get_texts()]
    assert labels[:3] == [
        "neuron < 0 (sigmoid: < 0.5)",
        "neuron \u2248 0 (sigmoid: 0.5)",
        "neuron > 0 (sigmoid: > 0.5)",
    ]
    assert "square: the bias (colour: its sign)" in labels
    thin, thick = (h for h in key.legend_handles[-2:])
    assert thin.get_linewidth() < thick.get_linewidth()
    assert labels[-2:] == ["thin line: small |weight|", "thick line: large |weight|"]
    # no sample: the key says the neurons are white for want of one
    ax = ng.plot.network(net)
    assert ax.get_legend().get_texts()[0].get_text().startswith("no sample")


def test_a_run_names_its_probe_batch(recorded):
    ax = ng.plot.network(recorded[0])
    assert "mean activation on the probe batch" in ax.get_title()
