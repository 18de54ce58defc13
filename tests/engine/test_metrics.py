"""r2_score by hand, and evaluate(): the same numbers in chunks as in one pass."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.metrics import evaluate, r2_score


def test_r2_by_hand():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert r2_score(y, y) == 1.0
    assert r2_score(y, np.full(4, 2.5)) == 0.0  # the mean predictor
    # residuals (0.5, -0.5, 0.5, -0.5): 1 - 1 / 5
    assert r2_score(y, y + np.array([0.5, -0.5, 0.5, -0.5])) == pytest.approx(0.8)
    # a constant target column scores 0; the outputs' scores are averaged
    two = np.column_stack([y, np.full(4, 7.0)])
    assert r2_score(two, np.column_stack([y, np.full(4, 7.0)])) == 0.5


@pytest.mark.parametrize(
    ("sizes", "loss", "make_y"),
    [
        ([3, 4, 2], "mse", lambda rng, n: rng.normal(size=(n, 2))),
        ([3, 4, 2], "bce", lambda rng, n: rng.integers(0, 2, (n, 2))),
        ([3, 4, 3], "cross_entropy", lambda rng, n: rng.integers(0, 3, n)),
    ],
)
def test_chunks_give_the_numbers_of_one_pass(sizes, loss, make_y, rng):
    net = ng.mlp(sizes, loss=loss, seed=0, l2=0.1)
    X, y = rng.normal(size=(10, 3)), make_y(rng, 10)
    targets = net._targets(y, 10)
    whole, chunked = evaluate(net, X, targets), evaluate(net, X, targets, chunk=3)
    assert whole.keys() == chunked.keys()
    for key in whole:
        assert chunked[key] == pytest.approx(whole[key], rel=1e-12)
    # the loss includes the penalty, as the objective does
    assert whole["loss"] == pytest.approx(net.loss(X, y), rel=1e-12)
    outputs = net.predict(X)
    if loss == "mse":
        assert whole["r2"] == pytest.approx(r2_score(targets, outputs))
    elif loss == "bce":  # each of the 2 outputs counts
        assert whole["accuracy"] == np.mean((outputs > 0.5) == (targets > 0.5))
    else:
        assert whole["accuracy"] == np.mean(outputs.argmax(axis=1) == y)
