"""What TensorFlow Playground's generators share: argument checks and sampling helpers.

:func:`check_n` and :func:`check_noise` validate the ``n`` and ``noise`` every
generator takes, with messages that name the value and say what to pass;
:func:`linear_map` is Playground's linear rescaling (no clamping) and
:func:`shuffled` puts the rows of ``(X, y)`` in one random order.  Used by
:mod:`.playground` (classification) and :mod:`.playground_regression`.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def check_n(n, minimum: int = 2) -> int:
    """Return ``n`` as an int after checking it is a whole number >= ``minimum``."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise ValueError(
            f"n must be a whole number of points, got n={n!r} "
            f"(type {type(n).__name__}); pass an int such as n=500."
        )
    if n < minimum:
        raise ValueError(
            f"n must be at least {minimum}, got n={n}; ask for {minimum} or more "
            "points."
        )
    return int(n)


def check_noise(noise) -> float:
    """Return ``noise`` as a float after checking it is finite and >= 0."""
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real):
        raise ValueError(
            f"noise must be a number, got noise={noise!r} "
            f"(type {type(noise).__name__}); pass a float such as noise=0.1 "
            "(Playground's noise slider / 100, typically 0 to 0.5)."
        )
    value = float(noise)
    if not math.isfinite(value) or value < 0.0:
        raise ValueError(
            f"noise must be a finite number >= 0, got noise={noise!r}; pass a value "
            "such as 0.1 (Playground's noise slider / 100, typically 0 to 0.5)."
        )
    return value


def linear_map(value, domain: tuple[float, float], target: tuple[float, float]):
    """Map ``value`` linearly so that ``domain`` lands on ``target`` (no clamping)."""
    (d0, d1), (t0, t1) = domain, target
    return t0 + (np.asarray(value, dtype=np.float64) - d0) * (t1 - t0) / (d1 - d0)


def shuffled(
    X: np.ndarray, y: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``X`` (n, 2) and ``y`` (n,) with their rows in one random order."""
    order = rng.permutation(len(y))
    return np.ascontiguousarray(X[order]), np.ascontiguousarray(y[order])
