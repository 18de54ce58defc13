"""ng.explain: every number recomputed independently with plain NumPy.

The reference below implements forward propagation, the losses, backpropagation
(without the fused shortcuts: dL/da and the full softmax Jacobian) and the SGD
step from the weights alone, with its own activation functions, so it checks
the explanation rather than repeating it.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import neuroglass as ng

ROOT = Path(__file__).resolve().parents[2]
NUMBER = r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?"


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


# -- helpers for the text --------------------------------------------------------------
def evaluate(expression):
    """Evaluate a written-out sum such as ``0.5*(-0.12) + 1*0.33 + 0.1``."""
    expression = re.sub(r"\(\d+ more terms, together (\S+)\)", r"(\1)", expression)
    assert re.fullmatch(r"[\d\s.+\-*()e]+", expression), expression
    return eval(expression, {"__builtins__": {}}, {})  # only numbers and + - * ( )


def lines_with(text, marker):
    return [line.strip() for line in text.splitlines() if marker in line]


def numbers_in(text):
    return re.findall(NUMBER, text)


def assert_latex_well_formed(latex):
    assert latex.count("{") == latex.count("}")
    for env in set(re.findall(r"\\begin\{(\w+)\}", latex)):
        assert latex.count(rf"\begin{{{env}}}") == latex.count(rf"\end{{{env}}}"), env
    # no double superscripts or subscripts such as a^{(1)}^{T} (a LaTeX error)
    i, used, last_end = 0, set(), -1
    while i < len(latex):
        char = latex[i]
        if char in "^_" and latex[i - 1] != "\\":
            if i != last_end:
                used = set()  # a new base
            assert char not in used, latex[max(0, i - 40) : i + 10]
            used.add(char)
            j = i + 1
            if latex[j] == "{":
                level = 0
                while True:
                    level += {"{": 1, "}": -1}.get(latex[j], 0)
                    j += 1
                    if level == 0:
                        break
            else:
                j += 1
            i = last_end = j
            continue
        i += 1


# -- fixtures --------------------------------------------------------------------------
@pytest.fixture
def seed():
    X, y = ng.datasets.seed_example()
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return ng.mlp([3, 4, 1], activation="tanh", loss="mse", seed=0), X, y


@pytest.fixture(scope="module")
def big():
    net = ng.mlp([784, 256, 10], activation="relu", loss="cross_entropy", seed=0)
    x = np.random.default_rng(0).random(784)
    return net, x


# -- the numbers -----------------------------------------------------------------------
def test_forward_numbers_match_numpy(seed):
    net, X, _ = seed
    ex = ng.explain.forward(net, X[0])
    W1, b1, W2, b2 = net.parameters()
    z1 = X[0] @ W1 + b1
    a1 = np.tanh(z1)
    np.testing.assert_allclose(ex.value("x"), X[0])
    np.testing.assert_allclose(ex.value("W", 1), W1)
    np.testing.assert_allclose(ex.value("b", 2), b2)
    np.testing.assert_allclose(ex.value("z", 1), z1)
    np.testing.assert_allclose(ex.value("a", 1), a1)
    np.testing.assert_allclose(ex.value("z", 2), a1 @ W2 + b2)
    np.testing.assert_allclose(ex.value("a", 2), a1 @ W2 + b2)
    assert ex.kind == "forward"
    assert [s["quantity"] for s in ex.steps][:5] == ["x", "W", "b", "z", "a"]
    for step in ex.steps:
        assert set(step) >= {"layer", "quantity", "symbol", "formula", "values"}
        assert step["values"].dtype == np.float64


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


# -- the text --------------------------------------------------------------------------
def test_written_out_sums_add_up_to_the_stated_z(seed, big):
    for net, x in [(seed[0], seed[1][0]), big]:
        ex = ng.explain.forward(net, x)
        text = str(ex)
        for i in range(1, len(net.layers) + 1):
            (line,) = lines_with(text, f"unit 1: z{i}[1] = ")
            expression, stated = line.split(f"unit 1: z{i}[1] = ")[1].rsplit(" = ", 1)
            z = ex.value("z", i)[0]
            assert float(stated) == pytest.approx(z, rel=1e-3, abs=1e-4)
            terms = [float(t) for t in numbers_in(expression)]
            slack = 1e-3 * sum(abs(t) for t in terms) + 1e-4
            assert evaluate(expression) == pytest.approx(z, abs=slack)


def test_seed_text_shows_the_formulas_with_the_numbers(seed):
    net, X, y = seed
    forward = str(ng.explain.forward(net, X[0]))
    assert "x = a0 = [-1.225, -1.225, -1.225]" in forward
    assert "z1 = a0 W1 + b1" in forward and "a = tanh(z)" in forward
    assert "[  0.8202  -0.3401   0.4117  -0.6932 ]" in forward  # W1, row 1
    assert "unit 1: a1[1] = tanh(-0.3053) = -0.2961" in forward
    assert "a2 = identity(z2) = [-0.2948]" in forward

    ex = ng.explain.backward(net, X[0], y[0], lr=0.1)
    text = str(ex)
    for formula in [
        "Loss (mse)",
        "L = mean((a - y)^2)",
        "L = ((-0.2948) - 1)^2 = 1.677",
        "delta = dL/da * f'(z)",
        "delta1 = (delta2 W2^T) * f'(z1)",
        "f'(z1) = 1 - a1^2",
        "dW1 = a0^T delta1",
        "db1 = delta1",
        "w <- w - lr * dW",
        "L on this sample: 1.677 -> 1.974",
    ]:
        assert formula in text, formula
    # the hidden delta of unit 1, written out, evaluates to the stated value
    (line,) = lines_with(text, "unit 1: delta1[1] = ")
    parts = line.split(" = ")
    assert evaluate(parts[1]) == pytest.approx(float(parts[-1]), rel=2e-3)
    assert float(parts[-1]) == pytest.approx(ex.value("delta", 1)[0], rel=1e-3)
    # before/after numbers of the updates: w - lr*dW = w_new
    updates = [line for line in lines_with(text, "W1[") if line.startswith("W1[")]
    assert len(updates) >= 3
    for line in updates:
        match = re.search(
            rf"W1\[(\d+),(\d+)\]: ({NUMBER}) - 0\.1\*\(?({NUMBER})\)? = ({NUMBER})",
            line,
        )
        row, col, before, grad, after = match.groups()
        r, c = int(row) - 1, int(col) - 1
        assert float(before) == pytest.approx(net.layers[0].weights[r, c], rel=1e-3)
        assert float(grad) == pytest.approx(ex.value("dW", 1)[r, c], rel=1e-3)
        assert float(after) == pytest.approx(ex.value("W_new", 1)[r, c], rel=1e-3)
    assert "(largest |dW|)" in text


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


def test_predictions_are_stated():
    clf = ng.mlp([2, 3, 4], loss="cross_entropy", seed=0)
    ex = ng.explain.forward(clf, [0.1, 0.2])
    c = int(np.argmax(ex.value("a", 2)))
    assert f"Prediction: class {c}" in str(ex)
    binary = ng.mlp([2, 3, 1], loss="bce", seed=0)
    assert "p(class 1) =" in str(ng.explain.forward(binary, [0.1, 0.2]))


def test_saturated_outputs_are_written_with_the_logits():
    binary = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    binary.layers[1].bias = [60.0]  # sigmoid(z) == 1.0 in float64
    ex = ng.explain.backward(binary, [1.0, 1.0], 0)
    z = ex.value("z", 2)[0]
    assert ex.value("loss")[0] == pytest.approx(np.logaddexp(0, z))
    text = str(ex)
    assert "log(0)" not in text
    (line,) = lines_with(text, "L = (max(")
    assert float(line.rsplit(" = ", 1)[1]) == pytest.approx(np.logaddexp(0, z), 1e-3)
    classifier = ng.mlp([2, 3, 3], loss="cross_entropy", seed=0)
    classifier.layers[1].bias = [900.0, 0.0, 0.0]  # softmax(z)[2] == 0.0
    ex = ng.explain.backward(classifier, [1.0, 1.0], 2)
    z = ex.value("z", 2)
    assert ex.value("loss")[0] == pytest.approx(np.logaddexp.reduce(z) - z[2])
    assert "log sum_k exp(z2[k])" in str(ex) and "log(0)" not in str(ex)


# -- Markdown and LaTeX ----------------------------------------------------------------
def test_markdown(seed):
    net, X, y = seed
    ex = ng.explain.backward(net, X[0], y[0])
    markdown = ex.to_markdown()
    assert markdown == ex._repr_markdown_()
    assert markdown.startswith("### Backward pass")
    assert "**Loss (mse)**" in markdown
    assert "`w <- w - lr * dW`" in markdown
    assert "| input \\ unit | 1 | 2 | 3 | 4 |" in markdown  # dW1 as a table
    assert "| **1** | 2.605 | 2.638 | -2.433 | 0.02343 |" in markdown
    assert markdown.count("`") % 2 == 0
    forward = ng.explain.forward(net, X[0]).to_markdown()
    assert "| **1** | 0.8202 | -0.3401 | 0.4117 | -0.6932 |" in forward


def test_latex(seed, big):
    net, X, y = seed
    ex = ng.explain.backward(net, X[0], y[0])
    latex = ex.to_latex()
    assert latex.startswith(r"\begin{aligned}") and latex.endswith(r"\end{aligned}")
    for token in [r"\begin{bmatrix}", r"\delta^{(1)}", r"\odot", r"\frac{\partial L}"]:
        assert token in latex, token
    assert r"W^{(2)\top}" in latex
    assert ex._repr_latex_() == "$$" + latex + "$$"
    assert_latex_well_formed(latex)
    assert_latex_well_formed(ng.explain.forward(net, X[0]).to_latex())
    big_net, x = big
    big_latex = ng.explain.backward(big_net, x, 3).to_latex()
    assert_latex_well_formed(big_latex)
    assert r"\cdots" in big_latex and r"\vdots" in big_latex
    assert r"Loss (cross}\_\textbf{entropy)}" in big_latex  # "_" escaped
    forward = ng.explain.forward(big_net, x).to_latex()
    assert "dense_1" not in forward and r"dense}\_\textbf{1" in forward


def test_latex_escapes_special_characters():
    net = ng.mlp([2, 2, 1], seed=0)
    net.layers[0].name = "100%_sure & #1 {x}^~\\"
    latex = ng.explain.forward(net, [1.0, 2.0]).to_latex()
    assert_latex_well_formed(latex)
    assert r"\%" in latex and r"\&" in latex and r"\#" in latex


# -- large layers ----------------------------------------------------------------------
def test_large_layers_are_summarised(big):
    net, x = big
    for ex in [ng.explain.forward(net, x), ng.explain.backward(net, x, 3)]:
        text = str(ex)
        assert len(text.splitlines()) < 200 and len(text) < 20_000
        assert len(numbers_in(text)) < 784  # no layer is dumped
        assert "784 x 256 matrix" in text and "(784 values:" in text
        assert "more terms, together" in text
        assert "mean" in text and "std" in text
        assert len(ex.to_markdown()) < 30_000 and len(ex.to_latex()) < 30_000
        # the numbers are all there in .steps
        assert ex.value("W" if ex.kind == "forward" else "dW", 1).shape == (784, 256)
    # one unit's sum only: the long sums are unit 1's
    text = str(ng.explain.forward(net, x))
    assert lines_with(text, "unit 2:") == []


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


def test_estimators_are_duck_typed(seed):
    net, X, y = seed
    fitted = SimpleNamespace(network_=net)
    np.testing.assert_array_equal(
        ng.explain.backward(fitted, X[0], y[0]).value("dW", 1),
        ng.explain.backward(net, X[0], y[0]).value("dW", 1),
    )

    class Unfitted:
        def fit(self, X, y):
            return self

        def get_params(self):
            return {}

    with pytest.raises(TypeError, match="call fit"):
        ng.explain.forward(Unfitted(), X[0])


# -- errors ----------------------------------------------------------------------------
def test_bad_input_gets_a_clear_error(seed):
    net, X, y = seed
    with pytest.raises(ng.ShapeError, match=r"3 feature\(s\).*got shape \(2,\)"):
        ng.explain.forward(net, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"got shape \(3, 2\)"):
        ng.explain.backward(net, X[:, :2], y)
    with pytest.raises(ng.DataError, match="finite"):
        ng.explain.forward(net, [1.0, np.nan, 2.0])
    with pytest.raises(ng.DataError, match="numeric"):
        ng.explain.forward(net, ["a", "b", "c"])
    with pytest.raises(ng.DataError, match="empty"):
        ng.explain.forward(net, np.empty((0, 3)))
    with pytest.raises(ng.ShapeError, match=r"x is one sample.*X\[i\] and y\[i\]"):
        ng.explain.backward(net, X[0], y)  # all three labels for one sample
    with pytest.raises(ng.ShapeError, match="match row for row"):
        ng.explain.backward(net, X, y[:2])
    with pytest.raises(ng.DataError, match="target y"):
        ng.explain.backward(net, X[0], None)
    with pytest.raises(ng.ConfigError, match=r"lr, the learning rate.* >= 0; got -1"):
        ng.explain.backward(net, X[0], y[0], lr=-1)
    with pytest.raises(ng.ConfigError, match=r"lr, the learning rate.*got .0\.1."):
        ng.explain.backward(net, X[0], y[0], lr="0.1")
    with pytest.raises(ng.ShapeError, match="sample=5 is out of range"):
        ng.explain.forward(net, X, sample=5)
    with pytest.raises(ng.ConfigError, match=r"sample, the row number.*got 1.0"):
        ng.explain.forward(net, X, sample=1.0)
    with pytest.raises(TypeError, match="neuroglass Network"):
        ng.explain.forward("net", X[0])


def test_targets_must_fit_the_loss():
    binary = ng.mlp([2, 3, 1], loss="bce", seed=0)
    with pytest.raises(ng.DataError, match="labels 0 or 1"):
        ng.explain.backward(binary, [0.1, 0.2], 2)
    classifier = ng.mlp([2, 3, 3], loss="cross_entropy", seed=0)
    with pytest.raises(ng.DataError, match="out of range"):
        ng.explain.backward(classifier, [0.1, 0.2], 5)
    with pytest.raises(ng.DataError, match="one-hot"):
        ng.explain.backward(classifier, [0.1, 0.2], [0.5, 0.9, 0.4])
    with pytest.raises(ng.ShapeError, match=r"class index 0\.\.2 or a one-hot row"):
        ng.explain.backward(classifier, [0.1, 0.2], [0, 1])
    regressor = ng.mlp([2, 3, 2], loss="mse", seed=0)
    with pytest.raises(ng.ShapeError, match="2 values, one real number per output"):
        ng.explain.backward(regressor, [0.1, 0.2], 0.5)


def test_value_names_what_exists(seed):
    net, X, _ = seed
    ex = ng.explain.forward(net, X[0])
    with pytest.raises(KeyError, match=r"no step 'delta'.*\('z', 1\)"):
        ex.value("delta", 1)
    assert "Explanation" in repr(ex) and "steps" in repr(ex)


# -- the walkthrough -------------------------------------------------------------------
def test_the_seed_walkthrough_script_runs():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])]
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "seed_walkthrough.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for expected in [
        "Forward pass of one sample through the 3 -> 4 -> 1 network",
        "Loss (mse)",
        "w <- w - lr * dW",
        "One SGD step, lr = 0.02",
        "L on this sample: 1.677 -> 0.4032",
        "gives the same weights: True",
        "not changed by explaining it: True",
    ]:
        assert expected in out, expected
