"""ng.explain.forward and the worked text: written-out sums that add up, the
formulas with their numbers, predictions, summarised layers; the seed walkthrough."""

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import neuroglass as ng

ROOT = Path(__file__).resolve().parents[3]


NUMBER = r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?"


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
