"""Worked examples: every number recomputed independently with plain NumPy."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import neuroglass as ng

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seed_net():
    X, y = ng.datasets.seed_example()
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return ng.mlp([3, 4, 1], activation="tanh", loss="mse", seed=0), X, y


def test_forward_numbers(seed_net):
    net, X, _ = seed_net
    ex = ng.explain.forward(net, X[0])
    W1, b1 = net.layers[0].weights, net.layers[0].bias
    W2, b2 = net.layers[1].weights, net.layers[1].bias
    z1 = X[0] @ W1 + b1
    np.testing.assert_allclose(ex.value("z", 1), z1)
    np.testing.assert_allclose(ex.value("a", 1), np.tanh(z1))
    np.testing.assert_allclose(ex.value("z", 2), np.tanh(z1) @ W2 + b2)
    text = str(ex)
    # the written-out sum for unit 1 really adds up to the stated z
    line = next(s for s in text.splitlines() if "unit 1: z1[1] =" in s)
    expression, result = line.split("unit 1: z1[1] = ")[1].rsplit(" = ", 1)
    assert eval(expression.replace("+ -", "- ")) == pytest.approx(
        float(result), abs=1e-3
    )
    assert float(result) == pytest.approx(z1[0], abs=1e-3)
    assert "a = tanh(z)" in text


def test_backward_numbers_and_update(seed_net):
    net, X, y = seed_net
    lr = 0.1
    ex = ng.explain.backward(net, X[0], y[:1], lr=lr)
    W1, b1 = net.layers[0].weights, net.layers[0].bias
    W2, b2 = net.layers[1].weights, net.layers[1].bias
    a1 = np.tanh(X[0] @ W1 + b1)
    out = a1 @ W2 + b2
    loss = float(np.mean((out - y[0]) ** 2))
    d2 = 2 * (out - y[0])
    d1 = (d2 @ W2.T) * (1 - a1**2)
    assert ex.value("loss", 0)[0] == pytest.approx(loss)
    np.testing.assert_allclose(ex.value("delta", 2), d2)
    np.testing.assert_allclose(ex.value("delta", 1), d1)
    np.testing.assert_allclose(ex.value("dW", 1), np.outer(X[0], d1))
    np.testing.assert_allclose(ex.value("dW", 2), np.outer(a1, d2))
    np.testing.assert_allclose(ex.value("db", 1), d1)
    np.testing.assert_allclose(ex.value("W_new", 1), W1 - lr * np.outer(X[0], d1))
    # and the library's own SGD step lands on the same weights
    step = net.copy()
    step.fit(X[:1], y[:1], epochs=1, batch_size=1, lr=lr, shuffle=False)
    np.testing.assert_allclose(step.layers[0].weights, ex.value("W_new", 1))
    np.testing.assert_allclose(step.layers[1].bias, ex.value("b_new", 2))


@pytest.mark.parametrize(
    ("loss", "output", "n_out", "y"),
    [("bce", "sigmoid", 1, [1]), ("cross_entropy", "softmax", 3, [2])],
)
def test_fused_losses_explain_the_shortcut(loss, output, n_out, y):
    net = ng.mlp([2, 3, n_out], activation="relu", output=output, loss=loss, seed=1)
    x = np.array([0.4, -0.7])
    ex = ng.explain.backward(net, x, y)
    net.forward(x.reshape(1, -1))
    net.backward(np.array(y))
    np.testing.assert_allclose(ex.value("delta", 2), net.layers[1].delta[0])
    np.testing.assert_allclose(ex.value("dW", 1), net.layers[0].grad_weights)
    assert "(a - y)" in str(ex)


def test_markdown_and_latex(seed_net):
    net, X, y = seed_net
    ex = ng.explain.backward(net, X[0], y[:1])
    markdown = ex._repr_markdown_()
    assert markdown.startswith("### ") and "**Loss (mse)**" in markdown
    latex = ex._repr_latex_()
    assert latex.startswith("$$") and latex.count(r"\begin{") == latex.count(r"\end{")
    assert r"\delta^{(1)}" in latex


def test_large_layers_are_summarised():
    net = ng.mlp(
        [784, 256, 10], activation="relu", loss="cross_entropy", seed=0, dtype="float32"
    )
    x = np.random.default_rng(0).random(784)
    text = str(ng.explain.backward(net, x, [3]))
    assert len(text.splitlines()) < 200
    assert "784 x 256 matrix" in text and "more terms" in text
    assert len(text) < 20_000


def test_explaining_does_not_touch_the_network(seed_net):
    net, X, y = seed_net
    net.forward(X)
    before = net.parameters_vector()
    cache = net.layers[0].pre_activation.copy()
    ng.explain.backward(net, X[1], y[1:2])
    np.testing.assert_array_equal(net.parameters_vector(), before)
    np.testing.assert_array_equal(net.layers[0].pre_activation, cache)


def test_bad_input(seed_net):
    net, X, y = seed_net
    with pytest.raises(ValueError, match="3 feature"):
        ng.explain.forward(net, [1.0, 2.0])
    with pytest.raises(ValueError, match="lr must be"):
        ng.explain.backward(net, X[0], y[:1], lr=-1)
    classifier = ng.mlp([3, 2, 3], loss="cross_entropy", seed=0)
    with pytest.raises(ng.DataError, match="out of range"):
        ng.explain.backward(classifier, X[0], [5])
    with pytest.raises(TypeError, match="Network"):
        ng.explain.forward("net", X[0])


def test_the_tutorial_walkthrough_script_runs():
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "tutorial_walkthrough.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Loss (mse)" in result.stdout and "w <- w - lr * dW" in result.stdout
    assert "after one SGD step" in result.stdout
