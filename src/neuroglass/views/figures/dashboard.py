"""One figure with the main panels of a run, for a quick look."""

from __future__ import annotations

import numpy as np

from . import _common
from .activation_map import plot_activations
from .boundary import plot_decision_boundary
from .history import plot_history
from .layer_graph import plot_layer_graph
from .network import plot_network
from .training import plot_distributions, plot_gradient_flow, plot_update_ratios


def unit_activity_data(run, epoch=None) -> dict:
    """Per layer, the fraction of the probe batch on which each unit (a
    channel of a convolution) was active (ReLU-like) or saturated (tanh,
    sigmoid), as the snapshot ``epoch`` (default the last) recorded it: the
    numbers the dead-unit and saturation diagnostics read.

    Returns ``{"epoch", "layers": [{"name", "activation", "quantity":
    "active" | "saturated", "values": (n_units,)}]}``; layers with neither
    (an identity output) are left out.
    """
    snap = run.snapshot(epoch)
    layers = []
    for layer in snap.layers:
        units = layer.units or {}
        for quantity in ("active", "saturated"):
            values = units.get(quantity)
            if values is not None:
                layers.append(
                    {
                        "name": layer.name,
                        "activation": layer.activation_name,
                        "quantity": quantity,
                        "values": np.asarray(values, dtype=float),
                    }
                )
    return {"epoch": snap.epoch, "layers": layers}


def plot_unit_activity(run, *, epoch=None, ax=None):
    """Each unit's share of the probe batch on which it was active (a dead
    ReLU: 0) or saturated, one row per layer: what a run keeps of the
    activations of a model whose units are channels (see
    :func:`unit_activity_data`).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _common.get_ax(ax)
    data = unit_activity_data(run, epoch)
    rows = data["layers"]
    if not rows:
        ax.text(
            0.5,
            0.5,
            "no unit statistics recorded\n(record with a probe batch)",
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontsize=9,
        )
        ax.axis("off")
        return ax
    width = max(len(row["values"]) for row in rows)
    grid = np.full((len(rows), width), np.nan)
    for i, row in enumerate(rows):
        grid[i, : len(row["values"])] = row["values"]
    image = ax.imshow(grid, aspect="auto", cmap="viridis", vmin=0, vmax=1)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(
        [f"{row['name']} ({row['activation']}): {row['quantity']}" for row in rows],
        fontsize=7,
    )
    ax.set_xlabel("unit (channel)")
    ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    ax.set_title(
        f"units on the probe batch, epoch {data['epoch'] + 1}\n"
        "(share of samples active or saturated; a dead unit is 0)",
        fontsize=9,
    )
    return ax


def plot_dashboard(run, *, data=None, fig=None):
    """Loss, network, gradient flow, update ratios, weight distributions, and
    the decision boundary (2-input networks) or the probe activations. A
    recorded PyTorch model that is not MLP-shaped shows its layer graph and
    its units' activity on the probe batch instead.

    Parameters
    ----------
    run : Run
    data : (X, y), optional
        Points for the decision boundary (default: the run's probe batch).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    if not _common.is_run(run):
        raise TypeError(
            f"dashboard shows a recorded run: pass ng.open_run(path); got "
            f"{type(run).__name__}."
        )
    if fig is None:
        fig = plt.figure(figsize=(15, 8.5))
    grid = fig.add_gridspec(2, 3, hspace=0.4, wspace=0.3)
    # a recorded PyTorch model that is no ng.Network: its layer graph
    net = run.network() if getattr(run, "is_network", True) else None
    plot_history(run, ax=fig.add_subplot(grid[0, 0]), log=True)
    if net is not None:
        plot_network(net, ax=fig.add_subplot(grid[0, 1]), legend=False)
    else:
        plot_layer_graph(
            run, ax=fig.add_subplot(grid[0, 1]), max_boxes=14, compact=True
        )
    corner = fig.add_subplot(grid[0, 2])
    if net is None:
        plot_unit_activity(run, ax=corner)
    elif net.n_inputs == 2:
        X, y = data if data is not None else (run.probe(), None)
        plot_decision_boundary(net, X, y, ax=corner, resolution=100)
    else:
        try:
            plot_activations(run, ax=corner)
        except ValueError:
            corner.axis("off")
    bottom = [fig.add_subplot(grid[1, k]) for k in range(3)]
    plot_gradient_flow(run, ax=bottom[0])
    plot_update_ratios(run, ax=bottom[1])
    plot_distributions(run, ax=bottom[2])
    for ax in bottom:  # compact legends inside the panels, titles like the others
        legend = ax.get_legend()
        if legend is not None:
            handles = legend.legend_handles
            labels = [t.get_text() for t in legend.get_texts()]
            legend.remove()
            ax.legend(handles, labels, fontsize=6, loc="best", ncol=2, framealpha=0.8)
        ax.title.set_fontsize(10)
    status = run.status
    diagnostics = ", ".join(d.rule for d in run.diagnostics()) or "no problems found"
    fig.suptitle(f"{run.name}: {status}; {diagnostics}", fontsize=12)
    return fig
