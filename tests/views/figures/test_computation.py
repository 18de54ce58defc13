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
