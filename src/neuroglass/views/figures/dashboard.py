"""One figure with the main panels of a run, for a quick look."""

from __future__ import annotations

import numpy as np

from ..lang import resolve_lang
from . import _common
from .activation_map import plot_activations
from .boundary import plot_decision_boundary
from .history import plot_history
from .layer_graph import plot_layer_graph
from .network import plot_network
from .training import plot_distributions, plot_gradient_flow, plot_update_ratios

_TEXT = {
    "en": {
        "none": "no unit statistics recorded\n(record with a probe batch)",
        "active": "active",
        "saturated": "saturated",
        "unit": "unit (channel)",
        "units_title": (
            "units on the probe batch, epoch {epoch}\n"
            "(share of samples active or saturated; a dead unit is 0)"
        ),
        "title": "{name}: {status}; {diagnostics}",
        "fine": "no problems found",
        "sep": ", ",
        "running": "running",
        "finished": "finished",
        "stopped": "stopped",
        "interrupted": "interrupted",
        "diverged": "diverged",
    },
    "zh": {
        "none": "没有记录单元的统计量\n（记录时请给出探测批量）",
        "active": "激活",
        "saturated": "饱和",
        "unit": "单元（通道）",
        "units_title": (
            "探测批量上的各单元，第{epoch}轮\n（激活或饱和的样本比例；死亡单元为0）"
        ),
        "title": "{name}：{status}；{diagnostics}",
        "fine": "未发现问题",
        "sep": "、",
        "running": "训练中",
        "finished": "已完成",
        "stopped": "已停止",
        "interrupted": "已中断",
        "diverged": "已发散",
    },
}


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


def plot_unit_activity(run, *, epoch=None, ax=None, lang=None):
    """Each unit's share of the probe batch on which it was active (a dead
    ReLU: 0) or saturated, one row per layer: what a run keeps of the
    activations of a model whose units are channels (see
    :func:`unit_activity_data`). ``lang``: the language of the words
    (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    text = _common.words(_TEXT, lang)
    ax = _common.get_ax(ax)
    data = unit_activity_data(run, epoch)
    rows = data["layers"]
    if not rows:
        ax.text(
            0.5,
            0.5,
            text["none"],
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
        [
            f"{row['name']} ({row['activation']}): {text[row['quantity']]}"
            for row in rows
        ],
        fontsize=7,
    )
    ax.set_xlabel(text["unit"])
    ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    ax.set_title(text["units_title"].format(epoch=data["epoch"] + 1), fontsize=9)
    return ax


def plot_dashboard(run, *, data=None, fig=None, lang=None):
    """Loss, network, gradient flow, update ratios, weight distributions, and
    the decision boundary (2-input networks) or the probe activations. A
    recorded PyTorch model that is not MLP-shaped shows its layer graph and
    its units' activity on the probe batch instead.

    The boundary panel shows the classes: the run's kept training sample
    coloured by its labels (``data`` if given), else the probe batch coloured
    by the class the network predicts, with a key naming each class.

    Parameters
    ----------
    run : Run
    data : (X, y), optional
        Points for the decision boundary (default: the run's training sample,
        else its probe batch).
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

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
    text = _common.words(_TEXT, lang)
    if fig is None:
        fig = plt.figure(figsize=(15, 8.5))
    grid = fig.add_gridspec(2, 3, hspace=0.4, wspace=0.3)
    # a recorded PyTorch model that is no ng.Network: its layer graph
    net = run.network() if getattr(run, "is_network", True) else None
    plot_history(run, ax=fig.add_subplot(grid[0, 0]), log=True, lang=lang)
    if net is not None:
        plot_network(net, ax=fig.add_subplot(grid[0, 1]), legend=False, lang=lang)
    else:
        plot_layer_graph(
            run, ax=fig.add_subplot(grid[0, 1]), max_boxes=14, compact=True, lang=lang
        )
    _corner(run, net, fig.add_subplot(grid[0, 2]), data, lang)
    bottom = [fig.add_subplot(grid[1, k]) for k in range(3)]
    plot_gradient_flow(run, ax=bottom[0], lang=lang)
    plot_update_ratios(run, ax=bottom[1], lang=lang)
    plot_distributions(run, ax=bottom[2], lang=lang)
    for ax in bottom:  # compact legends inside the panels, titles like the others
        legend = ax.get_legend()
        if legend is not None:
            handles = legend.legend_handles
            labels = [t.get_text() for t in legend.get_texts()]
            legend.remove()
            ax.legend(handles, labels, fontsize=6, loc="best", ncol=2, framealpha=0.8)
        ax.title.set_fontsize(10)
    status = text.get(run.status, run.status)
    # each finding by its rule's name: the id in English, the recorder's
    # Chinese name in Chinese
    names = [d.text(resolve_lang(lang)).name for d in run.diagnostics()]
    diagnostics = text["sep"].join(names) or text["fine"]
    fig.suptitle(
        text["title"].format(name=run.name, status=status, diagnostics=diagnostics),
        fontsize=12,
    )
    return fig


def _corner(run, net, ax, data, lang):
    """The top right panel: the decision boundary with the classes (a
    2-input network), the probe activations, or a PyTorch model's units."""
    if net is None:
        plot_unit_activity(run, ax=ax, lang=lang)
    elif net.n_inputs == 2:
        X, y, predicted = _boundary_points(run, net, data)
        plot_decision_boundary(
            net, X, y, ax=ax, resolution=100, predicted=predicted, lang=lang
        )
    else:
        try:
            plot_activations(run, ax=ax, lang=lang)
        except ValueError:
            ax.axis("off")


def _boundary_points(run, net, data):
    """The points of the boundary panel and their classes: ``data``, the
    run's training sample with its labels, or the probe batch with the
    network's predictions (then ``predicted`` is True)."""
    if data is not None:
        return data[0], data[1], False
    sample = run.data_sample()
    if sample is not None:
        _, inputs, targets = sample
        targets = np.asarray(targets, dtype=float).reshape(len(inputs), -1)
        if not net.is_classifier:  # a regression: its targets' colours
            return inputs, targets[:, 0], False
        labels = targets[:, 0] if targets.shape[1] == 1 else targets.argmax(axis=1)
        return inputs, np.rint(labels).astype(int), False
    X = run.probe()
    if X is None or not net.is_classifier:
        return X, None, False
    return X, net.predict_classes(X), True
