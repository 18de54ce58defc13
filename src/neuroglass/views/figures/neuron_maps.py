"""Every neuron's output over the input plane, arranged like the network:
TensorFlow Playground's thumbnails as a figure, with a colour bar giving their
range and a key naming the classes' colours."""

from __future__ import annotations

from . import _common
from ._plane import PLAYGROUND_DOMAIN, neuron_grids

_TEXT = {
    "en": {
        "title": "what each neuron computes over the input plane",
        "input": "input",
        "more": "+{n} more",
        "plane": (
            "each square: the input plane, x1 \u2192 and x2 \u2191 "
            "from {low:g} to {high:g}"
        ),
        "value": "neuron's value (inputs, tanh, relu: -1 to +1)",
        "probability": "sigmoid, softmax: 0 to 1",
        "class": "class {k}",
    },
    "zh": {
        "title": "每个神经元在输入平面上的输出",
        "input": "输入",
        "more": "另有{n}个",
        "plane": "每个小方块都是输入平面：x1向右、x2向上，从{low:g}到{high:g}",
        "value": "神经元的值（输入、tanh、relu：-1到+1）",
        "probability": "sigmoid、softmax：0到1",
        "class": "类别{k}",
    },
}


def plot_neuron_maps(
    source,
    *,
    fig=None,
    resolution=40,
    xlim=PLAYGROUND_DOMAIN,
    ylim=PLAYGROUND_DOMAIN,
    epoch=None,
    max_neurons=8,
    lang=None,
):
    """A grid of every neuron's output over the input plane, arranged like the
    network (inputs on the left, one column per layer): TensorFlow Playground's
    thumbnails as a figure. Values map orange (-1) -> grey -> blue (+1);
    sigmoid and softmax outputs, which are probabilities, orange (0) -> grey
    (0.5) -> blue (1), the colours of the decision boundary
    (:func:`_common.unit_colours`). A colour bar gives both ranges; the inputs
    are labelled x1, x2; a classifier's output gets a key of its classes.

    Returns the matplotlib Figure (one small Axes per neuron, gid
    ``"neuron:<column>:<k>"``, and the colour bar's).
    """
    import matplotlib.pyplot as plt

    text = _common.words(_TEXT, lang)
    net = _common.network_of(source, epoch)
    columns = neuron_grids(net, xlim=xlim, ylim=ylim, resolution=resolution, epoch=None)
    rows = min(max(c.shape[0] for c in columns), max_neurons)
    if fig is None:
        fig = plt.figure(figsize=(1.5 * len(columns) + 2.3, 1.4 * rows + 1.3))
    grid = fig.add_gridspec(
        rows, len(columns), hspace=0.35, wspace=0.25, right=0.78, bottom=0.14
    )
    names = [text["input"], *(layer.name for layer in net.layers)]
    acts = [None, *(layer.activation_name for layer in net.layers)]
    extent = max(abs(xlim[0]), abs(xlim[1]), abs(ylim[0]), abs(ylim[1]))
    for c, maps in enumerate(columns):
        for k in range(min(maps.shape[0], rows)):
            ax = fig.add_subplot(grid[k, c], gid=f"neuron:{c}:{k}")
            values = maps[k] / extent if c == 0 else maps[k]
            ax.imshow(
                values,
                origin="lower",
                cmap=_common.unit_cmap(),
                norm=_common.unit_norm(acts[c]),
                extent=(*xlim, *ylim),
                interpolation="bilinear",
            )
            ax.set_xticks([])
            ax.set_yticks([])
            if c == 0:
                ax.set_ylabel(f"x{k + 1}", fontsize=9, rotation=0, labelpad=10)
            elif c == len(columns) - 1 and net.is_classifier and maps.shape[0] > 1:
                # a softmax output: neuron k is class k's probability
                ax.yaxis.set_label_position("right")
                ax.set_ylabel(text["class"].format(k=k), fontsize=8)
            if k == 0:
                ax.set_title(f"{names[c]}\n{acts[c] or ''}".strip(), fontsize=8)
        if maps.shape[0] > rows:
            ax.text(
                0.5,
                -0.12,
                text["more"].format(n=maps.shape[0] - rows),
                ha="center",
                va="top",
                fontsize=7,
                transform=ax.transAxes,
            )
    _colour_bar(fig, text, any(a in _common.PROBABILITIES for a in acts))
    if net.is_classifier and net.n_outputs == 1:
        _class_key(fig, text)
    low, high = min(xlim[0], ylim[0]), max(xlim[1], ylim[1])
    fig.text(0.02, 0.02, text["plane"].format(low=low, high=high), fontsize=8)
    fig.suptitle(text["title"], fontsize=10)
    return fig


def _colour_bar(fig, text, has_probabilities):
    """The thumbnails' colour scale at the right: -1 to +1, and, for a
    network with sigmoid or softmax units, 0 to 1 on its other side."""
    from matplotlib.cm import ScalarMappable

    cax = fig.add_axes([0.84, 0.3, 0.025, 0.5], gid="colorbar")
    scale = ScalarMappable(norm=_common.unit_norm(None), cmap=_common.unit_cmap())
    bar = fig.colorbar(scale, cax=cax, ticks=[-1, 0, 1])
    bar.ax.set_yticklabels(["-1", "0", "+1"])
    bar.ax.tick_params(labelsize=8)
    bar.set_label(text["value"], fontsize=8)
    if has_probabilities:
        other = cax.secondary_yaxis(
            "left", functions=(lambda v: (v + 1) / 2, lambda p: 2 * p - 1)
        )
        other.set_ticks([0, 0.5, 1])
        other.tick_params(labelsize=8)
        other.set_ylabel(text["probability"], fontsize=8)


def _class_key(fig, text):
    """One sigmoid output's classes under the colour bar: orange (output 0) is
    class 0, blue (output 1) class 1, as in the decision boundary."""
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=colour, edgecolor="#555555", label=text["class"].format(k=k))
        for k, colour in enumerate(_common.unit_colours([0.0, 1.0], "sigmoid"))
    ]
    key = fig.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(0.8, 0.26), fontsize=8
    )
    key.set_gid("key")
