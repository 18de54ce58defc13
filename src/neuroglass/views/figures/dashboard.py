"""One figure with the main panels of a run, for a quick look."""

from __future__ import annotations

from . import _common
from .activation_map import plot_activations
from .boundary import plot_decision_boundary
from .history import plot_history
from .network import plot_network
from .training import plot_distributions, plot_gradient_flow, plot_update_ratios


def plot_layer_list(run, *, ax=None, limit=14):
    """The recorded layers of a run as text: name, type, sizes, activation,
    weight shape (for a recorded PyTorch model that is no ``ng.Network``)."""
    ax = _common.get_ax(ax)
    layers = run.config["network"]["layers"]
    lines = [
        f"{cfg['name']}: {cfg.get('type', 'Dense')} {cfg['n_in']} -> {cfg['n_out']}"
        f"{'' if cfg['activation'] == 'identity' else ', ' + cfg['activation']}"
        f"  {tuple(cfg['weight_shape']) if cfg.get('weight_shape') else ''}"
        for cfg in layers[:limit]
    ]
    if len(layers) > limit:
        lines.append(f"... and {len(layers) - limit} more layers")
    n_params = run.config["network"].get("n_params")
    title = "layers" + (f" ({n_params:,} parameters)" if n_params else "")
    ax.text(
        0.02,
        0.98,
        "\n".join(lines),
        va="top",
        ha="left",
        family="monospace",
        fontsize=8,
        transform=ax.transAxes,
    )
    ax.set_title(title)
    ax.axis("off")
    return ax


def plot_dashboard(run, *, data=None, fig=None):
    """Loss, network, gradient flow, update ratios, weight distributions, and
    the decision boundary (2-input networks) or the probe activations.

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
    # a recorded PyTorch model that is no ng.Network: its layers, listed
    net = run.network() if getattr(run, "is_network", True) else None
    plot_history(run, ax=fig.add_subplot(grid[0, 0]), log=True)
    if net is not None:
        plot_network(net, ax=fig.add_subplot(grid[0, 1]), legend=False)
    else:
        plot_layer_list(run, ax=fig.add_subplot(grid[0, 1]))
    corner = fig.add_subplot(grid[0, 2])
    if net is not None and net.n_inputs == 2:
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
