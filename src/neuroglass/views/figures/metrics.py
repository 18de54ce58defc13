"""How good the predictions are: a confusion matrix, predicted against true.

``confusion_matrix_data`` and ``regression_fit_data`` compute the numbers (with
NumPy only, so the views stay light); the ``plot_*`` functions draw them.
"""

from __future__ import annotations

import numpy as np

from ...engine.metrics import r2_score
from . import _common

_NORMALIZE = (None, "true", "pred", "all")
_TEXT = {
    "en": {
        "predicted": "predicted class",
        "true": "true class",
        "title": "Confusion matrix, accuracy {accuracy:.1%}",
        "by_true": "normalized by true class (rows sum to 1)",
        "by_pred": "normalized by predicted class (columns sum to 1)",
        "by_all": "normalized by all samples",
        "true_value": "true value",
        "predicted_value": "predicted value",
        "fit_title": "Predicted vs true (R\u00b2 = {r2:.3f})",
        "output": "output {j}",
    },
    "zh": {
        "predicted": "预测类别",
        "true": "真实类别",
        "title": "混淆矩阵，准确率{accuracy:.1%}",
        "by_true": "按真实类别归一化（每行之和为1）",
        "by_pred": "按预测类别归一化（每列之和为1）",
        "by_all": "按全部样本归一化",
        "true_value": "真实值",
        "predicted_value": "预测值",
        "fit_title": "预测值与真实值（R\u00b2 = {r2:.3f}）",
        "output": "输出{j}",
    },
}


def _is_estimator(source) -> bool:
    return hasattr(source, "network_") and hasattr(source, "predict")


def _labels_1d(y, what="y") -> np.ndarray:
    """Class labels (n_samples,) from labels or one-hot rows."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    elif y.ndim == 2:
        y = y.argmax(axis=1)
    if y.ndim != 1:
        raise ValueError(
            f"{what} must be class labels (n_samples,) or one-hot rows "
            f"(n_samples, n_classes); got shape {np.shape(y)}."
        )
    return y


def confusion_matrix_data(source, X, y, *, normalize=None, epoch=None) -> dict:
    """How often each true class is predicted as each class.

    Parameters
    ----------
    source : Network, fitted classifier or Run (its final network, or ``epoch``)
    X : array-like (n_samples, n_features)
    y : array-like (n_samples,) labels or (n_samples, n_classes) one-hot
    normalize : {None, "true", "pred", "all"}
        Divide by each row's total (recall), each column's (precision), or by
        all samples.

    Returns
    -------
    dict
        ``counts`` (n_classes, n_classes) int, rows true and columns predicted;
        ``matrix``: the counts, normalized if asked (0 where a total is 0);
        ``labels`` (n_classes,); ``accuracy``; ``normalize``.
    """
    if normalize not in _NORMALIZE:
        raise ValueError(f"normalize must be one of {_NORMALIZE}; got {normalize!r}.")
    y_true = _labels_1d(y)
    if _is_estimator(source) and epoch is None:
        y_pred = _labels_1d(source.predict(X), "the predictions")
        known = np.asarray(getattr(source, "classes_", []))
    else:
        net = _common.network_of(source, epoch)
        if not net.is_classifier:
            raise ValueError(
                "a confusion matrix is for classifiers (loss 'bce' or "
                f"'cross_entropy'); this network's loss is {net.loss_fn.name!r}. "
                "Use plot_regression_fit for a regression network."
            )
        if net.loss_fn.name == "bce" and net.n_outputs > 1:
            raise ValueError(
                f"this network is multi-label ({net.n_outputs} independent sigmoid "
                "outputs); a confusion matrix needs one class per sample."
            )
        y_pred = net.predict_classes(_common.as_2d(X, net.n_inputs))
        known = np.arange(max(net.n_outputs, 2))
    if y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(
            f"X has {y_pred.shape[0]} samples but y has {y_true.shape[0]} labels; "
            "they must match row for row."
        )
    labels = np.union1d(np.union1d(known, y_true), y_pred)
    k = len(labels)
    t, p = np.searchsorted(labels, y_true), np.searchsorted(labels, y_pred)
    counts = np.bincount(t * k + p, minlength=k * k).reshape(k, k)
    matrix = counts.astype(float)
    if normalize is not None:
        totals = {
            "true": counts.sum(axis=1, keepdims=True),
            "pred": counts.sum(axis=0, keepdims=True),
            "all": np.full((1, 1), counts.sum()),
        }[normalize]
        matrix = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
    total = counts.sum()
    return {
        "counts": counts,
        "matrix": matrix,
        "labels": labels,
        "accuracy": float(np.trace(counts) / total) if total else float("nan"),
        "normalize": normalize,
    }


def plot_confusion_matrix(
    source, X, y, *, normalize=None, ax=None, class_names=None, epoch=None, lang=None
):
    """The confusion matrix with each cell's number written in it.

    Rows are the true classes, columns the predicted ones; the diagonal holds
    the correct predictions. Parameters are those of
    :func:`confusion_matrix_data`, and ``class_names`` (one per class, in the
    order of the sorted labels) to name the ticks; ``lang``: the language of
    the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.colors import LinearSegmentedColormap

    text = _common.words(_TEXT, lang)
    data = confusion_matrix_data(source, X, y, normalize=normalize, epoch=epoch)
    labels, matrix = data["labels"], data["matrix"]
    k = len(labels)
    if class_names is None:
        names = [str(label) for label in labels]
    elif len(class_names) != k:
        raise ValueError(
            f"class_names has {len(class_names)} names but there are {k} classes "
            f"({labels.tolist()}); give one name per class."
        )
    else:
        names = [str(name) for name in class_names]
    side = min(3 + 0.45 * k, 10)
    # room for a two-line title
    ax = _common.get_ax(ax, figsize=(side + 0.5, side + 0.5), margins={"top": 0.85})
    cmap = LinearSegmentedColormap.from_list(
        "neuroglass_counts", ["#ffffff", _common.POSITIVE, "#08306b"]
    )
    top = float(matrix.max()) if matrix.size and matrix.max() > 0 else 1.0
    ax.imshow(
        matrix, cmap=cmap, vmin=0, vmax=top, interpolation="nearest", gid="matrix"
    )
    size = "medium" if k <= 6 else "small" if k <= 12 else "x-small"
    for i in range(k):
        for j in range(k):
            value = matrix[i, j]
            cell = f"{data['counts'][i, j]:d}" if normalize is None else f"{value:.2f}"
            ax.text(
                j,
                i,
                cell,
                ha="center",
                va="center",
                fontsize=size,
                color="white" if value > 0.55 * top else "#222222",
                gid=f"cell-{i}-{j}",
            )
    ax.set_xticks(range(k))
    ax.set_yticks(range(k))
    ax.set_xticklabels(names, rotation=45 if max(map(len, names)) > 3 else 0)
    ax.set_yticklabels(names)
    ax.set_xlabel(text["predicted"])
    ax.set_ylabel(text["true"])
    title = text["title"].format(accuracy=data["accuracy"])
    if normalize is not None:
        title += "\n" + text[f"by_{normalize}"]
    ax.set_title(title)
    return ax


def regression_fit_data(source, X, y, *, epoch=None) -> dict:
    """Targets and predictions side by side.

    Returns
    -------
    dict
        ``y_true`` and ``y_pred`` (n_samples, n_outputs); ``r2``: the
        coefficient of determination averaged over outputs.
    """
    if _is_estimator(source) and epoch is None:
        y_pred = np.asarray(source.predict(X), dtype=float)
    else:
        net = _common.network_of(source, epoch)
        if net.is_classifier:
            raise ValueError(
                "predicted-versus-true is for regression; this network is a "
                f"classifier (loss {net.loss_fn.name!r}). Use plot_confusion_matrix."
            )
        y_pred = net.predict(_common.as_2d(X, net.n_inputs)).astype(float)
    y_true = np.asarray(y, dtype=float)
    y_true = y_true.reshape(len(y_true), -1)
    y_pred = y_pred.reshape(len(y_pred), -1)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y has shape {np.shape(y)} but the predictions have shape "
            f"{y_pred.shape}; give one target per sample and output."
        )
    return {"y_true": y_true, "y_pred": y_pred, "r2": r2_score(y_true, y_pred)}


def plot_regression_fit(source, X, y, *, ax=None, epoch=None, color=None, lang=None):
    """Predicted against true values, with the line y = x of a perfect fit.

    Points above the line are over-predicted, below under-predicted. The
    title gives R^2. Several outputs get one colour each. ``lang``: the
    language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    text = _common.words(_TEXT, lang)
    data = regression_fit_data(source, X, y, epoch=epoch)
    ax = _common.get_ax(ax, figsize=(5, 5))
    y_true, y_pred = data["y_true"], data["y_pred"]
    n_outputs = y_true.shape[1]
    for j in range(n_outputs):
        color_j = color or (
            _common.POSITIVE
            if n_outputs == 1
            else _common.CLASS_COLORS[j % len(_common.CLASS_COLORS)]
        )
        ax.scatter(
            y_true[:, j],
            y_pred[:, j],
            s=14,
            alpha=0.6,
            color=color_j,
            edgecolors="none",
            label=None if n_outputs == 1 else text["output"].format(j=j),
            gid=f"points-{j}",
        )
    both = np.concatenate([y_true.ravel(), y_pred.ravel()])
    both = both[np.isfinite(both)]
    low, high = (float(both.min()), float(both.max())) if both.size else (0.0, 1.0)
    pad = 0.05 * (high - low or 1.0)
    low, high = low - pad, high + pad
    ax.plot(
        [low, high],
        [low, high],
        color="#555555",
        linestyle="--",
        linewidth=1,
        label="y = x",
        gid="identity",
    )
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_aspect("equal")
    ax.set_xlabel(text["true_value"])
    ax.set_ylabel(text["predicted_value"])
    ax.set_title(text["fit_title"].format(r2=data["r2"]))
    ax.legend(fontsize="small", loc="upper left")
    return ax
