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


# -- a non-finite optimizer state or update, with a finite loss --------------------
def bce_data(n=200):
    X, y = ng.datasets.plane(n=n)
    return X, (y > np.median(y)).astype(float)


#: the optimizers whose average of squared gradients divides the step
SQUARE_AVERAGE = {"adam": "v", "rmsprop": "square_avg"}


@pytest.mark.parametrize("name", sorted(SQUARE_AVERAGE))
@pytest.mark.parametrize("dtype, scale", [("float64", 1e160), ("float32", 1e25)])
def test_an_overflowing_squared_gradient_average_is_a_divergence(name, dtype, scale):
    """Gradients near 1e160 (float32: 1e25) are finite, their squares are not:
    Adam's and RMSProp's average of squared gradients became inf, every step 0,
    and fit returned with a finite loss and weights that no longer moved."""
    X, y = bce_data()
    net = ng.mlp([2, 1], output="sigmoid", loss="bce", seed=0, dtype=dtype)
    before = net.parameters_vector()
    opt = OPTIMIZERS[name](lr=1e-3)
    state = SQUARE_AVERAGE[name]
    with pytest.raises(ng.TrainingDiverged, match=f"state '{state}' became") as info:
        net.fit(X * scale, y, epochs=3, optimizer=opt, batch_size=10)
    assert info.value.step == 0 and info.value.epoch == 0
    assert info.value.history.status == "diverged"
    # the state of the last finite loss: the untrained network, a fresh optimizer
    assert np.array_equal(net.parameters_vector(), before)
    assert opt.t == 0 and all(getattr(opt, n) is None for n in opt.state_names)


class HugeHidden(ng.Callback):
    """After step ``at``, makes one hidden unit output ~1e300: the loss (bce
    from logits) stays finite, the last layer's gradient is finite, its square
    is not."""

    def __init__(self, at):
        self.at = at

    def on_batch_end(self, net, step):
        if step.step == self.at:
            net.layers[0].weights[0, 0] = 1e300


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
# (an l2 penalty would make the loss itself overflow: (1e300)^2)
@pytest.mark.parametrize("settings", [{}, {"l1": 1e-3}], ids=["fused", "l1"])
def test_every_optimizer_restores_the_last_finite_state_when_its_state_overflows(
    name, settings
):
    X, y = bce_data()
    net = ng.mlp([2, 4, 1], activation="linear", output="sigmoid", loss="bce", seed=5)
    net.fit(X, y, epochs=1, optimizer=name, lr=1e-3, batch_size=10)
    opt = net.optimizer
    rec = LastFinite()
    at = net.steps_trained + 7
    with pytest.raises(ng.TrainingDiverged) as info:
        net.fit(
            X,
            y,
            epochs=3,
            optimizer=opt,
            batch_size=10,
            callbacks=[HugeHidden(at), rec],
            **settings,
        )
    if name in SQUARE_AVERAGE:  # caught at the step that overflowed
        assert info.value.step == at + 1 == net.steps_trained - 1
        assert "state" in str(info.value)
    else:  # the others carry the huge gradient into the weights, and the loss
        assert info.value.step == at + 2 == net.steps_trained
    assert_state_is(net, rec.last)
    assert net.layers[0].weights[0, 0] == 1e300  # finite: part of that state
    for value in opt.state().values():
        assert np.all(np.isfinite(value))


class Adagrad(ng.Optimizer):
    """A user's optimizer with state that does not say which of it can hide a
    non-finite value: all of it is checked."""

    name = "adagrad"
    state_names = ("sum_squares",)

    def __init__(self, lr=0.01):
        super().__init__(lr)
        self.sum_squares = None

    def _make_state(self, grads):
        self.sum_squares = np.zeros_like(grads)

    def update(self, params, grads, updates, part):
        s, g, u = self.sum_squares[part], grads[part], updates[part]
        s += g * g
        np.divide(g, np.sqrt(s) + 1e-10, out=u)
        u *= -self.lr
        params[part] += u


def test_a_user_optimizer_with_state_is_checked_too():
    X, y = bce_data()
    net = ng.mlp([2, 1], output="sigmoid", loss="bce", seed=0)
    before = net.parameters_vector()
    with pytest.raises(ng.TrainingDiverged, match="state 'sum_squares' became"):
        net.fit(X * 1e160, y, epochs=2, optimizer=Adagrad(), batch_size=10)
    assert np.array_equal(net.parameters_vector(), before)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_not_finite_finds_any_non_finite_value(name):
    """One reduction per step finds an inf or NaN anywhere in the weights or
    the hidden state (also where the other array is 0: inf * 0 = NaN), and a
    sum that merely overflows is no divergence."""
    opt = OPTIMIZERS[name](lr=0.1)
    params = np.zeros(10)
    opt.begin_step(params)
    assert opt.not_finite(params) is None
    assert opt.not_finite(np.full(10, 1e308)) is None  # the sum overflows
    for bad in (np.inf, -np.inf, np.nan):
        for where in (0, 9):
            p = params.copy()
            p[where] = bad
            assert opt.not_finite(p) == "weights"
            for state in opt.hidden_state:
                array = getattr(opt, state)
                array[where] = bad
                assert opt.not_finite(params) == state
                array[where] = 0.0
    big = np.full(10, 1e300)
    for state in opt.state_names:
        setattr(opt, state, big.copy())
    assert opt.not_finite(big) is None  # 1e600 overflows; each value is finite


class Measure(ng.Callback):
    def __init__(self, at):
        self.at, self.norm = at, None

    def on_batch_end(self, net, step):
        if step.step == self.at:
            self.norm = float(np.sqrt(np.sum(net._updates**2)))


def test_clipping_bounds_a_gradient_whose_squared_norm_overflows():
    """clip_norm rescaled by the norm computed as sqrt(g . g): inf for a
    gradient near 1e160, so the step was 0 and SGD stood still."""
    X, y = bce_data()
    net = ng.mlp([2, 4, 1], activation="linear", output="sigmoid", loss="bce", seed=5)
    measure = Measure(at=5)
    net.fit(
        X,
        y,
        epochs=1,
        optimizer="sgd",
        lr=0.1,
        batch_size=10,
        clip_norm=1.0,
        callbacks=[HugeHidden(4), measure],
    )
    assert measure.norm == pytest.approx(0.1 * 1.0, rel=1e-9)


# -- what diverged: TrainingDiverged.cause ------------------------------------------
class FitEnd(ng.Callback):
    def on_fit_end(self, net, fit):
        self.fit = fit


def _loss_diverges():
    X, y = ng.datasets.plane()
    net = ng.mlp([2, 1], activation="linear", output="linear", seed=5)
    return net, lambda cb: net.fit(X / 100, y, epochs=100, lr=1e4, callbacks=cb)


def _gradient_diverges():
    # float32: the loss (1.5e19)^2 = 2.3e38 is finite, its gradient
    # 2 * 1.5e19 * 1.5e19 = 4.5e38 is not
    net = ng.mlp([1, 1], activation="linear", output="linear", dtype="float32")
    net.layers[0].weights[:] = 1
    net.layers[0].bias[:] = 0
    X, y = np.full((1, 1), 1.5e19), np.zeros(1)
    return net, lambda cb: net.fit(X, y, epochs=1, batch_size=1, lr=1e-3, callbacks=cb)


def _weights_diverge():
    # a finite gradient whose update (lr 1e308 times it) overflows
    X, y = ng.datasets.plane(n=20)
    net = ng.mlp([2, 1], activation="linear", output="linear", seed=0)
    return net, lambda cb: net.fit(
        X, y, epochs=1, batch_size=None, lr=1e308, callbacks=cb
    )


def _state_diverges():
    # gradients near 1e160 are finite, their squares (Adam's v) are not
    X, y = bce_data()
    net = ng.mlp([2, 1], output="sigmoid", loss="bce", seed=0)
    return net, lambda cb: net.fit(
        X * 1e160, y, epochs=3, optimizer="adam", lr=1e-3, batch_size=10, callbacks=cb
    )


@pytest.mark.parametrize(
    "make, cause, state, words",
    [
        (_loss_diverges, "loss", None, "the loss became"),
        (_gradient_diverges, "gradient", None, "the gradient became infinite"),
        (_weights_diverge, "weights", None, "the weights became infinite"),
        (_state_diverges, "optimizer state", "v", "state 'v' became infinite"),
    ],
    ids=["loss", "gradient", "weights", "optimizer-state"],
)
def test_the_exception_says_what_became_non_finite(make, cause, state, words):
    """The cause is an attribute a caller (the playground, the recorder) can
    read, not only words in the message; the fit's end tells callbacks too."""
    net, fit = make()
    end = FitEnd()
    with pytest.raises(ng.TrainingDiverged, match=words) as info:
        fit([end])
    assert info.value.cause == cause
    assert info.value.state == state
    assert end.fit.status == "diverged" and end.fit.cause == cause
    assert np.all(np.isfinite(net.parameters_vector()))
    if cause != "loss":  # the loss was finite: NaN stands for "none"
        assert math.isnan(info.value.loss)
