"""Initializers: their ranges and spreads, the default per activation, names and
aliases."""

import numpy as np
import pytest

import neuroglass as ng


@pytest.mark.parametrize(
    ("init", "check"),
    [
        (
            "uniform",
            lambda w, b: w.min() >= -0.5 and w.max() <= 0.5 and np.all(b == 0.1),
        ),
        ("zeros", lambda w, b: not w.any() and not b.any()),
        ("glorot_uniform", lambda w, b: np.abs(w).max() <= np.sqrt(6 / 300)),
        ("he_uniform", lambda w, b: np.abs(w).max() <= np.sqrt(6 / 200)),
        ("glorot_normal", lambda w, b: abs(w.std() - np.sqrt(2 / 300)) < 0.01),
        ("he_normal", lambda w, b: abs(w.std() - np.sqrt(2 / 200)) < 0.01),
    ],
)
def test_initializers(init, check):
    layer = ng.Dense(200, 100, "tanh", init=init).build(seed=0)
    assert check(layer.weights, layer.bias)


def test_default_init_depends_on_activation():
    assert ng.Dense(2, 2, "relu").init == "he_uniform"
    assert ng.Dense(2, 2, "tanh").init == "glorot_uniform"
