"""Activation functions: the forward map and its backward pass, side by side.

Each activation is an :class:`Activation` with two plain functions:

``forward(z) -> a``
    the activation ``a = f(z)`` of a pre-activation array ``z`` of shape
    ``(n_samples, n_units)``.
``backward(grad_a, z, a) -> delta``
    the chain rule through ``f``: ``delta = dL/dz`` given ``grad_a = dL/da``.
    It may overwrite ``grad_a`` (the layer hands it an array of its own).
    For element-wise functions this is ``grad_a * f'(z)``, with ``f'`` written
    from the cached output ``a`` where that is cheaper (tanh: ``1 - a**2``).

The registry :data:`ACTIVATIONS` maps the names users pass (``"tanh"``) to
these objects; :func:`get_activation` turns an unknown name into an error that
lists the valid ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .errors import ConfigError

LEAKY_RELU_SLOPE = 0.01
ELU_ALPHA = 1.0
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715


@dataclass(frozen=True)
class Activation:
    """An activation function and its backward pass.

    Attributes
    ----------
    name : str
        Canonical name, as stored in saved models.
    forward : callable
        ``forward(z) -> a``, arrays of shape ``(n_samples, n_units)``.
    backward : callable
        ``backward(grad_a, z, a) -> delta`` where ``grad_a = dL/da`` and the
        result is ``delta = dL/dz``; same shapes as ``z``.
    formula : str
        The formula in plain text, for worked examples.
    output_only : bool
        True for softmax, which couples the units of a layer.
    """

    name: str
    forward: Callable[[np.ndarray], np.ndarray]
    backward: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    formula: str
    output_only: bool = False

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


# identity -------------------------------------------------------------------
def _identity(z):
    return z


def _identity_backward(grad_a, z, a):
    return grad_a


# sigmoid --------------------------------------------------------------------
def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``, exact and overflow-free."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _sigmoid_backward(grad_a, z, a):
    return grad_a * (a * (1.0 - a))


# tanh -----------------------------------------------------------------------
def _tanh_backward(grad_a, z, a):
    return grad_a * (1.0 - a * a)


# relu -----------------------------------------------------------------------
def _relu(z):
    return np.maximum(z, 0.0)


def _relu_backward(grad_a, z, a):
    # f'(0) = 0, as in TensorFlow and PyTorch
    return np.multiply(grad_a, z > 0, out=grad_a)


# leaky relu -----------------------------------------------------------------
def _leaky_relu(z):
    return np.where(z > 0, z, LEAKY_RELU_SLOPE * z)


def _leaky_relu_backward(grad_a, z, a):
    return np.where(z > 0, grad_a, LEAKY_RELU_SLOPE * grad_a)


# elu ------------------------------------------------------------------------
def _elu(z):
    return np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0.0)))


def _elu_backward(grad_a, z, a):
    # for z <= 0: d/dz alpha*(e^z - 1) = a + alpha
    return np.where(z > 0, grad_a, grad_a * (a + ELU_ALPHA))


# softplus -------------------------------------------------------------------
def _softplus(z):
    # log(1 + e^z) = max(z, 0) + log1p(e^-|z|): finite for any z
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _softplus_backward(grad_a, z, a):
    return grad_a * sigmoid(z)


# gelu (tanh approximation, as in GPT-2 and torch's approximate="tanh") -------
def _gelu_inner(z):
    return np.tanh(_SQRT_2_OVER_PI * (z + _GELU_C * z * z * z))


def _gelu(z):
    return 0.5 * z * (1.0 + _gelu_inner(z))


def _gelu_backward(grad_a, z, a):
    t = _gelu_inner(z)
    dinner = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_C * z * z)
    return grad_a * (0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * dinner)


# swish / silu ---------------------------------------------------------------
def _swish(z):
    return z * sigmoid(z)


def _swish_backward(grad_a, z, a):
    s = sigmoid(z)
    return grad_a * (s + a * (1.0 - s))


# softmax (output layer only) ------------------------------------------------
def softmax(z):
    """Row-wise softmax, shifted by the row maximum so it never overflows."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(z):
    """Row-wise log-softmax (log-sum-exp), finite for logits of any size."""
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _softmax_backward(grad_a, z, a):
    # Jacobian-vector product: delta_j = a_j (g_j - sum_k g_k a_k)
    return a * (grad_a - (grad_a * a).sum(axis=1, keepdims=True))


ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (
        Activation("identity", _identity, _identity_backward, "a = z"),
        Activation("sigmoid", sigmoid, _sigmoid_backward, "a = 1 / (1 + exp(-z))"),
        Activation("tanh", np.tanh, _tanh_backward, "a = tanh(z)"),
        Activation("relu", _relu, _relu_backward, "a = max(z, 0)"),
        Activation(
            "leaky_relu",
            _leaky_relu,
            _leaky_relu_backward,
            f"a = z if z > 0 else {LEAKY_RELU_SLOPE} z",
        ),
        Activation("elu", _elu, _elu_backward, "a = z if z > 0 else exp(z) - 1"),
        Activation("softplus", _softplus, _softplus_backward, "a = log(1 + exp(z))"),
        Activation(
            "gelu",
            _gelu,
            _gelu_backward,
            "a = z/2 (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3)))",
        ),
        Activation("swish", _swish, _swish_backward, "a = z sigmoid(z)"),
        Activation(
            "softmax",
            softmax,
            _softmax_backward,
            "a_j = exp(z_j) / sum_k exp(z_k)",
            output_only=True,
        ),
    )
}

#: Other spellings users reach for.
ALIASES = {
    "linear": "identity",
    "none": "identity",
    "logistic": "sigmoid",
    "silu": "swish",
    "leakyrelu": "leaky_relu",
    "leaky-relu": "leaky_relu",
}


def get_activation(name: str | Activation) -> Activation:
    """Look up an activation by name (or pass an :class:`Activation` through).

    Raises
    ------
    ConfigError
        For an unknown name, listing the valid ones.
    """
    if isinstance(name, Activation):
        return name
    if name is None:
        name = "identity"
    if not isinstance(name, str):
        raise ConfigError(
            f"activation must be a name such as 'tanh', got {name!r} "
            f"of type {type(name).__name__}. Valid names: {', '.join(ACTIVATIONS)}."
        )
    key = ALIASES.get(name.lower(), name.lower())
    try:
        return ACTIVATIONS[key]
    except KeyError:
        raise ConfigError(
            f"Unknown activation {name!r}. Valid names: {', '.join(ACTIVATIONS)} "
            f"(aliases: {', '.join(ALIASES)})."
        ) from None
