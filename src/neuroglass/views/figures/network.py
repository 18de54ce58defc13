"""The network as neurons and connections, with its real numbers."""

from __future__ import annotations

import numpy as np

from ...engine.errors import ConfigError
from ...engine.validation import integer
from . import _common

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


def network_data(source, *, mode="weights", x=None, epoch=None, max_neurons=16):
    """The numbers behind :func:`plot_network`, computed once.

    Returns a dict with, per column (inputs first), ``sizes``, ``shown`` (neuron
    indices drawn), ``hidden`` (how many are elided), ``activations`` (per column,
    values for the drawn neurons or None), ``biases`` (per layer, drawn neurons),
    and ``edges``: an array (n_edges, 5) of (column, i, j, value, 0) where ``i``
    and ``j`` are positions among the drawn neurons of columns c and c + 1.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}.")
    try:
        max_neurons = integer(max_neurons, "max_neurons", minimum=2)
    except ConfigError:
        raise ConfigError(
            f"max_neurons must be an integer >= 2; got {max_neurons!r}."
        ) from None
    w_name, b_name = _ATTRIBUTES[mode]
    if _common.is_run(source):
        snap = source.snapshot(epoch)
        layers = snap.layers
        net = source.network(snap.epoch if epoch is not None else None)
        matrices = [getattr(layer, w_name) for layer in layers]
        biases = [getattr(layer, b_name) for layer in layers]
        if any(m is None for m in matrices):
            raise ValueError(
                "this run keeps statistics only (its network is above the recorder's "
                "full_arrays_limit), so its edges cannot be drawn from a snapshot; "
                "pass run.network() to draw the final weights."
            )
        mean_acts = [layer.units["mean"] for layer in layers]
    else:
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
        mean_acts = [None] * len(net.layers)
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
    return {
        "mode": mode,
        "sizes": sizes,
        "shown": [np.asarray(s) for s in shown],
        "hidden": list(hidden),
        "activations": activations,
        "biases": [
            np.asarray(b, dtype=float)[shown[c + 1]] for c, b in enumerate(biases)
        ],
        "edges": np.concatenate(edges) if edges else np.zeros((0, 5)),
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
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.colors import Normalize
    from matplotlib.patches import Circle, Rectangle

    if orientation not in ("horizontal", "vertical"):
        raise ValueError(
            f"orientation must be 'horizontal' or 'vertical'; got {orientation!r}."
        )
    data = network_data(source, mode=mode, x=x, epoch=epoch, max_neurons=max_neurons)
    n_cols = len(data["sizes"])
    biggest = max(len(s) for s in data["shown"])
    long_side = max(5, 1.2 * n_cols * max(1, biggest / 8))
    short_side = max(3.5, 0.4 * biggest)
    ax = _common.get_ax(
        ax,
        figsize=(long_side, short_side)
        if orientation == "horizontal"
        else (short_side + 1.5, long_side),
    )
    cmap = _common.diverging_cmap()
    edges = data["edges"]
    scale = float(np.abs(edges[:, 3]).max()) if len(edges) else 1.0
    scale = scale if scale > 0 else 1.0
    norm = Normalize(-scale, scale)

    gap = max(3.0, 0.3 * biggest + 1.2)  # between layers, wider for tall layers

    def position(col, k):
        n = len(data["shown"][col])
        along = (k - (n - 1) / 2) * -1.0  # first neuron on top / at the left
        if data["hidden"][col]:  # leave a gap where neurons are elided
            along += -0.6 if k >= n // 2 else 0.6
        if orientation == "horizontal":
            return col * gap, along
        return along, -col * gap

    # edges: one LineCollection, strongest on top
    order = np.argsort(np.abs(edges[:, 3]))
    segments = [
        (position(int(c), int(i)), position(int(c) + 1, int(j)))
        for c, i, j, _, _ in edges[order]
    ]
    values = edges[order, 3]
    lines = LineCollection(
        segments,
        colors=cmap(norm(values)),
        # thinner lines when there are many, so that the picture stays readable
        linewidths=0.3
        + min(3.6, 60 / np.sqrt(len(values) + 1)) * np.abs(values) / scale,
        zorder=1,
    )
    lines.set_gid("edges")
    ax.add_collection(lines)

    # neurons, and the bias squares at their lower-left corners
    circles, fills, squares, square_values = [], [], [], []
    radius = 0.32
    for col in range(n_cols):
        acts = data["activations"][col]
        for k in range(len(data["shown"][col])):
            cx, cy = position(col, k)
            circles.append(Circle((cx, cy), radius))
            fills.append(
                cmap(Normalize(-1, 1)(np.clip(acts[k], -1, 1)))
                if acts is not None
                else "white"
            )
            if col > 0:
                squares.append(
                    Rectangle((cx - radius - 0.05, cy - radius - 0.05), 0.2, 0.2)
                )
                square_values.append(data["biases"][col - 1][k])
    neurons = PatchCollection(
        circles, facecolors=fills, edgecolors="#333333", linewidths=1.0, zorder=2
    )
    neurons.set_gid("neurons")
    ax.add_collection(neurons)
    if squares:
        bias_scale = max(float(np.abs(square_values).max()), 1e-12)
        bias_patches = PatchCollection(
            squares,
            facecolors=cmap(Normalize(-bias_scale, bias_scale)(square_values)),
            edgecolors="#333333",
            linewidths=0.5,
            zorder=3,
        )
        bias_patches.set_gid("biases")
        ax.add_collection(bias_patches)

    # labels: columns, elisions, input names
    for col in range(n_cols):
        n = len(data["shown"][col])
        if data["hidden"][col]:
            mx, my = position(col, n / 2 - 0.5)
            ax.text(
                mx,
                my,
                f"+{data['hidden'][col]} more",
                ha="center",
                va="center",
                fontsize=8,
                color="#555555",
                zorder=4,
                bbox={"boxstyle": "round", "fc": "white", "ec": "none", "alpha": 0.8},
            )
        lx, ly = position(col, n - 1)
        # every column's label on one baseline, below (or beside) the tallest layer
        if orientation == "horizontal":
            ly = -(biggest - 1) / 2 - 0.9 - (0.6 if any(data["hidden"]) else 0)
        else:  # labels on the left; the colour bar is on the right
            lx = -(biggest - 1) / 2 - 0.9 - (0.6 if any(data["hidden"]) else 0)
        if col == 0:
            label = f"input\n{data['sizes'][0]}"
        else:
            label = (
                f"{data['names'][col]}\n{data['shapes'][col]} "
                f"{data['activation_names'][col]}"
            )
        if orientation == "horizontal":
            ax.text(lx, ly, label, ha="center", va="top", fontsize=8)
        else:
            ax.text(lx, ly, label, ha="right", va="center", fontsize=8)
    if feature_names is not None:
        for k, idx in enumerate(data["shown"][0]):
            fx, fy = position(0, k)
            ax.text(
                fx - 0.5,
                fy,
                str(feature_names[idx]),
                ha="right",
                va="center",
                fontsize=8,
            )

    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.margins(0.08)
    ax.axis("off")
    what = {
        "weights": "weights",
        "gradients": "gradients (last step)",
        "updates": "updates (last step)",
    }[mode]
    sizes = " -> ".join(map(str, data["sizes"]))
    ax.set_title(title or f"{sizes}: {what}", fontsize=10)
    if legend:
        from matplotlib.cm import ScalarMappable

        bar_ax = ax.inset_axes([1.01, 0.1, 0.025, 0.8])
        bar = ax.figure.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=bar_ax)
        bar.set_label(
            f"{mode[:-1] if mode.endswith('s') else mode} (orange < 0 < blue)",
            fontsize=8,
        )
        bar.ax.tick_params(labelsize=7)
    return ax
