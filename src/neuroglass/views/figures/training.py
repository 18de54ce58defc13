"""How a recorded run's insides evolved: distributions of weights and gradients,
gradient flow per layer, update-to-weight ratios."""

from __future__ import annotations

import numpy as np

from . import _common

QUANTITIES = (
    "weights",
    "bias",
    "grad_weights",
    "grad_bias",
    "update_weights",
    "update_bias",
    "activation",
)


def _require_run(source, what):
    if not _common.is_run(source):
        raise TypeError(
            f"{what} shows a recorded run over time: pass ng.open_run(path); got "
            f"{type(source).__name__}. Record one with callbacks=[ng.Recorder(path)]."
        )


def _snapshots(run):
    epochs = [int(e) for e in run.snapshot_epochs]
    if not epochs:
        raise ValueError(f"{run.path!r} has no snapshots yet.")
    return epochs, [run.snapshot(e) for e in epochs]


def distribution_data(run, *, layer=0, quantity="weights") -> dict:
    """Per snapshot: ``epochs``, ``bands`` (n, 9: min, -1.5s, -1s, -0.5s, mean,
    +0.5s, +1s, +1.5s, max), and histograms re-binned onto common ``edges``
    (``counts``: n x bins)."""
    _require_run(run, "distributions")
    if quantity not in QUANTITIES:
        raise ValueError(
            f"quantity must be one of {', '.join(QUANTITIES)}; got {quantity!r}."
        )
    epochs, snaps = _snapshots(run)
    n_layers = len(snaps[0].layers)
    if not 0 <= layer < n_layers:
        raise ValueError(f"layer must be 0..{n_layers - 1}; got {layer!r}.")
    stats = [s.layers[layer].stats.get(quantity) for s in snaps]
    if any(st is None for st in stats):
        raise ValueError(f"this run has no {quantity!r} statistics for layer {layer}.")
    bands = np.array([st["bands"] for st in stats], dtype=float)
    low, high = float(bands[:, 0].min()), float(bands[:, -1].max())
    bins = len(stats[0]["hist"])
    edges = np.linspace(low, high if high > low else low + 1, bins + 1)
    counts = np.zeros((len(stats), bins))
    for k, st in enumerate(stats):
        centres = (st["edges"][:-1] + st["edges"][1:]) / 2
        counts[k] = np.histogram(centres, bins=edges, weights=st["hist"])[0]
    return {
        "epochs": np.array(epochs),
        "bands": bands,
        "edges": edges,
        "counts": counts,
        "layer_name": snaps[0].layers[layer].name,
    }


def plot_distributions(run, *, layer=0, quantity="weights", kind="bands", ax=None):
    """A layer's weights (or biases, gradients, updates, activations) over
    training: TensorBoard-style bands (``kind="bands"``), a histogram heat map
    (``"heatmap"``) or stacked histogram outlines (``"ridge"``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if kind not in ("bands", "heatmap", "ridge"):
        raise ValueError(f"kind must be 'bands', 'heatmap' or 'ridge'; got {kind!r}.")
    data = distribution_data(run, layer=layer, quantity=quantity)
    ax = _common.get_ax(ax, figsize=(6, 3.8))
    x = data["epochs"] + 1
    b = data["bands"]
    if kind == "bands":
        for (lo, hi), alpha in zip(
            ((0, 8), (1, 7), (2, 6), (3, 5)), (0.15, 0.25, 0.35, 0.45)
        ):
            ax.fill_between(
                x,
                b[:, lo],
                b[:, hi],
                color=_common.POSITIVE,
                alpha=alpha,
                lw=0,
                gid=f"band:{lo}-{hi}",
            )
        ax.plot(x, b[:, 4], color="#0b3c5d", lw=1.2, label="mean", gid="mean")
        ax.set_ylabel(quantity)
        ax.legend(fontsize=8, loc="best")
    elif kind == "heatmap":
        image = ax.imshow(
            data["counts"].T,
            origin="lower",
            aspect="auto",
            cmap="Blues",
            extent=(x[0] - 0.5, x[-1] + 0.5, data["edges"][0], data["edges"][-1]),
        )
        image.set_gid("heatmap")
        ax.set_ylabel(quantity)
    else:
        centres = (data["edges"][:-1] + data["edges"][1:]) / 2
        peak = data["counts"].max() or 1
        step = max(1, len(x) // 25)
        for k in range(0, len(x), step):
            offset = k / step
            ax.plot(
                centres,
                offset + 2.5 * data["counts"][k] / peak,
                color="#333333",
                lw=0.7,
            )
        ax.set_xlabel(quantity)
        ax.set_ylabel("snapshot (earlier at the bottom)")
        ax.set_yticks([])
    if kind != "ridge":
        ax.set_xlabel("epoch")
    ax.set_title(f"{data['layer_name']}: {quantity} over training", fontsize=10)
    return ax


def gradient_flow_data(run) -> dict:
    """Per snapshot and layer: RMS of dW (norm / sqrt(size)) and, where the run
    keeps full arrays, max |dW|."""
    _require_run(run, "gradient flow")
    epochs, snaps = _snapshots(run)
    layers = run.config["network"]["layers"]
    sizes = np.array([cfg["n_in"] * cfg["n_out"] for cfg in layers], dtype=float)
    rms = np.array(
        [[s.layers[i].norms["grad_weights"] for i in range(len(layers))] for s in snaps]
    ) / np.sqrt(sizes)
    maxes = None
    if snaps[0].layers[0].grad_weights is not None:
        maxes = np.array(
            [[np.abs(layer.grad_weights).max() for layer in s.layers] for s in snaps]
        )
    return {
        "epochs": np.array(epochs),
        "rms": rms,
        "max": maxes,
        "names": [cfg["name"] for cfg in layers],
    }


def plot_gradient_flow(run, *, ax=None, log=True):
    """Gradient size per layer over training (solid: RMS, dashed: max): layers
    whose curves sink far below the others have vanishing gradients.

    Returns
    -------
    matplotlib.axes.Axes
    """
    data = gradient_flow_data(run)
    ax = _common.get_ax(ax, figsize=(6, 3.8))
    x = data["epochs"] + 1
    for i, name in enumerate(data["names"]):
        colour = _common.CLASS_COLORS[i % len(_common.CLASS_COLORS)]
        ax.plot(
            x,
            data["rms"][:, i],
            color=colour,
            lw=1.5,
            label=f"{name} RMS",
            gid=f"rms:{i}",
        )
        if data["max"] is not None:
            ax.plot(x, data["max"][:, i], color=colour, lw=0.8, ls="--", gid=f"max:{i}")
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("|dW| (RMS; dashed: max)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    ax.set_title("gradient flow per layer", fontsize=10)
    return ax


def update_ratio_data(run) -> dict:
    """Per snapshot and layer: log10(||update of W|| / ||W||)."""
    _require_run(run, "update ratios")
    epochs, snaps = _snapshots(run)
    with np.errstate(divide="ignore"):
        ratios = np.array([[layer.update_ratio for layer in s.layers] for s in snaps])
        logs = np.log10(ratios)
    return {
        "epochs": np.array(epochs),
        "log10_ratio": logs,
        "names": [layer.name for layer in snaps[0].layers],
    }


def plot_update_ratios(run, *, ax=None):
    """log10(||dW|| / ||W||) per layer over training, with the ~1e-3 rule of
    thumb and the recorder's too-high / too-low zones shaded.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ...recorder.diagnostics import UPDATE_RATIO_HIGH, UPDATE_RATIO_LOW

    data = update_ratio_data(run)
    ax = _common.get_ax(ax, figsize=(6, 3.8))
    x = data["epochs"] + 1
    for i, name in enumerate(data["names"]):
        ax.plot(
            x,
            data["log10_ratio"][:, i],
            lw=1.5,
            label=name,
            gid=f"ratio:{i}",
            color=_common.CLASS_COLORS[i % len(_common.CLASS_COLORS)],
        )
    ax.axhline(-3, color="black", ls=":", lw=1, gid="reference")
    ax.text(x[0], -3, " 1e-3, a healthy step", va="bottom", fontsize=7)
    finite = data["log10_ratio"][np.isfinite(data["log10_ratio"])]
    top = max(0.5, float(finite.max()) + 0.5) if finite.size else 0.5
    bottom = min(-7, float(finite.min()) - 0.5) if finite.size else -7
    ax.axhspan(
        np.log10(UPDATE_RATIO_HIGH),
        top,
        color=_common.NEGATIVE,
        alpha=0.12,
        gid="too-high",
    )
    ax.axhspan(
        bottom,
        np.log10(UPDATE_RATIO_LOW),
        color=_common.POSITIVE,
        alpha=0.12,
        gid="too-low",
    )
    ax.set_ylim(bottom, top)
    ax.set_xlabel("epoch")
    ax.set_ylabel("log10 ||update|| / ||W||")
    ax.legend(fontsize=8, loc="best")
    ax.set_title("update-to-weight ratio per layer", fontsize=10)
    return ax
