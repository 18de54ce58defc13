"""datasets/playground_common.py: what every Playground generator shares."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.datasets.playground_common import (
    check_n,
    check_noise,
    linear_map,
    shuffled,
)


def test_check_n_takes_whole_numbers_from_the_minimum():
    assert check_n(2) == 2 and check_n(np.int64(500)) == 500
    assert isinstance(check_n(np.int64(5)), int)
    for bad in (1, 0, -3, 2.5, "10", None, True):
        with pytest.raises(ng.ConfigError, match="n, the number of points"):
            check_n(bad)
    with pytest.raises(ng.ConfigError, match="3"):
        check_n(3, minimum=4)


def test_check_noise_takes_finite_non_negative_numbers():
    assert check_noise(0) == 0.0 and check_noise(0.25) == 0.25
    for bad in (-0.1, float("nan"), float("inf"), "0.1", None):
        with pytest.raises(ng.ConfigError, match="noise"):
            check_noise(bad)


def test_linear_map_puts_the_domain_on_the_target_without_clamping():
    np.testing.assert_allclose(
        linear_map([0, 5, 10, 20], (0, 10), (-1, 1)), [-1, 0, 1, 3]
    )
    np.testing.assert_allclose(linear_map(2.0, (0, 4), (10, 0)), 5.0)


def test_shuffled_moves_rows_of_X_and_y_together():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10.0)
    Xs, ys = shuffled(X, y, np.random.default_rng(0))
    assert not np.array_equal(ys, y)  # really shuffled
    np.testing.assert_array_equal(Xs[:, 0], 2 * ys)  # each row kept its label
    assert Xs.flags.c_contiguous and ys.flags.c_contiguous
    _, ys2 = shuffled(X, y, np.random.default_rng(0))
    np.testing.assert_array_equal(ys2, ys)  # seeded
