"""Real data: scikit-learn's bundled digits and iris, and numeric CSV files."""

from __future__ import annotations

import csv
import math
import os
import re
from pathlib import Path

import numpy as np

__all__ = ["digits", "from_csv", "iris"]

# Targets with a magnitude above 2**53 cannot all be told apart as float64, so
# they are never called integral.
_MAX_EXACT_INT = 2.0**53


def digits() -> tuple[np.ndarray, np.ndarray]:
    """The 8x8 handwritten digits bundled with scikit-learn (no download).

    Returns
    -------
    X : ndarray of float64, shape (1797, 64)
        Pixel intensities 0..16 divided by 16, so in [0, 1]; row-major 8x8 images.
    y : ndarray of int64, shape (1797,)
        The digit, 0..9.
    """
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return np.asarray(X, dtype=np.float64) / 16.0, np.asarray(y, dtype=np.int64)


def iris() -> tuple[np.ndarray, np.ndarray]:
    """Fisher's iris flowers bundled with scikit-learn (no download).

    Returns
    -------
    X : ndarray of float64, shape (150, 4)
        Sepal length, sepal width, petal length, petal width in cm.
    y : ndarray of int64, shape (150,)
        The species: 0 setosa, 1 versicolor, 2 virginica.
    """
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)


def _target_index(target, header: list[str], path: Path) -> int:
    """Column index of ``target`` (a name, an int index or None for the last)."""
    if target is None:
        return len(header) - 1
    if isinstance(target, str):
        matches = [j for j, name in enumerate(header) if name == target.strip()]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ValueError(
                f"target column {target!r} appears {len(matches)} times in the "
                f"header of {path} (columns {matches}); pass its integer index "
                "instead."
            )
        text = target.strip()
        if re.fullmatch(r"[+-]?[0-9]{1,18}", text):
            return _target_index(int(text), header, path)
        width = len(header)
        raise ValueError(
            f"target column {target!r} not found in {str(path)!r}; its columns are "
            f"{header}. Pass one of these names, or a column index from 0 to "
            f"{width - 1} (negative counts from the end: -1 is the last)."
        )
    if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
        width = len(header)
        if -width <= target < width:
            return int(target) % width
        raise ValueError(
            f"target index {target} is out of range for {str(path)!r}, which has "
            f"{width} columns {header}; pass an index from {-width} to {width - 1}."
        )
    raise ValueError(
        f"target must be a column name (str), an integer index or None (the last "
        f"column), got {target!r} (type {type(target).__name__})."
    )


def from_csv(
    path: str | os.PathLike,
    target: str | int | None = None,
    return_names: bool = False,
) -> tuple[np.ndarray, np.ndarray] | tuple[np.ndarray, np.ndarray, list[str]]:
    """Read a numeric CSV file with a header row into ``(X, y)``.

    Every cell must be a finite number (surrounding spaces are allowed); blank
    lines are skipped.  One column is the target, the others become ``X`` in file
    order.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file (comma-separated, UTF-8, first row the column names).
    target : str or int, optional
        The target column, by name or by integer index (negative counts from the
        end).  A string that names no column but is an integer, such as ``"0"``
        or ``"-1"`` (as typed on a command line), is taken as an index.
        Default: the last column.
    return_names : bool, default False
        Also return the names of the feature columns.

    Returns
    -------
    X : ndarray of float64, shape (n, d)
        The feature columns, ``d`` = number of columns - 1.
    y : ndarray, shape (n,)
        The target column: int64 if every value is a whole number, else float64.
    feature_names : list of str, length d
        Only with ``return_names=True``: the header names of the columns of ``X``.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is empty, has no data rows, has fewer than two columns, if
        ``target`` names no column, if a row has the wrong number of cells, or if
        a cell is not a finite number.  The message names the line, the column
        and the offending text.
    """
    path = Path(path)
    header, data = _read_rows(path)
    t = _target_index(target, header, path)
    values = _numbers(data, header, path)
    feature_columns = [j for j in range(len(header)) if j != t]
    X = np.ascontiguousarray(values[:, feature_columns])
    y = values[:, t].copy()
    if np.all(y == np.round(y)) and np.all(np.abs(y) <= _MAX_EXACT_INT):
        y = y.astype(np.int64)
    if return_names:
        return X, y, [header[j] for j in feature_columns]
    return X, y


def _read_rows(path: Path):
    """``(header, [(line_number, row), ...])``: the file's non-blank rows, with a
    header of at least two names and at least one data row."""
    if not path.exists():
        raise FileNotFoundError(
            f"CSV file not found: {str(path)!r} (absolute: {str(path.absolute())!r}); "
            "check the path and the working directory."
        )
    if path.is_dir():
        raise IsADirectoryError(
            f"{str(path)!r} is a directory, not a CSV file; pass the path of a file."
        )
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            rows = [(reader.line_num, row) for row in reader if row]
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{str(path)!r} is not UTF-8 text ({exc}); save it as a UTF-8 CSV file."
        ) from None
    except csv.Error as exc:
        raise ValueError(f"{str(path)!r} is not a valid CSV file: {exc}.") from None
    if not rows:
        raise ValueError(
            f"CSV file {str(path)!r} is empty; expected a header row followed by "
            "rows of numbers."
        )
    (_, header), data = rows[0], rows[1:]
    header = [name.strip() for name in header]
    if not data:
        raise ValueError(
            f"CSV file {str(path)!r} has a header {header} but no data rows; add "
            "rows of numbers below the header."
        )
    if len(header) < 2:
        raise ValueError(
            f"CSV file {str(path)!r} has {len(header)} column {header}; expected at "
            "least 2 (one or more features and a target)."
        )
    return header, data


def _numbers(data, header, path: Path) -> np.ndarray:
    """The data rows as float64, shape (n_rows, n_columns); the first cell that
    is missing, not a number or not finite is named by line and column."""
    values = np.empty((len(data), len(header)), dtype=np.float64)
    for i, (line, row) in enumerate(data):
        where = f"{str(path)!r} line {line} (data row {i + 1})"
        if len(row) != len(header):
            raise ValueError(
                f"{where}: expected {len(header)} cells (one per header column "
                f"{header}), got {len(row)}; fix that row."
            )
        for j, cell in enumerate(row):
            try:
                value = float(cell.strip())
            except ValueError:
                raise ValueError(
                    f"{where}, column {header[j]!r}: {cell!r} is not a number; "
                    "every cell must be numeric."
                ) from None
            if not math.isfinite(value):
                raise ValueError(
                    f"{where}, column {header[j]!r}: {cell!r} is not finite (NaN or "
                    "infinity); replace the value or drop that row."
                )
            values[i, j] = value
    return values
