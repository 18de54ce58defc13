"""Loss landscapes: the loss along directions in weight space around the trained
weights (Li, Xu, Taylor, Studer & Goldstein 2018, "Visualizing the Loss
Landscape of Neural Nets"), and the optimizer's path through them."""

from __future__ import annotations

import numpy as np

from . import _common

_TEXT = {
    "en": {
        "title": "loss landscape",
        "path": " and the optimizer's path",
        "pc": "PC{k} ({share:.1f}% of the path)",
        "random": "random direction {k} (filter-normalised)",
        "line": "loss along a line through the weights",
        "loss": "loss",
        "log_loss": "log10 loss",
        "trained": "trained weights",
        "start": "start",
        "end": "end",
    },
    "zh": {
        "title": "损失曲面",
        "path": "及优化器走过的路径",
        "pc": "主成分{k}（占路径方差的{share:.1f}%）",
        "random": "随机方向{k}（按滤波器归一化）",
        "line": "沿一条穿过权重的直线的损失",
        "loss": "损失",
        "log_loss": "log10 损失",
        "trained": "训练后的权重",
        "start": "起点",
        "end": "终点",
    },
}


def filter_normalized_direction(net, rng) -> np.ndarray:
    """A random direction in weight space, each unit's incoming weights scaled
    to the norm of that unit's weights (Li et al.'s filter normalisation for a
    dense layer); biases are left out (zero)."""
    direction = np.zeros(net.layout.size)
    # the layout's views of each layer's weights inside ``direction``
    for layer, (weights, _) in zip(net.layers, net.layout.split(direction)):
        d = rng.normal(size=weights.shape)
        weight_norms = np.linalg.norm(layer.weights, axis=0)
        d *= weight_norms / np.maximum(np.linalg.norm(d, axis=0), 1e-12)
        weights[...] = d
    return direction


def _snapshot_vectors(run):
    """Parameter vectors of every snapshot that keeps them: (n_snapshots, n)."""
    vectors, epochs = [], []
    for epoch in run.snapshot_epochs:
        snap = run.snapshot(int(epoch))
        if snap.params is not None:
            vectors.append(np.asarray(snap.params, float))
            epochs.append(int(epoch))
    return np.array(vectors), np.array(epochs)


def loss_landscape_data(
    source, X, y, *, dim=2, directions="auto", steps=25, span=1.0, seed=0, epoch=None
):
    """The loss on a line (``dim=1``) or plane (``dim=2``) through the weights.

    Parameters
    ----------
    source : Network, fitted estimator or Run
    X, y : the data the loss is measured on
    directions : {"auto", "random", "pca"}
        "random": filter-normalised random directions; "pca": the top principal
        directions of the recorded snapshots around the final weights (a Run
        with full snapshots), so the optimizer's path lies in the plane; "auto"
        picks "pca" for such runs and "random" otherwise.
    steps : int
        Grid points per axis.
    span : float
        The grid covers [-span, span] times each direction (for "pca", the
        path's extent times ``span`` plus a margin).

    Returns
    -------
    dict with ``alphas`` (and ``betas``), ``loss`` (steps,) or (steps, steps),
    ``directions`` (dim, n_params), ``center`` (n_params,), and for "pca" the
    ``path`` (n_snapshots, 2), its ``epochs`` and ``explained`` (fraction of the
    path's variance on each axis).
    """
    if dim not in (1, 2):
        raise ValueError(f"dim must be 1 or 2; got {dim!r}.")
    if directions not in ("auto", "random", "pca"):
        raise ValueError(
            f"directions must be 'auto', 'random' or 'pca'; got {directions!r}."
        )
    run = source if _common.is_run(source) else None
    net = _common.network_of(source, epoch).copy()  # never touch the source
    center = net.parameters_vector().astype(float)
    vectors = None
    if run is not None and directions in ("auto", "pca"):
        vectors, path_epochs = _snapshot_vectors(run)
        if len(vectors) < 3:
            vectors = None
    if directions == "pca" and vectors is None:
        raise ValueError(
            "directions='pca' needs a recorded Run with at least 3 full snapshots; "
            "use directions='random' for a network."
        )
    result = {"center": center}
    rng = np.random.default_rng(seed)
    if vectors is not None:
        offsets = vectors - center
        _, singular, vt = np.linalg.svd(
            offsets - offsets.mean(axis=0), full_matrices=False
        )
        dirs = vt[:dim]
        path = offsets @ dirs.T
        total = float((singular**2).sum()) or 1.0
        result["explained"] = (singular[:dim] ** 2 / total).tolist()
        result["path"] = path
        result["epochs"] = path_epochs
        extent = np.abs(path).max(axis=0) * span * 1.25 + 1e-9
    else:
        dirs = np.array([filter_normalized_direction(net, rng) for _ in range(dim)])
        extent = np.full(dim, float(span))
    result["directions"] = dirs
    alphas = np.linspace(-extent[0], extent[0], steps)
    result["alphas"] = alphas
    if dim == 1:
        losses = []
        for a in alphas:
            net.set_parameters_vector(center + a * dirs[0])
            losses.append(net.loss(X, y))
        result["loss"] = np.array(losses)
        return result
    betas = np.linspace(-extent[1], extent[1], steps)
    result["betas"] = betas
    grid = np.empty((steps, steps))
    for r, b in enumerate(betas):
        for c, a in enumerate(alphas):
            net.set_parameters_vector(center + a * dirs[0] + b * dirs[1])
            grid[r, c] = net.loss(X, y)
    result["loss"] = grid
    return result


def plot_loss_landscape(
    source,
    X,
    y,
    *,
    ax=None,
    dim=2,
    kind="contour",
    directions="auto",
    steps=25,
    span=1.0,
    seed=0,
    epoch=None,
    log=True,
    lang=None,
):
    """The loss around the trained weights; with a recorded Run, the
    optimizer's path projected on the top two PCA directions of its snapshots
    (axes labelled with the % of the path's variance they explain).

    Parameters
    ----------
    kind : {"contour", "surface"}
        For ``dim=2``: filled contours (with the path on top) or a 3-D surface
        (a new 3-D Axes unless ``ax`` is one).
    log : bool
        Colour by log10 of the loss (landscapes span orders of magnitude).
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if kind not in ("contour", "surface"):
        raise ValueError(f"kind must be 'contour' or 'surface'; got {kind!r}.")
    text = _common.words(_TEXT, lang)
    data = loss_landscape_data(
        source,
        X,
        y,
        dim=dim,
        directions=directions,
        steps=steps,
        span=span,
        seed=seed,
        epoch=epoch,
    )
    if dim == 1:
        return _plot_line(_common.get_ax(ax, figsize=(5, 3.5)), data, log, text)
    values = np.log10(np.maximum(data["loss"], 1e-12)) if log else data["loss"]
    if kind == "surface":
        ax = _plot_surface(ax, data, values, log, text)
    else:
        # room for the colour bar and its label at the right
        ax = _common.get_ax(ax, figsize=(6, 4.5), margins={"right": 0.78})
        ax = _plot_contour(ax, data, values, log, text)
    ax.set_xlabel(_axis_label(data, 0, text), fontsize=9)
    ax.set_ylabel(_axis_label(data, 1, text), fontsize=9)
    pca = "explained" in data
    ax.set_title(text["title"] + (text["path"] if pca else ""), fontsize=10)
    return ax


def _axis_label(data, k, text):
    """The label of direction ``k`` (0 or 1): a PCA direction with the share of
    the path's variance it explains, or a random one."""
    if "explained" in data:
        return text["pc"].format(k=k + 1, share=100 * data["explained"][k])
    return text["random"].format(k=k + 1)


def _plot_line(ax, data, log, text):
    """``dim=1``: the loss along the line, the trained weights at 0."""
    ax.plot(data["alphas"], data["loss"], color="black", gid="landscape")
    ax.axvline(0, color=_common.POSITIVE, ls=":", lw=1)
    ax.set_xlabel(_axis_label(data, 0, text))
    ax.set_ylabel(text["loss"])
    if log:
        ax.set_yscale("log")
    ax.set_title(text["line"], fontsize=10)
    return ax


def _plot_surface(ax, data, values, log, text):
    """A 3-D surface of ``values`` on a new 3-D Axes unless ``ax`` is one."""
    if ax is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(6, 5))
        ax = fig.add_subplot(projection="3d")
    ax = _common.get_ax(ax)
    A, B = np.meshgrid(data["alphas"], data["betas"])
    surface = ax.plot_surface(
        A, B, values, cmap="viridis", linewidth=0, antialiased=True
    )
    surface.set_gid("landscape")
    ax.set_zlabel(text["log_loss"] if log else text["loss"])
    return ax


def _plot_contour(ax, data, values, log, text):
    """Filled contours of ``values`` with a colour bar; on top, the
    optimizer's path (a Run) or the trained weights (a network)."""
    A, B = np.meshgrid(data["alphas"], data["betas"])
    filled = ax.contourf(A, B, values, levels=20, cmap="viridis")
    filled.set_gid("landscape")
    ax.contour(A, B, values, levels=20, colors="white", linewidths=0.3)
    bar = ax.figure.colorbar(filled, cax=ax.inset_axes([1.02, 0.0, 0.04, 1.0]))
    bar.set_label(text["log_loss"] if log else text["loss"])
    if "explained" not in data:
        ax.plot(0, 0, marker="*", color="#d55e00", ms=11, label=text["trained"])
        ax.legend(fontsize=8, loc="upper right")
        return ax
    path = data["path"]
    ax.plot(path[:, 0], path[:, 1], color="white", lw=1.5, marker="o", ms=3, gid="path")
    ax.plot(*path[0], marker="s", color="#e69f00", ms=7, label=text["start"])
    ax.plot(*path[-1], marker="*", color="#d55e00", ms=11, label=text["end"])
    ax.legend(fontsize=8, loc="upper right")
    return ax
