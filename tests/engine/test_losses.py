"""Losses: values, gradients (finite differences and PyTorch), the targets each
accepts and the errors for the others."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError, DataError, ShapeError


def test_cross_entropy_needs_two_outputs():
    with pytest.raises(ConfigError, match="at least 2 outputs"):
        ng.mlp([2, 3, 1], loss="cross_entropy")


@pytest.mark.parametrize(
    ("loss", "n_out", "y", "error", "message"),
    [
        ("cross_entropy", 3, [0, 1, 4, 2], DataError, "label 4 .*out of range.*0..2"),
        ("cross_entropy", 3, [0, 1.5, 2, 1], DataError, "whole numbers"),
        ("mse", 1, ["a", "b", "c", "d"], DataError, "numeric targets.*'a'"),
        ("bce", 1, [0, 1, 2, 1], DataError, "labels 0 or 1.*2"),
        ("bce", 1, [0, 1, -1, 1], DataError, r"\(y \+ 1\) / 2"),
        ("mse", 1, [0.0, np.nan, 1.0, 2.0], DataError, "nan"),
        ("mse", 2, [0.0, 1.0, 1.0, 2.0], ShapeError, r"\(n, 2\)"),
        ("mse", 1, [[1.0], [2.0], [3.0]], ShapeError, "4 samples but y has 3"),
    ],
)
def test_bad_labels(loss, n_out, y, error, message, rng):
    net = ng.mlp([2, 3, n_out], loss=loss, seed=0)
    X = rng.normal(size=(4, 2))
    with pytest.raises(error, match=message):
        net.fit(X, y, epochs=1)
    with pytest.raises(error, match=message):
        net.loss(X, y)


def test_one_hot_and_column_labels_are_accepted(rng):
    net = ng.mlp([2, 3], loss="cross_entropy", seed=0)
    X = rng.normal(size=(6, 2))
    idx = np.array([0, 1, 2, 0, 1, 2])
    onehot = np.eye(3)[idx]
    assert net.loss(X, idx) == pytest.approx(net.loss(X, onehot))
    assert net.loss(X, idx.reshape(-1, 1)) == pytest.approx(net.loss(X, idx))
    binary = ng.mlp([2, 1], loss="bce", seed=0)
    y = np.array([0, 1, 1, 0, 1, 0])
    assert binary.loss(X, y) == pytest.approx(binary.loss(X, y.reshape(-1, 1)))
    assert binary.loss(X, y) == pytest.approx(binary.loss(X, y.astype(bool)))
