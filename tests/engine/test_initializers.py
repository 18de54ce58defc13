"""Initializers: their ranges and spreads, the default per activation, names and
aliases."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.activations import ACTIVATIONS
from neuroglass.engine.errors import ConfigError
from neuroglass.engine.initializers import (
    ALIASES,
    INITIALIZERS,
    canonical_init,
    default_init,
)


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


@pytest.mark.parametrize("name", list(INITIALIZERS))
def test_shapes_dtypes_and_reproducibility(name):
    weights, bias = INITIALIZERS[name](np.random.default_rng(5), 7, 3)
    assert weights.shape == (7, 3) and bias.shape == (3,)
    assert weights.dtype == bias.dtype == np.float64
    again, _ = INITIALIZERS[name](np.random.default_rng(5), 7, 3)
    np.testing.assert_array_equal(again, weights)


def test_uniform_limits_follow_fan_in_and_fan_out():
    rng = np.random.default_rng(0)
    # a wide layer fills its interval: the extremes come close to the limit
    for name, limit in [
        ("glorot_uniform", np.sqrt(6 / (400 + 100))),
        ("he_uniform", np.sqrt(6 / 400)),
        ("uniform", 0.5),
    ]:
        weights, _ = INITIALIZERS[name](rng, 400, 100)
        assert limit * 0.99 < np.abs(weights).max() <= limit


def test_default_init_per_activation():
    he = {"relu", "leaky_relu", "elu", "gelu", "swish"}
    for name in ACTIVATIONS:
        expected = "he_uniform" if name in he else "glorot_uniform"
        assert default_init(name) == expected


def test_names_aliases_and_errors():
    for alias, name in ALIASES.items():
        assert canonical_init(alias.upper()) == name
    with pytest.raises(ConfigError, match=r"Unknown initializer 'orthogonal'.*zeros"):
        canonical_init("orthogonal")
    with pytest.raises(ConfigError, match=r"init must be a name.*got 3"):
        canonical_init(3)
