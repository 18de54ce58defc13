"""Seeded train/test split."""

from __future__ import annotations

import numpy as np

from ..engine.errors import DataError, ShapeError
from ..engine.validation import check_seed, finite_number

__all__ = ["train_test_split"]


def train_test_split(
    X, y, test_fraction: float = 0.5, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the rows of ``X`` and ``y`` together and cut them into train and test.

    The test part has ``round(n * test_fraction)`` rows, clamped to ``1 .. n - 1`` so
    that neither part is empty; the train part has the rest.  The inputs are not
    modified; the outputs are new arrays.

    Parameters
    ----------
    X : array_like, shape (n, ...)
        Samples, one per row (``n >= 2``).
    y : array_like, shape (n, ...)
        Labels or targets, one per row of ``X``.
    test_fraction : float, default 0.5
        Share of rows that go to the test part, strictly between 0 and 1.
    seed : int or None, default 0
        Seed for ``np.random.default_rng``; the same seed gives the same split.

    Returns
    -------
    X_train : ndarray, shape (n - n_test, ...)
    X_test : ndarray, shape (n_test, ...)
    y_train : ndarray, shape (n - n_test, ...)
    y_test : ndarray, shape (n_test, ...)
        Dtypes are those of ``np.asarray(X)`` and ``np.asarray(y)``.

    Raises
    ------
    ConfigError
        If ``test_fraction`` is not a number strictly between 0 and 1, or
        ``seed`` is not an integer >= 0 or None.
    ShapeError
        If ``X`` or ``y`` is a scalar, or they have different numbers of rows.
    DataError
        If there are fewer than 2 rows.

    All three are subclasses of ``ValueError``.
    """
    test_fraction = finite_number(
        test_fraction,
        "test_fraction",
        low=0,
        high=1,
        low_open=True,
        high_open=True,
        hint="Pass e.g. 0.2 for a 20% test part.",
    )
    seed = check_seed(seed)
    X = np.asarray(X)
    y = np.asarray(y)
    for name, array in (("X", X), ("y", y)):
        if array.ndim == 0:
            raise ShapeError(
                f"{name} must be an array with one row per sample, got the scalar "
                f"{array.item()!r}; pass an array of shape (n, ...)."
            )
    if len(X) != len(y):
        raise ShapeError(
            f"X and y must have the same number of rows, got {len(X)} rows in X "
            f"(shape {X.shape}) and {len(y)} in y (shape {y.shape}); pass one label "
            "per sample."
        )
    n = len(X)
    if n < 2:
        raise DataError(
            f"need at least 2 rows to make a non-empty train and test part, got "
            f"{n}; pass more samples."
        )
    n_test = min(max(round(n * test_fraction), 1), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
