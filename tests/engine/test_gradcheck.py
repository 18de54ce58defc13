"""Backprop against centred finite differences, for every activation x loss pair."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.activations import ACTIVATIONS

HIDDEN = [name for name, act in ACTIVATIONS.items() if not act.output_only]
# outputs allowed with MSE: every activation, softmax included (via its Jacobian)
MSE_OUTPUTS = list(ACTIVATIONS)


def _data(rng, n, n_in, n_out, loss):
    X = rng.normal(size=(n, n_in))
    if loss == "mse":
        y = rng.normal(size=(n, n_out))
    elif loss == "bce":
        y = rng.integers(0, 2, size=(n, n_out))
    else:
        y = rng.integers(0, n_out, size=n)
    return X, y


def _shift_away_from_kinks(net, X):
    """ReLU-like units have a kink at z = 0 where finite differences lie; nudge
    biases so that no pre-activation of this batch sits within 1e-3 of a kink."""
    h = X
    for layer in net.layers:
        z = h @ layer.weights + layer.bias
        close = np.abs(z).min(axis=0) < 1e-3
        layer.bias = layer.bias + np.where(close, 0.01, 0.0)
        h = layer.activation_fn.forward(h @ layer.weights + layer.bias)


@pytest.mark.parametrize("activation", HIDDEN)
@pytest.mark.parametrize("loss", ["mse", "bce", "cross_entropy"])
def test_hidden_activation_with_each_loss(activation, loss, rng):
    n_out = 3 if loss == "cross_entropy" else 2
    net = ng.mlp([4, 5, n_out], activation=activation, loss=loss, seed=3)
    X, y = _data(rng, 7, 4, n_out, loss)
    _shift_away_from_kinks(net, X)
    assert ng.check_gradients(net, X, y) < 1e-5


@pytest.mark.parametrize("output", MSE_OUTPUTS)
def test_every_output_activation_under_mse(output, rng):
    net = ng.mlp([3, 4, 3], activation="tanh", output=output, loss="mse", seed=1)
    X, y = _data(rng, 6, 3, 3, "mse")
    _shift_away_from_kinks(net, X)
    assert ng.check_gradients(net, X, y) < 1e-5


@pytest.mark.parametrize("depth", [0, 1, 2, 4])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_depths_and_dtypes(depth, dtype, rng):
    sizes = [3] + [6] * depth + [4]
    net = ng.mlp(
        sizes, activation="tanh", loss="cross_entropy", seed=depth, dtype=dtype
    )
    X, y = _data(rng, 9, 3, 4, "cross_entropy")
    # the check runs in float64 whatever the network's dtype
    assert ng.check_gradients(net, X, y) < 1e-5


def test_regularization_gradients_are_checked_too(rng):
    net = ng.mlp([3, 5, 2], activation="tanh", loss="mse", seed=0, l1=0.01, l2=0.1)
    X, y = _data(rng, 8, 3, 2, "mse")
    assert ng.check_gradients(net, X, y) < 1e-5
    # and the penalty really is part of the objective
    plain = net.copy()
    plain.l1 = plain.l2 = 0.0
    assert net.loss(X, y) > plain.loss(X, y)


@pytest.mark.parametrize("scale", [1e-3, 30.0])
def test_extreme_inputs(scale, rng):
    """Tiny inputs, and inputs large enough to saturate tanh and sigmoid."""
    net = ng.mlp([2, 4, 1], activation="tanh", loss="bce", seed=0)
    X = rng.normal(size=(6, 2)) * scale
    y = rng.integers(0, 2, size=6)
    assert ng.check_gradients(net, X, y) < 1e-5


def test_check_gradients_catches_a_wrong_gradient(rng, monkeypatch):
    """The checker itself must fail on a broken backward pass."""
    from neuroglass.engine import activations

    broken = activations.Activation(
        "tanh", np.tanh, lambda g, z, a: g * (1.0 - a), "wrong derivative"
    )
    net = ng.Network([ng.Dense(3, 4, broken), ng.Dense(4, 1, "identity")], seed=0)
    X, y = rng.normal(size=(5, 3)), rng.normal(size=5)
    monkeypatch.setitem(activations.ACTIVATIONS, "tanh", broken)
    assert ng.check_gradients(net, X, y) > 1e-2


def test_check_gradients_subset(rng):
    net = ng.mlp([20, 30, 5], activation="relu", loss="cross_entropy", seed=0)
    X, y = _data(rng, 10, 20, 5, "cross_entropy")
    _shift_away_from_kinks(net, X)
    assert ng.check_gradients(net, X, y, max_params=50) < 1e-5
