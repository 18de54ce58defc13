"""The digits data set, shared by the estimator tests."""

import pytest
from sklearn.datasets import load_digits


@pytest.fixture(scope="module")
def digits():
    return load_digits(return_X_y=True)
