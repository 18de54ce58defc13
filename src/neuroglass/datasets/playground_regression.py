"""TensorFlow Playground's regression data sets: "Plane" and "Multi Gaussian".

The generators follow the conventions of :mod:`.playground` (``f(n=..., noise=0.0,
seed=0) -> (X, y)``, ``X`` float64 of shape ``(n, 2)``), with float64 targets of
shape ``(n,)``; :func:`multi_gauss_label` computes the target of
:func:`multi_gauss` at any points.  :mod:`.playground` re-exports the generators.
"""

from __future__ import annotations

import numpy as np

from .playground_common import check_n, check_noise, linear_map

# regression sets: points are drawn from U(-6, 6)^2.
_REGRESSION_HALF_WIDTH = 6.0
_PLANE_SUM_RANGE = (-10.0, 10.0)
_PLANE_LABEL_RANGE = (-1.0, 1.0)
# multi_gauss: (cx, cy, sign) of the six bumps; a bump falls from 1 at its centre
# to 0 at distance 2.
_MULTI_GAUSS_CENTRES = (
    (-4.0, 2.5, 1.0),
    (0.0, 2.5, -1.0),
    (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0),
    (0.0, -2.5, 1.0),
    (4.0, -2.5, -1.0),
)
_MULTI_GAUSS_REACH = 2.0


def plane(
    n: int = 1200, noise: float = 0.0, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A tilted plane (Playground's regression "Plane").

    Points ``x, y ~ U(-6, 6)``; the target is ``(x + nx) + (y + ny)`` mapped linearly
    from [-10, 10] to [-1, 1], i.e. ``(x + nx + y + ny) / 10``, without clamping
    (so it can leave [-1, 1] near the corners), with ``nx, ny ~ U(-6, 6) * noise``.

    Parameters
    ----------
    n : int, default 1200
        Number of points, at least 2.
    noise : float, default 0.0
        Playground's noise / 100, finite and >= 0 (typically 0 to 0.5).
    seed : int, default 0
        Seed for ``np.random.default_rng``.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
        The points (independent draws, so already in random order).
    y : ndarray of float64, shape (n,)
        Targets, within [-1.2, 1.2] when ``noise`` is 0.
    """
    n, noise = check_n(n), check_noise(noise)
    rng = np.random.default_rng(seed)
    half = _REGRESSION_HALF_WIDTH
    X = rng.uniform(-half, half, (n, 2))
    noisy = X + rng.uniform(-half, half, (n, 2)) * noise
    y = linear_map(noisy[:, 0] + noisy[:, 1], _PLANE_SUM_RANGE, _PLANE_LABEL_RANGE)
    return X, y


def multi_gauss_label(x, y) -> np.ndarray:
    """Target of :func:`multi_gauss` at points ``(x, y)`` (arrays of one shape).

    Each bump gives ``sign * clip(1 - distance / 2, 0, 1)``; the bump whose value
    has the largest magnitude wins (the first one on a tie), 0 far from all bumps.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    values = np.stack(
        [
            sign
            * np.clip(
                linear_map(np.hypot(x - cx, y - cy), (0.0, _MULTI_GAUSS_REACH), (1, 0)),
                0.0,
                1.0,
            )
            for cx, cy, sign in _MULTI_GAUSS_CENTRES
        ],
        axis=-1,
    )
    winner = np.argmax(np.abs(values), axis=-1)
    label = np.take_along_axis(values, winner[..., np.newaxis], axis=-1)[..., 0]
    return label + 0.0  # turns -0.0 (a negative bump out of reach) into 0.0


def multi_gauss(
    n: int = 1200, noise: float = 0.0, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Six positive and negative bumps (Playground's regression "Multi Gaussian").

    Points ``x, y ~ U(-6, 6)``.  The bumps sit at ``(cx, cy)`` with sign ``s``:
    ``(-4, 2.5, +1), (0, 2.5, -1), (4, 2.5, +1), (-4, -2.5, -1), (0, -2.5, +1),
    (4, -2.5, -1)``.  On the jittered point ``(x + nx, y + ny)``, with
    ``nx, ny ~ U(-6, 6) * noise``, each bump gives ``s * clip(1 - d / 2, 0, 1)``
    where ``d`` is the distance to its centre; the target is the value with the
    largest magnitude.

    Parameters
    ----------
    n : int, default 1200
        Number of points, at least 2.
    noise : float, default 0.0
        Playground's noise / 100, finite and >= 0 (typically 0 to 0.5).
    seed : int, default 0
        Seed for ``np.random.default_rng``.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
        The points (independent draws, so already in random order).
    y : ndarray of float64, shape (n,)
        Targets in [-1, 1]: +-1 at a bump's centre, 0 farther than 2 from all.
    """
    n, noise = check_n(n), check_noise(noise)
    rng = np.random.default_rng(seed)
    half = _REGRESSION_HALF_WIDTH
    X = rng.uniform(-half, half, (n, 2))
    noisy = X + rng.uniform(-half, half, (n, 2)) * noise
    return X, multi_gauss_label(noisy[:, 0], noisy[:, 1])
