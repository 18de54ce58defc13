"""What every figure shares: sources, axes, colours.

A *source* is a :class:`~neuroglass.Network`, a fitted estimator (anything with
a ``network_``), or a :class:`~neuroglass.Run` (then ``epoch=`` picks a
snapshot; default the end). Figures never modify their source.
"""

from __future__ import annotations

import numpy as np

from ...engine import Network

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


def get_ax(ax=None, figsize=(6, 4)):
    """``ax`` itself, or a new Axes on a new figure (pyplot imported lazily)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


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
