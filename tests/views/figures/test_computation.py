"""The computation graph's numbers are the forward and backward pass."""

import numpy as np
import pytest

import neuroglass as ng


def test_nodes_hold_values_and_gradients():
    X, y = ng.datasets.seed_example()
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    net = ng.mlp([3, 2, 1], activation="tanh", loss="mse", seed=0)
    data = ng.plot.computation_data(net, X[0], y[:1])
    nodes = {n["id"]: n for n in data["nodes"]}
    W1, b1 = net.layers[0].weights, net.layers[0].bias
    W2, b2 = net.layers[1].weights, net.layers[1].bias
    z1 = X[0] @ W1 + b1
    a1 = np.tanh(z1)
    out = a1 @ W2 + b2
    loss = float(np.mean((out - y[0]) ** 2))
    assert nodes["L"]["value"] == pytest.approx(loss)
    assert nodes["z1_1"]["value"] == pytest.approx(z1[1])
    assert nodes["a1_0"]["value"] == pytest.approx(a1[0])
    # backward by hand: dL/dout = 2 (out - y); dL/dz1 = (dL/dout W2^T) * (1 - a1^2)
    d_out = 2 * (out - y[0])
    assert nodes["a2_0"]["grad"] == pytest.approx(d_out[0])
    assert nodes["z2_0"]["grad"] == pytest.approx(d_out[0])
    d_a1 = d_out @ W2.T
    assert nodes["a1_1"]["grad"] == pytest.approx(d_a1[1])
    d_z1 = d_a1 * (1 - a1**2)
    assert nodes["w1_21"]["grad"] == pytest.approx(X[0, 2] * d_z1[1])
    assert nodes["x0"]["grad"] == pytest.approx((d_z1 @ W1.T)[0])
    assert ("w1_21", "z1_1") in data["edges"] and ("a2_0", "L") in data["edges"]
    ax = ng.plot.computation(net, X[0], y[:1])
    labels = [t.get_text() for t in ax.texts]
    assert any(t.startswith("L (mse)") and f"{loss:.3g}" in t for t in labels)


def test_bce_output_gradient_and_size_limit():
    net = ng.mlp([2, 2, 1], output="sigmoid", loss="bce", seed=0)
    data = ng.plot.computation_data(net, [0.5, -1.0], [1])
    nodes = {n["id"]: n for n in data["nodes"]}
    a = nodes["a2_0"]["value"]
    assert nodes["a2_0"]["grad"] == pytest.approx(-1 / a)
    assert nodes["z2_0"]["grad"] == pytest.approx(a - 1)  # the fused shortcut
    with pytest.raises(ValueError, match="small networks"):
        ng.plot.computation_data(ng.mlp([10, 10, 1], seed=0), np.zeros(10), [0.0])


def small_graph():
    net = ng.mlp([3, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    return net, [0.5, -1.0, 0.2], [1]


def test_every_text_is_at_least_9_points_and_inside_the_figure():
    import matplotlib.text

    ax = ng.plot.computation(*small_graph())
    figure = ax.figure
    figure.canvas.draw()
    box = figure.bbox
    hidden = set()  # the tick labels of an Axes drawn without axes
    for axes in figure.axes:
        if not axes.axison:
            hidden |= set(axes.xaxis.findobj()) | set(axes.yaxis.findobj())
    texts = [
        t
        for t in figure.findobj(matplotlib.text.Text)
        if t.get_text() and t.get_visible() and t not in hidden
    ]
    assert len(texts) > 20
    for t in texts:
        assert t.get_fontsize() >= 9, (t.get_text(), t.get_fontsize())
        extent = t.get_window_extent()
        assert (
            extent.x0 >= box.x0 - 0.5
            and extent.x1 <= box.x1 + 0.5
            and extent.y0 >= box.y0 - 0.5
            and extent.y1 <= box.y1 + 0.5
        ), f"{t.get_text()!r} is cut off at the figure's edge"


def _crossings(segments):
    """How many pairs of segments cross (sharing no end)."""

    def side(p, q, r):
        return np.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))

    count = 0
    for k, (a, b) in enumerate(segments):
        for c, d in segments[k + 1 :]:
            if {a, b} & {c, d}:
                continue
            if side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0:
                count += 1
    return count


def test_arrows_join_neighbouring_columns_and_cross_only_where_needed():
    """Every input must reach every unit of a dense layer, so n inputs and m
    units force C(n, 2) * C(m, 2) crossings (a pair of inputs and a pair of
    units whose paths swap order); the figure has those and no more."""
    net, x, y = small_graph()
    ax = ng.plot.computation(net, x, y)
    centre = {
        t.get_gid()[5:]: tuple(np.round(t.get_position(), 6))
        for t in ax.texts
        if (t.get_gid() or "").startswith("node:")
    }
    nodes = {n["id"]: n for n in ng.plot.computation_data(net, x, y)["nodes"]}
    arrows = [
        t.get_gid()[5:].split(">") for t in ax.texts if "edge:" in (t.get_gid() or "")
    ]
    assert len(arrows) == len(ng.plot.computation_data(net, x, y)["edges"])
    for a, b in arrows:
        assert nodes[b]["column"] == nodes[a]["column"] + 1
    segments = [(centre[a], centre[b]) for a, b in arrows]
    # layer 1: 3 inputs to 2 units: 3 * 1 crossings; layer 2: 2 inputs, 1 unit: 0
    assert _crossings(segments) == 3 * 1
