"""Playground's input features: x1, x2, their squares, product, sines and cosines."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["FEATURES", "FEATURE_ALIASES", "features"]

_FORMULAS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
    "cos(x1)": lambda x1, x2: np.cos(x1),
    "cos(x2)": lambda x1, x2: np.cos(x2),
}

#: Canonical feature names, in Playground's order.
FEATURES: tuple[str, ...] = tuple(_FORMULAS)

#: Playground's own spellings (from its source) and the canonical names they mean.
FEATURE_ALIASES: dict[str, str] = {
    "x": "x1",
    "y": "x2",
    "xSquared": "x1^2",
    "ySquared": "x2^2",
    "xTimesY": "x1*x2",
    "sinX": "sin(x1)",
    "sinY": "sin(x2)",
    "cosX": "cos(x1)",
    "cosY": "cos(x2)",
}


def _canonical(name) -> str:
    """Return the canonical spelling of feature ``name`` or raise ValueError."""
    if isinstance(name, str):
        if name in _FORMULAS:
            return name
        if name in FEATURE_ALIASES:
            return FEATURE_ALIASES[name]
    aliases = ", ".join(f"{a!r} ({c})" for a, c in FEATURE_ALIASES.items())
    raise ValueError(
        f"unknown feature name {name!r}; valid names are "
        f"{', '.join(repr(f) for f in FEATURES)}, or Playground's spellings "
        f"{aliases}."
    )


def features(X, names: Sequence[str]) -> np.ndarray:
    """Compute Playground's input features from the first two columns of ``X``.

    With ``x1 = X[:, 0]`` and ``x2 = X[:, 1]`` the available features are
    ``"x1"``, ``"x2"``, ``"x1^2"``, ``"x2^2"``, ``"x1*x2"``, ``"sin(x1)"``,
    ``"sin(x2)"``, ``"cos(x1)"`` and ``"cos(x2)"`` (see :data:`FEATURES`).
    Playground's spellings ``"x"``, ``"y"``, ``"xSquared"``, ``"ySquared"``,
    ``"xTimesY"``, ``"sinX"``, ``"sinY"``, ``"cosX"`` and ``"cosY"`` are accepted
    too (see :data:`FEATURE_ALIASES`).  Columns of ``X`` beyond the second are
    ignored.

    Parameters
    ----------
    X : array_like, shape (n, d) with d >= 2
        Points; only the first two columns are used.
    names : sequence of str, non-empty
        The features to compute, in the order of the output columns.  A name may
        appear more than once.

    Returns
    -------
    ndarray of float64, shape (n, len(names))
        Column ``j`` holds feature ``names[j]``.

    Raises
    ------
    ValueError
        If ``X`` is not a numeric 2-D array with at least two columns, if
        ``names`` is empty, or if a name is not a known feature.
    TypeError
        If ``names`` is a single string instead of a sequence of strings.

    Examples
    --------
    >>> features([[1.0, 2.0]], ["x1", "xTimesY", "x2^2"])
    array([[1., 2., 4.]])
    """
    if isinstance(names, str):
        raise TypeError(
            f"names must be a sequence of feature names, got the single string "
            f"{names!r}; wrap it in a list: [{names!r}]."
        )
    names = list(names)
    if not names:
        raise ValueError(
            f"names is empty; pass at least one feature name out of {list(FEATURES)}."
        )
    canonical = [_canonical(name) for name in names]
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"X must be a numeric array of shape (n, 2) or (n, d) with d >= 2, but it "
            f"could not be converted to float64 ({exc}); pass numbers only."
        ) from None
    if X.ndim != 2 or X.shape[1] < 2:
        raise ValueError(
            f"X must be a 2-D array with at least 2 columns (x1, x2), got shape "
            f"{X.shape}; pass points as rows, e.g. X of shape (n, 2)."
        )
    x1, x2 = X[:, 0], X[:, 1]
    out = np.empty((X.shape[0], len(canonical)), dtype=np.float64)
    for j, name in enumerate(canonical):
        out[:, j] = _FORMULAS[name](x1, x2)
    return out
