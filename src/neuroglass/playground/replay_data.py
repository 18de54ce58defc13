"""The points a replayed run shows, when the page cannot generate them.

A run recorded by the playground on a generated set is drawn from its settings
(:mod:`.replay`); any other run from its description (a built-in set with its
size, noise, seed and test fraction: the same points, drawn again) or from the
training sample it kept. What cannot be drawn is said in a note.
"""

from __future__ import annotations

import numpy as np

from ..datasets.described import described
from ..recorder import RunFileError
from . import data as pdata
from .zh import Bilingual as Words


def run_classes(net, config=None) -> int:
    """How many classes the page colours the points with (0: a regression)."""
    loss = net.loss_fn.name
    if loss == "cross_entropy":
        return net.n_outputs
    if loss == "bce" or (config and config.get("problem") == "classification"):
        return 2
    return 2 if net.is_classifier else 0


def _target_scale(dataset):
    """``(center, half)`` of a playground run whose values were trained scaled
    (its dataset description's ``target_scale``), or None."""
    scale = dataset.get("target_scale") if isinstance(dataset, dict) else None
    try:
        center, half = (float(v) for v in scale)
    except (TypeError, ValueError):
        return None
    ok = np.isfinite(center) and np.isfinite(half) and half > 0
    return (center, half) if ok else None


def _labels(targets, loss, classes):
    """Class labels or values from the targets the loss saw, (n, n_outputs)."""
    if loss == "cross_entropy":
        return targets.argmax(axis=1)
    if classes:  # 0/1 for cross-entropy, -1/+1 for the playground's tanh MSE
        return (targets[:, 0] > (0.5 if loss == "bce" else 0.0)).astype(np.int64)
    return targets[:, 0].astype(float)


def _plane(inputs, features):
    """The points' (x1, x2) from the network's inputs, or None if they are lost."""
    if features is None:
        return inputs if inputs.shape[1] == 2 else None
    cols = [
        next((j for j, f in enumerate(features) if f in names), None)
        for names in (("x1", "x"), ("x2", "y"))
    ]
    return None if None in cols else inputs[:, cols]


def raw_names(n):
    return [f"x{i + 1}" for i in range(n)]


def _described_data(recipe, net, features, classes, sample, fit):
    """The run's train and test points drawn again from its description, or
    (None, why) when they cannot be, or are not those the run kept."""
    try:
        X_train, X_test, y_train, y_test = recipe.split()
        inputs = recipe.inputs(X_train)
    except ValueError as exc:  # e.g. a noise the generator refuses
        return None, Words(
            f"The run's data ({recipe.name}) cannot be drawn again: {exc}",
            f"无法重新生成这个运行的数据（{recipe.name}）：{exc}",
        )
    what = f"The recorded description of the run's data ({recipe.name})"
    what_zh = f"记录下来的数据描述（{recipe.name}）"
    if X_train.shape[1] != 2:  # not points of a plane: nothing to draw
        return None, None
    if inputs.shape[1] != net.n_inputs:
        return None, Words(
            f"{what} does not fit the network's {net.n_inputs} inputs",
            f"{what_zh}与网络的 {net.n_inputs} 个输入不符",
        )
    n_train = fit.get("n_train")
    if isinstance(n_train, int) and n_train != len(X_train):
        return None, Words(
            f"{what} makes {len(X_train):,} training points, but the run trained "
            f"on {n_train:,}",
            f"{what_zh}生成 {len(X_train):,} 个训练点，而这个运行训练时用了 "
            f"{n_train:,} 个",
        )
    if classes and not (
        np.issubdtype(y_train.dtype, np.integer)
        and y_train.min(initial=0) >= 0
        and max(y_train.max(initial=0), y_test.max(initial=0)) < classes
    ):
        return None, Words(
            f"{what} does not hold the network's {classes} classes",
            f"{what_zh}没有网络的 {classes} 个类别",
        )
    if sample is not None:
        rows, kept, _ = sample
        if not (
            np.issubdtype(rows.dtype, np.integer)
            and 0 <= rows.min(initial=0)
            and rows.max(initial=0) < len(inputs)
        ) or not np.allclose(inputs[rows], kept, rtol=1e-5, atol=1e-6):
            return None, Words(
                f"{what} draws other points than those the run kept",
                f"{what_zh}生成的点与运行保存的点不同",
            )
    if not classes:
        y_train, y_test = y_train.astype(float), y_test.astype(float)
    return pdata.make(X_train, y_train, X_test, y_test, classes), None


def run_data(run, net, config, playground):
    """``(Data, inputs, notes)``: the points of a run that the page cannot
    generate as the playground does (see :mod:`.replay`). ``inputs`` names the
    Playground feature of each network input, or None (raw inputs)."""
    recipe = described(run.config)
    if playground:
        features = tuple(config["features"])
    else:
        features = recipe.features if recipe is not None else None
    if features is not None and len(features) != net.n_inputs:
        features = None  # a description that does not fit the network
    classes = run_classes(net, config if playground else None)
    notes, unreadable = [], False
    try:
        sample = run.data_sample()
    except RunFileError as exc:  # the rest of the run can still be shown
        sample, unreadable = None, True
        notes.append(
            Words(
                f"The training sample the run kept cannot be read: {exc}",
                f"无法读取运行保存的训练样本：{exc}",
            )
        )
    fit = run.config.get("fit")
    fit = fit if isinstance(fit, dict) else {}
    data = None
    if recipe is not None and recipe.exact and not playground:
        data, why = _described_data(recipe, net, features, classes, sample, fit)
        if why:
            kept = "; the page shows the training points the run kept" if sample else ""
            kept_zh = "；页面显示的是运行保存的训练点" if sample else ""
            notes.append(Words(f"{why.rstrip('.')}{kept}.", f"{why.zh}{kept_zh}。"))
    if data is None and sample is not None:
        data = _kept_data(run, net, sample, features, classes, fit, notes)
    if data is None:
        empty = np.zeros((0, 2))
        data = pdata.make(empty, np.zeros(0), empty, np.zeros(0), classes)
        notes.append(_why_no_points(net, features, sample, unreadable))
    if not playground:  # fit the plane to the points (or to the probe batch)
        data.domain = _domain(data, run, features)
    notes = [n for n in notes if n]
    return data, (list(features) if features else None), notes


def _kept_data(run, net, sample, features, classes, fit, notes):
    """The training sample the run kept, as the page's points (None: its
    points' x1 and x2 are lost); says which points they are in ``notes``."""
    rows, kept, targets = sample
    plane = _plane(kept, features)
    if plane is None or not len(plane):
        return None
    y = _labels(np.asarray(targets), net.loss_fn.name, classes)
    scale = None if classes else _target_scale(run.config.get("dataset"))
    if scale is not None:  # the playground trained (value - center) / half
        y = scale[0] + scale[1] * y
    data = pdata.make(plane, y, plane[:0], y[:0], classes, target_scale=scale)
    n_train, n_val = fit.get("n_train"), fit.get("n_val")
    some = isinstance(n_train, int) and len(rows) < n_train
    val = isinstance(n_val, int) and n_val > 0
    notes.append(
        Words(
            (
                f"The points are {len(rows):,} of the run's {n_train:,} "
                "training points, the sample it kept"
                if some
                else f"The points are the run's {len(rows):,} training points"
            )
            + (f"; its {n_val:,} test (validation) points were not kept" if val else "")
            + ". Losses and accuracies are those the run recorded.",
            (
                f"这些点是运行的 {n_train:,} 个训练点中保存下来的 {len(rows):,} 个"
                if some
                else f"这些点是运行的 {len(rows):,} 个训练点"
            )
            + (f"；它的 {n_val:,} 个测试（验证）点没有保存" if val else "")
            + "。损失和准确率是运行记录下来的数值。",
        )
    )
    return data


def _why_no_points(net, features, sample, unreadable) -> str | None:
    """Why a replay draws no points (None: already said)."""
    if net.n_inputs > 2 and features is None:
        return Words(
            f"This network has {net.n_inputs} inputs; the page draws its output "
            "over the first two (x1, x2) with the others at 0, so the run's "
            f"data points, of {net.n_inputs} values each, are not drawn. "
            "`neuroglass report` shows the whole run.",
            f"这个网络有 {net.n_inputs} 个输入；页面在前两个输入（x1, x2）构成的"
            f"平面上画出它的输出，其余输入取 0，所以每个有 {net.n_inputs} 个值的"
            "数据点不会画出。`neuroglass report` 可以显示整个运行。",
        )
    if sample is not None and _plane(sample[1], features) is None:
        return Words(
            f"The network's inputs are the features {', '.join(features)}; "
            "the points' x1 and x2 cannot be recovered from them, so they are "
            "not drawn.",
            f"网络的输入是特征 {'、'.join(features)}；无法从中还原各点的 x1 和 x2，"
            "所以不画出数据点。",
        )
    if not unreadable:
        return Words(
            "This run did not keep its data (it was recorded by an older "
            "neuroglass, or with data_samples=0) and does not describe a "
            "built-in data set with its size, noise, seed and test fraction, "
            "so no points are drawn.",
            "这个运行没有保存它的数据（它是由较早版本的 neuroglass 记录的，或者设置了 "
            "data_samples=0），也没有以大小、噪声、种子和测试比例描述一个内置数据集，"
            "所以不画出数据点。",
        )
    return None


def _domain(data, run, features):
    """Half the side of the plane the page draws: the points with a margin."""
    points = data.X
    if not len(points) and features is None:
        probe = run.probe()
        points = np.zeros((0, 2)) if probe is None else np.asarray(probe)[:, :2]
    extent = float(np.abs(points).max()) if len(points) else 0.0
    return extent * 1.1 if np.isfinite(extent) and extent > 0 else pdata.DOMAIN
