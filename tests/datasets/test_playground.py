"""Tests of the TensorFlow Playground generators: shapes, seeding and geometry."""

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass import datasets

CLASSIFIERS = {
    "circle": datasets.circle,
    "xor": datasets.xor,
    "gauss": datasets.gauss,
    "spiral": datasets.spiral,
    "spirals": datasets.spirals,
}


REGRESSORS = {"plane": datasets.plane, "multi_gauss": datasets.multi_gauss}


GENERATORS = {**CLASSIFIERS, **REGRESSORS}


ORDERED_BY_CONSTRUCTION = ("circle", "gauss", "spiral", "spirals")


def wrapped(angle):
    """Angle difference folded into [-pi, pi)."""
    return (np.asarray(angle) + np.pi) % (2 * np.pi) - np.pi


def assert_on_arm(points, offset):
    """Noise-free points lie at angle 1.75 * 2 pi * r / 5 + offset."""
    r = np.hypot(points[:, 0], points[:, 1])
    away = r > 1e-9
    expected = 1.75 * 2 * np.pi * r[away] / 5 + offset
    actual = np.arctan2(points[away, 0], points[away, 1])
    np.testing.assert_allclose(wrapped(actual - expected), 0.0, atol=1e-9)


# --- common contract --------------------------------------------------------------


@pytest.mark.parametrize("name", GENERATORS)
def test_shapes_and_dtypes(name):
    X, y = GENERATORS[name](n=300, noise=0.2, seed=1)
    assert X.shape == (300, 2)
    assert X.dtype == np.float64
    assert y.shape == (300,)
    assert np.all(np.isfinite(X))
    if name in CLASSIFIERS:
        assert y.dtype == np.int64
    else:
        assert y.dtype == np.float64
        assert np.all(np.isfinite(y))


@pytest.mark.parametrize("name", ["circle", "xor", "gauss", "spiral"])
def test_binary_labels_are_zero_and_one(name):
    _, y = GENERATORS[name](n=400, noise=0.1, seed=0)
    assert set(np.unique(y).tolist()) == {0, 1}


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("n", [2, 3, 7, 101, 500])
def test_exactly_n_points_for_odd_and_even_n(name, n):
    kwargs = {"classes": 2} if name == "spirals" else {}
    X, y = GENERATORS[name](n=n, seed=0, **kwargs)
    assert X.shape == (n, 2)
    assert y.shape == (n,)


@pytest.mark.parametrize("name", GENERATORS)
def test_defaults(name):
    expected = 600 if name == "spirals" else 1200 if name in REGRESSORS else 500
    X, y = GENERATORS[name]()
    assert len(X) == len(y) == expected
    X_again, y_again = GENERATORS[name](noise=0.0, seed=0)
    np.testing.assert_array_equal(X, X_again)
    np.testing.assert_array_equal(y, y_again)


@pytest.mark.parametrize("name", GENERATORS)
def test_same_seed_same_data_other_seed_other_data(name):
    f = GENERATORS[name]
    X1, y1 = f(n=200, noise=0.3, seed=7)
    X2, y2 = f(n=200, noise=0.3, seed=7)
    X3, _ = f(n=200, noise=0.3, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", GENERATORS)
def test_does_not_touch_global_random_state(name):
    # The legacy global generator is read on purpose: it must stay untouched.
    state = np.random.get_state()[1].copy()  # noqa: NPY002
    GENERATORS[name](n=50, noise=0.1, seed=3)
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # noqa: NPY002


@pytest.mark.parametrize("name", ORDERED_BY_CONSTRUCTION)
def test_rows_are_shuffled(name):
    n = 400
    _, y = GENERATORS[name](n=n, seed=0)
    # Built class by class; unshuffled, each half would hold at most two labels
    # and the labels would be sorted in blocks.
    assert len(np.unique(y[: n // 2])) == len(np.unique(y))
    assert np.count_nonzero(np.diff(y)) > 20


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("bad_n", [1, 0, -5, 2.5, 10.0, "10", True, None])
def test_bad_n_is_rejected(name, bad_n):
    with pytest.raises(ValueError, match="n") as info:
        GENERATORS[name](n=bad_n)
    assert repr(bad_n) in str(info.value) or str(bad_n) in str(info.value)


@pytest.mark.parametrize("name", GENERATORS)
def test_numpy_integer_n_is_accepted(name):
    X, _ = GENERATORS[name](n=np.int64(9))
    assert X.shape == (9, 2)


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("bad_noise", [-0.1, math.nan, math.inf, -math.inf, "0.1"])
def test_bad_noise_is_rejected(name, bad_noise):
    with pytest.raises(ValueError, match="noise") as info:
        GENERATORS[name](n=10, noise=bad_noise)
    assert repr(bad_noise) in str(info.value)


# --- circle -----------------------------------------------------------------------


def test_circle_without_noise_label_is_radius_below_2_5():
    n = 1001
    X, y = datasets.circle(n=n, noise=0.0, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_array_equal(y, (r < 2.5).astype(np.int64))
    assert np.count_nonzero(y == 1) == n // 2
    assert np.all(r[y == 1] < 2.5)
    negatives = r[y == 0]
    assert np.all(negatives >= 3.5 - 1e-12)
    assert np.all(negatives <= 5.0 + 1e-12)
    # The radii are uniform on their intervals, so they fill them.
    assert negatives.min() < 3.6 and negatives.max() > 4.9
    assert r[y == 1].min() < 0.1 and r[y == 1].max() > 2.4


def test_circle_angles_cover_the_whole_turn():
    X, _ = datasets.circle(n=2000, seed=0)
    angle = np.arctan2(X[:, 0], X[:, 1])
    counts, _ = np.histogram(angle, bins=8, range=(-np.pi, np.pi))
    assert counts.min() > 150


def test_circle_noise_flips_labels_but_not_coordinates():
    X, y = datasets.circle(n=2000, noise=0.5, seed=4)
    r = np.hypot(X[:, 0], X[:, 1])
    # Stored points stay on the noise-free disc and ring ...
    assert np.all((r < 2.5) | ((r >= 3.5 - 1e-12) & (r <= 5.0 + 1e-12)))
    assert np.count_nonzero(r < 2.5) == 1000
    # ... while labels come from the jittered copy: some disagree with the radius.
    wrong = np.count_nonzero(y != (r < 2.5))
    assert 50 < wrong < 1000
    # Small noise flips fewer labels than large noise.
    Xs, ys = datasets.circle(n=2000, noise=0.05, seed=4)
    rs = np.hypot(Xs[:, 0], Xs[:, 1])
    assert np.count_nonzero(ys != (rs < 2.5)) < wrong


# --- xor --------------------------------------------------------------------------


def test_xor_padding_and_label_without_noise():
    X, y = datasets.xor(n=2000, noise=0.0, seed=0)
    assert np.all(np.abs(X) >= 0.3)
    assert np.all(np.abs(X) <= 5.3)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] >= 0).astype(np.int64))
    # Padding leaves a gap of width 0.6 around each axis, nothing else.
    assert np.abs(X).min() < 0.35
    assert np.abs(X).max() > 5.25
    # All four quadrants are populated.
    quadrant = (X[:, 0] > 0) * 2 + (X[:, 1] > 0)
    assert np.bincount(quadrant, minlength=4).min() > 400


def test_xor_noise_flips_some_labels():
    X, y = datasets.xor(n=2000, noise=0.5, seed=0)
    assert np.all(np.abs(X) >= 0.3)
    wrong = np.count_nonzero(y != (X[:, 0] * X[:, 1] >= 0))
    assert 50 < wrong < 1000


# --- gauss ------------------------------------------------------------------------


def test_gauss_class_means_and_balance():
    X, y = datasets.gauss(n=20001, noise=0.0, seed=0)
    assert np.count_nonzero(y == 1) == 10000
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [2.0, 2.0], atol=0.05)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-2.0, -2.0], atol=0.05)


@pytest.mark.parametrize(
    ("noise", "variance"), [(0.0, 0.5), (0.1, 1.2), (0.25, 2.25), (0.5, 4.0)]
)
def test_gauss_variance_follows_noise_map(noise, variance):
    X, y = datasets.gauss(n=40000, noise=noise, seed=1)
    for label in (0, 1):
        v = X[y == label].var(axis=0)
        np.testing.assert_allclose(v, [variance, variance], rtol=0.05)
    # The two coordinates are drawn independently.
    corr = np.corrcoef(X[y == 1].T)[0, 1]
    assert abs(corr) < 0.05


# --- spiral / spirals -------------------------------------------------------------


@pytest.mark.parametrize("n", [500, 501])
def test_spiral_geometry_without_noise(n):
    X, y = datasets.spiral(n=n, noise=0.0, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.all(r < 5.0)
    assert_on_arm(X[y == 1], 0.0)
    assert_on_arm(X[y == 0], np.pi)
    for label, m in ((1, n // 2), (0, n - n // 2)):
        radii = np.sort(r[y == label])
        np.testing.assert_allclose(radii, 5.0 * np.arange(m) / m, atol=1e-12)


def test_spiral_noise_is_bounded_jitter():
    noise = 0.5
    X, y = datasets.spiral(n=1000, noise=noise, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.all(r <= 5.0 + math.sqrt(2) * noise)
    # Jitter moves points off the exact radii 5 i / m.
    m = 500
    grid = np.sort(r[y == 1])
    assert not np.allclose(grid, 5.0 * np.arange(m) / m, atol=1e-6)


@pytest.mark.parametrize(("n", "classes"), [(600, 3), (10, 3), (7, 2), (103, 5)])
def test_spirals_split_and_arms(n, classes):
    X, y = datasets.spirals(n=n, classes=classes, noise=0.0, seed=2)
    assert X.shape == (n, 2)
    assert y.dtype == np.int64
    counts = np.bincount(y, minlength=classes)
    assert len(counts) == classes
    assert counts.sum() == n
    assert counts.max() - counts.min() <= 1
    assert list(counts) == sorted(counts, reverse=True)
    for k in range(classes):
        assert_on_arm(X[y == k], 2 * np.pi * k / classes)
        r = np.sort(np.hypot(X[y == k, 0], X[y == k, 1]))
        np.testing.assert_allclose(r, 5.0 * np.arange(counts[k]) / counts[k])


def test_spirals_with_two_classes_swaps_spiral_labels():
    X, y = datasets.spirals(n=200, classes=2, seed=0)
    assert_on_arm(X[y == 0], 0.0)
    assert_on_arm(X[y == 1], np.pi)


@pytest.mark.parametrize("bad", [1, 0, 2.0, True, "3", None])
def test_spirals_rejects_bad_classes(bad):
    with pytest.raises(ValueError, match="classes"):
        datasets.spirals(n=60, classes=bad)


def test_spirals_needs_a_point_per_arm():
    with pytest.raises(ValueError, match=r"n must be at least classes=5.*n=4"):
        datasets.spirals(n=4, classes=5)
    _, y = datasets.spirals(n=5, classes=5)
    assert sorted(y.tolist()) == [0, 1, 2, 3, 4]


# --- blobs ------------------------------------------------------------------------


@pytest.mark.parametrize("classes", [2, 4, 7])
def test_blobs_centres_sizes_and_spread(classes):
    X, y = datasets.blobs(n=7000, classes=classes, noise=0.0, seed=1)
    counts = np.bincount(y, minlength=classes)
    assert counts.max() - counts.min() <= 1 and y.dtype == np.int64
    residuals = []
    for k in range(classes):
        angle = 2 * np.pi * (k + 0.5) / classes
        centre = 3.5 * np.array([np.cos(angle), np.sin(angle)])
        np.testing.assert_allclose(X[y == k].mean(axis=0), centre, atol=0.15)
        residuals.append(X[y == k] - centre)
    # noise 0 gives gauss()'s smallest variance, 0.5
    np.testing.assert_allclose(np.concatenate(residuals).var(), 0.5, rtol=0.05)
    _, wide = datasets.blobs(n=10, classes=classes, noise=0.5, seed=1)
    assert len(wide) == 10


def test_blobs_is_seeded_and_checks_its_arguments():
    a = datasets.blobs(n=50, seed=3)
    b = datasets.blobs(n=50, seed=3)
    np.testing.assert_array_equal(a[0], b[0])
    with pytest.raises(ng.ConfigError, match=r"classes.* >= 2; got 1"):
        datasets.blobs(n=50, classes=1)
    with pytest.raises(ValueError, match="noise"):
        datasets.blobs(n=50, noise=-1)
