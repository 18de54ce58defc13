"""Checks on arrays of data: numeric, finite, of the right shape and dtype."""

from __future__ import annotations

import numbers

import numpy as np

from ..errors import DataError, ShapeError

_CHUNK_ROWS = 8192


def _is_pandas(values) -> bool:
    """A pandas DataFrame or Series (duck-typed: the engine imports only NumPy)."""
    return (
        hasattr(values, "isna")
        and hasattr(values, "to_numpy")
        and getattr(values, "ndim", None) in (1, 2)
    )


def _from_pandas(values, what: str):
    """Refuse missing values naming the column; nullable extension dtypes
    (``Float64``, ``Int64``, ``boolean``) become float64."""
    missing = values.isna().to_numpy()
    if missing.any():
        row, col = np.argwhere(missing.reshape(len(values), -1))[0]
        if values.ndim == 2:
            where = f"column {values.columns[col]!r}"
        else:
            where = f"the series {values.name!r}" if values.name is not None else ""
        raise DataError(
            f"{what} has a missing value (NA) in {where} at row "
            f"{values.index[row]!r}; every value must be present. Drop those rows "
            "(frame.dropna()) or impute them first."
        )
    dtypes = list(values.dtypes) if values.ndim == 2 else [values.dtype]
    if all(isinstance(dt, np.dtype) for dt in dtypes):
        return values  # plain NumPy columns: np.asarray keeps their dtype
    try:
        return values.to_numpy(dtype=np.float64)
    except (TypeError, ValueError):
        return values  # text or categories: the numeric check names them


def as_numeric_array(values, what: str) -> np.ndarray:
    """``np.asarray(values)``, checked to be real numbers.

    pandas frames and series are accepted, including nullable dtypes without
    missing values; object arrays of Python numbers (e.g. ints beyond 64 bits)
    become float64. Text, complex numbers and ragged lists raise
    :class:`DataError` naming an example.
    """
    if _is_pandas(values):
        values = _from_pandas(values, what)
    try:
        array = np.asarray(values)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise DataError(
            f"{what} could not be read as a numeric array ({exc}). Pass an array "
            "whose rows all have the same length."
        ) from None
    if array.dtype.kind == "O" and array.size:
        numbers_only = all(
            isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))
            for v in array.flat
        )
        if numbers_only:
            with np.errstate(over="ignore", invalid="ignore"):
                try:
                    array = array.astype(np.float64)
                except (OverflowError, ValueError, TypeError):
                    pass
    if array.dtype.kind in "USOVMm":
        example = array.flat[0] if array.size else None
        if array.dtype.kind == "O" and array.size:
            example = next(
                (
                    v
                    for v in array.flat
                    if not isinstance(v, numbers.Real) or isinstance(v, bool)
                ),
                example,
            )
        raise DataError(
            f"{what} must be numeric; got dtype {array.dtype} with values such as "
            f"{example!r}. Convert text columns to numbers first."
        )
    if array.dtype.kind == "c":
        raise DataError(
            f"{what} must be real numbers; got complex dtype {array.dtype}."
        )
    return array


def cast_finite(array: np.ndarray, dtype, what: str) -> np.ndarray:
    """``array`` as ``dtype``, refusing values that are not finite before the
    cast (named as given) or that overflow it (float32 tops out near 3.4e38)."""
    if array.dtype.kind in "fc" and array.ndim:
        check_finite(array.reshape(len(array), -1), what)
    elif array.dtype.kind == "f" and not np.isfinite(array):
        raise DataError(f"{what} is {array}; every value must be finite.")
    with np.errstate(over="ignore", invalid="ignore"):
        cast = np.asarray(array, dtype=dtype)
    if cast is array:
        return cast
    if not np.isfinite(np.add.reduce(cast, axis=None)) and cast.size:
        bad = np.argwhere(~np.isfinite(cast))
        if bad.size:
            index = tuple(int(i) for i in bad[0])
            raise DataError(
                f"{what} holds {array[index].item()!r} at index {index}, too large for "
                f"{np.dtype(dtype).name} (at most {np.finfo(dtype).max:.3g}). Scale "
                "the values down, or use dtype='float64'."
            )
    return cast


def check_inputs(X, n_inputs: int, dtype, what: str = "X") -> np.ndarray:
    """Return ``X`` as a 2-D array of ``dtype`` with ``n_inputs`` columns.

    A 1-D ``X`` of length ``n_inputs`` is one sample; for a one-input network a
    1-D ``X`` is a column of samples. No copy is made when ``X`` already has the
    right dtype. pandas frames (nullable dtypes too) are accepted.
    """
    X = as_numeric_array(X, what)
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
    return cast_finite(X, dtype, what)


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
