"""Fixtures shared by the engine's tests."""

import pytest


def _blobs(rng, n=200):
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    return X, y


@pytest.fixture
def blobs():
    """``blobs(rng, n=200)``: two linearly separable classes in 2-D."""
    return _blobs
