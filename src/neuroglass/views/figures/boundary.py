"""What a network outputs over the input plane: the decision boundary, with
the data on top and a key naming each class's colour. The numbers come from
:mod:`._plane` (shared with the playground); the map of every neuron is
:mod:`.neuron_maps` (both re-exported here)."""

from __future__ import annotations

import numpy as np

from . import _common
from ._plane import (  # noqa: F401 (the playground imports them from here)
    PLAYGROUND_DOMAIN,
    decision_grid,
    limits,
    neuron_grids,
)
from .neuron_maps import plot_neuron_maps  # noqa: F401 (ng.plot imports it here)

_TEXT = {
    "en": {
        "title": "decision boundary",
        "title_regression": "output over the input plane",
        "class": "class {k}",
        "predicted": "predicted class {k}",
        "unlabelled": "sample (no label)",
        "train": "training set (white edge)",
        "test": "test set (black edge)",
        "low": "output ≤ -1",
        "middle": "output 0",
        "high": "output ≥ +1",
    },
    "zh": {
        "title": "决策边界",
        "title_regression": "输入平面上的输出",
        "class": "类别{k}",
        "predicted": "预测类别{k}",
        "unlabelled": "样本（无标签）",
        "train": "训练集（白边）",
        "test": "测试集（黑边）",
        "low": "输出 ≤ -1",
        "middle": "输出 0",
        "high": "输出 ≥ +1",
    },
}


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
    class_names=None,
    predicted=False,
    lang=None,
):
    """The network's output over the input plane, with the data on top.

    Training points have a white edge, test points a black one (as in
    TensorFlow Playground). Two-class networks (one sigmoid output) are drawn
    orange (class 0) to blue (class 1) by probability; multi-class networks in
    one colour per class, lighter where less confident; ``discretize`` shows
    the predicted class only. A key names each class's colour (a regression's:
    the output's scale).

    Parameters
    ----------
    source : Network, fitted estimator or Run
    X, y : training data to draw (optional); also set the plotted range
    X_test, y_test : test data to draw (optional)
    features : (int, int)
        The two inputs spanning the plane; others held at ``fixed``.
    resolution : int
        Grid points per axis.
    class_names : list of str, optional
        The key's name of each class (default "class 0", "class 1", ...).
    predicted : bool
        The labels ``y`` are the network's predictions, not the truth (the
        key says "predicted class").
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    text = _common.words(_TEXT, lang)
    net = _common.network_of(source, epoch)
    xlim, ylim = limits(X if X is not None else X_test, features, xlim, ylim)
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
        )
        points.set_gid(gid)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel(f"x{i + 1}")
    ax.set_ylabel(f"x{j + 1}")
    handles = _key(text, is_regression, out.shape[-1], class_names, predicted)
    handles += _data_key(text, X, y, X_test, y_test)
    key = ax.legend(handles=handles, loc="best", fontsize=8, framealpha=0.85)
    key.set_gid("key")
    default = text["title_regression" if is_regression else "title"]
    ax.set_title(title or default, fontsize=10)
    return ax


def _key(text, is_regression, n_outputs, class_names, predicted):
    """One square per class in its colour, named; a regression's output scale."""
    from matplotlib.patches import Patch

    if is_regression:
        colours = _common.unit_colours([-1.0, 0.0, 1.0])
        names = [text["low"], text["middle"], text["high"]]
    else:
        n_classes = max(n_outputs, 2)
        colours = [_common.class_colour(k, n_outputs) for k in range(n_classes)]
        if class_names is not None:
            if len(class_names) != n_classes:
                raise ValueError(
                    f"class_names has {len(class_names)} names but the network "
                    f"tells {n_classes} classes apart; give one name per class."
                )
            names = [str(name) for name in class_names]
        else:
            word = text["predicted" if predicted else "class"]
            names = [word.format(k=k) for k in range(n_classes)]
    return [
        Patch(facecolor=colour, edgecolor="#555555", linewidth=0.5, label=name)
        for colour, name in zip(colours, names)
    ]


def _data_key(text, X, y, X_test, y_test):
    """Which points are training and which test data (when both are drawn),
    and a grey point's meaning when the points have no labels."""
    from matplotlib.lines import Line2D

    def point(edge, label, face="#bbbbbb"):
        return Line2D(
            [], [], ls="", marker="o", mfc=face, mec=edge, mew=1.2, label=label
        )

    handles = []
    if (X is not None and y is None) or (X_test is not None and y_test is None):
        handles.append(point("#777777", text["unlabelled"], face="#777777"))
    if X is not None and X_test is not None:
        handles += [point("white", text["train"]), point("black", text["test"])]
    return handles


def _background(output, is_regression, discretize):
    """The RGBA image under the points: a unit's colours
    (:func:`_common.unit_colours`: washed, so that the points stand out) for
    one output (a sigmoid's probability; a regression's value from -1 to 1);
    :func:`boundary_image` for several, washed the same way."""
    if output.shape[-1] == 1:
        value = output[..., 0]
        if discretize and not is_regression:
            value = (value > 0.5).astype(float)
        return _common.unit_colours(value, None if is_regression else "sigmoid")
    image = boundary_image(output, discretize).copy()
    image[..., :3] = (1 - _common.WASH) * image[..., :3] + _common.WASH
    return image


def _point_colours(labels, is_regression, n_outputs):
    """The points' colours: grey without labels; a regression's targets on the
    diverging scale; the class colours otherwise (:func:`_common.class_colour`)."""
    if labels is None:
        return "#777777"
    if is_regression:
        return _common.diverging_cmap()(np.clip((np.ravel(labels) + 1) / 2, 0, 1))
    labels = np.ravel(labels).astype(int)
    n_classes = max(n_outputs, 2)
    palette = np.array(
        [_rgba(_common.class_colour(k, n_outputs)) for k in range(n_classes)]
    )
    if n_outputs == 1:
        return palette[(labels == 1).astype(int)]
    return palette[labels % n_classes]
