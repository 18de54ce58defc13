"""What a network outputs over the input plane: decision boundaries and the
map of every neuron (TensorFlow Playground's thumbnails, as figures)."""

from __future__ import annotations

import numpy as np

from ...datasets import features as _features
from . import _common

#: TensorFlow Playground's domain for its 2-D datasets
PLAYGROUND_DOMAIN = (-6.0, 6.0)


def _plane(net, xlim, ylim, resolution, features, fixed, inputs=None):
    """Grid points (resolution**2, n_inputs) over two chosen input features.

    With ``inputs`` (Playground feature names such as ``["x1", "x1^2"]``) the
    plane is (x1, x2) and each point is fed to the network as those features.
    """
    if inputs is not None:
        if len(inputs) != net.n_inputs:
            raise ValueError(
                f"inputs names {len(inputs)} features but the network has "
                f"{net.n_inputs} inputs; name one feature per input."
            )
    elif net.n_inputs < 2:
        raise ValueError(
            f"a decision boundary needs at least 2 inputs; this network has "
            f"{net.n_inputs}."
        )
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    xx, yy = np.meshgrid(xs, ys)
    if inputs is not None:
        return xs, ys, _features(np.column_stack([xx.ravel(), yy.ravel()]), inputs)
    i, j = features
    if not (0 <= i < net.n_inputs and 0 <= j < net.n_inputs and i != j):
        raise ValueError(
            f"features must be two different input indices below {net.n_inputs}; "
            f"got {features!r}."
        )
    base = np.zeros(net.n_inputs) if fixed is None else np.asarray(fixed, float)
    if base.shape != (net.n_inputs,):
        raise ValueError(
            f"fixed must give a value for each of the {net.n_inputs} inputs; got "
            f"shape {base.shape}."
        )
    grid = np.tile(base, (xx.size, 1))
    grid[:, i] = xx.ravel()
    grid[:, j] = yy.ravel()
    return xs, ys, grid


def _limits(X, features, xlim, ylim):
    if xlim is not None and ylim is not None:
        return xlim, ylim
    if X is None:
        return xlim or PLAYGROUND_DOMAIN, ylim or PLAYGROUND_DOMAIN
    X = np.asarray(X, float)
    pad = 0.05 * (X.max(axis=0) - X.min(axis=0) + 1e-12)
    i, j = features
    return (
        xlim or (X[:, i].min() - pad[i], X[:, i].max() + pad[i]),
        ylim or (X[:, j].min() - pad[j], X[:, j].max() + pad[j]),
    )


def decision_grid(
    source,
    *,
    xlim=PLAYGROUND_DOMAIN,
    ylim=PLAYGROUND_DOMAIN,
    resolution=100,
    features=(0, 1),
    fixed=None,
    epoch=None,
    inputs=None,
):
    """The network's output over a grid of the input plane.

    Returns ``(xs, ys, output)`` with ``output`` of shape
    ``(resolution, resolution, n_outputs)`` (rows follow ``ys``). Inputs other
    than the two ``features`` are held at ``fixed`` (default 0). With ``inputs``
    (Playground feature names, one per network input) the plane is (x1, x2) and
    the network sees those features of each point. The playground draws its heat
    maps from this same function.
    """
    net = _common.network_of(source, epoch)
    xs, ys, grid = _plane(net, xlim, ylim, resolution, features, fixed, inputs)
    out = net.predict(grid)
    return xs, ys, out.reshape(len(ys), len(xs), -1)


def _rgba(colour):
    from matplotlib.colors import to_rgba

    return np.array(to_rgba(colour))


def boundary_image(output, discretize=False):
    """RGBA image (h, w, 4) of a decision grid.

    One sigmoid output: Playground's orange (0) -> grey -> blue (1) by
    probability. Several outputs (softmax): each class's colour, lighter where
    the network is less confident. Other outputs (regression): the value on the
    diverging scale from -1 to 1.
    """
    if output.shape[-1] == 1:
        value = output[..., 0]
        if discretize:
            value = (value > 0.5).astype(float)
        cmap = _common.diverging_cmap()
        return cmap(np.clip(value, 0, 1))
    probs = output
    winner = probs.argmax(axis=-1)
    colours = np.array([_rgba(c) for c in _common.CLASS_COLORS])
    colours = colours[np.arange(probs.shape[-1]) % len(colours)]
    image = colours[winner].copy()
    if not discretize:
        k = probs.shape[-1]
        confidence = (probs.max(axis=-1) - 1 / k) / (1 - 1 / k)  # 0 .. 1
        light = 1 - 0.85 * np.clip(confidence, 0, 1)[..., None]
        image[..., :3] = image[..., :3] * (1 - light) + light
    return image


def plot_decision_boundary(
    source,
    X=None,
    y=None,
    *,
    ax=None,
    X_test=None,
    y_test=None,
    features=(0, 1),
    fixed=None,
    resolution=200,
    discretize=False,
    epoch=None,
    xlim=None,
    ylim=None,
    regression=None,
    title=None,
):
    """The network's output over the input plane, with the data on top.

    Training points have a white edge, test points a black one (as in
    TensorFlow Playground). Two-class networks (one sigmoid output) are drawn
    orange (class 0) to blue (class 1) by probability; multi-class networks in
    one colour per class, lighter where less confident; ``discretize`` shows
    the predicted class only.

    Parameters
    ----------
    source : Network, fitted estimator or Run
    X, y : training data to draw (optional); also set the plotted range
    X_test, y_test : test data to draw (optional)
    features : (int, int)
        The two inputs spanning the plane; others held at ``fixed``.
    resolution : int
        Grid points per axis.

    Returns
    -------
    matplotlib.axes.Axes
    """
    net = _common.network_of(source, epoch)
    xlim, ylim = _limits(X if X is not None else X_test, features, xlim, ylim)
    _, _, out = decision_grid(
        net, xlim=xlim, ylim=ylim, resolution=resolution, features=features, fixed=fixed
    )
    is_regression = (not net.is_classifier) if regression is None else regression
    ax = _common.get_ax(ax, figsize=(5, 5))
    handle = ax.imshow(
        _background(out, is_regression, discretize),
        origin="lower",
        extent=(*xlim, *ylim),
        aspect="auto",
        # a fine grid needs no smoothing, and draws faster without it
        interpolation="nearest" if discretize or resolution >= 150 else "bilinear",
        zorder=0,
    )
    handle.set_gid("boundary")
    i, j = features
    for data_X, data_y, edge, gid in (
        (X, y, "white", "train"),
        (X_test, y_test, "black", "test"),
    ):
        if data_X is None:
            continue
        data_X = np.asarray(data_X, float)
        points = ax.scatter(
            data_X[:, i],
            data_X[:, j],
            c=_point_colours(data_y, is_regression, out.shape[-1]),
            s=20,
            edgecolors=edge,
            linewidths=0.7,
            zorder=2,
            label=gid,
        )
        points.set_gid(gid)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(f"x{i + 1}")
    ax.set_ylabel(f"x{j + 1}")
    if X is not None and X_test is not None:
        ax.legend(loc="upper right", fontsize=8, framealpha=0.8)
    ax.set_title(
        title or "decision boundary"
        if not is_regression
        else title or "output over the input plane",
        fontsize=10,
    )
    return ax


def _background(output, is_regression, discretize):
    """The RGBA image under the points: a regression's one output on the
    diverging scale from -1 to 1, else :func:`boundary_image`; lightened, so
    that the points stand out."""
    if is_regression and output.shape[-1] == 1:
        cmap = _common.diverging_cmap()
        image = cmap(np.clip((output[..., 0] + 1) / 2, 0, 1))
    else:
        image = boundary_image(output, discretize)
    image = image.copy()
    image[..., :3] = 0.7 * image[..., :3] + 0.3
    return image


def _point_colours(labels, is_regression, n_outputs):
    """The points' colours: grey without labels; a regression's targets on the
    diverging scale; orange/blue for two classes on one output; a colour per
    class otherwise."""
    if labels is None:
        return "#777777"
    if is_regression:
        return _common.diverging_cmap()(np.clip((np.ravel(labels) + 1) / 2, 0, 1))
    labels = np.ravel(labels).astype(int)
    if n_outputs == 1:
        return np.where(
            labels[:, None] == 1, _rgba(_common.POSITIVE), _rgba(_common.NEGATIVE)
        )
    palette = np.array([_rgba(c) for c in _common.CLASS_COLORS])
    return palette[labels % len(palette)]


def neuron_grids(
    source,
    *,
    xlim=PLAYGROUND_DOMAIN,
    ylim=PLAYGROUND_DOMAIN,
    resolution=40,
    features=(0, 1),
    fixed=None,
    epoch=None,
    inputs=None,
):
    """Every neuron's output over the input plane: a list per column (inputs
    first) of arrays (n_units, resolution, resolution).

    ``inputs`` as in :func:`decision_grid`: the plane is (x1, x2), fed to the
    network as those Playground features (the playground's thumbnails).
    """
    net = _common.network_of(source, epoch)
    xs, ys, grid = _plane(net, xlim, ylim, resolution, features, fixed, inputs)
    columns = [grid.T.reshape(net.n_inputs, len(ys), len(xs))]
    for a in _common.forward_all(net, grid):
        columns.append(a.T.reshape(a.shape[1], len(ys), len(xs)))
    return columns


def plot_neuron_maps(
    source,
    *,
    fig=None,
    resolution=40,
    xlim=PLAYGROUND_DOMAIN,
    ylim=PLAYGROUND_DOMAIN,
    epoch=None,
    max_neurons=8,
):
    """A grid of every neuron's output over the input plane, arranged like the
    network (inputs on the left, one column per layer): TensorFlow Playground's
    thumbnails as a figure. Values map orange (-1) -> grey -> blue (+1).

    Returns the matplotlib Figure (it holds one small Axes per neuron).
    """
    import matplotlib.pyplot as plt

    net = _common.network_of(source, epoch)
    columns = neuron_grids(net, xlim=xlim, ylim=ylim, resolution=resolution, epoch=None)
    rows = min(max(c.shape[0] for c in columns), max_neurons)
    if fig is None:
        fig = plt.figure(figsize=(1.5 * len(columns) + 0.5, 1.4 * rows + 0.6))
    grid = fig.add_gridspec(rows, len(columns), hspace=0.35, wspace=0.25)
    cmap = _common.diverging_cmap()
    names = ["input", *(layer.name for layer in net.layers)]
    acts = [None, *(layer.activation_name for layer in net.layers)]
    for c, maps in enumerate(columns):
        for k in range(min(maps.shape[0], rows)):
            ax = fig.add_subplot(grid[k, c])
            values = maps[k]
            if acts[c] == "sigmoid" or acts[c] == "softmax":
                values = 2 * values - 1  # probabilities shown on the same -1..1 scale
            elif c == 0:
                values = values / max(
                    abs(xlim[0]), abs(xlim[1]), abs(ylim[0]), abs(ylim[1])
                )
            ax.imshow(
                values,
                origin="lower",
                cmap=cmap,
                vmin=-1,
                vmax=1,
                extent=(*xlim, *ylim),
                interpolation="bilinear",
            )
            ax.set_xticks([])
            ax.set_yticks([])
            if k == 0:
                ax.set_title(f"{names[c]}\n{acts[c] or ''}".strip(), fontsize=8)
        if maps.shape[0] > rows:
            ax.text(
                0.5,
                -0.12,
                f"+{maps.shape[0] - rows} more",
                ha="center",
                va="top",
                fontsize=7,
                transform=ax.transAxes,
            )
    fig.suptitle("what each neuron computes over the input plane", fontsize=10)
    return fig
