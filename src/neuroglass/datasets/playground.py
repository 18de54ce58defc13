"""TensorFlow Playground's toy data sets, re-implemented from their formulas.

Every generator has the signature ``f(n=..., noise=0.0, seed=0) -> (X, y)``:

* ``X`` is float64 of shape ``(n, 2)``, one point ``(x, y)`` per row;
* classification labels are int64 of shape ``(n,)``: Playground's ``+1`` is ``1``
  and its ``-1`` is ``0`` (:func:`spirals` uses ``0 .. classes - 1``);
* regression labels are float64 of shape ``(n,)``.

``noise`` is Playground's noise slider divided by 100, so its slider range 0..50
becomes 0.0..0.5.  Larger values are accepted and extrapolate the same formulas.
All randomness comes from ``np.random.default_rng(seed)``: the same arguments always
give the same arrays.  The draws are vectorised, so the numbers differ from
Playground's own (which uses ``Math.random``); the distributions are the same.

The classification sets are defined here; the regression sets (:func:`plane`,
:func:`multi_gauss`) live in :mod:`.playground_regression`, re-exported here, and
the argument checks every generator shares in :mod:`.playground_common`.
"""

from __future__ import annotations

import math

import numpy as np

from ..engine.errors import ConfigError
from ..engine.validation import integer
from .playground_common import check_n, check_noise, linear_map, shuffled
from .playground_regression import multi_gauss, plane

__all__ = [
    "blobs",
    "circle",
    "gauss",
    "multi_gauss",
    "plane",
    "spiral",
    "spirals",
    "xor",
]

# circle: points inside radius 2.5 are positive, points in the ring 3.5..5 negative.
_CIRCLE_RADIUS = 5.0
_CIRCLE_INNER = 2.5
_CIRCLE_RING = (3.5, 5.0)
# xor: coordinates are drawn from U(-5, 5) and pushed 0.3 away from the axes.
_XOR_HALF_WIDTH = 5.0
_XOR_PADDING = 0.3
# gauss: class centres and the noise -> variance map.
_GAUSS_CENTRE = 2.0
_GAUSS_NOISE_RANGE = (0.0, 0.5)
_GAUSS_VARIANCE_RANGE = (0.5, 4.0)
# spirals: outer radius and number of turns (1.75 turns from centre to rim).
_SPIRAL_RADIUS = 5.0
_SPIRAL_TURNS = 1.75


def circle(
    n: int = 500, noise: float = 0.0, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A disc of positives inside a ring of negatives (Playground's "Circle").

    The first ``n // 2`` points are drawn at radius ``r ~ U(0, 2.5)``, the other
    ``n - n // 2`` at ``r ~ U(3.5, 5)``, each at angle ``a ~ U(0, 2π)`` and placed
    at ``(r sin a, r cos a)``.  The label is decided on a jittered copy of the
    point, ``(x + U(-5, 5) * noise, y + U(-5, 5) * noise)``: 1 if that copy lies
    within radius 2.5 of the origin, else 0.  The returned coordinates are the
    jitter-free ones, so noise shows up as points with the "wrong" colour.

    Parameters
    ----------
    n : int, default 500
        Number of points, at least 2.
    noise : float, default 0.0
        Playground's noise / 100, finite and >= 0 (typically 0 to 0.5).
    seed : int, default 0
        Seed for ``np.random.default_rng``.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
        The points, rows in random order.
    y : ndarray of int64, shape (n,)
        Labels 0 or 1.
    """
    n, noise = check_n(n), check_noise(noise)
    rng = np.random.default_rng(seed)
    n_inner = n // 2
    radius = np.concatenate(
        [
            rng.uniform(0.0, _CIRCLE_INNER, n_inner),
            rng.uniform(*_CIRCLE_RING, n - n_inner),
        ]
    )
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    jitter = rng.uniform(-_CIRCLE_RADIUS, _CIRCLE_RADIUS, (n, 2)) * noise
    noisy = X + jitter
    y = (np.hypot(noisy[:, 0], noisy[:, 1]) < _CIRCLE_INNER).astype(np.int64)
    return shuffled(X, y, rng)


def xor(
    n: int = 500, noise: float = 0.0, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Four quadrants, positive where x and y agree in sign (Playground's "XOR").

    Each coordinate is drawn from ``U(-5, 5)`` and pushed 0.3 away from the axis
    (``+0.3`` if it is > 0, else ``-0.3``), so ``0.3 <= |x|, |y| <= 5.3``.  The label
    is 1 if ``(x + nx) * (y + ny) >= 0`` else 0, with ``nx, ny ~ U(-5, 5) * noise``;
    the returned coordinates are the jitter-free ones.

    Parameters
    ----------
    n : int, default 500
        Number of points, at least 2.
    noise : float, default 0.0
        Playground's noise / 100, finite and >= 0 (typically 0 to 0.5).
    seed : int, default 0
        Seed for ``np.random.default_rng``.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
        The points (independent draws, so already in random order).
    y : ndarray of int64, shape (n,)
        Labels 0 or 1.
    """
    n, noise = check_n(n), check_noise(noise)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-_XOR_HALF_WIDTH, _XOR_HALF_WIDTH, (n, 2))
    X += np.where(X > 0.0, _XOR_PADDING, -_XOR_PADDING)
    noisy = X + rng.uniform(-_XOR_HALF_WIDTH, _XOR_HALF_WIDTH, (n, 2)) * noise
    y = (noisy[:, 0] * noisy[:, 1] >= 0.0).astype(np.int64)
    return X, y


def gauss(
    n: int = 500, noise: float = 0.0, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs (Playground's "Gaussian").

    ``n // 2`` points around ``(2, 2)`` with label 1 and ``n - n // 2`` points around
    ``(-2, -2)`` with label 0.  Both coordinates of both blobs have the variance
    given by mapping ``noise`` linearly from [0, 0.5] to [0.5, 4]
    (``variance = 0.5 + 7 * noise``, standard deviation its square root).

    Parameters
    ----------
    n : int, default 500
        Number of points, at least 2.
    noise : float, default 0.0
        Playground's noise / 100, finite and >= 0 (typically 0 to 0.5).
    seed : int, default 0
        Seed for ``np.random.default_rng``.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
        The points, rows in random order.
    y : ndarray of int64, shape (n,)
        Labels 0 or 1.
    """
    n, noise = check_n(n), check_noise(noise)
    rng = np.random.default_rng(seed)
    variance = float(linear_map(noise, _GAUSS_NOISE_RANGE, _GAUSS_VARIANCE_RANGE))
    std = math.sqrt(variance)
    n_pos = n // 2
    X = np.concatenate(
        [
            rng.normal(_GAUSS_CENTRE, std, (n_pos, 2)),
            rng.normal(-_GAUSS_CENTRE, std, (n - n_pos, 2)),
        ]
    )
    y = np.concatenate([np.ones(n_pos, np.int64), np.zeros(n - n_pos, np.int64)])
    return shuffled(X, y, rng)


def _spiral_arms(
    counts: list[int],
    offsets: list[float],
    labels: list[int],
    noise: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Points on spiral arms: arm ``k`` has ``counts[k]`` points, angle offset
    ``offsets[k]`` and label ``labels[k]``; rows come back shuffled."""
    xs, ys = [], []
    for m, offset, label in zip(counts, offsets, labels, strict=True):
        frac = np.arange(m) / m
        r = _SPIRAL_RADIUS * frac
        t = _SPIRAL_TURNS * frac * 2.0 * np.pi + offset
        jitter = rng.uniform(-1.0, 1.0, (m, 2)) * noise
        xs.append(np.column_stack([r * np.sin(t), r * np.cos(t)]) + jitter)
        ys.append(np.full(m, label, dtype=np.int64))
    return shuffled(np.concatenate(xs), np.concatenate(ys), rng)


def spiral(
    n: int = 500, noise: float = 0.0, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals (Playground's "Spiral").

    An arm with ``m`` points has, for ``i = 0 .. m - 1``, radius ``r = 5 i / m`` and
    angle ``t = 1.75 (i / m) 2π + Δ``; the point is
    ``(r sin t + U(-1, 1) * noise, r cos t + U(-1, 1) * noise)``.  The arm with
    ``Δ = 0`` has ``n // 2`` points and label 1, the arm with ``Δ = π`` has the other
    ``n - n // 2`` points and label 0.

    Parameters
    ----------
    n : int, default 500
        Number of points, at least 2.
    noise : float, default 0.0
        Playground's noise / 100, finite and >= 0 (typically 0 to 0.5).
    seed : int, default 0
        Seed for ``np.random.default_rng``.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
        The points, rows in random order.
    y : ndarray of int64, shape (n,)
        Labels 0 or 1.

    See Also
    --------
    spirals : the same construction with any number of arms.
    """
    n, noise = check_n(n), check_noise(noise)
    rng = np.random.default_rng(seed)
    return _spiral_arms([n // 2, n - n // 2], [0.0, np.pi], [1, 0], noise, rng)


def spirals(
    n: int = 600, classes: int = 3, noise: float = 0.0, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms, one class per arm (multi-class spiral).

    Arm ``k`` (``k = 0 .. classes - 1``) is built like the arms of :func:`spiral`
    with offset ``Δ = 2πk / classes`` and label ``k``.  The ``n`` points are split
    as evenly as possible: the first ``n % classes`` arms get one point more.

    Parameters
    ----------
    n : int, default 600
        Number of points, at least ``max(2, classes)`` so every arm has a point.
    classes : int, default 3
        Number of arms and classes, at least 2.
    noise : float, default 0.0
        Playground's noise / 100, finite and >= 0 (typically 0 to 0.5).
    seed : int, default 0
        Seed for ``np.random.default_rng``.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
        The points, rows in random order.
    y : ndarray of int64, shape (n,)
        Labels ``0 .. classes - 1``.
    """
    classes = integer(
        classes,
        "classes, the number of spiral arms (two or more, such as classes=3),",
        minimum=2,
    )
    n, noise = check_n(n), check_noise(noise)
    if n < classes:
        raise ConfigError(
            f"n must be at least classes={classes} so that every arm gets a point, "
            f"got n={n}; ask for more points or fewer classes."
        )
    rng = np.random.default_rng(seed)
    base, extra = divmod(n, classes)
    counts = [base + (k < extra) for k in range(classes)]
    offsets = [2.0 * np.pi * k / classes for k in range(classes)]
    return _spiral_arms(counts, offsets, list(range(classes)), noise, rng)


def blobs(
    n: int = 500, classes: int = 4, noise: float = 0.0, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` Gaussian blobs on a circle of radius 3.5 (multi-class "Gaussian").

    Blob ``k`` is centred at angle ``2π(k + 0.5) / classes`` and labelled ``k``;
    points are dealt to the blobs in turn, so their sizes differ by at most one.
    The variance follows :func:`gauss`: ``noise`` in [0, 0.5] maps to [0.5, 4].

    Parameters
    ----------
    n : int, default 500
    classes : int, default 4
        At least 2.
    noise : float, default 0.0
    seed : int or None, default 0

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,)
        Class indices ``0 .. classes - 1``.
    """
    n = check_n(n)
    classes = integer(
        classes, "classes, the number of blobs (such as classes=4),", minimum=2
    )
    noise = check_noise(noise)
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * (np.arange(classes) + 0.5) / classes
    centres = 3.5 * np.column_stack([np.cos(angles), np.sin(angles)])
    y = np.arange(n, dtype=np.int64) % classes
    variance = linear_map(noise, _GAUSS_NOISE_RANGE, _GAUSS_VARIANCE_RANGE)
    X = centres[y] + rng.normal(0.0, math.sqrt(float(variance)), size=(n, 2))
    return shuffled(X, y, rng)
