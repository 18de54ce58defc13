"""micrograd-style graph of one small network's computation: every input,
weight, sum, activation and the loss, each with its value and its gradient."""

from __future__ import annotations

import numpy as np

from . import _common

MAX_NODES = 80


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
    row) and ``edges``: a list of (from_id, to_id).
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
    return {"nodes": graph.nodes, "edges": graph.edges}


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
        """Layer ``li``'s weights and biases in one column, unit by unit, each
        with its edges into the unit's sum (as the input ``prev`` does)."""
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
                self.edges.append((wid, f"z{li}_{j}"))
                self.edges.append((src, f"z{li}_{j}"))
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
                f"z{li}[{j + 1}] = Σ w·a + b",
                layer.pre_activation[0, j],
                layer.delta[0, j],
                column,
                j,
            )
            aid = f"a{li}_{j}"
            self.add(
                aid,
                "activation",
                f"a{li}[{j + 1}] = {layer.activation_name}(z)",
                layer.activation[0, j],
                grad_a[j],
                column + 1,
                j,
            )
            self.edges.append((f"z{li}_{j}", aid))
            current.append(aid)
        return current


def plot_computation(source, x, y, *, ax=None, epoch=None):
    """Draw the computation graph of one sample: value | gradient in each node.

    Gradients are of the loss with respect to that node. Meant for networks
    of a few neurons; the tutorial's example and TF Playground-sized nets fit.

    Returns
    -------
    matplotlib.axes.Axes
    """
    data = computation_data(source, x, y, epoch=epoch)
    nodes = {n["id"]: n for n in data["nodes"]}
    columns = max(n["column"] for n in data["nodes"]) + 1
    rows = max(n["row"] for n in data["nodes"]) + 1
    ax = _common.get_ax(ax, figsize=(max(6, 2.1 * columns), max(3, 0.55 * rows)))
    colours = {
        "input": "#e8eaeb",
        "weight": "#fdf0e0",
        "sum": "#e0eef8",
        "activation": "#cfe4f4",
        "loss": "#f9d9c6",
    }
    height = {
        c: max(n["row"] for n in data["nodes"] if n["column"] == c) + 1
        for c in range(columns)
    }

    def xy(node):
        c = node["column"]
        return c * 2.2, (rows - height[c]) / 2 + (height[c] - 1 - node["row"])

    for a, b in data["edges"]:
        (x0, y0), (x1, y1) = xy(nodes[a]), xy(nodes[b])
        ax.annotate(
            "",
            xy=(x1 - 0.75, y1),
            xytext=(x0 + 0.75, y0),
            arrowprops={"arrowstyle": "->", "color": "#999999", "lw": 0.6},
        )
    for node in data["nodes"]:
        cx, cy = xy(node)
        grad = "nan" if np.isnan(node["grad"]) else f"{node['grad']:.3g}"
        ax.text(
            cx,
            cy,
            f"{node['label']}\n{node['value']:.3g} | {grad}",
            ha="center",
            va="center",
            fontsize=6.5,
            gid=f"node:{node['id']}",
            bbox={
                "boxstyle": "round,pad=0.3",
                "fc": colours[node["kind"]],
                "ec": "#555555",
                "lw": 0.6,
            },
        )
    ax.set_xlim(-1, (columns - 1) * 2.2 + 1)
    ax.set_ylim(-1, rows)
    ax.axis("off")
    ax.set_title("one sample through the network: value | dL/d(node)", fontsize=10)
    return ax
