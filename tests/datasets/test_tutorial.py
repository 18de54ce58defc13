"""datasets/tutorial.py: the tutorial's three-sample example, done right."""

import numpy as np

import neuroglass as ng
from neuroglass.datasets.tutorial import seed_example


def test_the_tutorials_numbers_with_labels_one_per_sample():
    X, y = seed_example()
    np.testing.assert_array_equal(X, [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    np.testing.assert_array_equal(y, [1, 0, 1])
    # the tutorial's bug was labels shaped unlike the output: one label per row here
    assert X.shape == (3, 3) and y.shape == (3,)
    assert X.dtype == y.dtype == np.float64


def test_each_call_returns_fresh_arrays():
    X, y = seed_example()
    X[0, 0] = 99.0
    y[:] = 7.0
    X2, y2 = seed_example()
    assert X2[0, 0] == 1.0 and y2.tolist() == [1.0, 0.0, 1.0]


def test_a_network_trains_on_it_without_shape_errors():
    X, y = seed_example()
    net = ng.mlp([3, 4, 1], activation="sigmoid", output="sigmoid", loss="bce", seed=0)
    before = net.loss(X, y)
    net.fit(X, y, epochs=200, batch_size=3, lr=0.5)
    assert net.loss(X, y) < before
