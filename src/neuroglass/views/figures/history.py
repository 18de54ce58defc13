"""Loss and accuracy over training."""

from __future__ import annotations

import numpy as np

from ..lang import resolve_lang
from . import _common

_TEXT = {
    "en": {
        "loss": "loss",
        "accuracy": "accuracy",
        "epoch": "epoch",
        "step": "step loss",
        "train": "train {metric}",
        "validation": "validation {metric}",
        "title": "{metric} during training",
    },
    "zh": {
        "loss": "损失",
        "accuracy": "准确率",
        "epoch": "轮",
        "step": "每步的损失",
        "train": "训练{metric}",
        "validation": "验证{metric}",
        "title": "训练中的{metric}",
    },
}


def history_data(source) -> dict:
    """Per-epoch arrays ``epoch``, ``loss``, ``val_loss``, ``accuracy``,
    ``val_accuracy`` (NaN where missing), the step losses of a Run under
    ``steps``/``step_epochs``, and its ``diagnostics``."""
    data = {"steps": None, "step_epochs": None, "diagnostics": []}
    if _common.is_run(source):
        m = source.metrics(format="dict")
        for key in ("epoch", "loss", "val_loss", "accuracy", "val_accuracy"):
            data[key] = np.asarray(m[key], float)
        steps = source.steps
        if len(steps["step"]):
            per_epoch = source.config["fit"].get("steps_per_epoch")
            if not per_epoch:  # a PyTorch run: each epoch's steps, as recorded
                per_epoch = _steps_per_epoch(source, steps)
            data["steps"] = steps["loss"]
            # a step's position in epochs: its epoch plus its share of it
            data["step_epochs"] = steps["epoch"] + (steps["batch"] + 1) / per_epoch - 1
        data["diagnostics"] = source.diagnostics()
        return data
    history = getattr(source, "history", None)
    if history is None and hasattr(source, "network_"):
        history = source.network_.history
    if history is None and hasattr(source, "epoch") and hasattr(source, "loss"):
        history = source  # a History
    if history is None or not len(history.epoch):
        raise ValueError(
            "nothing to plot: this source has no training history yet. Train it "
            "first (net.fit), or pass a History or a recorded Run."
        )
    data["epoch"] = np.asarray(history.epoch, float)
    for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
        values = getattr(history, key)
        data[key] = np.array([np.nan if v is None else v for v in values], float)
    return data


def _steps_per_epoch(run, steps) -> np.ndarray:
    """Each step's epoch length, from the epochs' step counts (the steps of
    an epoch not yet finished: as many as recorded so far)."""
    m = run.metrics(format="dict")
    ends = dict(zip(m["epoch"].tolist(), np.diff(m["step"], prepend=0).tolist()))
    lengths = np.array([ends.get(e, 0) for e in steps["epoch"].tolist()], float)
    open_epoch = lengths == 0
    if open_epoch.any():
        lengths[open_epoch] = steps["batch"][open_epoch].max() + 1
    return lengths


def plot_history(
    source,
    *,
    ax=None,
    metric="loss",
    log=False,
    steps=True,
    mark_diagnostics=True,
    title=None,
    lang=None,
):
    """Training and validation curves over epochs.

    Parameters
    ----------
    source : History, Network (its last fit), fitted estimator, or Run
    metric : {"loss", "accuracy"}
    log : bool
        Logarithmic y axis.
    steps : bool
        For a Run: also draw every recorded step's loss, faint.
    mark_diagnostics : bool
        For a Run: a vertical line and a label where each diagnostic started
        (the rule's name: its id in English, the recorder's Chinese name in
        Chinese).
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if metric not in ("loss", "accuracy"):
        raise ValueError(f"metric must be 'loss' or 'accuracy'; got {metric!r}.")
    text = _common.words(_TEXT, lang)
    data = history_data(source)
    ax = _common.get_ax(ax, figsize=(6, 3.5), margins={"bottom": 0.15})
    if metric == "loss" and steps and data["steps"] is not None:
        ax.plot(
            data["step_epochs"] + 1,
            data["steps"],
            color="#999999",
            lw=0.4,
            alpha=0.35,
            label=text["step"],
            zorder=1,
            gid="steps",
        )
    _draw_curves(ax, data, metric, text)
    if mark_diagnostics:
        _mark_diagnostics(ax, data["diagnostics"], resolve_lang(lang))
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(text["epoch"])
    ax.set_ylabel(text[metric])
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    ax.set_title(title or text["title"].format(metric=text[metric]), fontsize=10)
    return ax


def _draw_curves(ax, data, metric, text):
    """The training curve of ``metric``, and the validation one where there is
    one; epochs counted from 1 on the axis."""
    x = data["epoch"] + 1
    train = data[metric]
    val = data[f"val_{metric}"]
    has_steps = data["steps"] is not None and len(data["steps"]) > 0
    if len(x) == 0:
        if metric == "loss" and has_steps:
            return  # no epoch has ended yet: the step losses are the curve
        raise ValueError(
            f"this run has no finished epoch yet, so no {metric} curve"
            + ("" if metric == "accuracy" else " and no step losses")
            + "; draw it again after the first epoch ends."
        )
    if np.all(np.isnan(train)) and np.all(np.isnan(val)):
        raise ValueError(
            f"this history has no {metric}"
            + (
                "; accuracy exists only for classifiers."
                if metric == "accuracy"
                else "."
            )
        )
    ax.plot(
        x,
        train,
        color="#555555",
        lw=1.6,
        label=text["train"].format(metric=text[metric]),
        zorder=2,
        gid="train",
    )
    if not np.all(np.isnan(val)):
        ax.plot(
            x,
            val,
            color="black",
            lw=1.6,
            ls="--",
            label=text["validation"].format(metric=text[metric]),
            zorder=3,
            gid="validation",
        )


def _mark_diagnostics(ax, diagnostics, lang="en"):
    """A dotted vertical line where each diagnostic started, and its rule's
    name in ``lang`` at the top (staggered over four rows so that close ones
    stay readable)."""
    for k, d in enumerate(diagnostics):
        if d.epoch is None:
            continue
        ax.axvline(
            d.epoch + 1,
            color="#d55e00",
            lw=1,
            ls=":",
            zorder=0,
            gid=f"diagnostic:{d.rule}",
        )
        ax.text(
            d.epoch + 1,
            0.98 - 0.07 * (k % 4),
            f" {d.text(lang).name}",
            transform=ax.get_xaxis_transform(),
            color="#d55e00",
            fontsize=7,
            va="top",
        )
