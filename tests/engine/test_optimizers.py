"""Optimizers: their first steps against hand-computed numbers, state,
configs and names."""

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError
from neuroglass.engine.optimizers import get_optimizer, optimizer_from_config


def test_optimizer_instances_keep_state_and_names_build_defaults(rng, blobs):
    X, y = blobs(rng, 20)
    opt = ng.Adam(lr=0.01)
    net = ng.mlp([2, 2, 1], loss="bce", seed=0)
    net.fit(X, y, epochs=1, batch_size=10, optimizer=opt)
    net.fit(X, y, epochs=1, batch_size=10, optimizer=opt)
    assert opt.t == 4 and net.optimizer is opt
    net.fit(X, y, epochs=1, optimizer="nesterov", lr=0.2)
    assert isinstance(net.optimizer, ng.Momentum) and net.optimizer.nesterov
    assert net.optimizer.lr == 0.2


# -- the first two steps, by hand ----------------------------------------------------
P0 = [1.0, -2.0]
G1 = [0.5, -1.0]
G2 = [0.1, 0.2]
SQRT = math.sqrt

#: the parameters after each of two steps with gradients G1 then G2, worked out
#: on paper from each optimizer's formulas (its docstring)
BY_HAND = {
    "sgd": (
        lambda: ng.SGD(lr=0.1),
        # w - lr g
        [0.95, -1.9],
        [0.94, -1.92],
    ),
    "momentum": (
        lambda: ng.Momentum(lr=0.1, momentum=0.9),
        # v1 = g1 = (0.5, -1); v2 = 0.9 v1 + g2 = (0.55, -0.7)
        [0.95, -1.9],
        [0.95 - 0.055, -1.9 + 0.07],
    ),
    "nesterov": (
        lambda: ng.Momentum(lr=0.1, momentum=0.9, nesterov=True),
        # step1 = g1 + 0.9 v1 = (0.95, -1.9); step2 = g2 + 0.9 v2 = (0.595, -0.43)
        [1.0 - 0.095, -2.0 + 0.19],
        [0.905 - 0.0595, -1.81 + 0.043],
    ),
    "rmsprop": (
        lambda: ng.RMSProp(lr=0.01, rho=0.9, eps=0.0),
        # s1 = 0.1 g1^2 = (0.025, 0.1): step = g1 / sqrt(s1) = +-sqrt(10)
        # s2 = 0.9 s1 + 0.1 g2^2 = (0.0235, 0.094)
        [1.0 - 0.01 * SQRT(10), -2.0 + 0.01 * SQRT(10)],
        [
            1.0 - 0.01 * SQRT(10) - 0.01 * 0.1 / SQRT(0.0235),
            -2.0 + 0.01 * SQRT(10) - 0.01 * 0.2 / SQRT(0.094),
        ],
    ),
    "adam": (
        lambda: ng.Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=0.0),
        # first step: m_hat = g1, v_hat = g1^2, so the step is lr * sign(g1)
        # m2 = 0.9 (0.05, -0.1) + 0.1 g2 = (0.055, -0.07), m_hat = m2 / 0.19
        # v2 = 0.999 (0.00025, 0.001) + 0.001 g2^2 = (0.00025975, 0.001039),
        # v_hat = v2 / (1 - 0.999^2) = v2 / 0.001999
        [0.9, -1.9],
        [
            0.9 - 0.1 * (0.055 / 0.19) / SQRT(0.00025975 / 0.001999),
            -1.9 - 0.1 * (-0.07 / 0.19) / SQRT(0.001039 / 0.001999),
        ],
    ),
}


@pytest.mark.parametrize("name", list(BY_HAND))
def test_first_two_steps_match_the_numbers_worked_by_hand(name):
    make, after_one, after_two = BY_HAND[name]
    opt = make()
    params, updates = np.array(P0), np.zeros(2)
    opt.step(params, np.array(G1), updates)
    np.testing.assert_allclose(params, after_one, rtol=1e-12)
    np.testing.assert_allclose(updates, np.subtract(after_one, P0), rtol=1e-12)
    opt.step(params, np.array(G2), updates)
    np.testing.assert_allclose(params, after_two, rtol=1e-12)
    np.testing.assert_allclose(updates, np.subtract(after_two, after_one), rtol=1e-10)
    assert opt.t == 2


@pytest.mark.parametrize("name", list(BY_HAND))
def test_updating_layer_by_layer_equals_one_whole_step(name, rng):
    """The training loop updates each layer's slice as its gradient is ready."""
    make = BY_HAND[name][0]
    whole, parts = make(), make()
    p_whole = rng.normal(size=7)
    p_parts = p_whole.copy()
    u_whole, u_parts = np.zeros(7), np.zeros(7)
    for _ in range(3):
        grads = rng.normal(size=7)
        whole.step(p_whole, grads, u_whole)
        parts.begin_step(grads)
        for part in (slice(4, 7), slice(0, 4)):  # last layer first, as backprop
            parts.update(p_parts, grads, u_parts, part)
    np.testing.assert_array_equal(p_parts, p_whole)
    np.testing.assert_array_equal(u_parts, u_whole)


@pytest.mark.parametrize("name", list(BY_HAND))
def test_state_and_config_round_trip_to_identical_next_steps(name, rng):

    opt = BY_HAND[name][0]()
    params = rng.normal(size=5)
    for _ in range(2):
        opt.step(params, rng.normal(size=5), np.zeros(5))
    twin = optimizer_from_config(opt.config())
    twin.load_state(opt.state())
    assert repr(twin) == repr(opt) and twin.t == 2
    grads, twin_params = rng.normal(size=5), params.copy()
    opt.step(params, grads, np.zeros(5))
    twin.step(twin_params, grads, np.zeros(5))
    np.testing.assert_array_equal(twin_params, params)
    opt.reset()
    assert opt.t == 0


def test_names_and_errors():

    assert isinstance(get_optimizer("ADAM"), ng.Adam)
    assert get_optimizer("rmsprop", lr=0.5).lr == 0.5
    nesterov = get_optimizer("nesterov")
    assert nesterov.nesterov and nesterov.lr == 0.01
    with pytest.raises(ConfigError, match=r"Unknown optimizer 'lbfgs'.*ng.Adam"):
        get_optimizer("lbfgs")
    with pytest.raises(ConfigError, match="Unknown optimizer 'lbfgs' in a saved"):
        optimizer_from_config({"name": "lbfgs", "lr": 0.1})
    with pytest.raises(ConfigError, match="momentum must be in"):
        ng.Momentum(momentum=1.5)
    with pytest.raises(ConfigError, match="learning rate must be"):
        ng.SGD(lr=-1)
