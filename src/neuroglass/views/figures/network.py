"""The network as neurons and connections, with its real numbers."""

from __future__ import annotations

import numpy as np

from ...engine.errors import ConfigError
from ...engine.validation import integer
from . import _common
from .layer_graph import is_layer_graph_run, plot_layer_graph

MODES = ("weights", "gradients", "updates")
_ATTRIBUTES = {
    "weights": ("weights", "bias"),
    "gradients": ("grad_weights", "grad_bias"),
    "updates": ("update_weights", "update_bias"),
}


def _shown(n, max_neurons):
    """Indices of the neurons drawn for a layer of ``n``: all, or both ends."""
    if n <= max_neurons:
        return np.arange(n), 0
    half = max_neurons // 2
    return np.concatenate([np.arange(half), np.arange(n - half, n)]), n - 2 * half


def _checked(mode, max_neurons) -> int:
    """``max_neurons`` as an int, once ``mode`` and it are known to be valid."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}.")
    try:
        return integer(max_neurons, "max_neurons", minimum=2)
    except ConfigError:
        raise ConfigError(
            f"max_neurons must be an integer >= 2; got {max_neurons!r}."
        ) from None


def _run_arrays(run, mode, epoch):
    """A Run's network, edge matrices, biases and mean probe activations at
    the snapshot ``epoch`` (default the last)."""
    w_name, b_name = _ATTRIBUTES[mode]
    snap = run.snapshot(epoch)
    layers = snap.layers
    net = run.network(snap.epoch if epoch is not None else None)
    matrices = [getattr(layer, w_name) for layer in layers]
    biases = [getattr(layer, b_name) for layer in layers]
    if any(m is None for m in matrices):
        raise ValueError(
            "this run keeps statistics only (its network is above the recorder's "
            "full_arrays_limit), so its edges cannot be drawn from a snapshot; "
            "pass run.network() to draw the final weights."
        )
    return net, matrices, biases, [layer.units["mean"] for layer in layers]


def _network_arrays(source, mode, epoch):
    """A network's (or fitted estimator's) edge matrices and biases for
    ``mode``; no activations (they need a sample)."""
    w_name, b_name = _ATTRIBUTES[mode]
    net = _common.network_of(source, epoch)
    matrices = [getattr(layer, w_name) for layer in net.layers]
    biases = [getattr(layer, b_name) for layer in net.layers]
    if (
        mode != "weights"
        and net.layers[0].delta is None
        and not np.any(np.concatenate([m.ravel() for m in matrices]))
    ):
        raise ValueError(
            f"mode={mode!r} shows the {w_name} of the last training step, but "
            "this network has none yet: train it, call net.forward(X) and "
            "net.backward(y), or pass a recorded Run."
        )
    return net, matrices, biases, [None] * len(net.layers)


def _edges(matrices, shown) -> np.ndarray:
    """(n_edges, 5) rows (column, i, j, value, 0) between the drawn neurons."""
    edges = []
    for c, matrix in enumerate(matrices):
        sub = np.asarray(matrix, dtype=float)[np.ix_(shown[c], shown[c + 1])]
        ii, jj = np.meshgrid(
            np.arange(sub.shape[0]), np.arange(sub.shape[1]), indexing="ij"
        )
        edges.append(
            np.column_stack(
                [
                    np.full(sub.size, c),
                    ii.ravel(),
                    jj.ravel(),
                    sub.ravel(),
                    np.zeros(sub.size),
                ]
            )
        )
    return np.concatenate(edges) if edges else np.zeros((0, 5))


def network_data(source, *, mode="weights", x=None, epoch=None, max_neurons=16):
    """The numbers behind :func:`plot_network`, computed once.

    Returns a dict with, per column (inputs first), ``sizes``, ``shown`` (neuron
    indices drawn), ``hidden`` (how many are elided), ``activations`` (per column,
    values for the drawn neurons or None), ``biases`` (per layer, drawn neurons),
    and ``edges``: an array (n_edges, 5) of (column, i, j, value, 0) where ``i``
    and ``j`` are positions among the drawn neurons of columns c and c + 1.
    """
    max_neurons = _checked(mode, max_neurons)
    if _common.is_run(source) and is_layer_graph_run(source):
        raise ConfigError(
            "this run recorded a PyTorch model that is not a chain of dense layers, "
            "so it has no neurons and edges to list; layer_graph_data(run) gives "
            "its layers (ng.plot.network(run) draws them)."
        )
    if _common.is_run(source):
        net, matrices, biases, mean_acts = _run_arrays(source, mode, epoch)
    else:
        net, matrices, biases, mean_acts = _network_arrays(source, mode, epoch)
    sizes = net.sizes
    shown, hidden = zip(*(_shown(n, max_neurons) for n in sizes))
    if x is not None:
        x = _common.as_2d(x, net.n_inputs, "x")[:1]
        values = [x[0], *(a[0] for a in _common.forward_all(net, x))]
    else:
        values = [None, *mean_acts]
    activations = [
        None if v is None else np.asarray(v)[idx] for v, idx in zip(values, shown)
    ]
    return {
        "mode": mode,
        "sizes": sizes,
        "shown": [np.asarray(s) for s in shown],
        "hidden": list(hidden),
        "activations": activations,
        "biases": [
            np.asarray(b, dtype=float)[shown[c + 1]] for c, b in enumerate(biases)
        ],
        "edges": _edges(matrices, shown),
        "names": ["input", *(layer.name for layer in net.layers)],
        "activation_names": [None, *(layer.activation_name for layer in net.layers)],
        "shapes": [None, *(layer.weights.shape for layer in net.layers)],
    }


def plot_network(
    source,
    *,
    ax=None,
    mode="weights",
    x=None,
    epoch=None,
    orientation="horizontal",
    max_neurons=16,
    feature_names=None,
    legend=True,
    title=None,
):
    """Draw the network: neurons, connections, biases, with the real values.

    Edges are coloured by sign (orange negative, blue positive) and sized by
    magnitude; neurons are filled with their activation for the sample ``x``
    (or, for a recorded run, the mean activation on its probe batch); the small
    square at each neuron's corner is its bias. Layers wider than
    ``max_neurons`` show both ends and a "+N more" mark, so that large networks
    stay readable and fast (784-256-128-10 draws in well under a second).

    Parameters
    ----------
    source : Network, fitted estimator or Run
        A run of a PyTorch model that is not MLP-shaped is drawn as its layer
        graph (:func:`plot_layer_graph`); the other options do not apply.
    mode : {"weights", "gradients", "updates"}
        What the edges and bias squares show: the weights, the last gradients,
        or the last optimizer updates.
    x : array-like (n_inputs,), optional
        Colour neurons by their activation for this sample.
    epoch : int, optional
        For a Run: the snapshot to draw (default the last).
    orientation : {"horizontal", "vertical"}
    max_neurons : int
        Neurons drawn per layer at most.
    feature_names : list of str, optional
        Labels for the input neurons.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if _common.is_run(source) and is_layer_graph_run(source):
        return plot_layer_graph(source, ax=ax, title=title)  # not an MLP: its layers
    if orientation not in ("horizontal", "vertical"):
        raise ValueError(
            f"orientation must be 'horizontal' or 'vertical'; got {orientation!r}."
        )
    data = network_data(source, mode=mode, x=x, epoch=epoch, max_neurons=max_neurons)
    grid = _Grid(data, orientation)
    ax = _common.get_ax(ax, figsize=grid.figsize())
    cmap = _common.diverging_cmap()
    norm = _edge_norm(data["edges"])
    _draw_edges(ax, data["edges"], grid, cmap, norm)
    _draw_neurons(ax, data, grid, cmap)
    _draw_biases(ax, data, grid, cmap)
    _draw_column_labels(ax, data, grid)
    if feature_names is not None:
        _draw_feature_names(ax, data, grid, feature_names)
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.margins(0.08)
    ax.axis("off")
    sizes = " -> ".join(map(str, data["sizes"]))
    ax.set_title(title or f"{sizes}: {_SHOWN[mode]}", fontsize=10)
    if legend:
        _draw_colorbar(ax, norm, cmap, mode)
    return ax


#: what the title says the edges show, per mode
_SHOWN = {
    "weights": "weights",
    "gradients": "gradients (last step)",
    "updates": "updates (last step)",
}
_RADIUS = 0.32  # of a neuron's circle, in data units


class _Grid:
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


def _edge_norm(edges):
    """The colour scale of the edges: symmetric about 0, to the largest |value|."""
    from matplotlib.colors import Normalize

    scale = float(np.abs(edges[:, 3]).max()) if len(edges) else 1.0
    scale = scale if scale > 0 else 1.0
    return Normalize(-scale, scale)


def _draw_edges(ax, edges, grid, cmap, norm):
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


def _draw_neurons(ax, data, grid, cmap):
    """A circle per drawn neuron, filled with its activation (clipped to
    -1..1), or white when there is none."""
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import Normalize
    from matplotlib.patches import Circle

    circles, fills = [], []
    for col in range(grid.n_cols):
        acts = data["activations"][col]
        for k in range(len(grid.shown[col])):
            circles.append(Circle(grid.position(col, k), _RADIUS))
            fills.append(
                cmap(Normalize(-1, 1)(np.clip(acts[k], -1, 1)))
                if acts is not None
                else "white"
            )
    neurons = PatchCollection(
        circles, facecolors=fills, edgecolors="#333333", linewidths=1.0, zorder=2
    )
    neurons.set_gid("neurons")
    ax.add_collection(neurons)


def _draw_biases(ax, data, grid, cmap):
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


def _draw_column_labels(ax, data, grid):
    """Per column: the "+N more" mark where neurons are elided, and the
    column's name, shape and activation on the common label line."""
    for col in range(grid.n_cols):
        n = len(grid.shown[col])
        if grid.hidden[col]:
            mx, my = grid.position(col, n / 2 - 0.5)
            ax.text(
                mx,
                my,
                f"+{grid.hidden[col]} more",
                ha="center",
                va="center",
                fontsize=8,
                color="#555555",
                zorder=4,
                bbox={"boxstyle": "round", "fc": "white", "ec": "none", "alpha": 0.8},
            )
        if col == 0:
            label = f"input\n{data['sizes'][0]}"
        else:
            label = (
                f"{data['names'][col]}\n{data['shapes'][col]} "
                f"{data['activation_names'][col]}"
            )
        lx, ly = grid.position(col, n - 1)
        if grid.orientation == "horizontal":
            ax.text(lx, grid.label_line(), label, ha="center", va="top", fontsize=8)
        else:  # labels on the left; the colour bar is on the right
            ax.text(grid.label_line(), ly, label, ha="right", va="center", fontsize=8)


def _draw_feature_names(ax, data, grid, feature_names):
    """Each drawn input's name, left of its neuron."""
    for k, idx in enumerate(grid.shown[0]):
        fx, fy = grid.position(0, k)
        ax.text(
            fx - 0.5, fy, str(feature_names[idx]), ha="right", va="center", fontsize=8
        )


def _draw_colorbar(ax, norm, cmap, mode):
    """The edges' colour scale, in an inset right of the Axes."""
    from matplotlib.cm import ScalarMappable

    bar_ax = ax.inset_axes([1.01, 0.1, 0.025, 0.8])
    bar = ax.figure.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=bar_ax)
    bar.set_label(
        f"{mode[:-1] if mode.endswith('s') else mode} (orange < 0 < blue)",
        fontsize=8,
    )
    bar.ax.tick_params(labelsize=7)
