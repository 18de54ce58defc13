"""micrograd-style graph of one small network's computation: every input,
weight, sum, activation and the loss, each with its value and its gradient."""

from __future__ import annotations

import numpy as np

from . import _common

MAX_NODES = 80
_TEXT = {
    "en": {
        "title": "one sample through the network: each box holds value | dL/d(value)",
        "input": "inputs\nx",
        "weight": "weights w,\nbiases b",
        "sum": "sums\nz = \u03a3 w\u00b7a + b",
        "activation": "activations\na = {function}(z)",
        "loss": "loss\nL ({loss})",
    },
    "zh": {
        "title": "一个样本经过网络：每个框中是“值 | 损失对它的梯度 dL/d(值)”",
        "input": "输入\nx",
        "weight": "权重 w\n偏置 b",
        "sum": "加权和\nz = \u03a3 w\u00b7a + b",
        "activation": "激活值\na = {function}(z)",
        "loss": "损失\nL（{loss}）",
    },
}
#: the fill of each kind of node
_COLOURS = {
    "input": "#e8eaeb",
    "weight": "#fdf0e0",
    "sum": "#e0eef8",
    "activation": "#cfe4f4",
    "loss": "#f9d9c6",
}
#: the layout, in inches: columns and rows apart, and the margins
_COLUMN, _ROW, _FONT = 1.9, 0.5, 9


def _output_grad(net, y):
    """dL/da at the output for one sample (the loss as the engine defines it)."""
    out = net.layers[-1]
    a = out.activation[0].astype(float)
    t = net.loss_fn.prepare_targets(y, net.n_outputs, np.float64)[0]
    name = net.loss_fn.name
    if name == "mse":
        return 2 * (a - t) / a.size
    with np.errstate(divide="ignore", invalid="ignore"):
        if name == "bce":
            return (-(t / a) + (1 - t) / (1 - a)) / a.size
        return -t / a  # cross-entropy through a softmax


def computation_data(source, x, y, *, epoch=None) -> dict:
    """Values and gradients of every node for one sample, on a copy of the net.

    Returns ``nodes``: a list of dicts (id, kind, label, value, grad, column,
    row), ``edges``: a list of (from_id, to_id) between neighbouring columns
    (an input reaches a sum through its weight), and per layer its
    ``activations`` (names) and the ``loss`` (name).
    """
    net = _common.network_of(source, epoch).copy()
    x = _common.as_2d(x, net.n_inputs, "x")[:1]
    y = np.asarray(y)
    y = y.reshape(1, -1) if y.ndim > 1 else y.reshape(-1)[:1]
    net.forward(x)
    net.backward(y)
    graph = _Graph()
    prev = graph.add_inputs(net, x)
    column = 1
    for li, layer in enumerate(net.layers, 1):
        graph.add_parameters(li, layer, prev, column)
        prev = graph.add_units(li, layer, _activation_grad(net, li, y), column + 1)
        column += 3
    graph.add("L", "loss", f"L ({net.loss_fn.name})", net.last_loss, 1.0, column, 0)
    for src in prev:
        graph.edges.append((src, "L"))
    if len(graph.nodes) > MAX_NODES:
        raise ValueError(
            f"this network's computation has {len(graph.nodes)} nodes; the graph is "
            f"drawn for small networks (up to {MAX_NODES}). Use plot_network, or "
            "ng.explain.forward/backward for the formulas with numbers."
        )
    return {
        "nodes": graph.nodes,
        "edges": graph.edges,
        "activations": [layer.activation_name for layer in net.layers],
        "loss": net.loss_fn.name,
    }


def _activation_grad(net, li, y):
    """dL/da of layer ``li`` (1-based) for the one sample: through the next
    layer's delta, or from the loss at the output."""
    if li < len(net.layers):
        following = net.layers[li]
        return (following.delta @ following.weights.T)[0]
    return _output_grad(net, y)


class _Graph:
    """The nodes (dicts) and edges ((from_id, to_id)) of the computation, in
    the order they are added."""

    def __init__(self):
        self.nodes = []
        self.edges = []

    def add(self, node_id, kind, label, value, grad, column, row):
        self.nodes.append(
            {
                "id": node_id,
                "kind": kind,
                "label": label,
                "value": float(value),
                "grad": float(grad),
                "column": column,
                "row": row,
            }
        )

    def add_inputs(self, net, x):
        """The input nodes in column 0, with dL/dx (the input gradient of the
        first layer); returns their ids."""
        first = net.layers[0]
        grad_x = (first.delta @ first.weights.T)[0]
        for i in range(net.n_inputs):
            self.add(f"x{i}", "input", f"x{i + 1}", x[0, i], grad_x[i], 0, i)
        return [f"x{i}" for i in range(net.n_inputs)]

    def add_parameters(self, li, layer, prev, column):
        """Layer ``li``'s weights and biases in one column, unit by unit: an
        edge from each input ``prev`` to its weight, and from the weight (and
        the bias) to the unit's sum. Unit by unit, the arrows into the sums
        never cross; those from the inputs cross only where every input must
        reach every unit."""
        row = 0
        for j in range(layer.n_out):
            for i, src in enumerate(prev):
                wid = f"w{li}_{i}{j}"
                self.add(
                    wid,
                    "weight",
                    f"w{li}[{i + 1},{j + 1}]",
                    layer.weights[i, j],
                    layer.grad_weights[i, j],
                    column,
                    row,
                )
                row += 1
                # the input reaches the sum through its weight, as on a
                # network diagram: every arrow joins neighbouring columns
                self.edges.append((src, wid))
                self.edges.append((wid, f"z{li}_{j}"))
            bid = f"b{li}_{j}"
            self.add(
                bid,
                "weight",
                f"b{li}[{j + 1}]",
                layer.bias[j],
                layer.grad_bias[j],
                column,
                row,
            )
            row += 1
            self.edges.append((bid, f"z{li}_{j}"))

    def add_units(self, li, layer, grad_a, column):
        """Layer ``li``'s sums (in ``column``) and activations (the next one),
        with dL/dz (its delta) and dL/da (``grad_a``); returns the activations'
        ids."""
        current = []
        for j in range(layer.n_out):
            self.add(
                f"z{li}_{j}",
                "sum",
                f"z{li}[{j + 1}]",
                layer.pre_activation[0, j],
                layer.delta[0, j],
                column,
                j,
            )
            aid = f"a{li}_{j}"
            self.add(
                aid,
                "activation",
                f"a{li}[{j + 1}]",
                layer.activation[0, j],
                grad_a[j],
                column + 1,
                j,
            )
            self.edges.append((f"z{li}_{j}", aid))
            current.append(aid)
        return current


def plot_computation(source, x, y, *, ax=None, epoch=None, lang=None):
    """Draw the computation graph of one sample: value | gradient in each node.

    Gradients are of the loss with respect to that node. Columns, left to
    right: the inputs, a layer's weights and biases, its sums and its
    activations, ..., the loss; each column is named at the top. An input
    reaches a sum through its weight, so that every arrow joins neighbouring
    columns; the arrows cross only where every input must reach every unit.
    Meant for networks of a few neurons (the tutorial's example and TF
    Playground-sized nets fit); text is 9 pt, in a figure sized to it (on a
    smaller ``ax``, smaller, so that the boxes do not overlap).

    Returns
    -------
    matplotlib.axes.Axes
    """
    text = _common.words(_TEXT, lang)
    data = computation_data(source, x, y, epoch=epoch)
    columns = max(n["column"] for n in data["nodes"]) + 1
    rows = max(n["row"] for n in data["nodes"]) + 1
    width, height = (columns - 1) * _COLUMN + 1.6, rows * _ROW + 0.9
    font = _FONT
    if ax is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(width, height + 0.45))
        # one data unit is one inch; the title above
        ax = fig.add_axes((0, 0, 1, height / (height + 0.45)))
    else:  # a smaller Axes: smaller text, so that the boxes do not overlap
        ax = _common.get_ax(ax)
        inches = ax.get_position().size * ax.figure.get_size_inches()
        font = _FONT * min(1.0, inches[0] / width, inches[1] / height)
    _draw_nodes_and_arrows(ax, data, rows, font)
    _column_names(ax, data, text, columns, rows, font)
    ax.set_xlim(-0.8, (columns - 1) * _COLUMN + 0.8)
    ax.set_ylim(-0.45, rows * _ROW + 0.45)
    ax.axis("off")
    ax.set_title(text["title"], fontsize=10)
    return ax


def _draw_nodes_and_arrows(ax, data, rows, font):
    """A box per node (its name, value | gradient), columns ``_COLUMN`` apart
    and each column centred on ``rows`` rows; an arrow per edge from the right
    side of one box to the left side of the next."""
    columns = max(n["column"] for n in data["nodes"]) + 1
    tall = {
        c: 1 + max(n["row"] for n in data["nodes"] if n["column"] == c)
        for c in range(columns)
    }

    def centre(node):
        c = node["column"]
        return c * _COLUMN, ((rows - tall[c]) / 2 + tall[c] - 1 - node["row"]) * _ROW

    boxes = {}
    for node in data["nodes"]:
        grad = "nan" if np.isnan(node["grad"]) else f"{node['grad']:.3g}"
        boxes[node["id"]] = ax.text(
            *centre(node),
            f"{node['label']}\n{node['value']:.3g} | {grad}",
            ha="center",
            va="center",
            fontsize=font,
            gid=f"node:{node['id']}",
            bbox={
                "boxstyle": "round,pad=0.3",
                "fc": _COLOURS[node["kind"]],
                "ec": "#555555",
                "lw": 0.6,
            },
        )
    for a, b in data["edges"]:  # from the right edge of a box to the left of the next
        ax.annotate(
            "",
            xy=(0, 0.5),
            xycoords=boxes[b],
            xytext=(1, 0.5),
            textcoords=boxes[a],
            arrowprops={
                "arrowstyle": "->",
                "color": "#888888",
                "lw": 0.7,
                "shrinkA": 4,
                "shrinkB": 4,
            },
            gid=f"edge:{a}>{b}",
        )


def _column_names(ax, data, text, columns, rows, font):
    """Each column's name over it (a layer's activation function named)."""
    kinds = {}
    for node in data["nodes"]:
        kinds.setdefault(node["column"], node["kind"])
    for c in range(columns):
        kind = kinds[c]
        name = text[kind]
        if kind == "activation":
            name = name.format(function=data["activations"][(c - 3) // 3])
        elif kind == "loss":
            name = name.format(loss=data["loss"])
        ax.text(
            c * _COLUMN,
            rows * _ROW - 0.05,
            name,
            ha="center",
            va="center",
            fontsize=font,
            color="#333333",
            gid=f"column:{c}",
        )
