"""Dense, the fully connected layer: forward caches what backward needs, backward
beside it; setting parameters; errors."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError, ShapeError


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


def test_unbuilt_layer_says_how_to_build():
    with pytest.raises(ConfigError, match="build"):
        ng.Dense(2, 3).forward(np.zeros((1, 2)))


def test_a_layers_gradients_match_finite_differences(rng):
    """dW, db and the input gradient of L = sum(g * a) for one standalone layer."""
    layer = ng.Dense(3, 4, "gelu").build(seed=2)
    X, g = rng.normal(size=(5, 3)), rng.normal(size=(5, 4))

    def objective():
        return float((g * layer.forward(X, store=False)).sum())

    layer.forward(X)
    grad_inputs = layer.backward(g)
    h = 1e-6
    for values, analytic in [
        (layer.weights, layer.grad_weights),
        (layer.bias, layer.grad_bias),
    ]:
        numeric = np.zeros_like(values)
        for index in np.ndindex(values.shape):
            keep = values[index]
            values[index] = keep + h
            up = objective()
            values[index] = keep - h
            numeric[index] = (up - objective()) / (2 * h)
            values[index] = keep
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)
    numeric = np.zeros_like(X)
    for index in np.ndindex(X.shape):
        up, down = X.copy(), X.copy()
        up[index] += h
        down[index] -= h
        numeric[index] = (
            (g * layer.forward(up, store=False)).sum()
            - (g * layer.forward(down, store=False)).sum()
        ) / (2 * h)
    np.testing.assert_allclose(grad_inputs, numeric, rtol=1e-6, atol=1e-9)


def test_backward_checks_and_options(rng):
    layer = ng.Dense(2, 3, "tanh", name="hidden").build(seed=0)
    with pytest.raises(ConfigError, match="'hidden': call forward"):
        layer.backward(np.ones((4, 3)))
    layer.forward(rng.normal(size=(4, 2)))
    with pytest.raises(
        ShapeError, match=r"grad_activation of shape \(4, 3\).*\(4, 2\)"
    ):
        layer.backward(np.ones((4, 2)))
    g = np.ones((4, 3))
    assert layer.backward(g, need_input_grad=False) is None
    assert np.all(g == 1)  # the caller's array is not overwritten
    delta = rng.normal(size=(4, 3))
    layer.backward(delta=delta)  # dL/dz given: the activation is skipped
    np.testing.assert_allclose(layer.grad_bias, delta.sum(axis=0))


def test_parameters_are_set_in_place_and_checked():
    layer = ng.Dense(2, 3, name="hidden").build(seed=0)
    weights = layer.weights
    layer.weights = np.ones((2, 3))
    assert layer.weights is weights and np.all(weights == 1)
    with pytest.raises(ConfigError, match="'hidden' bias must be finite"):
        layer.bias = [0.0, np.nan, 0.0]
    with pytest.raises(ShapeError, match=r"bias must have shape \(3,\)"):
        layer.bias = np.zeros(2)


def test_build_config_and_repr():
    layer = ng.Dense(2, 3, "relu", name="h").build(seed=0, dtype="float32")
    assert layer.weights.dtype == np.float32 and layer.grad_weights.shape == (2, 3)
    assert layer.n_params == 9 and layer.init == "he_uniform"
    assert layer.config() == {
        "type": "Dense",
        "n_in": 2,
        "n_out": 3,
        "activation": "relu",
        "init": "he_uniform",
        "name": "h",
    }
    assert repr(layer) == "Dense(2, 3, activation='relu', name='h')"
    again = ng.Dense(2, 3, "relu").build(np.random.default_rng(0))
    np.testing.assert_array_equal(
        again.weights, ng.Dense(2, 3, "relu").build(seed=0).weights
    )
    out = layer.forward([[1, 2]])  # a list is converted to the layer's dtype
    assert out.dtype == np.float32 and out.shape == (1, 3)
