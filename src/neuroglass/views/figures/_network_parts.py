"""The pieces of the network figure (:mod:`.network`): where each neuron
sits, the edges, neurons, bias squares and labels, the colour bar of the edges
and the key that says what fill, squares and line widths mean."""

from __future__ import annotations

import numpy as np

from . import _common

TEXT = {
    "en": {
        "title": "{sizes}: {shown}",
        "weights": "weights",
        "gradients": "gradients (last step)",
        "updates": "updates (last step)",
        "weight": "weight",
        "gradient": "gradient",
        "update": "update",
        "bar": "{what} (orange < 0 < blue)",
        "input": "input",
        "more": "+{n} more",
        "sample": "sample {name}: x = ({values})",
        "the_sample": "the sample x = ({values})",
        "n_values": "\u2026 {n} values",
        "probe": "neurons: mean activation on the probe batch",
        "negative": "neuron < 0",
        "zero": "neuron \u2248 0",
        "positive": "neuron > 0",
        "probability": " ({function}: {p})",
        "empty": "no sample: pass x= to colour the neurons",
        "unknown": "white: no value recorded",
        "bias": "square: the bias (colour: its sign)",
        "thin": "thin line: small |{what}|",
        "thick": "thick line: large |{what}|",
    },
    "zh": {
        "title": "{sizes}：{shown}",
        "weights": "权重",
        "gradients": "梯度（最后一步）",
        "updates": "更新量（最后一步）",
        "weight": "权重",
        "gradient": "梯度",
        "update": "更新量",
        "bar": "{what}（橙 < 0 < 蓝）",
        "input": "输入",
        "more": "另有{n}个",
        "sample": "样本{name}：x = ({values})",
        "the_sample": "所示样本：x = ({values})",
        "n_values": "\u2026 共{n}个值",
        "probe": "神经元：探测批量上的平均激活值",
        "negative": "神经元 < 0",
        "zero": "神经元 \u2248 0",
        "positive": "神经元 > 0",
        "probability": "（{function}：{p}）",
        "empty": "未给样本：传入 x= 为神经元着色",
        "unknown": "白色：没有记录的值",
        "bias": "小方块：偏置（颜色表示正负）",
        "thin": "细线：|{what}|小",
        "thick": "粗线：|{what}|大",
    },
}
#: the word for one edge's value, per mode
SINGULAR = {"weights": "weight", "gradients": "gradient", "updates": "update"}
_RADIUS = 0.32  # of a neuron's circle, in data units


class Grid:
    """Where each drawn neuron sits: columns ``gap`` apart (wider for tall
    layers), the first neuron on top (horizontal) or at the left (vertical),
    with a gap in the middle of a column whose neurons are elided."""

    def __init__(self, data, orientation):
        self.shown = data["shown"]
        self.hidden = data["hidden"]
        self.orientation = orientation
        self.n_cols = len(data["sizes"])
        self.biggest = max(len(s) for s in self.shown)
        self.gap = max(3.0, 0.3 * self.biggest + 1.2)

    def figsize(self):
        long_side = max(5, 1.2 * self.n_cols * max(1, self.biggest / 8))
        short_side = max(3.5, 0.4 * self.biggest)
        if self.orientation == "horizontal":
            return (long_side, short_side)
        return (short_side + 1.5, long_side)

    def position(self, col, k):
        """(x, y) of the ``k``-th drawn neuron of column ``col``."""
        n = len(self.shown[col])
        along = (k - (n - 1) / 2) * -1.0  # first neuron on top / at the left
        if self.hidden[col]:  # leave a gap where neurons are elided
            along += -0.6 if k >= n // 2 else 0.6
        if self.orientation == "horizontal":
            return col * self.gap, along
        return along, -col * self.gap

    def label_line(self):
        """The coordinate across the columns of every column's label: below
        (or, vertical, left of) the tallest layer, on one line."""
        return -(self.biggest - 1) / 2 - 0.9 - (0.6 if any(self.hidden) else 0)


def edge_norm(edges):
    """The colour scale of the edges: symmetric about 0, to the largest |value|."""
    from matplotlib.colors import Normalize

    scale = float(np.abs(edges[:, 3]).max()) if len(edges) else 1.0
    scale = scale if scale > 0 else 1.0
    return Normalize(-scale, scale)


def draw_edges(ax, edges, grid, cmap, norm):
    """One LineCollection, strongest on top; thinner lines when there are many,
    so that the picture stays readable."""
    from matplotlib.collections import LineCollection

    order = np.argsort(np.abs(edges[:, 3]))
    segments = [
        (grid.position(int(c), int(i)), grid.position(int(c) + 1, int(j)))
        for c, i, j, _, _ in edges[order]
    ]
    values = edges[order, 3]
    lines = LineCollection(
        segments,
        colors=cmap(norm(values)),
        linewidths=0.3
        + min(3.6, 60 / np.sqrt(len(values) + 1)) * np.abs(values) / norm.vmax,
        zorder=1,
    )
    lines.set_gid("edges")
    ax.add_collection(lines)


def draw_neurons(ax, data, grid):
    """A circle per drawn neuron, filled with its value's colour
    (:func:`_common.unit_colours`, as the decision boundary colours the
    output), or white when there is none."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Circle

    circles, fills = [], []
    for col in range(grid.n_cols):
        acts = data["activations"][col]
        activation = data["activation_names"][col]
        for k in range(len(grid.shown[col])):
            circles.append(Circle(grid.position(col, k), _RADIUS))
            fills.append(
                _common.unit_colours(acts[k], activation)
                if acts is not None
                else (1.0, 1.0, 1.0, 1.0)
            )
    neurons = PatchCollection(
        circles, facecolors=fills, edgecolors="#333333", linewidths=1.0, zorder=2
    )
    neurons.set_gid("neurons")
    ax.add_collection(neurons)


def draw_biases(ax, data, grid, cmap):
    """A small square at the lower-left corner of every neuron past the
    inputs, coloured by its bias on a scale of its own."""
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import Normalize
    from matplotlib.patches import Rectangle

    squares, values = [], []
    for col in range(1, grid.n_cols):
        for k in range(len(grid.shown[col])):
            cx, cy = grid.position(col, k)
            corner = (cx - _RADIUS - 0.05, cy - _RADIUS - 0.05)
            squares.append(Rectangle(corner, 0.2, 0.2))
            values.append(data["biases"][col - 1][k])
    if not squares:
        return
    bias_scale = max(float(np.abs(values).max()), 1e-12)
    patches = PatchCollection(
        squares,
        facecolors=cmap(Normalize(-bias_scale, bias_scale)(values)),
        edgecolors="#333333",
        linewidths=0.5,
        zorder=3,
    )
    patches.set_gid("biases")
    ax.add_collection(patches)


def draw_column_labels(ax, data, grid, text):
    """Per column: the "+N more" mark where neurons are elided, and the
    column's name, shape and activation on the common label line."""
    for col in range(grid.n_cols):
        n = len(grid.shown[col])
        if grid.hidden[col]:
            mx, my = grid.position(col, n / 2 - 0.5)
            ax.text(
                mx,
                my,
                text["more"].format(n=grid.hidden[col]),
                ha="center",
                va="center",
                fontsize=8,
                color="#555555",
                zorder=4,
                bbox={"boxstyle": "round", "fc": "white", "ec": "none", "alpha": 0.8},
            )
        if col == 0:
            label = f"{text['input']}\n{data['sizes'][0]}"
        else:
            label = (
                f"{data['names'][col]}\n{data['shapes'][col]} "
                f"{data['activation_names'][col]}"
            )
        lx, ly = grid.position(col, n - 1)
        if grid.orientation == "horizontal":
            ax.text(lx, grid.label_line(), label, ha="center", va="top", fontsize=8)
            # the two lines of the label inside the picture, so that the key
            # below it never covers them
            ax.update_datalim([(lx, grid.label_line() - 1.2)])
        else:  # labels on the left; the colour bar is on the right
            ax.text(grid.label_line(), ly, label, ha="right", va="center", fontsize=8)
            ax.update_datalim([(grid.label_line() - 2.0, ly)])


def draw_feature_names(ax, data, grid, feature_names):
    """Each drawn input's name, left of its neuron."""
    for k, idx in enumerate(grid.shown[0]):
        fx, fy = grid.position(0, k)
        ax.text(
            fx - 0.5, fy, str(feature_names[idx]), ha="right", va="center", fontsize=8
        )


def draw_colorbar(ax, norm, cmap, mode, text):
    """The edges' colour scale, in an inset right of the Axes."""
    from matplotlib.cm import ScalarMappable

    bar_ax = ax.inset_axes([1.01, 0.1, 0.025, 0.8])
    bar = ax.figure.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=bar_ax)
    bar.set_label(text["bar"].format(what=text[SINGULAR[mode]]), fontsize=8)
    bar.ax.tick_params(labelsize=7)


def draw_key(ax, data, text, cmap):
    """What the picture's marks mean, under it: the neurons' fill (or that no
    sample was given), the bias squares, thin and thick lines."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def circle(face, label):
        return Line2D(
            [], [], ls="", marker="o", ms=9, mfc=face, mec="#333333", label=label
        )

    if any(a is not None for a in data["activations"]):
        shown = [
            name
            for name, acts in zip(data["activation_names"], data["activations"])
            if name in _common.PROBABILITIES and acts is not None
        ]
        function = "/".join(dict.fromkeys(shown))  # in order, once each
        handles = [
            circle(
                _common.unit_colours(value),
                text[word]
                + (text["probability"].format(function=function, p=p) if shown else ""),
            )
            for value, word, p in (
                (-1.0, "negative", "< 0.5"),
                (0.0, "zero", "0.5"),
                (1.0, "positive", "> 0.5"),
            )
        ]
        if any(a is None for a in data["activations"]):  # a run's inputs
            handles.append(circle("white", text["unknown"]))
    else:
        handles = [circle("white", text["empty"])]
    what = text[SINGULAR[data["mode"]]]
    handles += [
        Patch(facecolor=cmap(0.85), edgecolor="#333333", label=text["bias"]),
        Line2D([], [], color="#777777", lw=0.6, label=text["thin"].format(what=what)),
        Line2D([], [], color="#777777", lw=3.5, label=text["thick"].format(what=what)),
    ]
    key = ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    key.set_gid("key")


def sample_line(data, x, sample, text) -> str:
    """The title's second line: the sample whose activations fill the
    neurons, named, or the probe batch (a run), or nothing."""
    if x is None:
        return text["probe"] if data["activations"][-1] is not None else ""
    values = np.asarray(data["activations"][0], dtype=float)
    n = data["sizes"][0]
    shown = ", ".join(f"{v:.2f}" for v in values[: 4 if n <= 4 else 3])
    if n > 4:
        shown += ", " + text["n_values"].format(n=n)
    if sample is None:
        return text["the_sample"].format(values=shown)
    return text["sample"].format(name=sample, values=shown)
