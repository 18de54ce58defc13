"""Inside a recorded run over time: distributions, gradient flow, update ratios.

Each figure has a pure function that computes its numbers (``distribution_data``,
``gradient_flow_data``, ``update_ratio_data``); the playground uses the same
functions, so the browser and the figure agree.
"""

from __future__ import annotations

import numpy as np

from ...engine.validation import integer
from ...recorder import diagnostics as _rules
from ...recorder import schema as _schema
from . import _common

QUANTITIES = _schema.QUANTITIES
_KINDS = ("bands", "heatmap", "ridge")


def _require_run(source, what):
    if not _common.is_run(source):
        raise TypeError(
            f"{what} reads a recorded run; got {type(source).__name__}. Record the "
            "fit with callbacks=[ng.Recorder(path)] and pass ng.open_run(path)."
        )


def _snapshots(run):
    epochs = run.snapshot_epochs
    if not len(epochs):
        raise ValueError(
            f"the run {run.path!r} has no snapshots yet; train at least one epoch "
            "with the Recorder attached."
        )
    return epochs, [run.snapshot(int(epoch)) for epoch in epochs]


def _layer_colors(n):
    """One colour per layer, ordered by depth (input side dark, output light)."""
    from matplotlib import colormaps

    return [colormaps["viridis"](v) for v in np.linspace(0.0, 0.8, max(n, 1))][:n]


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
    _require_run(run, "distribution_data")
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
    epochs, snapshots = _snapshots(run)
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
    run, *, layer=0, quantity="weights", kind="bands", ax=None, color=None
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

    Returns
    -------
    matplotlib.axes.Axes
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}; got {kind!r}.")
    from matplotlib.colors import to_rgb

    data = distribution_data(run, layer=layer, quantity=quantity)
    ax = _common.get_ax(ax, figsize=(6, 4))
    color = color or _common.POSITIVE
    x = data["epochs"] + 1  # epochs counted from 1 on the axis
    what = quantity.replace("_", " ")
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
        ax.plot(x, bands[:, 4], color=dark, linewidth=1.5, label="mean", gid="mean")
        ax.set_xlabel("epoch")
        ax.set_ylabel(what)
        _band_legend(ax, color, alphas)
    elif kind == "heatmap":
        _draw_heatmap(ax, data)
        ax.set_xlabel(what)
    else:
        _draw_ridge(ax, data, color)
        ax.set_xlabel(what)
    ax.set_title(f"{data['layer']} ({data['activation']}): {what}")
    return ax


def _band_legend(ax, color, alphas):
    from matplotlib.patches import Patch

    # the bands are stacked: the middle one shows all layers' opacity combined
    stacked = 1 - np.cumprod(1 - np.asarray(alphas))
    handles = [
        Patch(color=color, alpha=float(stacked[k]), linewidth=0, label=label)
        for k, label in (
            (0, "min-max"),
            (1, "±1.5 std"),
            (2, "±1 std"),
            (3, "±0.5 std"),
        )
    ]
    _legend_below(ax, [ax.get_lines()[-1], *handles])


def _legend_below(ax, handles, offset=-0.16):
    """The legend under the x axis label, so it never hides a curve."""
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, offset),
        ncol=min(len(handles), 5),
        fontsize="small",
        frameon=False,
    )


def _epoch_ticks(ax, epochs, positions):
    """At most ~8 epoch labels on the y axis (epochs counted from 1)."""
    step = max(1, int(np.ceil(len(epochs) / 8)))
    ax.set_yticks(positions[::step])
    ax.set_yticklabels([str(e + 1) for e in epochs[::step]])
    ax.set_ylabel("epoch (a row per snapshot)")


def _draw_heatmap(ax, data):
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
    _epoch_ticks(ax, data["epochs"], np.arange(n))


def _draw_ridge(ax, data, color):
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
    _epoch_ticks(ax, epochs, np.arange(n))


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
    _require_run(run, "gradient_flow_data")
    layers = run.config["network"]["layers"]
    epochs, snapshots = _snapshots(run)
    size = np.array([cfg["n_in"] * cfg["n_out"] for cfg in layers], dtype=float)
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
        "rms": norm / np.sqrt(size),
        "max": biggest,
    }


def _max_abs(layer_snapshot, quantity):
    array = getattr(layer_snapshot, quantity)
    if array is not None:
        return float(np.max(np.abs(array)))
    stats = layer_snapshot.stats.get(quantity)
    return max(abs(stats["min"]), abs(stats["max"])) if stats else np.nan


def plot_gradient_flow(run, *, ax=None, log=True):
    """Gradient size per layer over training: vanishing or exploding gradients.

    Solid lines: the RMS gradient entry ||dL/dW|| / sqrt(n_weights) of each
    layer; dashed: the largest |dL/dW|. Layers whose lines sit orders of
    magnitude below the others learn orders of magnitude more slowly.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.lines import Line2D

    data = gradient_flow_data(run)
    ax = _common.get_ax(ax, figsize=(6, 4))
    x = data["epochs"] + 1
    colors = _layer_colors(len(data["layers"]))
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
        Line2D([], [], color="#555555", linewidth=1.8, label="RMS |grad|"),
        Line2D(
            [], [], color="#555555", linewidth=1.0, linestyle="--", label="max |grad|"
        ),
    ]
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("|dL/dW|")
    ax.set_title("Gradient flow per layer")
    _legend_below(ax, handles)
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
    _require_run(run, "update_ratio_data")
    epochs, snapshots = _snapshots(run)
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


def plot_update_ratios(run, *, ax=None):
    """How big each step is next to the weights: log10(||dW|| / ||W||).

    Around -3 (a thousandth) is the rule of thumb; above the shaded
    ``UPDATE_RATIO_HIGH`` the learning rate is likely too high, below
    ``UPDATE_RATIO_LOW`` too low (the thresholds the run's diagnostics use).

    Returns
    -------
    matplotlib.axes.Axes
    """
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
    for x_text, y, text, ha, va in (
        (0.99, top, f"too high: above 1e{data['high']:.0f}", "right", "top"),
        (0.99, bottom, f"too low: below 1e{data['low']:.0f}", "right", "bottom"),
        (1.01, -3, "1e-3", "left", "center"),
    ):
        ax.text(
            x_text,
            y,
            text,
            transform=transform,
            ha=ha,
            va=va,
            fontsize="small",
            color="#444444",
        )
    handles = []
    for i, (name, color) in enumerate(
        zip(data["layers"], _layer_colors(len(data["layers"])))
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
    ax.set_xlabel("epoch")
    ax.set_ylabel("log10(||ΔW|| / ||W||)")
    ax.set_title("Update size relative to the weights (rule of thumb: 1e-3)")
    _legend_below(ax, handles)
    return ax
