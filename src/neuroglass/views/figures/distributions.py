"""How one layer's weights, gradients, updates or activations spread over training.

:func:`distribution_data` computes the numbers (the recorded histograms of every
snapshot, re-binned by :func:`rebin` onto shared edges, and the std bands);
:func:`plot_distributions` draws them as bands, a heat map or a ridge plot. The
playground uses the same function, so the browser and the figure agree.
Re-exported by :mod:`.training`.
"""

from __future__ import annotations

import numpy as np

from ...engine.validation import integer
from ...recorder import schema as _schema
from . import _common
from ._run_series import legend_below, require_run, run_snapshots

QUANTITIES = _schema.QUANTITIES
_KINDS = ("bands", "heatmap", "ridge")
_TEXT = {
    "en": {
        "weights": "weights",
        "bias": "bias",
        "grad_weights": "grad weights",
        "grad_bias": "grad bias",
        "update_weights": "update weights",
        "update_bias": "update bias",
        "activation": "activation",
        "epoch": "epoch",
        "rows": "epoch (a row per snapshot)",
        "mean": "mean",
        "range": "min-max",
        "std": "\u00b1{k} std",
        "title": "{layer} ({activation}): {what}",
    },
    "zh": {
        "weights": "权重",
        "bias": "偏置",
        "grad_weights": "权重的梯度",
        "grad_bias": "偏置的梯度",
        "update_weights": "权重的更新量",
        "update_bias": "偏置的更新量",
        "activation": "激活值",
        "epoch": "轮",
        "rows": "轮（每个快照一行）",
        "mean": "均值",
        "range": "最小值到最大值",
        "std": "\u00b1{k}个标准差",
        "title": "{layer}（{activation}）：{what}",
    },
}


def rebin(counts, edges, common_edges) -> np.ndarray:
    """A histogram moved onto other bin edges, counts spread evenly within bins.

    The total is kept when ``common_edges`` cover ``edges``.
    """
    cumulative = np.concatenate([[0.0], np.cumsum(counts, dtype=np.float64)])
    return np.diff(np.interp(common_edges, edges, cumulative))


# -- distributions ---------------------------------------------------------------
def distribution_data(run, *, layer=0, quantity="weights", bins=None) -> dict:
    """One layer's distribution of ``quantity`` at every snapshot.

    Returns
    -------
    dict
        ``epochs`` (n_snapshots,); ``bands`` (n_snapshots, 9): min, -1.5s,
        -1s, -0.5s, mean, +0.5s, +1s, +1.5s, max; ``edges`` (bins + 1,) shared
        by all snapshots and ``counts`` (n_snapshots, bins), each snapshot's
        histogram re-binned onto them (each row sums to ``size``); ``size``
        (n_snapshots,); ``layer`` (name), ``activation``, ``quantity``.
    """
    require_run(run, "distribution_data")
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity must be one of {QUANTITIES}; got {quantity!r}.")
    layer = integer(layer, "layer")  # NumPy integers too (a run's own)
    if bins is not None:
        bins = integer(bins, "bins", minimum=1)
    layers = run.config["network"]["layers"]
    if not -len(layers) <= layer < len(layers):
        raise IndexError(
            f"layer {layer} does not exist; the network has {len(layers)} layers "
            f"(0 to {len(layers) - 1})."
        )
    index = layer % len(layers)
    epochs, snapshots = run_snapshots(run)
    stats = [snap.layers[index].stats.get(quantity) for snap in snapshots]
    if any(s is None for s in stats):
        raise ValueError(
            f"the run has no {quantity!r} statistics for layer {index}; "
            "activations need a probe batch."
        )
    if bins is None:
        bins = run.config.get("recorder", {}).get("histogram_bins", 30)
    low = min(float(s["edges"][0]) for s in stats)
    high = max(float(s["edges"][-1]) for s in stats)
    edges = np.linspace(low, high, bins + 1)
    counts = np.array([rebin(s["hist"], s["edges"], edges) for s in stats])
    return {
        "epochs": epochs,
        "bands": np.array([s["bands"] for s in stats], dtype=float),
        "edges": edges,
        "counts": counts,
        "size": np.array([s["size"] for s in stats]),
        "layer": layers[index]["name"],
        "activation": layers[index]["activation"],
        "quantity": quantity,
    }


def plot_distributions(
    run, *, layer=0, quantity="weights", kind="bands", ax=None, color=None, lang=None
):
    """How one layer's weights (or gradients, updates, activations) spread
    over training.

    Parameters
    ----------
    run : Run
    layer : int
        Layer index (negative counts from the output).
    quantity : {"weights", "bias", "grad_weights", "grad_bias", "update_weights",
        "update_bias", "activation"}
    kind : {"bands", "heatmap", "ridge"}
        ``"bands"``: TensorBoard-style bands (min-max, +-1.5, +-1, +-0.5 std,
        darker toward the middle) and the mean; ``"heatmap"``: the histogram
        of each snapshot as one row of an image; ``"ridge"``: each snapshot's
        histogram as an outline, offset by epoch.
    color : colour, optional
        Of the bands (default the Playground blue).
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}; got {kind!r}.")
    from matplotlib.colors import to_rgb

    text = _common.words(_TEXT, lang)
    data = distribution_data(run, layer=layer, quantity=quantity)
    ax = _common.get_ax(ax, figsize=(6, 4))
    color = color or _common.POSITIVE
    x = data["epochs"] + 1  # epochs counted from 1 on the axis
    what = text[quantity]
    if kind == "bands":
        bands = data["bands"]
        alphas = (0.15, 0.25, 0.35, 0.5)
        for k, alpha in enumerate(alphas):
            ax.fill_between(
                x,
                bands[:, k],
                bands[:, 8 - k],
                color=color,
                alpha=alpha,
                linewidth=0,
                gid=f"band-{k}",
            )
        dark = tuple(0.5 * c for c in to_rgb(color))  # the mean, over the bands
        ax.plot(
            x, bands[:, 4], color=dark, linewidth=1.5, label=text["mean"], gid="mean"
        )
        ax.set_xlabel(text["epoch"])
        ax.set_ylabel(what)
        _band_legend(ax, color, alphas, text)
    elif kind == "heatmap":
        _draw_heatmap(ax, data, text)
        ax.set_xlabel(what)
    else:
        _draw_ridge(ax, data, color, text)
        ax.set_xlabel(what)
    ax.set_title(
        text["title"].format(
            layer=data["layer"], activation=data["activation"], what=what
        )
    )
    return ax


def _band_legend(ax, color, alphas, text):
    from matplotlib.patches import Patch

    # the bands are stacked: the middle one shows all layers' opacity combined
    stacked = 1 - np.cumprod(1 - np.asarray(alphas))
    handles = [
        Patch(color=color, alpha=float(stacked[k]), linewidth=0, label=label)
        for k, label in (
            (0, text["range"]),
            (1, text["std"].format(k=1.5)),
            (2, text["std"].format(k=1)),
            (3, text["std"].format(k=0.5)),
        )
    ]
    legend_below(ax, [ax.get_lines()[-1], *handles])


def _epoch_ticks(ax, epochs, positions, text):
    """At most ~8 epoch labels on the y axis (epochs counted from 1)."""
    step = max(1, int(np.ceil(len(epochs) / 8)))
    ax.set_yticks(positions[::step])
    ax.set_yticklabels([str(e + 1) for e in epochs[::step]])
    ax.set_ylabel(text["rows"])


def _draw_heatmap(ax, data, text):
    from matplotlib.colors import LinearSegmentedColormap, PowerNorm

    counts, edges = data["counts"], data["edges"]
    cmap = LinearSegmentedColormap.from_list(
        "neuroglass_counts", ["#ffffff", _common.POSITIVE, "#08306b"]
    )
    n = len(counts)
    ax.imshow(
        counts,
        aspect="auto",
        interpolation="nearest",
        cmap=cmap,
        norm=PowerNorm(0.5, vmin=0, vmax=max(float(counts.max()), 1.0)),
        extent=(edges[0], edges[-1], n - 0.5, -0.5),
        gid="histograms",
    )
    _epoch_ticks(ax, data["epochs"], np.arange(n), text)


def _draw_ridge(ax, data, color, text):
    from matplotlib.colors import LinearSegmentedColormap, to_rgba

    counts, edges, epochs = data["counts"], data["edges"], data["epochs"]
    centers = (edges[:-1] + edges[1:]) / 2
    n = len(counts)
    # each row peaks 1.6 rows high, so neighbours overlap a little
    heights = counts / np.maximum(counts.max(axis=1, keepdims=True), 1e-300) * 1.6
    shades = LinearSegmentedColormap.from_list("ridge", ["#9ecae1", to_rgba(color)])
    for i in range(n):  # the y axis points down: later epochs lower and in front
        line_color = shades(i / max(n - 1, 1))
        top = i - heights[i]
        ax.fill_between(
            centers, i, top, color="white", alpha=0.9, zorder=2 * i + 1, linewidth=0
        )
        ax.plot(
            centers,
            top,
            color=line_color,
            linewidth=1.2,
            zorder=2 * i + 2,
            gid=f"ridge-{i}",
        )
    ax.set_ylim(n - 0.5, -2.0)
    ax.set_xlim(edges[0], edges[-1])
    _epoch_ticks(ax, epochs, np.arange(n), text)
