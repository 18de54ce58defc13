"""ng.explain: every number recomputed independently with plain NumPy.

The reference below implements forward propagation, the losses, backpropagation
(without the fused shortcuts: dL/da and the full softmax Jacobian) and the SGD
step from the weights alone, with its own activation functions, so it checks
the explanation rather than repeating it.
"""

import numpy as np
import pytest

import neuroglass as ng


# -- an independent reference ----------------------------------------------------------
def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # another route to 1 / (1 + e^-z)


def _gelu(z):
    return 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))


def _numeric_slope(f):
    def slope(z):
        h = 1e-6
        return (f(z + h) - f(z - h)) / (2 * h)

    return slope


ACTIVATIONS = {  # name: (f, f')
    "identity": (lambda z: z, np.ones_like),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * _sigmoid(-z)),
    "leaky_relu": (
        lambda z: np.where(z > 0, z, 0.01 * z),
        lambda z: np.where(z > 0, 1.0, 0.01),
    ),
    "elu": (
        lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0))),
        lambda z: np.where(z > 0, 1.0, np.exp(np.minimum(z, 0))),
    ),
    "softplus": (lambda z: np.logaddexp(0, z), _sigmoid),
    "swish": (lambda z: z * _sigmoid(z), _numeric_slope(lambda z: z * _sigmoid(z))),
    "gelu": (_gelu, _numeric_slope(_gelu)),
}


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def reference(net, x, target, lr):
    """One sample through ``net``, backprop and an SGD step, in plain NumPy."""
    names = [layer.activation_name for layer in net.layers]
    Ws = [np.array(layer.weights, dtype=float) for layer in net.layers]
    bs = [np.array(layer.bias, dtype=float) for layer in net.layers]
    loss_name = net.loss_fn.name

    def run(Ws, bs):
        zs, acts = [], [np.asarray(x, dtype=float)]
        for W, b, name in zip(Ws, bs, names):
            z = acts[-1] @ W + b
            zs.append(z)
            acts.append(_softmax(z) if name == "softmax" else ACTIVATIONS[name][0](z))
        return zs, acts

    def loss_of(a, Ws):
        if loss_name == "mse":
            data = np.mean((a - target) ** 2)
        elif loss_name == "bce":
            data = -np.mean(target * np.log(a) + (1 - target) * np.log(1 - a))
        else:
            data = -np.sum(target * np.log(a))
        penalty = sum(net.l1 * np.abs(W).sum() + net.l2 / 2 * (W**2).sum() for W in Ws)
        return data + penalty

    zs, acts = run(Ws, bs)
    a, k = acts[-1], acts[-1].size
    if loss_name == "mse":
        grad_a = 2 * (a - target) / k
    elif loss_name == "bce":
        grad_a = (-target / a + (1 - target) / (1 - a)) / k
    else:
        grad_a = -target / a
    n = len(Ws)
    out = {"z": zs, "a": acts, "loss": loss_of(a, Ws), "grad_a": {n: grad_a}}
    deltas = {}
    if names[-1] == "softmax":
        jacobian = np.diag(a) - np.outer(a, a)
        deltas[n] = jacobian @ grad_a
    else:
        deltas[n] = grad_a * ACTIVATIONS[names[-1]][1](zs[-1])
    for i in range(n - 1, 0, -1):
        g = deltas[i + 1] @ Ws[i].T
        out["grad_a"][i] = g
        deltas[i] = g * ACTIVATIONS[names[i - 1]][1](zs[i - 1])
    dWs = {
        i: np.outer(acts[i - 1], deltas[i])
        + net.l2 * Ws[i - 1]
        + net.l1 * np.sign(Ws[i - 1])
        for i in deltas
    }
    new_Ws = [Ws[i - 1] - lr * dWs[i] for i in range(1, n + 1)]
    new_bs = [bs[i - 1] - lr * deltas[i] for i in range(1, n + 1)]
    _, new_acts = run(new_Ws, new_bs)
    out.update(
        delta=deltas,
        dW=dWs,
        W_new=new_Ws,
        b_new=new_bs,
        loss_after=loss_of(new_acts[-1], new_Ws),
    )
    return out


def check_against_reference(ex, net, x, target, lr, rtol=1e-7, atol=1e-10):
    ref = reference(net, x, target, lr)
    close = {"rtol": rtol, "atol": atol}
    np.testing.assert_allclose(ex.value("x", 0), x, **close)
    np.testing.assert_allclose(ex.value("y", 0), target, **close)
    assert ex.value("loss")[0] == pytest.approx(ref["loss"], rel=rtol, abs=atol)
    assert ex.value("loss_after")[0] == pytest.approx(
        ref["loss_after"], rel=max(rtol, 1e-6), abs=atol
    )
    for i in range(1, len(net.layers) + 1):
        np.testing.assert_allclose(ex.value("z", i), ref["z"][i - 1], **close)
        np.testing.assert_allclose(ex.value("a", i), ref["a"][i], **close)
        np.testing.assert_allclose(ex.value("delta", i), ref["delta"][i], **close)
        np.testing.assert_allclose(ex.value("dW", i), ref["dW"][i], **close)
        np.testing.assert_allclose(ex.value("db", i), ref["delta"][i], **close)
        np.testing.assert_allclose(ex.value("W_new", i), ref["W_new"][i - 1], **close)
        np.testing.assert_allclose(ex.value("b_new", i), ref["b_new"][i - 1], **close)
        if i in ref["grad_a"] and (i < len(net.layers) or net.loss_fn.name == "mse"):
            np.testing.assert_allclose(ex.value("grad_a", i), ref["grad_a"][i], **close)


CASES = [
    # sizes, hidden activation, output activation, loss, target, l1, l2
    ([3, 4, 1], "tanh", "identity", "mse", [0.7], 0, 0),
    ([2, 5, 3, 2], "relu", "sigmoid", "mse", [0.2, 0.9], 0, 0),
    ([3, 4, 3], "elu", "softmax", "mse", [0.1, 0.6, 0.3], 0, 0),
    ([2, 3, 1], "leaky_relu", "sigmoid", "bce", [1], 0, 0),
    ([4, 3, 3], "softplus", "sigmoid", "bce", [[1, 0, 1]], 0, 0),
    ([3, 5, 4], "swish", "softmax", "cross_entropy", [2], 0, 0),
    ([3, 4, 3], "gelu", "softmax", "cross_entropy", [[0.0, 1.0, 0.0]], 0, 0),
    ([3, 4, 4, 2], "sigmoid", "softmax", "cross_entropy", [1], 0.01, 0.05),
    ([3, 6, 1], "tanh", "identity", "mse", [-1.5], 0.02, 0.1),
]


def test_seed_backward_numbers_match_numpy(seed):
    net, X, y = seed
    ex = ng.explain.backward(net, X[0], y[0], lr=0.1)
    check_against_reference(ex, net, X[0], y[:1], 0.1)
    # written out by hand for the 3-4-1 tanh/identity network and mse
    W1, b1, W2, b2 = net.parameters()
    a1 = np.tanh(X[0] @ W1 + b1)
    out = a1 @ W2 + b2
    d2 = 2 * (out - y[0])
    d1 = (d2 @ W2.T) * (1 - a1**2)
    assert ex.value("loss")[0] == pytest.approx(float((out[0] - y[0]) ** 2))
    np.testing.assert_allclose(ex.value("delta", 1), d1)
    np.testing.assert_allclose(ex.value("dW", 1), np.outer(X[0], d1))
    np.testing.assert_allclose(ex.value("W_new", 2), W2 - 0.1 * np.outer(a1, d2))


@pytest.mark.parametrize(("sizes", "hidden", "output", "loss", "y", "l1", "l2"), CASES)
def test_backward_numbers_match_numpy(sizes, hidden, output, loss, y, l1, l2):
    net = ng.mlp(
        sizes, activation=hidden, output=output, loss=loss, seed=3, l1=l1, l2=l2
    )
    x = np.random.default_rng(5).normal(size=sizes[0])
    ex = ng.explain.backward(net, x, y, lr=0.05)
    if loss == "cross_entropy" and np.ndim(y) == 1:  # a class index
        target = np.eye(sizes[-1])[y[0]]
    else:
        target = np.ravel(y).astype(float)
    check_against_reference(ex, net, x, target, 0.05, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize(("sizes", "hidden", "output", "loss", "y", "l1", "l2"), CASES)
def test_the_library_takes_the_same_step(sizes, hidden, output, loss, y, l1, l2):
    net = ng.mlp(
        sizes, activation=hidden, output=output, loss=loss, seed=3, l1=l1, l2=l2
    )
    x = np.random.default_rng(5).normal(size=(1, sizes[0]))
    y = np.reshape(y, (1, -1)) if np.size(y) > 1 else np.ravel(y)
    ex = ng.explain.backward(net, x, y, lr=0.05)
    copy = net.copy()
    copy.forward(x)
    copy.backward(y)
    assert copy.last_loss == pytest.approx(ex.value("loss")[0])
    copy = net.copy()
    copy.fit(x, y, epochs=1, batch_size=1, optimizer="sgd", lr=0.05, shuffle=False)
    for i, layer in enumerate(copy.layers, 1):
        np.testing.assert_allclose(layer.weights, ex.value("W_new", i), atol=1e-12)
        np.testing.assert_allclose(layer.bias, ex.value("b_new", i), atol=1e-12)


def test_float32_network_is_explained_in_float64():
    net = ng.mlp([3, 4, 2], loss="cross_entropy", seed=0, dtype="float32")
    x = np.array([0.3, -0.2, 0.9], dtype=np.float32)
    ex = ng.explain.backward(net, x, [1])
    check_against_reference(ex, net, x.astype(float), np.array([0.0, 1.0]), 0.1)


@pytest.mark.parametrize(
    ("loss", "output", "n_out", "y", "shortcut"),
    [
        ("bce", "sigmoid", 1, 1, "delta = dL/da * f'(z) = (a - y)"),
        ("cross_entropy", "softmax", 3, 2, "delta = (a - y)"),
    ],
)
def test_fused_losses_explain_the_shortcut(loss, output, n_out, y, shortcut):
    net = ng.mlp([2, 3, n_out], activation="relu", output=output, loss=loss, seed=1)
    text = str(ng.explain.backward(net, [0.4, -0.7], y))
    assert "Shortcut" in text and shortcut in " ".join(text.split())
    assert f"Loss ({loss})" in text


def test_batch_input_explains_one_stated_sample(seed):
    net, X, y = seed
    ex = ng.explain.backward(net, X, y)
    assert "x holds 3 samples; this explains sample 0" in " ".join(str(ex).split())
    np.testing.assert_allclose(ex.value("x"), X[0])
    third = ng.explain.backward(net, X, y, sample=2)
    np.testing.assert_allclose(third.value("x"), X[2])
    check_against_reference(third, net, X[2], y[2:], 0.1)
    np.testing.assert_allclose(
        ng.explain.forward(net, X, sample=-1).value("z", 1),
        ng.explain.forward(net, X[2]).value("z", 1),
    )


# -- the network is only read ----------------------------------------------------------
def test_explaining_does_not_touch_the_network(seed):
    net, X, y = seed
    net.forward(X)
    net.backward(y)
    caches = {
        name: [np.copy(getattr(layer, name)) for layer in net.layers]
        for name in [
            "inputs",
            "pre_activation",
            "activation",
            "delta",
            "grad_weights",
            "grad_bias",
        ]
    }
    params = net.parameters_vector()
    arrays = [id(p) for p in net.parameters()]
    ng.explain.forward(net, X[1])
    ng.explain.backward(net, X[1], y[1], lr=0.5)
    ng.explain.backward(net, X, y, sample=2)
    np.testing.assert_array_equal(net.parameters_vector(), params)
    assert [id(p) for p in net.parameters()] == arrays
    for name, before in caches.items():
        for layer, value in zip(net.layers, before):
            np.testing.assert_array_equal(getattr(layer, name), value, err_msg=name)
    assert net.steps_trained == 0 and net.optimizer is None


def test_fresh_network_keeps_empty_caches():
    net = ng.mlp([2, 3, 1], seed=0)
    ng.explain.backward(net, [0.1, 0.2], 0.5)
    assert all(layer.inputs is None and layer.delta is None for layer in net.layers)
