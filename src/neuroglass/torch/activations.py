"""The one table of PyTorch activation modules and the engine's activations.

:func:`engine_activation` names a module the engine computes exactly (its
settings those of the table in :mod:`.convert`'s docstring);
:func:`activation_kind` names its kind whatever its settings (what the health
of its units is judged by). :mod:`.convert` and the recorder's
:mod:`.modules` both read it, so a model converts exactly when the recorder
calls it MLP-shaped.
"""

from __future__ import annotations

from torch import nn

from ..engine.activations import ACTIVATIONS, ELU_ALPHA, LEAKY_RELU_SLOPE

#: engine activation -> the PyTorch module computing it (identity: none)
TO_MODULE = {
    "identity": None,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(LEAKY_RELU_SLOPE),
    "elu": lambda: nn.ELU(ELU_ALPHA),
    "softplus": nn.Softplus,
    "gelu": lambda: nn.GELU(approximate="tanh"),
    "swish": nn.SiLU,
    "softmax": lambda: nn.Softmax(dim=1),
}
assert set(TO_MODULE) == set(ACTIVATIONS), "every engine activation has a module"

PLAIN = {nn.Sigmoid: "sigmoid", nn.Tanh: "tanh", nn.ReLU: "relu", nn.SiLU: "swish"}
#: module type -> (engine activation, whether this module's settings compute it)
SETTINGS = {
    nn.LeakyReLU: ("leaky_relu", lambda m: m.negative_slope == LEAKY_RELU_SLOPE),
    nn.ELU: ("elu", lambda m: m.alpha == ELU_ALPHA),
    nn.GELU: ("gelu", lambda m: m.approximate == "tanh"),
    nn.Softmax: ("softmax", lambda m: m.dim in (1, -1)),
    nn.Softplus: ("softplus", lambda m: m.beta == 1 and m.threshold >= 20),
}


def activation_kind(module) -> str | None:
    """The engine's name for an activation module's kind, its settings aside
    (any ``GELU`` is ``"gelu"``; ``Identity`` is ``"identity"``), else None.
    What the health of its units is judged by (dead ReLUs, saturated tanh)."""
    kind = type(module)
    if kind is nn.Identity:
        return "identity"
    if kind in PLAIN:
        return PLAIN[kind]
    return SETTINGS[kind][0] if kind in SETTINGS else None


def engine_activation(module) -> str | None:
    """The engine's name of an activation module that it computes exactly (the
    module's settings those of the table above), else None. The one table of
    the bridge: the recorder's MLP-shaped models use it too."""
    name = activation_kind(module)
    if name is None or type(module) not in SETTINGS:
        return name
    return name if SETTINGS[type(module)][1](module) else None


def module_text(name) -> str:
    """The module computing the engine activation ``name``, as text."""
    factory = TO_MODULE[name]
    return "no module" if factory is None else repr(factory())
