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

This package imports NumPy, scikit-learn and the standard library only, never the
engine.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .features import FEATURES, features
from .playground import blobs, circle, gauss, multi_gauss, plane, spiral, spirals, xor
from .real import digits, from_csv, iris
from .split import train_test_split
from .tutorial import seed_example

__all__ = [
    "CLASSIFICATION",
    "FEATURES",
    "NAMES",
    "REGRESSION",
    "blobs",
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
        If ``name`` is not one of :data:`NAMES`.
    """
    key = name.strip().lower().replace("-", "_") if isinstance(name, str) else None
    if key not in _LOADERS:
        raise ValueError(
            f"unknown data set {name!r}; valid names are {', '.join(NAMES)}. "
            "For your own data use from_csv(path)."
        )
    return _LOADERS[key](**kwargs)
