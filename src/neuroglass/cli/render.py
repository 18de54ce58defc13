"""Library text the command prints, in the command's language: a network's
summary table, the task a target is learned as, a run's status.

In English these are the library's own words (``net.summary()``,
``TaskChoice.describe()``), unchanged; in Chinese the same table and the same
numbers are written here from :mod:`neuroglass.cli.messages`.
"""

from __future__ import annotations

import numpy as np

from ..datasets.task import AUTO_MAX_CLASSES, label_text, some_items
from ..engine.summary import summary_table
from ..views.lang import get_lang
from .messages import MESSAGES, t, width


def summary(net) -> str:
    """The table of ``net.summary()`` in the current language."""
    if get_lang() == "en":
        return net.summary()
    keys = ("layer", "activation", "weights", "bias", "params")
    words = {
        "columns": ("#", *(t(f"summary_{k}") for k in keys)),
        "head": MESSAGES[get_lang()]["summary_head"],
        "total": MESSAGES[get_lang()]["summary_total"],
    }
    return summary_table(net, words, width)


def task(choice, *, name=None, asked="auto") -> str:
    """``choice.describe()`` in the current language. ``name``: the built-in
    data set (None for a CSV file); ``asked``: ``--task``."""
    if get_lang() == "en":
        return choice.describe()
    reason = _reason(choice, name, asked)
    if choice.classes is None:
        return t("task_regression", reason=reason)
    labels = [label_text(v) for v in choice.classes]
    if labels == [str(i) for i in range(len(labels))]:
        mapping = t("task_labels", labels=some_items(labels))
    else:
        classes = some_items([str(i) for i in range(len(labels))])
        mapping = t("task_labels_to", labels=some_items(labels), classes=classes)
    return t("task_classification", n=len(labels), mapping=mapping, reason=reason)


def _reason(choice, name, asked) -> str:
    """Why the target is classified or regressed: the reasons of
    :func:`neuroglass.datasets.choose_task`, from the same numbers."""
    if asked != "auto":
        return t("reason_asked", task=asked)
    if name is not None:
        return t(f"reason_builtin_{choice.task}", name=name)
    y = np.asarray(choice.y, dtype=np.float64)
    if choice.classes is not None:
        k = len(choice.classes)
        return t("reason_classes", k=k, n=len(y), high=AUTO_MAX_CLASSES)
    if not np.all(y == np.round(y)):
        return t("reason_fractional")
    return t("reason_many", k=len(np.unique(y)), n=len(y), high=AUTO_MAX_CLASSES)


def status(value: str) -> str:
    """A run's status (``finished``, ``running`` ...) in the current language;
    one this table does not know as it is."""
    key = f"status_{value}"
    return t(key) if key in MESSAGES["en"] else str(value)
