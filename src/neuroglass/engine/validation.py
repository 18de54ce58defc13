"""Input checks shared by the engine: clear errors, naming the value."""

from __future__ import annotations

import math
import numbers
import operator
import os

import numpy as np

from .errors import ConfigError, DataError, ShapeError

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


def check_bool(value, what: str, strict: bool = False) -> bool:
    """``True``/``False`` (NumPy's too, and unless ``strict`` the integers 0
    and 1)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if not strict and isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    raise ConfigError(f"{what} must be True or False; got {value!r}.")


def check_path(path, what: str = "path") -> str:
    """A file path as ``str`` (``str``, ``bytes`` or ``os.PathLike``)."""
    try:
        path = os.fsdecode(path)
    except TypeError:
        raise ConfigError(
            f"{what} must be a file path (str or pathlib.Path); got {path!r} of type "
            f"{type(path).__name__}."
        ) from None
    if not path or "\0" in path:
        raise ConfigError(f"{what} must be a non-empty file path; got {path!r}.")
    return path


def check_seed(value, what: str = "seed"):
    """A seed: ``None`` or an integer >= 0 (Python's or NumPy's)."""
    if value is None:
        return None
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, numbers.Integral)
        or value < 0
    ):
        raise ConfigError(
            f"{what} must be a non-negative integer or None; got {value!r}."
        )
    return int(value)


def check_lr(lr, what="learning rate"):
    """A learning rate (or another step size): a finite number >= 0."""
    if isinstance(lr, (bool, np.bool_)) or not isinstance(lr, numbers.Real):
        raise ConfigError(f"{what} must be a number such as 0.01; got {lr!r}.")
    lr = float(lr)
    if not math.isfinite(lr) or lr < 0:
        raise ConfigError(
            f"{what} must be a finite number >= 0; got {lr!r}. Typical values are "
            "0.001 to 0.1."
        )
    return lr


def check_fraction(value, what: str) -> float:
    """A number in [0, 1) (a momentum, a decay rate, a floor)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ConfigError(f"{what} must be a number in [0, 1); got {value!r}.")
    if not 0.0 <= float(value) < 1.0:
        raise ConfigError(f"{what} must be in [0, 1); got {value!r}.")
    return float(value)


def check_open_fraction(value, what: str, example: float = 0.2) -> float:
    """A number strictly between 0 and 1 (a share of the data)."""
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, numbers.Real)
        or not 0 < value < 1
    ):
        raise ConfigError(
            f"{what} must be a fraction in (0, 1), e.g. {example}; got {value!r}."
        )
    return float(value)


def check_pair(value, what: str, example: str) -> tuple:
    """A tuple or list of two items, such as ``(X_val, y_val)``."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        got = type(value).__name__
        if isinstance(value, (tuple, list)):
            got = f"a {got} of {len(value)} items"
        raise ConfigError(f"{what} must be a pair {example}; got {got}.")
    return tuple(value)


def check_list(value, what: str, expected: str, min_length: int = 1) -> list:
    """A list or tuple of at least ``min_length`` items, as a list."""
    if not isinstance(value, (list, tuple)) or len(value) < min_length:
        raise ConfigError(f"{what} must be {expected}; got {value!r}.")
    return list(value)


def check_instance(value, cls, what: str, expected: str):
    """``value`` if it is a ``cls``; else an error naming what it is."""
    if not isinstance(value, cls):
        kind = type(value).__name__
        raise ConfigError(f"{what} must be {expected}; got {value!r} of type {kind}.")
    return value


def is_zero(value) -> bool:
    """``value`` is the number 0 (not False): an option left off."""
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, (bool, np.bool_))
        and value == 0
    )


def check_choice(value, choices, what: str):
    """``value`` if it is one of ``choices`` (strings), naming them all if not."""
    if not isinstance(value, str) or value not in choices:
        quoted = [repr(c) for c in choices]
        options = (
            ", ".join(quoted[:-1]) + f" or {quoted[-1]}"
            if len(quoted) > 1
            else quoted[0]
        )
        raise ConfigError(f"{what} must be {options}; got {value!r}.")
    return value


def check_string(value, what: str, allow_none: bool = False):
    """A ``str`` (or None when allowed): names of networks and layers."""
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        either = " or None" if allow_none else ""
        raise ConfigError(f"{what} must be a string{either}; got {value!r}.")
    return value


def check_generator(rng, what: str = "rng"):
    """An ``np.random.Generator``."""
    if not isinstance(rng, np.random.Generator):
        raise ConfigError(
            f"{what} must be an np.random.Generator (np.random.default_rng(seed)); "
            f"got {rng!r}. Or pass seed=..."
        )
    return rng


def check_network(net, what: str = "net"):
    """``net`` if it is a network (duck-typed: the engine's Network, or one
    built like it); the checks of the engine's modules cannot import it."""
    if not all(hasattr(net, name) for name in ("layers", "layout", "_forward")):
        raise ConfigError(
            f"{what} must be an ng.Network (e.g. ng.mlp([2, 8, 1])); got {net!r} "
            f"of type {type(net).__name__}."
        )
    return net


def positive_number(value, what: str, allow_none: bool = False):
    """A finite number > 0."""
    if value is None and allow_none:
        return None
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, numbers.Real)
        or not 0 < value < math.inf
    ):
        raise ConfigError(f"{what} must be a finite number > 0; got {value!r}.")
    return float(value)


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
        kind = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise ConfigError(f"{what} must be {kind}; got {number}.")
    return number
