"""Tests of the seeded train/test split."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuroglass.datasets import train_test_split
from neuroglass.engine.errors import ConfigError


def numbered(n):
    """Rows that carry their own index: X[i] = (i, -i), y[i] = 10 i."""
    ids = np.arange(n)
    return np.column_stack([ids, -ids]).astype(np.float64), ids * 10


@pytest.mark.parametrize(
    ("n", "fraction", "n_test"),
    [
        (10, 0.5, 5),
        (10, 0.3, 3),
        (10, 0.34, 3),
        (10, 0.36, 4),
        (100, 0.2, 20),
        (7, 0.5, 4),  # round(3.5) = 4
        (10, 0.01, 1),  # clamped up: the test part is never empty
        (10, 0.99, 9),  # clamped down: the train part is never empty
        (2, 0.5, 1),
        (2, 0.01, 1),
        (2, 0.99, 1),
    ],
)
def test_sizes(n, fraction, n_test):
    X, y = numbered(n)
    X_train, X_test, y_train, y_test = train_test_split(X, y, fraction, seed=0)
    assert len(X_test) == len(y_test) == n_test
    assert len(X_train) == len(y_train) == n - n_test
    assert X_train.shape[1:] == X_test.shape[1:] == (2,)


def test_parts_are_disjoint_cover_everything_and_keep_rows_paired():
    X, y = numbered(50)
    X_train, X_test, y_train, y_test = train_test_split(X, y, 0.3, seed=1)
    train_ids, test_ids = X_train[:, 0].astype(int), X_test[:, 0].astype(int)
    assert not set(train_ids) & set(test_ids)
    assert sorted([*train_ids, *test_ids]) == list(range(50))
    np.testing.assert_array_equal(X_train[:, 1], -X_train[:, 0])
    np.testing.assert_array_equal(y_train, train_ids * 10)
    np.testing.assert_array_equal(y_test, test_ids * 10)


def test_rows_are_shuffled():
    X, y = numbered(100)
    X_train, X_test, _, _ = train_test_split(X, y, 0.5, seed=0)
    # Not simply the first / last half, and not kept in order.
    assert set(X_test[:, 0].astype(int)) != set(range(50))
    assert set(X_test[:, 0].astype(int)) != set(range(50, 100))
    assert np.any(np.diff(X_train[:, 0]) < 0)


def test_seeded():
    X, y = numbered(40)
    first = train_test_split(X, y, 0.25, seed=3)
    again = train_test_split(X, y, 0.25, seed=3)
    other = train_test_split(X, y, 0.25, seed=4)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1], other[1])


def test_default_fraction_and_seed():
    X, y = numbered(20)
    default = train_test_split(X, y)
    explicit = train_test_split(X, y, test_fraction=0.5, seed=0)
    for a, b in zip(default, explicit, strict=True):
        np.testing.assert_array_equal(a, b)
    assert len(default[1]) == 10


def test_inputs_are_not_modified_and_outputs_are_new_arrays():
    X, y = numbered(30)
    X_before, y_before = X.copy(), y.copy()
    parts = train_test_split(X, y, 0.4, seed=2)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    for part in parts:
        assert not np.shares_memory(part, X)
        assert not np.shares_memory(part, y)
    parts[0][:] = -1.0
    np.testing.assert_array_equal(X, X_before)


def test_dtypes_lists_and_multidimensional_labels():
    X = [[1, 2], [3, 4], [5, 6], [7, 8]]
    y = np.eye(4, dtype=np.float32)  # one-hot rows
    X_train, X_test, y_train, y_test = train_test_split(X, y, 0.5, seed=0)
    assert X_train.shape == (2, 2) and y_train.shape == (2, 4)
    assert y_test.dtype == np.float32
    assert X_test.dtype == np.asarray(X).dtype
    # Row i of X is (2i + 1, 2i + 2) and row i of y has its 1 in column i.
    for Xp, yp in ((X_train, y_train), (X_test, y_test)):
        np.testing.assert_array_equal(np.argmax(yp, axis=1), (Xp[:, 0] - 1) // 2)


@pytest.mark.parametrize("bad", [0, 1, 0.0, 1.0, -0.1, 1.5, math.nan, math.inf, True])
def test_fraction_out_of_range(bad):
    X, y = numbered(10)
    with pytest.raises(ConfigError) as info:
        train_test_split(X, y, test_fraction=bad)
    assert str(info.value).startswith("test_fraction must be a finite number in (0, 1)")
    assert repr(bad) in str(info.value) and "e.g. 0.2" in str(info.value)


def test_fraction_of_wrong_type():
    X, y = numbered(10)
    with pytest.raises(ValueError, match=r"'0\.5'"):
        train_test_split(X, y, test_fraction="0.5")


@pytest.mark.parametrize(
    "bad", [10**400, Fraction(10**400, 3), np.array([0.5]), complex(0.5, 0), None]
)
def test_fraction_of_any_value_is_a_config_error(bad):
    """10**400 raised OverflowError; now every refusal is a ConfigError."""
    X, y = numbered(10)
    with pytest.raises(ConfigError, match=r"test_fraction must be .*; got "):
        train_test_split(X, y, test_fraction=bad)


def test_fraction_accepts_numpy_and_exact_numbers():
    X, y = numbered(10)
    for fraction in (np.float32(0.3), np.array(0.3), Fraction(3, 10)):
        assert len(train_test_split(X, y, test_fraction=fraction)[1]) == 3


@pytest.mark.parametrize("seed", ["1", 1.5, -1, True])
def test_seed_is_checked(seed):
    X, y = numbered(10)
    with pytest.raises(ConfigError, match=r"seed must be a non-negative integer"):
        train_test_split(X, y, seed=seed)


def test_length_mismatch():
    X, _ = numbered(10)
    with pytest.raises(ValueError, match=r"10 rows in X .* and 9 in y"):
        train_test_split(X, np.zeros(9))


@pytest.mark.parametrize("n", [0, 1])
def test_too_few_rows(n):
    X, y = numbered(n)
    with pytest.raises(ValueError, match=rf"at least 2 rows.*got {n}"):
        train_test_split(X, y)


def test_scalar_inputs():
    with pytest.raises(ValueError, match="scalar"):
        train_test_split(3.0, [1.0])
    with pytest.raises(ValueError, match="scalar"):
        train_test_split([[1.0], [2.0]], 1.0)


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(
    n=st.integers(2, 300),
    fraction=st.floats(0.001, 0.999),
    seed=st.integers(0, 2**32 - 1),
)
def test_property_split_is_a_partition_of_the_right_size(n, fraction, seed):
    X, y = numbered(n)
    X_train, X_test, y_train, y_test = train_test_split(X, y, fraction, seed=seed)
    expected_test = min(max(round(n * fraction), 1), n - 1)
    assert len(X_test) == len(y_test) == expected_test
    assert len(X_train) == len(y_train) == n - expected_test
    ids = np.concatenate([X_train[:, 0], X_test[:, 0]]).astype(int)
    np.testing.assert_array_equal(np.sort(ids), np.arange(n))
    np.testing.assert_array_equal(np.concatenate([y_train, y_test]), ids * 10)
