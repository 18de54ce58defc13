"""Points drawn on the map: added to what is on screen, or all cleared.

Drawing over a generated set turns it into custom points that keep their train
and test parts; a drawn point trains unless it is drawn as a test point.
"""

from __future__ import annotations

import numpy as np

from ..engine.errors import NeuroglassError
from . import data as pdata
from .build import set_problem
from .data import value_scale
from .state import Custom

__all__ = ["PointError", "add", "clear", "on_screen", "set_problem", "value_scale"]


class PointError(NeuroglassError, ValueError):
    """A drawn point was refused; ``field`` names the offending key."""

    def __init__(self, message: str, field: str, zh: str):
        super().__init__(message)
        self.field = field
        self.zh = zh


def on_screen(state) -> Custom:
    """The points on screen, each with its part: custom points as they are
    (an upload keeps the split the train ratio made), else the data set's."""
    custom = state.custom
    if state.config["dataset"] == "custom" and custom is not None:
        if custom.is_test is not None:
            return custom
        d = state.data  # an upload, split by the ratio: keep that split
    else:
        d = state.data
        custom = Custom(d.X, d.y, d.classes, list(d.class_names))
    return Custom(
        np.concatenate([d.X_train, d.X_test]),
        np.concatenate([d.y_train, d.y_test]),
        custom.classes,
        custom.names,
        np.arange(len(d.y_train) + len(d.y_test)) >= len(d.y_train),
    )


def add(state, drawn: list, test: bool) -> None:
    """Add ``drawn`` points ``[(x, y, label)]`` to those on screen (at most
    MAX_POINTS in all); raises PointError for a label the data cannot have."""
    current = on_screen(state)
    classes = current.classes
    room = pdata.MAX_POINTS - len(current.X)
    if room <= 0:
        raise PointError(
            f"at most {pdata.MAX_POINTS} points can be drawn.",
            "x",
            f"最多只能绘制 {pdata.MAX_POINTS} 个点。",
        )
    if classes:
        drawn = [(px, py, _class_index(label, classes)) for px, py, label in drawn]
    drawn = drawn[:room]
    labels = [label for _, _, label in drawn]
    X = np.vstack([current.X, np.array([[px, py] for px, py, _ in drawn], float)])
    y = np.append(current.y, labels)
    is_test = np.append(current.is_test, [test] * len(drawn))
    y = y.astype(int) if classes else y.astype(float)
    state.custom = Custom(X, y, classes, current.names, is_test)
    # a drawn value beyond the colours' range widens it (the data's scale)
    state.custom_scale = (
        None if classes else pdata.widen_scale(state.data.target_scale, labels)
    )
    state.config["dataset"] = "custom"


def clear(state) -> None:
    """No points at all; points drawn next keep the data's classes and scale."""
    classes = state.data.classes
    state.custom = Custom(
        np.zeros((0, 2)),
        np.zeros(0, dtype=int if classes else float),
        classes,
        list(state.data.class_names),
        np.zeros(0, dtype=bool),
    )
    state.custom_scale = state.data.target_scale
    state.config["dataset"] = "custom"


def _class_index(label, classes: int) -> int:
    """A drawn point's class, 0 to ``classes - 1``: an int, or a float such as
    ``1.0`` (the protocol checks a label as a number, and JSON does not tell 1
    from 1.0); PointError otherwise."""
    whole = isinstance(label, (int, float)) and not isinstance(label, bool)
    if not (whole and float(label).is_integer() and 0 <= label < classes):
        raise PointError(
            f"label must be a class index from 0 to {classes - 1}; got {label!r}.",
            "label",
            f"标签必须是 0 到 {classes - 1} 之间的类别编号；收到的是 {label!r}。",
        )
    return int(label)
