"""After a divergence the network holds, exactly, the weights (and the optimizer
the state) it had when the last finite loss was computed."""

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.optimizers import OPTIMIZERS


class LastFinite(ng.Callback):
    """Records the parameters and optimizer state *before* each step.

    ``on_batch_end`` runs only for steps whose loss was finite, after their
    update; so the state before the last such step is the state at which the
    last finite loss was computed.
    """

    def on_fit_start(self, net, fit):
        self.before = self._state(net)
        self.last = self.before
        self.steps = 0

    def on_batch_end(self, net, step):
        assert math.isfinite(step.loss)
        self.last = self.before
        self.before = self._state(net)
        self.steps += 1

    @staticmethod
    def _state(net):
        opt = net.optimizer
        arrays = {n: getattr(opt, n) for n in opt.state_names}
        return (
            net.parameters_vector(),
            opt.t,
            {n: None if a is None else a.copy() for n, a in arrays.items()},
        )


def assert_state_is(net, state):
    params, t, arrays = state
    assert np.array_equal(net.parameters_vector(), params)
    opt = net.optimizer
    assert opt.t == t
    for name, value in arrays.items():
        now = getattr(opt, name)
        if value is None:
            assert now is None
        else:
            assert np.array_equal(now, value)
    assert not np.any(net._updates)


class BlowUp(ng.Callback):
    """Makes the loss of the step after ``at_step`` overflow, whatever the
    optimizer (adaptive optimizers rarely diverge on their own after several
    finite steps: their step size is bounded by the learning rate)."""

    def __init__(self, at_step):
        self.at_step = at_step

    def on_batch_end(self, net, step):
        if step.step == self.at_step:
            net.layers[0].weights[0, 0] = 1e300


SETTINGS = pytest.mark.parametrize(
    "settings",
    [{}, {"clip_norm": 1e12}, {"l2": 1e-3}, {"l1": 1e-3, "clip_norm": 1e12}],
    ids=["fused", "clipped", "l2", "l1-clipped"],
)


def test_issue_example_keeps_nonzero_finite_weights():
    X, y = ng.datasets.plane()
    net = ng.mlp([2, 4, 2, 1], activation="linear", output="linear", seed=5)
    rec = LastFinite()
    with pytest.raises(ng.TrainingDiverged):
        net.fit(X, y, epochs=50, optimizer="sgd", lr=3, batch_size=10, callbacks=[rec])
    assert rec.steps > 2
    params = net.parameters_vector()
    assert np.all(np.isfinite(params)) and np.any(params != 0)
    assert_state_is(net, rec.last)


@pytest.mark.parametrize("name", ["sgd", "momentum", "nesterov"])
@pytest.mark.parametrize("settings", [{}, {"clip_norm": 1e300}, {"l2": 1e-3}])
def test_a_natural_divergence_after_many_steps(name, settings):
    X, y = ng.datasets.plane()
    net = ng.mlp([2, 1], activation="linear", output="linear", seed=5)
    rec = LastFinite()
    with pytest.raises(ng.TrainingDiverged, match="loss became"):
        net.fit(
            X / 100, y, epochs=100, optimizer=name, lr=1e4, callbacks=[rec], **settings
        )
    assert rec.steps > 20
    assert_state_is(net, rec.last)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@SETTINGS
def test_weights_and_optimizer_state_are_those_of_the_last_finite_loss(name, settings):
    X, y = ng.datasets.plane(n=200)
    net = ng.mlp([2, 4, 2, 1], activation="linear", output="linear", seed=5)
    # a first fit gives the optimizer a state that the restore must respect
    net.fit(X, y, epochs=1, optimizer=name, lr=1e-3, batch_size=10)
    opt = net.optimizer
    rec = LastFinite()
    at = net.steps_trained + 27
    with pytest.raises(ng.TrainingDiverged) as info:
        net.fit(
            X,
            y,
            epochs=5,
            optimizer=opt,
            batch_size=10,
            callbacks=[rec, BlowUp(at)],
            **settings,
        )
    assert info.value.step == at + 1 == net.steps_trained
    assert rec.steps == 28
    assert_state_is(net, rec.last)
    # the optimizer goes on from the restored state
    net.fit(X, y, epochs=1, optimizer=opt, batch_size=10)
    assert np.all(np.isfinite(net.parameters_vector()))


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_a_huge_learning_rate_restores_the_state_of_the_previous_fit(name):
    X, y = ng.datasets.plane(n=200)
    net = ng.mlp([2, 4, 2, 1], activation="linear", output="linear", seed=5)
    net.fit(X, y, epochs=1, optimizer=name, lr=1e-3, batch_size=10)
    rec = LastFinite()
    with pytest.raises(ng.TrainingDiverged, match="loss became"):
        net.fit(X, y, epochs=5, optimizer=net.optimizer, lr=1e120, callbacks=[rec])
    assert_state_is(net, rec.last)


def test_fresh_optimizer_diverging_at_its_first_step_is_left_fresh():
    X, y = ng.datasets.plane()
    net = ng.mlp([2, 4, 1], activation="linear", output="linear", seed=0)
    before = net.parameters_vector()
    opt = ng.Adam(lr=0.1)
    X = X * 1e300  # the very first loss overflows
    with pytest.raises(ng.TrainingDiverged) as info:
        net.fit(X, y, epochs=1, optimizer=opt)
    assert info.value.step == 0
    assert np.array_equal(net.parameters_vector(), before)
    assert opt.t == 0 and opt.m is None and opt.v is None


def test_an_update_that_overflows_at_the_end_of_the_fit_is_caught():
    """The last update of an epoch is not followed by a loss that would
    reveal it; fit must not return normally with infinite weights."""
    X, y = ng.datasets.plane(n=20)
    net = ng.mlp([2, 1], activation="linear", output="linear", seed=0)
    rec = LastFinite()
    with pytest.raises(ng.TrainingDiverged, match="weights became infinite") as info:
        net.fit(X, y, epochs=1, batch_size=None, lr=1e308, callbacks=[rec])
    assert info.value.epoch == 0 and info.value.step == 0
    assert info.value.history.status == "diverged"
    assert rec.steps == 1
    assert_state_is(net, rec.last)
