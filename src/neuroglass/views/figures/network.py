"""The network as neurons and connections, with its real numbers."""

from __future__ import annotations

import numpy as np

from ...engine.errors import ConfigError
from ...engine.validation import integer
from . import _common
from ._network_parts import (
    TEXT,
    Grid,
    draw_biases,
    draw_colorbar,
    draw_column_labels,
    draw_edges,
    draw_feature_names,
    draw_key,
    draw_neurons,
    edge_norm,
    sample_line,
)
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
    sample=None,
    lang=None,
):
    """Draw the network: neurons, connections, biases, with the real values.

    Edges are coloured by sign (orange negative, blue positive) and sized by
    magnitude; neurons are filled with their activation for the sample ``x``
    (or, for a recorded run, the mean activation on its probe batch) in the
    colours the decision boundary gives the same values
    (:func:`_common.unit_colours`: a sigmoid output of 0.016 is orange in
    both); the small square at each neuron's corner is its bias. The title
    names the sample; a key under the picture says what fill, squares and line
    widths mean. Layers wider than ``max_neurons`` show both ends and a
    "+N more" mark, so that large networks stay readable and fast
    (784-256-128-10 draws in well under a second).

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
    legend : bool
        Draw the edges' colour bar and the key.
    sample : int or str, optional
        The name of ``x`` in the title ("sample 3: x = (0.12, -0.40)").
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if _common.is_run(source) and is_layer_graph_run(source):
        # not an MLP: its layers
        return plot_layer_graph(source, ax=ax, title=title, lang=lang)
    if orientation not in ("horizontal", "vertical"):
        raise ValueError(
            f"orientation must be 'horizontal' or 'vertical'; got {orientation!r}."
        )
    text = _common.words(TEXT, lang)
    data = network_data(source, mode=mode, x=x, epoch=epoch, max_neurons=max_neurons)
    grid = Grid(data, orientation)
    if legend:  # room for the key under the picture
        width, height = grid.figsize()
        margins = {"left": 0.04, "right": 0.84, "bottom": 0.2, "top": 0.88}
        ax = _common.get_ax(ax, figsize=(width + 1.0, height + 1.0), margins=margins)
    ax = _common.get_ax(ax, figsize=grid.figsize())
    cmap = _common.diverging_cmap()
    norm = edge_norm(data["edges"])
    draw_edges(ax, data["edges"], grid, cmap, norm)
    draw_neurons(ax, data, grid)
    draw_biases(ax, data, grid, cmap)
    draw_column_labels(ax, data, grid, text)
    if feature_names is not None:
        draw_feature_names(ax, data, grid, feature_names)
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.margins(0.08)
    ax.axis("off")
    sizes = " -> ".join(map(str, data["sizes"]))
    subtitle = sample_line(data, x, sample, text)
    default = text["title"].format(sizes=sizes, shown=text[mode])
    default += f"\n{subtitle}" if subtitle else ""
    ax.set_title(title or default, fontsize=10)
    if legend:
        draw_colorbar(ax, norm, cmap, mode, text)
        draw_key(ax, data, text, cmap)
    return ax
