"""The network's structure, inspection API and bad-input errors."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError, DataError, ShapeError


def test_parameters_are_live_views_of_one_vector():
    net = ng.mlp([2, 3, 1], seed=0)
    assert net.n_params == 2 * 3 + 3 + 3 + 1
    vec = net.parameters_vector()
    np.testing.assert_array_equal(vec[:6], net.layers[0].weights.ravel())
    net.layers[0].weights = np.ones((2, 3))
    assert net.parameters_vector()[:6].sum() == 6
    assert set(net.named_parameters()) == {
        "dense_1.weights",
        "dense_1.bias",
        "dense_2.weights",
        "dense_2.bias",
    }
    with pytest.raises(ShapeError, match=r"shape \(2, 3\)"):
        net.layers[0].weights = np.ones((3, 2))


def test_copy_is_independent():
    net = ng.mlp([2, 3, 1], seed=0)
    twin = net.copy()
    np.testing.assert_array_equal(twin.parameters_vector(), net.parameters_vector())
    twin.layers[0].bias = np.full(3, 7.0)
    assert not np.allclose(net.layers[0].bias, 7.0)


def test_seed_makes_initialization_reproducible():
    a = ng.mlp([2, 8, 1], seed=42).parameters_vector()
    b = ng.mlp([2, 8, 1], seed=42).parameters_vector()
    c = ng.mlp([2, 8, 1], seed=43).parameters_vector()
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    fresh = ng.mlp([2, 8, 1])
    assert isinstance(fresh.seed, int)  # the drawn seed is kept to repeat the run
    np.testing.assert_array_equal(
        ng.mlp([2, 8, 1], seed=fresh.seed).parameters_vector(),
        fresh.parameters_vector(),
    )


def test_predict_classes_and_evaluate(rng):
    net = ng.mlp([2, 3], output="softmax", loss="cross_entropy", seed=0)
    X = rng.normal(size=(10, 2))
    probs = net.predict(X)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_array_equal(net.predict_classes(X), probs.argmax(axis=1))
    metrics = net.evaluate(X, net.predict_classes(X))
    assert metrics["accuracy"] == 1.0
    reg = ng.mlp([2, 1], loss="mse", seed=0)
    y = reg.predict(X)[:, 0]
    assert reg.evaluate(X, y) == {"loss": 0.0, "r2": 1.0}
    with pytest.raises(ConfigError, match="predict_classes is for classifiers"):
        reg.predict_classes(X)


def test_predict_does_not_touch_stored_values(rng):
    net = ng.mlp([2, 3, 1], seed=0)
    X = rng.normal(size=(4, 2))
    net.forward(X)
    net.predict(rng.normal(size=(9, 2)))
    assert net.layers[0].inputs.shape == (4, 2)


def test_large_predict_in_chunks_matches(rng):
    net = ng.mlp([3, 4, 2], loss="mse", seed=0)
    X = rng.normal(size=(20000, 3))
    np.testing.assert_allclose(net.predict(X)[-5:], net.predict(X[-5:]))


def test_inputs_are_not_mutated(rng):
    net = ng.mlp([2, 4, 1], loss="bce", seed=0)
    X = rng.normal(size=(30, 2))
    y = (X[:, 0] > 0).astype(float)
    X0, y0 = X.copy(), y.copy()
    net.fit(X, y, epochs=2, batch_size=5)
    net.forward(X)
    net.backward(y)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_X_with_wrong_number_of_features(rng):
    net = ng.mlp([3, 4, 1], seed=0)
    with pytest.raises(ShapeError, match=r"expects 3 input feature\(s\).*\(10, 5\)"):
        net.predict(rng.normal(size=(10, 5)))


@pytest.mark.parametrize(
    ("X", "error", "message"),
    [
        (np.array([[1.0, np.inf], [0.0, 0.0]]), DataError, "inf at row 0, column 1"),
        (np.array([[1.0, 2.0], [np.nan, 0.0]]), DataError, "nan at row 1, column 0"),
        (np.zeros((0, 2)), DataError, "empty"),
        (np.zeros((2, 2, 2)), ShapeError, "must be 2-D"),
        (np.array([["a", "b"]]), DataError, "must be numeric"),
    ],
)
def test_bad_X(X, error, message):
    net = ng.mlp([2, 3, 1], seed=0)
    with pytest.raises(error, match=message):
        net.fit(X, np.zeros(len(X)), epochs=1)
