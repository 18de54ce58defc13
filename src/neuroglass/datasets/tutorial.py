"""The three-sample toy data set of the Chinese tutorial neuroglass's docs follow."""

from __future__ import annotations

import numpy as np

__all__ = ["seed_example"]


def seed_example() -> tuple[np.ndarray, np.ndarray]:
    """The tutorial's three samples with three features each.

    Returns
    -------
    X : ndarray of float64, shape (3, 3)
        ``[[1, 2, 3], [4, 5, 6], [7, 8, 9]]``.
    y : ndarray of float64, shape (3,)
        ``[1, 0, 1]``.

    Each call returns fresh arrays, so changing them changes no later call.
    """
    X = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    y = np.array([1.0, 0.0, 1.0])
    return X, y
