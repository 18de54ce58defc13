"""Input checks shared by the engine: clear errors, naming the value."""

from __future__ import annotations

import math
import numbers
import operator

import numpy as np

from .errors import ConfigError, DataError, ShapeError

_CHUNK_ROWS = 8192


def check_inputs(X, n_inputs: int, dtype, what: str = "X") -> np.ndarray:
    """Return ``X`` as a 2-D array of ``dtype`` with ``n_inputs`` columns.

    A 1-D ``X`` of length ``n_inputs`` is one sample; for a one-input network a
    1-D ``X`` is a column of samples. No copy is made when ``X`` already has the
    right dtype.
    """
    try:
        X = np.asarray(X)
    except ValueError as exc:  # ragged nested lists
        raise DataError(
            f"{what} could not be read as a numeric array ({exc}). Pass a 2-D array "
            "of shape (n_samples, n_features) whose rows all have the same length."
        ) from None
    if X.dtype.kind in "USO":
        example = X.flat[0] if X.size else None
        raise DataError(
            f"{what} must be numeric; got dtype {X.dtype} with values such as "
            f"{example!r}. Convert text columns to numbers first."
        )
    if X.dtype.kind == "c":
        raise DataError(f"{what} must be real numbers; got complex dtype {X.dtype}.")
    if X.ndim == 1:
        X = X.reshape(1, -1) if X.shape[0] == n_inputs else X.reshape(-1, 1)
    elif X.ndim != 2:
        raise ShapeError(
            f"{what} must be 2-D (n_samples, n_features); got shape {X.shape}. "
            "Flatten each sample first, e.g. X.reshape(len(X), -1)."
        )
    if X.shape[0] == 0:
        raise DataError(f"{what} is empty (shape {X.shape}); pass at least one sample.")
    if X.shape[1] != n_inputs:
        raise ShapeError(
            f"the network expects {n_inputs} input feature(s) per sample; {what} has "
            f"shape {X.shape}. Give the first layer n_in={X.shape[1]}, or select the "
            f"right columns of {what}."
        )
    X = np.asarray(X, dtype=dtype)
    check_finite(X, what)
    return X


def check_finite(X: np.ndarray, what: str) -> None:
    """Raise :class:`DataError` naming the first NaN or inf (checked in chunks)."""
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.add.reduce(X, axis=None)):
            return  # a NaN or inf anywhere would make the sum non-finite
    for start in range(0, X.shape[0], _CHUNK_ROWS):
        block = X[start : start + _CHUNK_ROWS]
        if not np.isfinite(block).all():
            row, col = np.argwhere(~np.isfinite(block))[0]
            raise DataError(
                f"{what} contains {block[row, col]} at row {start + row}, column "
                f"{col}; every value must be finite. Remove or impute those rows (e.g. "
                "sklearn.impute.SimpleImputer)."
            )


def positive_int(value, what: str, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ConfigError(f"{what} must be a positive integer; got {value!r}.")
    return int(value)


def non_negative(value, what: str, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or value < 0
    ):
        raise ConfigError(f"{what} must be a finite number >= 0; got {value!r}.")
    return float(value)


def check_dtype(dtype) -> np.dtype:
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in (np.dtype("float32"), np.dtype("float64")):
        raise ConfigError(f"dtype must be 'float32' or 'float64'; got {dtype!r}.")
    return dt


def integer(value, what: str, *, minimum=None) -> int:
    """``value`` as a plain ``int``: a Python or NumPy integer (such as the
    ``np.int64`` of a run's own arrays), never a bool, float or string.

    Used wherever an epoch, step, layer, unit or size is taken, so that values
    read back from NumPy arrays can be passed straight in again.
    """
    if isinstance(value, (bool, np.bool_)):
        raise ConfigError(f"{what} must be an integer; got the bool {value!r}.")
    try:
        number = operator.index(value)
    except TypeError:
        raise ConfigError(
            f"{what} must be an integer; got {value!r} ({type(value).__name__})."
        ) from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{what} must be an integer >= {minimum}; got {number}.")
    return number
