"""What every figure shares: sources, axes, colours, words.

A *source* is a :class:`~neuroglass.Network`, a fitted estimator (anything with
a ``network_``), or a :class:`~neuroglass.Run` (then ``epoch=`` picks a
snapshot; default the end). Figures never modify their source.

Each figure module keeps its words in one table, ``{"en": {...}, "zh": {...}}``;
:func:`words` picks the language (``lang=None`` follows ``ng.set_lang``) and
makes Chinese drawable. :func:`unit_colours` is the one mapping from a unit's
value to a colour: the decision boundary, the network's neurons and the neuron
maps all colour through it, so that one output value looks the same in each.
"""

from __future__ import annotations

import numpy as np

from ...engine import Network
from ..lang import resolve_lang
from ._fonts import CJK_FAMILIES, use_cjk_fonts

# TensorFlow Playground's palette: orange (negative, class 0) -> grey -> blue
# (positive, class 1). Orange/blue is a diverging pair that stays distinct for the
# common colour-vision deficiencies.
NEGATIVE = "#f59322"
NEUTRAL = "#e8eaeb"
POSITIVE = "#0877bd"
#: one colour per class for multi-class figures (Okabe & Ito's colour-blind-safe set)
CLASS_COLORS = (
    "#0072b2",  # blue
    "#e69f00",  # orange
    "#009e73",  # green
    "#cc79a7",  # purple
    "#56b4e9",  # sky blue
    "#d55e00",  # vermillion
    "#f0e442",  # yellow
    "#000000",  # black
)


def diverging_cmap():
    """The orange-grey-blue colour map, from -1 (orange) to +1 (blue)."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(
        "neuroglass", [NEGATIVE, NEUTRAL, POSITIVE]
    )


#: activations whose values are probabilities (0 to 1, 0.5 in the middle)
PROBABILITIES = ("sigmoid", "softmax")
#: how much white is mixed into the colours of values drawn as areas (the
#: decision boundary, neurons, neuron maps), so that points in full colour stand
#: out on them
WASH = 0.3


def words(table: dict, lang: str | None = None) -> dict:
    """A figure's words in ``lang`` from its table ``{"en": {...}, "zh": {...}}``.

    ``lang=None`` follows ``ng.set_lang`` / ``with ng.language(...)``; for
    ``"zh"`` the CJK fonts are made available, so no glyph is drawn as a box.
    """
    lang = resolve_lang(lang)
    if lang == "zh":
        use_cjk_fonts()
    return table[lang]


def _washed(colour):
    from matplotlib.colors import to_rgb

    return tuple((1 - WASH) * np.asarray(to_rgb(colour)) + WASH)


def unit_cmap():
    """The orange-grey-blue map, washed (see :data:`WASH`): the colours of
    values drawn as areas, and of their colour bars."""
    from matplotlib.colors import LinearSegmentedColormap

    colours = [_washed(c) for c in (NEGATIVE, NEUTRAL, POSITIVE)]
    return LinearSegmentedColormap.from_list("neuroglass_units", colours)


def unit_norm(activation=None):
    """The value range of a unit's colours: 0 to 1 for probabilities (sigmoid,
    softmax; grey at 0.5), else -1 to 1 (grey at 0); beyond it, clipped."""
    from matplotlib.colors import Normalize

    if activation in PROBABILITIES:
        return Normalize(0.0, 1.0, clip=True)
    return Normalize(-1.0, 1.0, clip=True)


def unit_colours(values, activation=None) -> np.ndarray:
    """RGBA (..., 4) of a unit's values (an output, an activation, an input):
    orange low, grey in the middle, blue high, on :func:`unit_norm`'s range.

    The one mapping from a unit's value to a colour: a sigmoid output of 0.016
    is the same orange in the decision boundary, on the network's output neuron
    and in its neuron map.
    """
    values = np.asarray(values, dtype=float)
    scaled = np.ma.filled(unit_norm(activation)(values), np.nan)
    return unit_cmap()(scaled)


def class_colour(k: int, n_outputs: int):
    """The colour of class ``k``: orange/blue for one sigmoid output (class 0
    orange, class 1 blue, as the boundary draws them), else Okabe & Ito's."""
    if n_outputs == 1:
        return NEGATIVE if int(k) == 0 else POSITIVE
    return CLASS_COLORS[int(k) % len(CLASS_COLORS)]


def get_ax(ax=None, figsize=(6, 4), margins=None):
    """``ax`` itself, or a new Axes on a new figure (pyplot imported lazily),
    with ``margins`` (``subplots_adjust`` arguments) making room for what the
    figure draws outside its Axes.

    A caller's ``ax`` made before Chinese was first asked for has a title and
    axis labels in the fonts of that time; they take the current
    ``font.family`` (with the CJK fonts), so that Chinese words fit in them.
    """
    if ax is not None:
        _refresh_fonts(ax)
        return ax
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=figsize)
    if margins:
        figure.subplots_adjust(**margins)
    return ax


def _refresh_fonts(ax) -> None:
    import matplotlib as mpl

    family = list(mpl.rcParams["font.family"])
    cjk = set(CJK_FAMILIES)
    if not cjk & set(family):
        return  # Chinese was never asked for
    titles = [getattr(ax, name, None) for name in ("_left_title", "_right_title")]
    for text in [ax.title, ax.xaxis.label, ax.yaxis.label, *titles]:
        if text is not None and not cjk & set(text.get_fontfamily()):
            text.set_fontfamily(family)


def is_run(source) -> bool:
    return hasattr(source, "snapshot") and hasattr(source, "metrics")


def network_of(source, epoch=None) -> Network:
    """The network a source stands for (a copy for runs, the object otherwise)."""
    if is_run(source):
        return source.network(epoch)
    net = getattr(source, "network_", source)
    if not isinstance(net, Network):
        raise TypeError(
            f"expected a neuroglass Network, a fitted estimator or a Run; got "
            f"{type(source).__name__}. Fit the estimator first, or pass net / "
            "ng.open_run(path)."
        )
    if epoch is not None:
        raise ValueError(
            "epoch= picks a snapshot of a recorded run; this source is a network. "
            "Pass ng.open_run(path) to see an earlier epoch."
        )
    return net


def as_2d(X, n_inputs, what="X") -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X.reshape(1, -1) if X.shape[0] == n_inputs else X.reshape(-1, 1)
    if X.ndim != 2 or X.shape[1] != n_inputs:
        raise ValueError(
            f"{what} must have {n_inputs} feature(s) per sample; got shape "
            f"{np.shape(X)}."
        )
    return X


def forward_all(net: Network, X) -> list:
    """Every layer's activation for ``X``, without touching the network's caches."""
    out, h = [], X
    for layer in net.layers:
        h = layer.forward(np.asarray(h, dtype=net.dtype), store=False)
        out.append(h)
    return out
