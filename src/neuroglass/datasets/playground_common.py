"""What TensorFlow Playground's generators share: argument checks and sampling helpers.

:func:`check_n` and :func:`check_noise` validate the ``n`` and ``noise`` every
generator takes, with messages that name the value and say what to pass;
:func:`linear_map` is Playground's linear rescaling (no clamping) and
:func:`shuffled` puts the rows of ``(X, y)`` in one random order.  Used by
:mod:`.playground` (classification) and :mod:`.playground_regression`.
"""

from __future__ import annotations

import numpy as np

from ..engine.validation import integer, non_negative


def check_n(n, minimum: int = 2) -> int:
    """Return ``n`` as an int after checking it is a whole number >= ``minimum``
    (a :class:`~neuroglass.ConfigError` naming the value otherwise)."""
    return integer(
        n, "n, the number of points (an int such as n=500),", minimum=minimum
    )


def check_noise(noise) -> float:
    """Return ``noise`` as a float after checking it is finite and >= 0 (a
    :class:`~neuroglass.ConfigError` naming the value otherwise)."""
    return non_negative(
        noise,
        "noise (Playground's noise slider / 100, typically 0 to 0.5, such as "
        "noise=0.1)",
    )


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
