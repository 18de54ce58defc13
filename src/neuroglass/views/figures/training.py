"""Inside a recorded run over time: distributions, gradient flow, update ratios.

Each figure has a pure function that computes its numbers (``distribution_data``,
``gradient_flow_data``, ``update_ratio_data``); the playground uses the same
functions, so the browser and the figure agree. The distributions live in
:mod:`.distributions` and are re-exported here; the helpers these figures share
are in :mod:`._run_series`.
"""

from __future__ import annotations

import numpy as np

from ...recorder import diagnostics as _rules
from . import _common
from ._run_series import layer_colors, legend_below, require_run, run_snapshots
from .distributions import (  # noqa: F401 (imported from here)
    QUANTITIES,
    distribution_data,
    plot_distributions,
    rebin,
)

_TEXT = {
    "en": {
        "epoch": "epoch",
        "flow_title": "Gradient flow per layer",
        "rms": "RMS |grad|",
        "max": "max |grad|",
        "ratio_title": "Update size relative to the weights (rule of thumb: 1e-3)",
        "high": "too high: above 1e{value:.0f}",
        "low": "too low: below 1e{value:.0f}",
    },
    "zh": {
        "epoch": "轮",
        "flow_title": "各层的梯度流",
        "rms": "梯度的均方根",
        "max": "梯度绝对值的最大值",
        "ratio_title": "更新量相对于权重的大小（经验值：1e-3）",
        "high": "过大：高于1e{value:.0f}",
        "low": "过小：低于1e{value:.0f}",
    },
}


# -- gradient flow -----------------------------------------------------------------
def gradient_flow_data(run) -> dict:
    """Per-layer gradient sizes at every snapshot.

    Returns
    -------
    dict
        ``epochs`` (n_snapshots,); ``layers`` (names); ``size`` (n_layers,)
        weight counts; ``norm`` (n_snapshots, n_layers) ||dL/dW||; ``rms``
        = norm / sqrt(size), the typical gradient entry; ``max`` (n_snapshots,
        n_layers) the largest |dL/dW| (NaN where not recorded).
    """
    require_run(run, "gradient_flow_data")
    layers = run.config["network"]["layers"]
    epochs, snapshots = run_snapshots(run)
    # the layout knows every layer's weight count (a convolution's kernels
    # included, which n_in * n_out would miss)
    spans = [run.layout.weights(i) for i in range(len(layers))]
    size = np.array([span.stop - span.start for span in spans], dtype=float)
    norm = np.array(
        [[lay.norms["grad_weights"] for lay in snap.layers] for snap in snapshots]
    )
    biggest = np.array(
        [[_max_abs(lay, "grad_weights") for lay in snap.layers] for snap in snapshots]
    )
    return {
        "epochs": epochs,
        "layers": [cfg["name"] for cfg in layers],
        "size": size,
        "norm": norm,
        "rms": norm / np.sqrt(np.where(size > 0, size, np.nan)),
        "max": biggest,
    }


def _max_abs(layer_snapshot, quantity):
    array = getattr(layer_snapshot, quantity)
    if array is not None:
        return float(np.max(np.abs(array)))
    stats = layer_snapshot.stats.get(quantity)
    return max(abs(stats["min"]), abs(stats["max"])) if stats else np.nan


def plot_gradient_flow(run, *, ax=None, log=True, lang=None):
    """Gradient size per layer over training: vanishing or exploding gradients.

    Solid lines: the RMS gradient entry ||dL/dW|| / sqrt(n_weights) of each
    layer; dashed: the largest |dL/dW|. Layers whose lines sit orders of
    magnitude below the others learn orders of magnitude more slowly. ``lang``:
    the language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.lines import Line2D

    text = _common.words(_TEXT, lang)
    data = gradient_flow_data(run)
    ax = _common.get_ax(ax, figsize=(6, 4))
    x = data["epochs"] + 1
    colors = layer_colors(len(data["layers"]))
    handles = []
    for i, (name, color) in enumerate(zip(data["layers"], colors)):
        (line,) = ax.plot(
            x,
            data["rms"][:, i],
            color=color,
            linewidth=1.8,
            label=name,
            gid=f"rms:{name}",
        )
        handles.append(line)
        if np.isfinite(data["max"][:, i]).any():
            ax.plot(
                x,
                data["max"][:, i],
                color=color,
                linewidth=1.0,
                linestyle="--",
                gid=f"max:{name}",
            )
    handles += [
        Line2D([], [], color="#555555", linewidth=1.8, label=text["rms"]),
        Line2D(
            [], [], color="#555555", linewidth=1.0, linestyle="--", label=text["max"]
        ),
    ]
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(text["epoch"])
    ax.set_ylabel("|dL/dW|")
    ax.set_title(text["flow_title"])
    legend_below(ax, handles)
    return ax


# -- update ratios ------------------------------------------------------------------
def update_ratio_data(run) -> dict:
    """log10(||update of W|| / ||W||) per layer and snapshot.

    Returns
    -------
    dict
        ``epochs`` (n_snapshots,); ``layers`` (names); ``ratio`` and
        ``log10_ratio`` (n_snapshots, n_layers) (NaN where W or its update is
        0); ``high`` / ``low``: the recorder's thresholds as log10.
    """
    require_run(run, "update_ratio_data")
    epochs, snapshots = run_snapshots(run)
    ratio = np.array([[lay.update_ratio for lay in snap.layers] for snap in snapshots])
    finite = np.isfinite(ratio) & (ratio > 0)
    log_ratio = np.full(ratio.shape, np.nan)
    log_ratio[finite] = np.log10(ratio[finite])
    return {
        "epochs": epochs,
        "layers": [cfg["name"] for cfg in run.config["network"]["layers"]],
        "ratio": ratio,
        "log10_ratio": log_ratio,
        "high": float(np.log10(_rules.UPDATE_RATIO_HIGH)),
        "low": float(np.log10(_rules.UPDATE_RATIO_LOW)),
    }


def plot_update_ratios(run, *, ax=None, lang=None):
    """How big each step is next to the weights: log10(||dW|| / ||W||).

    Around -3 (a thousandth) is the rule of thumb; above the shaded
    ``UPDATE_RATIO_HIGH`` the learning rate is likely too high, below
    ``UPDATE_RATIO_LOW`` too low (the thresholds the run's diagnostics use).
    ``lang``: the language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    text = _common.words(_TEXT, lang)
    data = update_ratio_data(run)
    ax = _common.get_ax(ax, figsize=(6, 4))
    x = data["epochs"] + 1
    values = data["log10_ratio"]
    shown = values[np.isfinite(values)]
    top = max(0.0, float(shown.max()) + 0.5) if shown.size else 0.0
    bottom = min(data["low"] - 1, float(shown.min()) - 0.5) if shown.size else -7.0
    ax.axhspan(
        data["high"],
        top,
        color=_common.NEGATIVE,
        alpha=0.15,
        linewidth=0,
        gid="too-high",
    )
    ax.axhspan(
        bottom, data["low"], color="#888888", alpha=0.15, linewidth=0, gid="too-low"
    )
    ax.axhline(-3, color="#555555", linestyle=":", linewidth=1.2, gid="reference")
    transform = ax.get_yaxis_transform()  # x in axes fraction, y in data
    for x_text, y, words, ha, va in (
        (0.99, top, text["high"].format(value=data["high"]), "right", "top"),
        (0.99, bottom, text["low"].format(value=data["low"]), "right", "bottom"),
        (1.01, -3, "1e-3", "left", "center"),
    ):
        ax.text(
            x_text,
            y,
            words,
            transform=transform,
            ha=ha,
            va=va,
            fontsize="small",
            color="#444444",
        )
    handles = []
    for i, (name, color) in enumerate(
        zip(data["layers"], layer_colors(len(data["layers"])))
    ):
        (line,) = ax.plot(
            x,
            values[:, i],
            color=color,
            linewidth=1.8,
            marker="o",
            markersize=3,
            label=name,
            gid=f"ratio:{name}",
        )
        handles.append(line)
    ax.set_ylim(bottom, top)
    ax.set_xlabel(text["epoch"])
    ax.set_ylabel("log10(||ΔW|| / ||W||)")
    ax.set_title(text["ratio_title"])
    legend_below(ax, handles)
    return ax
