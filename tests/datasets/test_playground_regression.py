"""The Playground regression generators: plane and multi_gauss."""

import math

import numpy as np
import pytest

from neuroglass import datasets
from neuroglass.datasets.playground_regression import multi_gauss_label

# --- plane ------------------------------------------------------------------------


def test_plane_label_formula_without_noise():
    X, y = datasets.plane(n=5000, noise=0.0, seed=0)
    assert np.all(np.abs(X) <= 6.0)
    assert X.min() < -5.9 and X.max() > 5.9
    np.testing.assert_allclose(y, (X[:, 0] + X[:, 1]) / 10.0, atol=1e-12)
    # Not clamped: near the corners x + y exceeds 10 in magnitude.
    assert np.abs(y).max() > 1.0
    assert np.abs(y).max() <= 1.2


def test_plane_noise_moves_labels_off_the_plane():
    X, y = datasets.plane(n=2000, noise=0.5, seed=0)
    residual = y - (X[:, 0] + X[:, 1]) / 10.0
    # Residual = (nx + ny) / 10 with nx, ny ~ U(-3, 3) (variance 3 each).
    assert np.all(np.abs(residual) <= 0.6 + 1e-12)
    assert abs(residual.mean()) < 0.02
    np.testing.assert_allclose(residual.var(), 2 * 3.0 / 10.0**2, rtol=0.1)


# --- multi_gauss ------------------------------------------------------------------


CENTRES = [
    (-4.0, 2.5, 1.0),
    (0.0, 2.5, -1.0),
    (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0),
    (0.0, -2.5, 1.0),
    (4.0, -2.5, -1.0),
]


def reference_multi_gauss(x, y):
    """The formula written out point by point, independently of the module."""
    best = 0.0
    for cx, cy, sign in CENTRES:
        d = math.hypot(x - cx, y - cy)
        value = sign * min(max(1.0 - d / 2.0, 0.0), 1.0)
        if abs(value) > abs(best):
            best = value
    return best


@pytest.mark.parametrize(
    ("point", "label"),
    [
        *[((cx, cy), sign) for cx, cy, sign in CENTRES],
        ((1.0, 2.5), -0.5),
        ((-4.0 + 0.6, 2.5 + 0.8), 0.5),
        ((4.0, -2.5 - 1.5), -0.25),
        ((0.0, 0.0), 0.0),
        ((2.0, 2.5), 0.0),
        ((6.0, 6.0), 0.0),
    ],
)
def test_multi_gauss_label_at_hand_picked_points(point, label):
    value = multi_gauss_label(np.array([point[0]]), np.array([point[1]]))
    np.testing.assert_allclose(value, [label], atol=1e-12)
    assert reference_multi_gauss(*point) == pytest.approx(label, abs=1e-12)


def test_multi_gauss_generated_labels_match_the_formula():
    X, y = datasets.multi_gauss(n=3000, noise=0.0, seed=0)
    assert np.all(np.abs(X) <= 6.0)
    assert np.all((y >= -1.0) & (y <= 1.0))
    expected = [reference_multi_gauss(a, b) for a, b in X]
    np.testing.assert_allclose(y, expected, atol=1e-12)
    assert np.any(y > 0.5) and np.any(y < -0.5)
    # Farther than 2 from every centre (about half the square) the label is 0.
    assert np.count_nonzero(y == 0.0) > 500
    assert not np.any(np.signbit(y[y == 0.0]))


def test_multi_gauss_noise_is_applied_before_distances():
    X, y = datasets.multi_gauss(n=2000, noise=0.5, seed=0)
    assert np.all((y >= -1.0) & (y <= 1.0))
    expected = np.array([reference_multi_gauss(a, b) for a, b in X])
    assert np.count_nonzero(~np.isclose(y, expected)) > 200
