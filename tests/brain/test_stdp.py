"""STDP against independent references: the window against its formula, the
trace form against the all-to-all pair sum computed directly (no traces), and
with hard bounds against a direct event-by-event transcription."""

import numpy as np
import pytest

from neuroglass.brain.poisson import (
    poisson_spike_times,
    poisson_spikes,
    raster_to_times,
)
from neuroglass.brain.stdp import STDP, stdp_window
from neuroglass.engine.errors import ConfigError, ShapeError

A_PLUS, A_MINUS, TAU_PLUS, TAU_MINUS = 0.01, 0.0105, 16.8, 33.7


def window_formula(delta_t):
    """W(dt), dt = t_post - t_pre, written out from the textbook form."""
    if delta_t > 0:
        return A_PLUS * np.exp(-delta_t / TAU_PLUS)
    if delta_t < 0:
        return -A_MINUS * np.exp(delta_t / TAU_MINUS)
    return 0.0


def pair_sum(pre, post):
    """All-to-all: sum of W(t_post - t_pre) over every pair, synapse by synapse."""
    out = np.zeros(len(pre))
    for i, (pre_i, post_i) in enumerate(zip(pre, post, strict=True)):
        for t_pre in pre_i:
            for t_post in post_i:
                out[i] += window_formula(t_post - t_pre)
    return out


def bounded_events(pre, post, w0, w_max):
    """Direct transcription with hard bounds: at each spike, in time order, add
    the window over all earlier spikes of the other side, then clip. Spikes at
    the same time on both sides see neither of each other (W(0) = 0), and both
    of their changes are added before the clip."""
    out = np.array(w0, dtype=float)
    for i, (pre_i, post_i) in enumerate(zip(pre, post, strict=True)):
        for t in np.unique(np.concatenate([pre_i, post_i])):
            change = 0.0
            if t in pre_i:
                change += sum(
                    window_formula(t_post - t) for t_post in post_i[post_i < t]
                )
            if t in post_i:
                change += sum(window_formula(t - t_pre) for t_pre in pre_i[pre_i < t])
            out[i] = min(max(out[i] + change, 0.0), w_max)
    return out


def rule(**kwargs):
    args = {"A_plus": A_PLUS, "A_minus": A_MINUS, "tau_plus": TAU_PLUS,
            "tau_minus": TAU_MINUS} | kwargs  # fmt: skip
    return STDP(**args)


@pytest.mark.parametrize(
    "delta_t", [-80.0, -20.0, -5.0, -0.1, 0.0, 0.1, 3.0, 20.0, 100.0]
)
def test_window_values_match_the_formula(delta_t):
    value = stdp_window(delta_t, A_PLUS, A_MINUS, TAU_PLUS, TAU_MINUS)
    assert value == pytest.approx(window_formula(delta_t), rel=1e-14, abs=0.0)


def test_window_sign_convention_and_defaults():
    # delta_t = t_post - t_pre: pre before post (> 0) potentiates
    assert stdp_window(10.0) > 0 > stdp_window(-10.0)
    assert stdp_window(0.0) == 0.0
    assert stdp_window(20.0) == pytest.approx(0.01 * np.exp(-1.0), rel=1e-14)
    assert stdp_window(-20.0) == pytest.approx(-0.0105 * np.exp(-1.0), rel=1e-14)
    grid = np.linspace(-100, 100, 11)
    np.testing.assert_allclose(
        stdp_window(grid, A_PLUS, A_MINUS, TAU_PLUS, TAU_MINUS),
        [window_formula(d) for d in grid],
        rtol=1e-14,
    )
    assert np.isfinite(stdp_window([-1e6, 1e6])).all()  # no overflow warning


def test_one_pair_each_way_moves_the_weight_by_the_window():
    stdp = rule(bounded=False)
    ltp = stdp.run_times([np.array([10.0])], np.array([15.0]), w0=0.5)
    ltd = stdp.run_times([np.array([15.0])], np.array([10.0]), w0=0.5)
    assert ltp.weights[0] == pytest.approx(0.5 + window_formula(5.0), rel=1e-14)
    assert ltd.weights[0] == pytest.approx(0.5 + window_formula(-5.0), rel=1e-14)
    assert ltp.weights[0] > 0.5 > ltd.weights[0]


def test_trace_form_equals_all_to_all_pair_sum_for_spike_times():
    n = 40
    pre = poisson_spike_times(np.linspace(5.0, 40.0, n), 1000.0, seed=0)
    post = poisson_spike_times(20.0, 1000.0, seed=1)[0]
    w0 = np.linspace(-0.2, 0.3, n)
    out = rule(bounded=False).run_times(pre, post, w0=w0)
    expected = w0 + pair_sum(pre, [post] * n)
    np.testing.assert_allclose(out.weights, expected, rtol=1e-12, atol=1e-15)
    assert np.ptp(out.weights - w0) > 0.05  # the sum is not trivially small


def test_trace_form_equals_pair_sum_with_one_post_train_per_synapse():
    n = 25
    pre = poisson_spike_times(30.0, 500.0, seed=2, n=n)
    post = poisson_spike_times(25.0, 500.0, seed=3, n=n)
    out = rule(bounded=False).run_times(pre, post, w0=0.0)
    np.testing.assert_allclose(out.weights, pair_sum(pre, post), rtol=1e-12, atol=1e-15)


def test_trace_form_equals_pair_sum_on_a_grid():
    n, dt = 30, 0.5
    pre = poisson_spikes(np.linspace(10.0, 60.0, n), 400.0, dt=dt, seed=4)
    post = poisson_spikes(40.0, 400.0, dt=dt, seed=5, n=1)[:, 0]
    both = pre & post[:, None]
    assert both.any()  # some simultaneous pairs: W(0) = 0 must hold
    out = rule(bounded=False).run(pre, post, dt=dt, w0=0.0, record=True)
    post_times = raster_to_times(post[:, None], dt)[0]
    expected = pair_sum(raster_to_times(pre, dt), [post_times] * n)
    np.testing.assert_allclose(out.weights, expected, rtol=1e-12, atol=1e-15)
    assert out.history.shape == (pre.shape[0] + 1, n)
    np.testing.assert_array_equal(out.history[-1], out.weights)
    np.testing.assert_allclose(out.t, dt * np.arange(pre.shape[0] + 1))


def test_hard_bounds_respected_and_equal_to_direct_transcription():
    n, w_max = 30, 0.05
    pre = poisson_spike_times(40.0, 1000.0, seed=6, n=n)
    post = poisson_spike_times(30.0, 1000.0, seed=7)[0]
    w0 = np.linspace(0.0, w_max, n)
    out = rule(w_max=w_max).run_times(pre, post, w0=w0, record=True)
    assert out.history.min() >= 0.0 and out.history.max() <= w_max
    assert (out.history == 0.0).any() and (out.history == w_max).any()  # both hit
    expected = bounded_events(pre, [post] * n, w0, w_max)
    np.testing.assert_allclose(out.weights, expected, rtol=1e-12, atol=1e-15)
    free = rule(bounded=False).run_times(pre, post, w0=w0).weights
    assert (free < 0).any() or (free > w_max).any()  # the bounds did something


def test_mean_drift_of_independent_trains_is_rate_times_window_integral():
    # Independent Poisson pre and post trains on a grid: given the post train,
    # each pre spike is in each step with probability p_pre, so the expected
    # change of every synapse is p_pre * sum over post spikes k of
    # sum over steps j != k of W((k - j) dt): geometric sums, written out here.
    # Over a long train this is r_pre r_post (A+ tau+ - A- tau-) per unit time.
    n, dt, steps, rate_pre = 3000, 0.5, 2000, 20.0
    p_pre = rate_pre * dt / 1000.0
    pre = poisson_spikes(rate_pre, steps * dt, dt=dt, seed=10, n=n)
    post = poisson_spikes(40.0, steps * dt, dt=dt, seed=11, n=1)[:, 0]
    out = rule(bounded=False).run(pre, post, dt=dt, w0=0.0)
    d_plus, d_minus = np.exp(-dt / TAU_PLUS), np.exp(-dt / TAU_MINUS)
    k = np.flatnonzero(post)  # post spike steps; pre steps j run over 0..steps-1
    before = A_PLUS * d_plus * (1 - d_plus**k) / (1 - d_plus)
    after = A_MINUS * d_minus * (1 - d_minus ** (steps - 1 - k)) / (1 - d_minus)
    expected = p_pre * np.sum(before - after)
    error = out.weights.std(ddof=1) / np.sqrt(n)
    assert abs(out.weights.mean() - expected) < 4 * error
    assert 4 * error < 0.1 * abs(expected)  # the drift is resolved to 10 %
    # the long-train form r_pre r_post T (A+ tau+ - A- tau-), tau -> the grid's
    # dt d / (1 - d), is this without the edges (pairs cut off at the ends of
    # the train, a share of about tau- / T ~ 7 % here)
    tau_plus, tau_minus = dt * d_plus / (1 - d_plus), dt * d_minus / (1 - d_minus)
    integral = A_PLUS * tau_plus - A_MINUS * tau_minus  # weight * ms per pair
    long_train = (p_pre / dt) * k.size * integral  # r_pre (1/ms) * n_post * ...
    assert expected == pytest.approx(long_train, rel=0.12)
    assert abs(expected) < abs(long_train)  # the edges lose pairs


def test_step_online_equals_run():
    n, dt = 10, 0.1
    pre = poisson_spikes(30.0, 200.0, dt=dt, seed=8, n=n)
    post = poisson_spikes(30.0, 200.0, dt=dt, seed=9, n=1)[:, 0]
    stdp = rule()
    w = np.full(n, 0.5)
    stdp.reset(n)
    for k in range(pre.shape[0]):
        stdp.step(w, pre[k], bool(post[k]), dt)
    np.testing.assert_array_equal(w, rule().run(pre, post, dt=dt, w0=0.5).weights)


def test_inputs_are_not_modified_and_config():
    w0 = np.full(3, 0.5)
    rule().run_times([np.array([1.0])] * 3, np.array([2.0]), w0=w0)
    np.testing.assert_array_equal(w0, 0.5)
    config = rule().config()
    assert config["delta_t"] == "t_post - t_pre" and config["pairing"] == "all-to-all"
    assert rule().window(5.0) == pytest.approx(window_formula(5.0))


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"A_plus": -0.01}, "A_plus"),
        ({"A_minus": -0.0105}, "A_minus"),
        ({"tau_plus": 0.0}, "tau_plus"),
        ({"tau_minus": np.nan}, "tau_minus"),
        ({"w_max": 0.0}, "w_max"),
        ({"bounded": "yes"}, "bounded"),
    ],
)
def test_bad_parameters_are_named(kwargs, words):
    with pytest.raises(ConfigError, match=words):
        STDP(**kwargs)


def test_bad_trains_are_named():
    stdp = STDP()
    pre = np.zeros((10, 3), dtype=bool)
    with pytest.raises(ShapeError, match="post has shape"):
        stdp.run(pre, np.zeros((9,), dtype=bool), dt=0.1)
    with pytest.raises(ShapeError, match="post has shape"):
        stdp.run(pre, np.zeros((10, 2), dtype=bool), dt=0.1)
    with pytest.raises(ConfigError, match="boolean spike raster"):
        stdp.run(np.full((10, 3), 0.5), np.zeros(10, dtype=bool), dt=0.1)
    with pytest.raises(ConfigError, match="dt"):
        stdp.run(pre, np.zeros(10, dtype=bool), dt=0.0)
    with pytest.raises(ShapeError, match="w0 has shape"):
        stdp.run(pre, np.zeros(10, dtype=bool), dt=0.1, w0=[0.1, 0.2])
    with pytest.raises(ConfigError, match=r"w0\[1\]"):
        stdp.run(pre, np.zeros(10, dtype=bool), dt=0.1, w0=[0.1, 2.0, 0.3])
    with pytest.raises(ShapeError, match=r"pre_times\[0\]"):
        stdp.run_times([np.array([1.0, np.nan])], np.array([2.0]))
    with pytest.raises(ConfigError, match="same spike time twice"):
        stdp.run_times([np.array([1.0, 1.0])], np.array([2.0]))
    with pytest.raises(ShapeError, match="post_times holds 1"):
        stdp.run_times([np.array([1.0])] * 2, [np.array([2.0])])
    with pytest.raises(ConfigError, match="delta_t"):
        stdp_window([1.0, np.inf])
