"""Data sets for neuroglass: TensorFlow Playground's toys, real data, CSV files.

Every loader returns ``(X, y)`` with ``X`` float64 of shape ``(n, d)``.
Classification labels are int64 class indices ``0 .. k - 1``; regression targets
are float64.  Generated data is seeded: the same ``seed`` gives the same arrays.

>>> from neuroglass import datasets
>>> X, y = datasets.circle(n=200, noise=0.1, seed=0)
>>> X.shape, y.shape
((200, 2), (200,))
>>> datasets.load("iris")[0].shape
(150, 4)

This package imports NumPy, scikit-learn, the standard library and the engine's
argument checks (:mod:`neuroglass.engine.validation`); nothing above the engine.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from .features import FEATURES, features
from .playground import blobs, circle, gauss, multi_gauss, plane, spiral, spirals, xor
from .real import digits, from_csv, iris
from .split import train_test_split
from .task import TASKS, TaskChoice, choose_named_task, choose_task
from .tutorial import seed_example

__all__ = [
    "CLASSIFICATION",
    "FEATURES",
    "FIXED",
    "GENERATED",
    "NAMES",
    "REGRESSION",
    "TASKS",
    "TaskChoice",
    "blobs",
    "choose_named_task",
    "choose_task",
    "circle",
    "digits",
    "features",
    "from_csv",
    "gauss",
    "iris",
    "load",
    "multi_gauss",
    "plane",
    "seed_example",
    "spiral",
    "spirals",
    "train_test_split",
    "xor",
]

_LOADERS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "circle": circle,
    "xor": xor,
    "gauss": gauss,
    "spiral": spiral,
    "spirals": spirals,
    "blobs": blobs,
    "plane": plane,
    "multi_gauss": multi_gauss,
    "digits": digits,
    "iris": iris,
}

#: Every name :func:`load` accepts.
NAMES: tuple[str, ...] = tuple(_LOADERS)
#: The data sets with int64 class labels.
CLASSIFICATION: tuple[str, ...] = (
    "circle",
    "xor",
    "gauss",
    "spiral",
    "spirals",
    "blobs",
    "digits",
    "iris",
)
#: The data sets with float64 regression targets.
REGRESSION: tuple[str, ...] = ("plane", "multi_gauss")
#: The data sets drawn at random: their loaders take ``n``, ``noise`` and ``seed``.
GENERATED: tuple[str, ...] = (
    "circle",
    "xor",
    "gauss",
    "spiral",
    "spirals",
    "blobs",
    "plane",
    "multi_gauss",
)
#: Fixed data (bundled with scikit-learn): their loaders take no arguments.
FIXED: tuple[str, ...] = ("digits", "iris")


def load(name: str, **kwargs) -> tuple[np.ndarray, np.ndarray]:
    """Load a data set by name.

    Parameters
    ----------
    name : str
        One of :data:`NAMES`: ``"circle"``, ``"xor"``, ``"gauss"``, ``"spiral"``,
        ``"spirals"``, ``"plane"``, ``"multi_gauss"``, ``"digits"``, ``"iris"``.
        Case and surrounding spaces are ignored, and ``-`` may stand for ``_``.
    **kwargs
        Passed to the loader, e.g. ``n``, ``noise``, ``seed`` for the generated
        sets (``digits`` and ``iris`` take none).

    Returns
    -------
    X : ndarray of float64, shape (n, d)
    y : ndarray of shape (n,)
        int64 for the names in :data:`CLASSIFICATION`, float64 for those in
        :data:`REGRESSION`.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`NAMES`, or if an argument is passed that
        this data set does not take (``seed``, ``n`` or ``noise`` to a set in
        :data:`FIXED`, which is always the same data).
    """
    key = name.strip().lower().replace("-", "_") if isinstance(name, str) else None
    if key not in _LOADERS:
        raise ValueError(
            f"unknown data set {name!r}; valid names are {', '.join(NAMES)}. "
            "For your own data use from_csv(path)."
        )
    loader = _LOADERS[key]
    accepted = inspect.signature(loader).parameters
    unknown = [k for k in kwargs if k not in accepted]
    if unknown:
        given = ", ".join(f"{k}={kwargs[k]!r}" for k in unknown)
        takes = ", ".join(accepted) or "no arguments"
        fixed = " is fixed data (always the same samples) and" if key in FIXED else ""
        raise ValueError(
            f"data set {key!r}{fixed} takes {takes}; got {given}. Drop "
            f"{'it' if len(unknown) == 1 else 'them'}."
        )
    return loader(**kwargs)
