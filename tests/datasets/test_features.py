"""Tests of Playground's input features."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from neuroglass.datasets import FEATURES, features
from neuroglass.datasets.features import FEATURE_ALIASES

CANONICAL = (
    "x1",
    "x2",
    "x1^2",
    "x2^2",
    "x1*x2",
    "sin(x1)",
    "sin(x2)",
    "cos(x1)",
    "cos(x2)",
)
PLAYGROUND = (
    "x",
    "y",
    "xSquared",
    "ySquared",
    "xTimesY",
    "sinX",
    "sinY",
    "cosX",
    "cosY",
)


def test_features_constant_lists_the_canonical_names_in_order():
    assert isinstance(FEATURES, tuple)
    assert FEATURES == CANONICAL


def test_values_at_a_known_point():
    out = features(np.array([[2.0, -3.0]]), CANONICAL)
    expected = [
        2.0,
        -3.0,
        4.0,
        9.0,
        -6.0,
        np.sin(2.0),
        np.sin(-3.0),
        np.cos(2.0),
        np.cos(-3.0),
    ]
    np.testing.assert_allclose(out, [expected], rtol=1e-15)


def test_each_feature_column_matches_its_formula():
    X = np.random.default_rng(0).uniform(-6, 6, (50, 2))
    x1, x2 = X[:, 0], X[:, 1]
    formulas = {
        "x1": x1,
        "x2": x2,
        "x1^2": x1**2,
        "x2^2": x2**2,
        "x1*x2": x1 * x2,
        "sin(x1)": np.sin(x1),
        "sin(x2)": np.sin(x2),
        "cos(x1)": np.cos(x1),
        "cos(x2)": np.cos(x2),
    }
    for name, column in formulas.items():
        np.testing.assert_allclose(features(X, [name])[:, 0], column, rtol=1e-14)


def test_playground_spellings_are_aliases():
    X = np.random.default_rng(1).normal(size=(20, 2))
    np.testing.assert_array_equal(features(X, PLAYGROUND), features(X, CANONICAL))
    assert dict(zip(PLAYGROUND, CANONICAL, strict=True)) == FEATURE_ALIASES


def test_output_shape_order_duplicates_and_dtype():
    X = np.array([[1, 2], [3, 4], [5, 6]])  # integer input
    out = features(X, ["x2", "x1", "x2", "xTimesY"])
    assert out.shape == (3, 4)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [[2, 1, 2, 2], [4, 3, 4, 12], [6, 5, 6, 30]])


def test_extra_columns_are_ignored_and_input_is_untouched():
    X = np.array([[1.0, 2.0, 100.0], [3.0, 4.0, -100.0]])
    before = X.copy()
    out = features(X, ("x1", "x2^2"))
    np.testing.assert_array_equal(out, [[1.0, 4.0], [3.0, 16.0]])
    np.testing.assert_array_equal(X, before)
    assert not np.shares_memory(out, X)


def test_accepts_lists_and_tuples_of_any_iterable():
    out = features([[0.0, 0.0]], iter(["cos(x1)", "sinY"]))
    np.testing.assert_array_equal(out, [[1.0, 0.0]])


def test_empty_point_set_gives_empty_rows():
    assert features(np.zeros((0, 2)), ["x1", "x2"]).shape == (0, 2)


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="unknown feature name 'x3'") as info:
        features(np.zeros((3, 2)), ["x1", "x3"])
    message = str(info.value)
    for name in CANONICAL + PLAYGROUND:
        assert repr(name) in message


@pytest.mark.parametrize("bad", ["X1", "sin(x)", "", 1, None])
def test_other_unknown_names(bad):
    with pytest.raises(ValueError, match="unknown feature name"):
        features(np.zeros((3, 2)), [bad])


def test_a_single_string_is_not_taken_for_a_list_of_letters():
    with pytest.raises(TypeError, match=r"\['x1'\]"):
        features(np.zeros((3, 2)), "x1")


def test_empty_names_are_rejected():
    with pytest.raises(ValueError, match="at least one feature"):
        features(np.zeros((3, 2)), [])


@pytest.mark.parametrize("shape", [(5, 1), (5, 0), (5,), (2, 2, 2), ()])
def test_x_needs_two_columns(shape):
    with pytest.raises(ValueError, match=r"at least 2 columns.*" + str(shape)[1:-1]):
        features(np.zeros(shape), ["x1"])


def test_non_numeric_x_is_rejected():
    with pytest.raises(ValueError, match="numeric"):
        features([["a", "b"]], ["x1"])


@settings(max_examples=40, derandomize=True, database=None, deadline=None)
@given(
    X=arrays(
        np.float64,
        st.tuples(st.integers(0, 8), st.integers(2, 4)),
        elements=st.floats(-1e3, 1e3),
    ),
    names=st.lists(st.sampled_from(CANONICAL + PLAYGROUND), min_size=1, max_size=6),
)
def test_property_columns_are_independent_of_each_other(X, names):
    out = features(X, names)
    assert out.shape == (X.shape[0], len(names))
    for j, name in enumerate(names):
        np.testing.assert_array_equal(out[:, j], features(X, [name])[:, 0])
