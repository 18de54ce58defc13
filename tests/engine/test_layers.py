"""Dense, the fully connected layer: forward caches what backward needs, backward
beside it; setting parameters; errors."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError


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
