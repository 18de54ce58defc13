"""Classification or regression: one documented rule for a target column.

The rule (``task="auto"``): a target whose values are all whole numbers, with at
most :data:`AUTO_MAX_CLASSES` distinct values and at most half as many distinct
values as rows, is a set of class labels; any other target (fractions, or many
distinct whole numbers such as prices or counts) is regressed.  ``"classify"``
and ``"regress"`` override the rule.  Classes are the distinct values, in
increasing order: labels 5, 7, 9 become class indices 0, 1, 2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "AUTO_MAX_CLASSES",
    "MAX_CLASSES",
    "TASKS",
    "TaskChoice",
    "choose_named_task",
    "choose_task",
]

#: ``"auto"`` classifies whole-number targets with at most this many distinct values.
AUTO_MAX_CLASSES = 50
#: No classification has more classes than this (nor more than half the rows).
MAX_CLASSES = 1000
#: The values ``task`` takes.
TASKS = ("auto", "classify", "regress")


@dataclass(frozen=True)
class TaskChoice:
    """What :func:`choose_task` decided.

    Attributes
    ----------
    task : str
        ``"classification"`` or ``"regression"``.
    y : ndarray, shape (n,)
        Class indices ``0 .. k - 1`` (int64) or regression targets (float64).
    classes : ndarray or None
        For classification, the original label of each class index.
    reason : str
        One sentence: why this task was chosen.
    """

    task: str
    y: np.ndarray
    classes: np.ndarray | None
    reason: str

    @property
    def n_classes(self) -> int:
        return 0 if self.classes is None else len(self.classes)

    def default_loss(self) -> tuple[str, int]:
        """``(loss, n_outputs)`` a network for this target has by default: ``mse``
        with one output for regression, ``bce`` with one output for two classes,
        ``cross_entropy`` with one output per class for more."""
        if self.task == "regression":
            return "mse", 1
        k = self.n_classes
        return ("bce", 1) if k <= 2 else ("cross_entropy", k)

    def describe(self) -> str:
        """One line for a terminal, e.g. ``classification, 3 classes (...): ...``."""
        if self.classes is None:
            return f"regression: {self.reason}"
        labels = [label_text(v) for v in self.classes]
        if labels == [str(i) for i in range(len(labels))]:
            mapping = f"labels {some_items(labels)}"
        else:
            mapping = (
                f"labels {some_items(labels)} -> classes "
                f"{some_items([str(i) for i in range(len(labels))])}"
            )
        return f"classification, {len(labels)} classes ({mapping}): {self.reason}"


def label_text(value) -> str:
    """A class label as a person writes it: ``3``, not ``3.0``."""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def some_items(items, limit=6) -> str:
    """``items`` joined, the middle left out past ``limit``."""
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[: limit - 1]) + f", ..., {items[-1]}"


def choose_task(y, task: str = "auto", *, what: str = "the target") -> TaskChoice:
    """Decide between classification and regression for the target ``y``.

    Parameters
    ----------
    y : array-like, shape (n,)
        Finite numbers.
    task : {"auto", "classify", "regress"}
        ``"auto"`` applies the rule in this module's docstring.
    what : str
        How messages name the target, e.g. ``"column 'price' of data.csv"``.

    Returns
    -------
    TaskChoice

    Raises
    ------
    ValueError
        If ``task`` is unknown, if ``y`` is empty or not finite, if it holds a
        single value, or if classification would need more than
        :data:`MAX_CLASSES` classes or more classes than half the rows.
    """
    if task not in TASKS:
        raise ValueError(f"task must be one of {', '.join(TASKS)}; got {task!r}.")
    y = np.asarray(y)
    if y.ndim != 1 or len(y) == 0:
        raise ValueError(f"{what} must be a non-empty column of numbers.")
    values = y.astype(np.float64)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{what} holds values that are not finite numbers.")
    n = len(values)
    classes = np.unique(values)
    k = len(classes)
    if k < 2:
        raise ValueError(
            f"{what} holds a single value ({label_text(classes[0])}) in all {n} rows; "
            "there is nothing to learn. Choose another target column."
        )
    if task == "regress":
        return TaskChoice("regression", values, None, "asked for (task regress)")
    whole = bool(np.all(values == np.round(values)))
    if task == "auto":
        if not whole:
            return TaskChoice(
                "regression",
                values,
                None,
                "the target has fractional values (--task classify to override)",
            )
        if k > AUTO_MAX_CLASSES or k > n / 2:
            return TaskChoice(
                "regression",
                values,
                None,
                f"the target has {k} distinct whole-number values in {n} rows, more "
                f"than class labels would (classes need <= {AUTO_MAX_CLASSES} "
                "distinct values and <= half the rows; --task classify to override)",
            )
        reason = (
            f"the target holds {k} distinct whole numbers in {n} rows "
            f"(<= {AUTO_MAX_CLASSES} and <= half the rows; --task regress to "
            "override)"
        )
    else:
        if k > MAX_CLASSES or k > n / 2:
            raise ValueError(
                f"{what} has {k} distinct values in {n} rows: too many to be classes "
                f"(at most {MAX_CLASSES}, and at most half the rows, {n // 2}). "
                "Is it a quantity to predict? Then use --task regress (or auto)."
            )
        reason = "asked for (task classify)"
    indices = np.searchsorted(classes, values).astype(np.int64)
    return TaskChoice("classification", indices, classes, reason)


def choose_named_task(name: str, y, task: str = "auto") -> TaskChoice:
    """:func:`choose_task` for the target of the built-in data set ``name``.

    Under ``"auto"`` a built-in set is what it was made for (its name is in
    :data:`neuroglass.datasets.REGRESSION` or :data:`~neuroglass.datasets.
    CLASSIFICATION`), and the reason says so; ``"classify"`` and ``"regress"``
    override it as for any target.
    """
    from . import REGRESSION

    what = f"the {name} data set"
    if task != "auto":
        return choose_task(y, task, what=what)
    kind = "regression" if name in REGRESSION else "classification"
    choice = choose_task(y, "regress" if name in REGRESSION else "classify", what=what)
    reason = f"{name} is a {kind} data set"
    return TaskChoice(choice.task, choice.y, choice.classes, reason)
