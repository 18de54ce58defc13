"""Losses: values, gradients (finite differences and PyTorch), the targets each
accepts and the errors for the others."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.activations import ACTIVATIONS
from neuroglass.engine.errors import ConfigError, DataError, ShapeError
from neuroglass.engine.losses import ALIASES, LOSSES, get_loss


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


# -- values and gradients --------------------------------------------------------
def _loss_case(name, rng, scale):
    """(loss, activation, z, targets) for a batch of 4 with 3 outputs."""
    from neuroglass.engine.losses import LOSSES

    loss = LOSSES[name]
    z = rng.normal(size=(4, 3)) * scale
    if name == "mse":
        return loss, ACTIVATIONS["tanh"], z, rng.normal(size=(4, 3))
    if name == "bce":
        return loss, ACTIVATIONS["sigmoid"], z, rng.integers(0, 2, (4, 3)) * 1.0
    return loss, ACTIVATIONS["softmax"], z, np.eye(3)[rng.integers(0, 3, 4)]


@pytest.mark.parametrize("scale", [1.0, 40.0])
@pytest.mark.parametrize("name", ["mse", "bce", "cross_entropy"])
def test_delta_is_the_gradient_of_the_value_by_finite_differences(name, scale, rng):
    loss, act, z, targets = _loss_case(name, rng, scale)
    value, delta = loss.value_and_delta(z, act.forward(z), targets, act)
    assert value == pytest.approx(loss.value(z, act.forward(z), targets), rel=1e-12)
    h = 1e-6
    numeric = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        plus, minus = z.copy(), z.copy()
        plus[index] += h
        minus[index] -= h
        numeric[index] = (
            loss.value(plus, act.forward(plus), targets)
            - loss.value(minus, act.forward(minus), targets)
        ) / (2 * h)
    np.testing.assert_allclose(delta, numeric, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("scale", [1.0, 1000.0])
@pytest.mark.parametrize("name", ["mse", "bce", "cross_entropy"])
def test_value_and_delta_match_torch_autograd(name, scale, rng):
    torch = pytest.importorskip("torch", reason="PyTorch is the test oracle")
    functional = torch.nn.functional
    loss, act, z, targets = _loss_case(name, rng, scale)
    value, delta = loss.value_and_delta(z, act.forward(z), targets, act)
    zt = torch.tensor(z, requires_grad=True)
    tt = torch.from_numpy(targets)
    if name == "mse":
        expected = functional.mse_loss(torch.tanh(zt), tt)
    elif name == "bce":
        expected = functional.binary_cross_entropy_with_logits(zt, tt)
    else:
        expected = functional.cross_entropy(zt, tt.argmax(dim=1))
    expected.backward()
    assert np.isfinite(value) and np.all(np.isfinite(delta))
    assert value == pytest.approx(expected.item(), rel=1e-9)
    np.testing.assert_allclose(delta, zt.grad.numpy(), rtol=1e-9, atol=1e-15)


def test_values_by_hand():
    from neuroglass.engine.losses import LOSSES

    a = np.array([[1.0, 2.0]])
    assert LOSSES["mse"].value(a, a, np.zeros((1, 2))) == pytest.approx(2.5)
    zero = np.zeros((2, 1))
    bce = LOSSES["bce"].value(zero, ACTIVATIONS["sigmoid"].forward(zero), zero)
    assert bce == pytest.approx(np.log(2))
    logits = np.zeros((1, 3))
    ce = LOSSES["cross_entropy"].value(logits, None, np.array([[0.0, 1.0, 0.0]]))
    assert ce == pytest.approx(np.log(3))


def test_names_aliases_and_errors():

    for alias, name in ALIASES.items():
        assert get_loss(alias) is LOSSES[name]
    assert get_loss("MSE") is LOSSES["mse"] and get_loss(LOSSES["bce"]) is LOSSES["bce"]
    with pytest.raises(ConfigError, match=r"Unknown loss 'hinge'.*mse, bce"):
        get_loss("hinge")
    with pytest.raises(ConfigError, match="got None of type NoneType"):
        get_loss(None)


def test_soft_targets_and_booleans_are_prepared():

    soft = np.array([[0.2, 0.8], [0.5, 0.5]])
    prepared = LOSSES["cross_entropy"].prepare_targets(soft, 2, np.float32)
    assert prepared.dtype == np.float32
    np.testing.assert_allclose(prepared, soft)
    with pytest.raises(DataError, match="one-hot rows"):
        LOSSES["cross_entropy"].prepare_targets(np.array([[0.2, 0.2]]), 2, np.float64)
    flags = LOSSES["bce"].prepare_targets(np.array([True, False]), 1, np.float64)
    np.testing.assert_array_equal(flags, [[1.0], [0.0]])
