"""Weight initializers. Each takes an ``np.random.Generator``: randomness is
always injected, never global.

Every initializer is ``init(rng, n_in, n_out) -> (weights, bias)`` with
``weights`` of shape ``(n_in, n_out)`` and ``bias`` of shape ``(n_out,)``,
both float64 (the network casts them to its dtype).

==================  ==========================================================
``glorot_uniform``  U(-l, l), l = sqrt(6 / (n_in + n_out)); bias 0 (Glorot &
                    Bengio 2010). The default for tanh, sigmoid and linear.
``glorot_normal``   N(0, 2 / (n_in + n_out)); bias 0
``he_uniform``      U(-l, l), l = sqrt(6 / n_in); bias 0 (He et al. 2015). The
                    default for relu, leaky_relu, elu, gelu, swish.
``he_normal``       N(0, 2 / n_in); bias 0
``uniform``         TensorFlow Playground's: U(-0.5, 0.5); bias 0.1
``zeros``           all zero (every unit stays identical: for demonstrations)
==================  ==========================================================
"""

from __future__ import annotations

import numpy as np

from .errors import ConfigError


def glorot_uniform(rng, n_in, n_out):
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out)), np.zeros(n_out)


def glorot_normal(rng, n_in, n_out):
    std = np.sqrt(2.0 / (n_in + n_out))
    return rng.normal(0.0, std, size=(n_in, n_out)), np.zeros(n_out)


def he_uniform(rng, n_in, n_out):
    limit = np.sqrt(6.0 / n_in)
    return rng.uniform(-limit, limit, size=(n_in, n_out)), np.zeros(n_out)


def he_normal(rng, n_in, n_out):
    std = np.sqrt(2.0 / n_in)
    return rng.normal(0.0, std, size=(n_in, n_out)), np.zeros(n_out)


def playground_uniform(rng, n_in, n_out):
    return rng.uniform(-0.5, 0.5, size=(n_in, n_out)), np.full(n_out, 0.1)


def zeros(rng, n_in, n_out):
    return np.zeros((n_in, n_out)), np.zeros(n_out)


INITIALIZERS = {
    "glorot_uniform": glorot_uniform,
    "glorot_normal": glorot_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
    "uniform": playground_uniform,
    "zeros": zeros,
}

ALIASES = {
    "glorot": "glorot_uniform",
    "xavier": "glorot_uniform",
    "xavier_uniform": "glorot_uniform",
    "xavier_normal": "glorot_normal",
    "he": "he_uniform",
    "kaiming": "he_uniform",
    "kaiming_uniform": "he_uniform",
    "kaiming_normal": "he_normal",
    "playground": "uniform",
    "zero": "zeros",
}

_RELU_LIKE = {"relu", "leaky_relu", "elu", "gelu", "swish"}


def default_init(activation_name: str) -> str:
    """He for ReLU-like activations, Glorot otherwise."""
    return "he_uniform" if activation_name in _RELU_LIKE else "glorot_uniform"


def canonical_init(name: str) -> str:
    """Return the canonical initializer name; unknown names list the valid ones."""
    if not isinstance(name, str):
        raise ConfigError(
            f"init must be a name such as 'glorot_uniform'; got {name!r}. "
            f"Valid names: {', '.join(INITIALIZERS)}."
        )
    key = ALIASES.get(name.lower(), name.lower())
    if key not in INITIALIZERS:
        raise ConfigError(
            f"Unknown initializer {name!r}. Valid names: {', '.join(INITIALIZERS)} "
            f"(aliases: {', '.join(ALIASES)})."
        )
    return key
