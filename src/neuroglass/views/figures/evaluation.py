"""What the network does with a batch: activations of every unit, and how its
predictions compare with the truth."""

from __future__ import annotations

import numpy as np

from . import _common

RELU_LIKE = ("relu", "leaky_relu", "elu", "gelu", "swish", "softplus")


def activation_data(source, *, X=None, epoch=None) -> dict:
    """The hidden layers' activations of a batch (samples x units, side by
    side), and which units are dead (ReLU-like, never > 0) or saturated (tanh
    |a| > 0.97, sigmoid |2a - 1| > 0.97, on more than 90% of the samples)."""
    if _common.is_run(source) and X is None:
        snap = source.snapshot(epoch)
        layers = snap.layers[:-1] or snap.layers
        if layers[0].activations is None:
            raise ValueError(
                "this run does not keep the probe batch's activations (a large "
                "network); pass X= and a network (run.network()) instead."
            )
        blocks = [layer.activations for layer in layers]
        names = [layer.name for layer in layers]
        kinds = [layer.activation_name for layer in layers]
    else:
        net = _common.network_of(source, epoch)
        if X is None:
            raise ValueError("pass the samples to show: X=... (n_samples, n_inputs).")
        X = _common.as_2d(X, net.n_inputs)
        outputs = _common.forward_all(net, X)
        layers = net.layers[:-1] or net.layers
        blocks = outputs[: len(layers)]
        names = [layer.name for layer in layers]
        kinds = [layer.activation_name for layer in layers]
    dead, saturated = [], []
    for block, kind in zip(blocks, kinds):
        block = np.asarray(block, dtype=float)
        dead.append(
            (block <= 0).all(axis=0)
            if kind in RELU_LIKE
            else np.zeros(block.shape[1], bool)
        )
        if kind == "tanh":
            sat = (np.abs(block) > 0.97).mean(axis=0) > 0.9
        elif kind == "sigmoid":
            sat = (np.abs(2 * block - 1) > 0.97).mean(axis=0) > 0.9
        else:
            sat = np.zeros(block.shape[1], bool)
        saturated.append(sat)
    return {
        "activations": np.hstack(blocks),
        "widths": [b.shape[1] for b in blocks],
        "names": names,
        "kinds": kinds,
        "dead": np.concatenate(dead),
        "saturated": np.concatenate(saturated),
    }


def plot_activations(source, *, X=None, epoch=None, ax=None):
    """A samples x units map of the hidden layers' activations, dead units
    marked with x and saturated ones with s above their column.

    Returns
    -------
    matplotlib.axes.Axes
    """
    data = activation_data(source, X=X, epoch=epoch)
    A = data["activations"]
    ax = _common.get_ax(ax, figsize=(max(5, 0.18 * A.shape[1] + 2), 4))
    scale = max(float(np.abs(A).max()), 1e-12)
    image = ax.imshow(
        A,
        aspect="auto",
        cmap=_common.diverging_cmap(),
        vmin=-scale,
        vmax=scale,
        interpolation="nearest",
    )
    image.set_gid("activations")
    start = 0
    for width, name, kind in zip(data["widths"], data["names"], data["kinds"]):
        if start:
            ax.axvline(start - 0.5, color="black", lw=1)
        ax.text(
            start + width / 2 - 0.5,
            -0.04 * A.shape[0],
            f"{name} ({kind})",
            ha="center",
            va="bottom",
            fontsize=8,
        )
        start += width
    for column in np.flatnonzero(data["dead"]):
        ax.text(
            column,
            A.shape[0] + 0.02 * A.shape[0],
            "x",
            ha="center",
            va="top",
            color="#d55e00",
            fontsize=9,
            fontweight="bold",
            gid="dead",
        )
    for column in np.flatnonzero(data["saturated"]):
        ax.text(
            column,
            A.shape[0] + 0.02 * A.shape[0],
            "s",
            ha="center",
            va="top",
            color="#0072b2",
            fontsize=9,
            fontweight="bold",
            gid="saturated",
        )
    ax.set_xlabel("unit   (x: dead, s: saturated)")
    ax.set_ylabel("sample")
    ax.set_ylim(A.shape[0] + 0.08 * A.shape[0], -0.12 * A.shape[0])
    ax.figure.colorbar(
        image, cax=ax.inset_axes([1.02, 0.0, 0.03, 1.0]), label="activation"
    )
    return ax


def confusion_matrix_data(source, X, y, *, normalize=None, epoch=None) -> dict:
    """Counts of (true class, predicted class); ``normalize="true"`` divides
    each row by its total."""
    net = _common.network_of(source, epoch)
    if not net.is_classifier:
        raise ValueError(
            "a confusion matrix needs a classifier (loss 'bce' or 'cross_entropy'); "
            "use plot_regression_fit for this network."
        )
    predicted = np.asarray(net.predict_classes(X)).ravel()
    true = np.asarray(y).ravel().astype(int)
    k = max(net.n_outputs, 2) if net.loss_fn.name == "cross_entropy" else 2
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (true, predicted), 1)
    values = counts.astype(float)
    if normalize == "true":
        values = values / np.maximum(values.sum(axis=1, keepdims=True), 1)
    elif normalize is not None:
        raise ValueError(f"normalize must be None or 'true'; got {normalize!r}.")
    return {"counts": counts, "values": values}


def plot_confusion_matrix(
    source, X, y, *, normalize=None, class_names=None, ax=None, epoch=None
):
    """True vs predicted classes, each cell with its count (or row fraction).

    Returns
    -------
    matplotlib.axes.Axes
    """
    data = confusion_matrix_data(source, X, y, normalize=normalize, epoch=epoch)
    values = data["values"]
    k = values.shape[0]
    ax = _common.get_ax(ax, figsize=(max(3.5, 0.5 * k + 2), max(3, 0.5 * k + 1.5)))
    image = ax.imshow(values, cmap="Blues")
    image.set_gid("confusion")
    top = values.max() or 1
    for i in range(k):
        for j in range(k):
            text = f"{values[i, j]:.2f}" if normalize else str(data["counts"][i, j])
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=8,
                color="white" if values[i, j] > 0.6 * top else "black",
            )
    names = class_names or [str(c) for c in range(k)]
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    accuracy = np.trace(data["counts"]) / max(data["counts"].sum(), 1)
    ax.set_title(f"confusion matrix (accuracy {100 * accuracy:.1f}%)", fontsize=10)
    return ax


def plot_regression_fit(source, X, y, *, ax=None, output=0, epoch=None):
    """Predicted against true values, with the y = x line and R^2.

    Returns
    -------
    matplotlib.axes.Axes
    """
    net = _common.network_of(source, epoch)
    predicted = net.predict(X)[:, output]
    true = np.asarray(y, dtype=float)
    true = true.reshape(len(true), -1)[:, output]
    ss_res = float(((true - predicted) ** 2).sum())
    ss_tot = float(((true - true.mean()) ** 2).sum()) or 1.0
    ax = _common.get_ax(ax, figsize=(4.5, 4.5))
    points = ax.scatter(true, predicted, s=12, color=_common.POSITIVE, alpha=0.7)
    points.set_gid("points")
    low = min(true.min(), predicted.min())
    high = max(true.max(), predicted.max())
    ax.plot([low, high], [low, high], color="black", ls="--", lw=1, gid="identity")
    ax.set_xlabel("true value")
    ax.set_ylabel("predicted value")
    ax.set_title(f"regression fit: R^2 = {1 - ss_res / ss_tot:.3f}", fontsize=10)
    ax.set_aspect("equal", adjustable="datalim")
    return ax
