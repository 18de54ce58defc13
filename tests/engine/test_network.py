"""The network's structure, inspection API and bad-input errors."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError, DataError, ShapeError


def test_layer_shapes_and_cached_values_follow_the_formulas(rng):
    net = ng.mlp([3, 4, 2], activation="tanh", output="identity", loss="mse", seed=0)
    X = rng.normal(size=(5, 3))
    out = net.forward(X)
    first, last = net.layers
    assert first.weights.shape == (3, 4) and first.bias.shape == (4,)
    np.testing.assert_array_equal(first.inputs, X)
    np.testing.assert_allclose(first.pre_activation, X @ first.weights + first.bias)
    np.testing.assert_allclose(first.activation, np.tanh(first.pre_activation))
    np.testing.assert_allclose(out, first.activation @ last.weights + last.bias)
    # the math aliases point at the same arrays
    assert first.W is first.weights and first.z is first.pre_activation
    y = rng.normal(size=(5, 2))
    grads = net.backward(y)
    delta_out = 2 * (out - y) / out.size
    np.testing.assert_allclose(last.delta, delta_out)
    np.testing.assert_allclose(last.grad_weights, first.activation.T @ delta_out)
    np.testing.assert_allclose(last.grad_bias, delta_out.sum(axis=0))
    delta_hidden = (delta_out @ last.weights.T) * (1 - first.activation**2)
    np.testing.assert_allclose(first.delta, delta_hidden)
    assert grads[0][0] is first.grad_weights


def test_the_tutorials_shapes_done_right():
    """The tutorial adds a (4, 1) bias to a (3, 4) output; ours is (4,)."""
    X, y = ng.datasets.seed_example()
    layer = ng.Dense(3, 4, "identity").build(seed=0)
    assert layer.bias.shape == (4,)
    out = layer.forward(X)
    assert out.shape == (3, 4)
    np.testing.assert_allclose(out[1], X[1] @ layer.weights + layer.bias)
    net = ng.mlp([3, 4, 1], activation="tanh", loss="mse", seed=0)
    net.forward(X)
    net.backward(y)  # y of shape (3,) against a (3, 1) output is accepted
    assert net.layers[-1].delta.shape == (3, 1)


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


@pytest.mark.parametrize(
    ("init", "check"),
    [
        (
            "uniform",
            lambda w, b: w.min() >= -0.5 and w.max() <= 0.5 and np.all(b == 0.1),
        ),
        ("zeros", lambda w, b: not w.any() and not b.any()),
        ("glorot_uniform", lambda w, b: np.abs(w).max() <= np.sqrt(6 / 300)),
        ("he_uniform", lambda w, b: np.abs(w).max() <= np.sqrt(6 / 200)),
        ("glorot_normal", lambda w, b: abs(w.std() - np.sqrt(2 / 300)) < 0.01),
        ("he_normal", lambda w, b: abs(w.std() - np.sqrt(2 / 200)) < 0.01),
    ],
)
def test_initializers(init, check):
    layer = ng.Dense(200, 100, "tanh", init=init).build(seed=0)
    assert check(layer.weights, layer.bias)


def test_default_init_depends_on_activation():
    assert ng.Dense(2, 2, "relu").init == "he_uniform"
    assert ng.Dense(2, 2, "tanh").init == "glorot_uniform"


def test_summary_lists_layers_shapes_and_counts():
    text = ng.mlp(
        [2, 8, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
    ).summary()
    assert "2 -> 8 -> 8 -> 1" in text
    assert "(8, 8)" in text and "sigmoid" in text
    assert "Total parameters: 105" in text


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


# -- bad input -----------------------------------------------------------------
def test_layer_size_mismatch():
    with pytest.raises(ShapeError, match="layer 1 has 4 units but layer 2 expects 5"):
        ng.Network([ng.Dense(2, 4), ng.Dense(5, 1)])


def test_X_with_wrong_number_of_features(rng):
    net = ng.mlp([3, 4, 1], seed=0)
    with pytest.raises(ShapeError, match=r"expects 3 input feature\(s\).*\(10, 5\)"):
        net.predict(rng.normal(size=(10, 5)))


def test_softmax_only_at_the_output():
    with pytest.raises(ConfigError, match="output layer only"):
        ng.Network([ng.Dense(2, 3, "softmax"), ng.Dense(3, 1, "identity")])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"loss": "bce", "output": "tanh"}, "needs the output activation 'sigmoid'"),
        ({"loss": "cross_entropy", "output": "sigmoid"}, "'softmax'"),
        ({"loss": "hinge"}, "Unknown loss 'hinge'. Valid names: mse, bce"),
        ({"activation": "relu6"}, "Unknown activation 'relu6'. Valid names: identity"),
        ({"init": "orthogonal"}, "Unknown initializer 'orthogonal'"),
        ({"dtype": "float16"}, "dtype must be 'float32' or 'float64'"),
    ],
)
def test_bad_configuration(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        ng.mlp([2, 3, 1], **kwargs)


def test_cross_entropy_needs_two_outputs():
    with pytest.raises(ConfigError, match="at least 2 outputs"):
        ng.mlp([2, 3, 1], loss="cross_entropy")


@pytest.mark.parametrize(
    ("loss", "n_out", "y", "error", "message"),
    [
        ("cross_entropy", 3, [0, 1, 4, 2], DataError, "label 4 .*out of range.*0..2"),
        ("cross_entropy", 3, [0, 1.5, 2, 1], DataError, "whole numbers"),
        ("mse", 1, ["a", "b", "c", "d"], DataError, "numeric targets.*'a'"),
        ("bce", 1, [0, 1, 2, 1], DataError, "labels 0 or 1.*2"),
        ("bce", 1, [0, 1, -1, 1], DataError, r"\(y \+ 1\) / 2"),
        ("mse", 1, [0.0, np.nan, 1.0, 2.0], DataError, "nan"),
        ("mse", 2, [0.0, 1.0, 1.0, 2.0], ShapeError, r"\(n, 2\)"),
        ("mse", 1, [[1.0], [2.0], [3.0]], ShapeError, "4 samples but y has 3"),
    ],
)
def test_bad_labels(loss, n_out, y, error, message, rng):
    net = ng.mlp([2, 3, n_out], loss=loss, seed=0)
    X = rng.normal(size=(4, 2))
    with pytest.raises(error, match=message):
        net.fit(X, y, epochs=1)
    with pytest.raises(error, match=message):
        net.loss(X, y)


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


def test_one_hot_and_column_labels_are_accepted(rng):
    net = ng.mlp([2, 3], loss="cross_entropy", seed=0)
    X = rng.normal(size=(6, 2))
    idx = np.array([0, 1, 2, 0, 1, 2])
    onehot = np.eye(3)[idx]
    assert net.loss(X, idx) == pytest.approx(net.loss(X, onehot))
    assert net.loss(X, idx.reshape(-1, 1)) == pytest.approx(net.loss(X, idx))
    binary = ng.mlp([2, 1], loss="bce", seed=0)
    y = np.array([0, 1, 1, 0, 1, 0])
    assert binary.loss(X, y) == pytest.approx(binary.loss(X, y.reshape(-1, 1)))
    assert binary.loss(X, y) == pytest.approx(binary.loss(X, y.astype(bool)))


def test_unbuilt_layer_says_how_to_build():
    with pytest.raises(ConfigError, match="build"):
        ng.Dense(2, 3).forward(np.zeros((1, 2)))
