"""The networks ng.explain is tested on: the seed example (3-4-1, tanh, mse) and a
big one (784-256-10) whose layers are summarised."""

import numpy as np
import pytest

import neuroglass as ng


# -- fixtures --------------------------------------------------------------------------
@pytest.fixture
def seed():
    X, y = ng.datasets.seed_example()
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return ng.mlp([3, 4, 1], activation="tanh", loss="mse", seed=0), X, y


@pytest.fixture(scope="module")
def big():
    net = ng.mlp([784, 256, 10], activation="relu", loss="cross_entropy", seed=0)
    x = np.random.default_rng(0).random(784)
    return net, x
