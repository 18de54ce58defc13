r"""The formulas of the activations and losses as LaTeX math.

The engine writes each formula in plain text (``Activation.formula``,
``Loss.formula``: ``"a = tanh(z)"``), which the plain-text and Markdown
explanations show as they are; LaTeX shows these (``a = \tanh(z)``). An
activation or loss this table does not know (one made by the user) is shown in
LaTeX in typewriter math (``\mathtt``).
"""

from __future__ import annotations

from ._render import latex_text
from ._words import TABLES, Math, say

#: how an activation's name is written in LaTeX
NAMES = {
    "identity": r"\operatorname{id}",
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "relu": r"\operatorname{ReLU}",
    "leaky_relu": r"\operatorname{LeakyReLU}",
    "elu": r"\operatorname{ELU}",
    "softplus": r"\operatorname{softplus}",
    "gelu": r"\operatorname{GELU}",
    "swish": r"\operatorname{swish}",
    "softmax": r"\operatorname{softmax}",
}

ACTIVATIONS = {
    "identity": r"a = z",
    "sigmoid": r"a = \sigma(z) = \frac{1}{1 + e^{-z}}",
    "tanh": r"a = \tanh(z)",
    "relu": r"a = \operatorname{ReLU}(z) = \max(z, 0)",
    "leaky_relu": r"a = \begin{cases} z & z > 0 \\ 0.01\,z & {otherwise} \end{cases}",
    "elu": r"a = \begin{cases} z & z > 0 \\ e^{z} - 1 & {otherwise} \end{cases}",
    "softplus": r"a = \log\left(1 + e^{z}\right)",
    "gelu": (
        r"a = \frac{z}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,"
        r"\left(z + 0.044715\,z^{3}\right)\right)\right)"
    ),
    "swish": r"a = z\,\sigma(z)",
    "softmax": r"a_j = \frac{e^{z_j}}{\sum_k e^{z_k}}",
}

LOSSES = {
    "mse": r"L = \frac{1}{n}\sum_{j=1}^{n} \left(a_j - y_j\right)^2",
    "bce": (
        r"L = -\frac{1}{n}\sum_{j=1}^{n} \left(y_j \log a_j + (1 - y_j) "
        r"\log(1 - a_j)\right), \quad a = \sigma(z)"
    ),
    "cross_entropy": (r"L = -\sum_k y_k \log a_k, \quad a = \operatorname{softmax}(z)"),
}

# f'(z) of each activation in LaTeX, with the layer's symbols {a} and {z}
_SLOPES = {
    "identity": "1",
    "sigmoid": r"{a} \odot \left(1 - {a}\right)",
    "tanh": r"1 - \left({a}\right)^{{2}}",
    "relu": r"\begin{{cases}} 1 & {z} > 0 \\ 0 & {otherwise} \end{{cases}}",
    "leaky_relu": r"\begin{{cases}} 1 & {z} > 0 \\ 0.01 & {otherwise} \end{{cases}}",
    "elu": r"\begin{{cases}} 1 & {z} > 0 \\ {a} + 1 & {otherwise} \end{{cases}}",
    "softplus": r"\sigma\left({z}\right)",
    "gelu": r"\operatorname{{GELU}}'\left({z}\right)",
    "swish": r"s + {a} \odot (1 - s), \quad s = \sigma\left({z}\right)",
}

# f'(z) of each activation in plain text (words from the language's table)
_SLOPES_TEXT = {
    "identity": "1",
    "sigmoid": "{a} * (1 - {a})",
    "tanh": "1 - {a}^2",
    "softplus": "sigmoid({z})",
}


def _typewriter(formula: str) -> str:
    """A formula the table does not know, as typewriter math."""
    return r"\mathtt{" + latex_text(formula, "").replace(" ", r"\ ") + "}"


def _otherwise(lang) -> str:
    return latex_text(say(lang, "otherwise"))


def name(activation: str) -> str:
    """An activation's name in LaTeX: ``\\tanh``, ``\\operatorname{ReLU}``."""
    return NAMES.get(
        activation, r"\operatorname{" + activation.replace("_", r"\_") + "}"
    )


def activation(fn, lang) -> Math:
    """An activation's formula: the engine's text, and LaTeX."""
    latex = ACTIVATIONS.get(fn.name)
    if latex is None:
        latex = _typewriter(fn.formula)
    text = fn.formula
    if f"formula_{fn.name}" in TABLES["en"]:  # a formula with words in it
        text = say(lang, f"formula_{fn.name}")
    return Math(text, latex.replace("{otherwise}", _otherwise(lang)))


def loss(fn) -> Math:
    """A loss's formula: the engine's text, and LaTeX."""
    return Math(fn.formula, LOSSES.get(fn.name) or _typewriter(fn.formula))


def slope(activation: str, i: int, lang) -> Math:
    """``f'(z)`` of layer ``i``'s activation in its own symbols (not softmax)."""
    a, z = f"a{i}", f"z{i}"
    a_l, z_l = f"a^{{({i})}}", f"z^{{({i})}}"
    if activation in _SLOPES_TEXT:
        text = _SLOPES_TEXT[activation].format(a=a, z=z)
    elif f"slope_{activation}" in TABLES["en"]:
        text = say(lang, f"slope_{activation}", a=a, z=z)
    else:
        text = f"f'({z})"
    template = _SLOPES.get(activation)
    if template is None:
        return Math(text, rf"f'\left({z_l}\right)")
    return Math(text, template.format(a=a_l, z=z_l, otherwise=_otherwise(lang)))
