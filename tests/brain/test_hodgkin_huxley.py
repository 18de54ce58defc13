"""HodgkinHuxley against the equations written out here, an independent
integrator (scipy's LSODA at tight tolerance) and published bifurcation values.

Published values (squid axon at 6.3 °C, the parameters of brain.md §3.1):
- Rinzel & Miller (1980) Math Biosci 49:27-59 and Guckenheimer & Labouriau (1993)
  Bull Math Biol 55:937-952: rest loses stability in a subcritical Hopf
  bifurcation at I ≈ 9.78 µA/cm² and regains it at I ≈ 154.5 µA/cm²; stable
  periodic firing appears at a saddle-node of limit cycles at I ≈ 6.26 µA/cm²,
  so rest and firing coexist (bistability) between 6.26 and 9.78.
- Hodgkin (1948) class 2 / type II excitability: firing starts at a non-zero
  rate, about 50 Hz for the squid equations at 6.3 °C [lit, approximate].
- Ermentrout's notes on the HH equations: tau_m peaks near 0.5 ms, tau_h near
  8 ms, tau_n near 5 ms [lit, approximate].
"""

import itertools
import math

import numpy as np
import pytest

from neuroglass.brain.hodgkin_huxley import (
    HodgkinHuxley,
    alpha_h,
    alpha_m,
    alpha_n,
    beta_h,
    beta_m,
    beta_n,
    h_inf,
    m_inf,
    n_inf,
    tau_h,
    tau_m,
    tau_n,
)
from neuroglass.engine.errors import ConfigError

# -- the equations, written out independently (brain.md §3.1) -----------------
P = dict(C=1.0, gNa=120.0, gK=36.0, gL=0.3, ENa=50.0, EK=-77.0, EL=-54.387)


def rates(v):
    """The six rates in their raw form (never called at -40 or -55 mV)."""
    return (
        0.1 * (v + 40) / (1 - math.exp(-(v + 40) / 10)),
        4 * math.exp(-(v + 65) / 18),
        0.07 * math.exp(-(v + 65) / 20),
        1 / (1 + math.exp(-(v + 35) / 10)),
        0.01 * (v + 55) / (1 - math.exp(-(v + 55) / 10)),
        0.125 * math.exp(-(v + 65) / 80),
    )


def rhs(t, y, current):
    v, m, h, n = y
    am, bm, ah, bh, an, bn = rates(v)
    i_ion = (
        P["gNa"] * m**3 * h * (v - P["ENa"])
        + P["gK"] * n**4 * (v - P["EK"])
        + P["gL"] * (v - P["EL"])
    )
    return [
        (current(t) - i_ion) / P["C"],
        am * (1 - m) - bm * m,
        ah * (1 - h) - bh * h,
        an * (1 - n) - bn * n,
    ]


def steady(v):
    am, bm, ah, bh, an, bn = rates(v)
    return am / (am + bm), ah / (ah + bh), an / (an + bn)


def reference_rest(current=0.0):
    from scipy.optimize import brentq

    def f(v):
        m, h, n = steady(v)
        i = P["gNa"] * m**3 * h * (v - P["ENa"]) + P["gK"] * n**4 * (v - P["EK"])
        return i + P["gL"] * (v - P["EL"]) - current

    return brentq(f, -90.0, -30.0, xtol=1e-13)


def reference_spikes(current, duration):
    """Spike times (ms) from LSODA (scipy's odeint) at rtol 1e-9: the peaks >= 0 mV
    of V sampled every 0.005 ms."""
    from scipy.integrate import odeint

    v0 = reference_rest()
    t = np.arange(0.0, duration, 0.005)
    y = odeint(
        rhs, [v0, *steady(v0)], t, args=(current,), tfirst=True, rtol=1e-9, atol=1e-9
    )
    v = y[:, 0]
    peak = (v[1:-1] > v[:-2]) & (v[1:-1] >= v[2:]) & (v[1:-1] >= 0)
    return t[1:-1][peak]


def run(hh, current, duration, dt, state=None):
    """Spike times per neuron and the final state, by calling step() in a loop;
    ``current`` an array (one per neuron) or a function of t (ms) giving one."""
    at = current if callable(current) else lambda t: current
    n = np.atleast_1d(at(0.0)).size
    state = hh.initial_state(n) if state is None else state
    times = [[] for _ in range(n)]
    for k in range(round(duration / dt)):
        drive = np.atleast_1d(np.asarray(at(k * dt), dtype=float))
        for i in np.flatnonzero(hh.step(state, drive, dt)):
            times[i].append((k + 1) * dt)
    return [np.array(x) for x in times], state


def late_rate(times, start=100.0):
    late = times[times > start]
    return 0.0 if late.size < 2 else (late.size - 1) / (late[-1] - late[0]) * 1e3


# -- rest, gates, rates ---------------------------------------------------------
def test_resting_potential_and_gates_from_the_equations():
    hh = HodgkinHuxley()
    v_rest = reference_rest()
    assert v_rest == pytest.approx(-65.0, abs=0.01)
    assert hh.resting_potential()[0] == pytest.approx(v_rest, abs=1e-9)
    state = hh.initial_state(3)
    np.testing.assert_allclose(state["v"], v_rest, atol=1e-9)
    for name, value in zip("mhn", steady(v_rest)):
        np.testing.assert_allclose(state[name], value, rtol=1e-9)
    ours = [f(v_rest) for f in (alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n)]
    np.testing.assert_allclose(ours, rates(v_rest), rtol=1e-12)
    # the rest is an equilibrium: no drift in 50 ms without input
    run(hh, np.zeros(3), 50.0, 0.01, state)
    np.testing.assert_allclose(state["v"], v_rest, atol=1e-7)


def test_rest_under_a_constant_current():
    hh = HodgkinHuxley()
    for current in (-5.0, 3.0, 8.0):
        assert hh.resting_potential(current)[0] == pytest.approx(
            reference_rest(current), abs=1e-9
        )


def test_rates_are_exact_and_continuous_at_the_zero_over_zero_points():
    assert alpha_m(-40.0) == 1.0
    assert alpha_n(-55.0) == pytest.approx(0.1, rel=1e-15)
    for f, v0, slope_scale in ((alpha_m, -40.0, 1.0), (alpha_n, -55.0, 0.1)):
        for d in (1e-12, 1e-9, 1e-6, 1e-4, 1e-3, 1e-1):
            for v in (v0 - d, v0 + d):
                x = (v - v0) / 10
                # series of x/(1-exp(-x)) to x^4, exact to ~1e-16 for |x| <= 1e-2
                series = slope_scale * (1 + x / 2 + x * x / 12 - x**4 / 720)
                assert f(v) == pytest.approx(series, rel=1e-12 if d < 0.1 else 1e-9)
        grid = v0 + np.linspace(-1e-3, 1e-3, 2001)
        values = f(grid)
        assert np.isfinite(values).all() and (np.diff(values) > 0).all()
    for v in (-80.0, -41.0, -39.0, -56.0, 10.0):
        raw = rates(v)
        ours = [f(v) for f in (alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n)]
        np.testing.assert_allclose(ours, raw, rtol=1e-12)


def test_steady_state_curves_and_time_constants():
    v = np.linspace(-100.0, 50.0, 301)
    for curve in (m_inf, h_inf, n_inf):
        assert ((curve(v) > 0) & (curve(v) < 1)).all()
    assert (np.diff(m_inf(v)) > 0).all() and (np.diff(n_inf(v)) > 0).all()
    assert (np.diff(h_inf(v)) < 0).all()
    # peaks near 0.5, 8 and 5 ms (Ermentrout's notes, approximate)
    assert tau_m(v).max() == pytest.approx(0.5, abs=0.1)
    assert tau_h(v).max() == pytest.approx(8.0, abs=1.5)
    assert tau_n(v).max() == pytest.approx(5.5, abs=1.0)


# -- bifurcations and thresholds -------------------------------------------------
def _largest_real_eigenvalue(hh, current):
    v = hh.resting_potential(current)[0]
    y = np.array([v, m_inf(v), h_inf(v), n_inf(v)], dtype=float)
    jac = np.empty((4, 4))
    for j in range(4):
        e = np.zeros(4)
        e[j] = 1e-6
        up = np.array(hh.derivatives(*(y + e), current), dtype=float)
        down = np.array(hh.derivatives(*(y - e), current), dtype=float)
        jac[:, j] = (up - down) / 2e-6
    return np.linalg.eigvals(jac).real.max()


def test_hopf_bifurcations_at_the_published_currents():
    # Rinzel & Miller 1980: I_H = 9.78 and 154.5 µA/cm², checked to ±0.05
    hh = HodgkinHuxley()
    assert _largest_real_eigenvalue(hh, 9.73) < 0 < _largest_real_eigenvalue(hh, 9.83)
    assert (
        _largest_real_eigenvalue(hh, 154.45) > 0 > _largest_real_eigenvalue(hh, 154.55)
    )


@pytest.mark.slow
def test_repetitive_firing_threshold_and_bistability():
    """Saddle-node of cycles: 6.26 µA/cm² (Rinzel & Miller 1980) ±0.1; rk4 dt 0.01.

    Three protocols in one run of 9 neurons (columns): 4 put on the cycle (10
    µA/cm² for 60 ms) then held at a lower current; 3 started exactly at rest
    under their current; 2 stepped from rest at 0 µA/cm².
    """
    hh = HodgkinHuxley()
    held = np.array([6.15, 6.35, 8.0, 9.5])
    rest = hh.resting_potential(held[1:])
    state = hh.initial_state(9)
    for name, value in zip("vmhn", (rest, m_inf(rest), h_inf(rest), n_inf(rest))):
        state[name][4:7] = value
    before = np.r_[np.full(4, 10.0), held[1:], 6.2, 6.4]
    after = np.r_[held, held[1:], 6.2, 6.4]
    times, _ = run(hh, lambda t: before if t < 60.0 else after, 260.0, 0.01, state)
    on_cycle, from_rest, step = times[:4], times[4:7], times[7:]
    assert on_cycle[0][on_cycle[0] > 160].size == 0  # below 6.26: the cycle is gone
    for spikes in on_cycle[1:]:
        assert spikes[spikes > 180].size >= 4  # sustained firing
    # at rest exactly (the equilibrium under each current): stays silent
    assert all(spikes.size == 0 for spikes in from_rest)  # bistable below I_H 9.78
    # a step from rest (the usual protocol) fires repetitively from about 6.2-6.3
    assert step[0].size <= 3 and step[1][step[1] > 120].size >= 4


def test_single_spike_threshold_of_a_1_ms_pulse():
    """6.919 µA/cm² for 1 ms (rk4, dt 0.01), confirmed by LSODA at ±1 %."""
    hh = HodgkinHuxley()
    for amplitude, spikes in ((6.85, 0), (6.99, 1)):
        current = np.array([amplitude])
        state = hh.initial_state(1)
        count = 0
        for k in range(3000):
            count += int(hh.step(state, current if k < 100 else 0 * current, 0.01)[0])
        assert count == spikes
        reference = reference_spikes(lambda t, a=amplitude: a if t < 1.0 else 0.0, 30.0)
        assert reference.size == spikes


@pytest.mark.slow
def test_f_i_curve_against_an_independent_integrator_and_the_literature():
    """rk4 dt=0.01 vs LSODA (rtol 1e-9) to 1 %; onset ~50 Hz, type II (Hodgkin 1948)."""
    hh = HodgkinHuxley()
    currents = np.array([6.4, 10.0, 20.0, 50.0])
    times, _ = run(hh, currents, 300.0, 0.01)
    rates_hz = np.array([late_rate(x) for x in times])
    assert 45.0 <= rates_hz[0] <= 60.0  # jumps from 0 to about 50 Hz
    assert (np.diff(rates_hz) > 0).all()
    for current, ours in zip(currents[1:3], times[1:3]):
        ref = reference_spikes(lambda t, c=current: c, 150.0)
        np.testing.assert_allclose(ours[: ref.size], ref, atol=0.02)
        assert late_rate(ours, 0.0) == pytest.approx(late_rate(ref, 0.0), rel=0.01)


@pytest.mark.slow
def test_spike_detection_is_local_maxima_above_zero_with_dead_time():
    hh = HodgkinHuxley()
    # at 100 µA/cm² the first spike is followed by oscillations peaking near
    # -20 mV: counted only by the neuron whose v_spike is -30 mV
    both = HodgkinHuxley(v_spike=[0.0, -30.0])
    times, _ = run(both, np.array([100.0, 100.0]), 100.0, 0.01)
    assert times[0].size == 1
    assert times[1].size > 10 and np.diff(times[1]).min() >= 2.0
    # at 20 µA/cm² every counted spike is a peak >= 0 mV of the trace, one step late
    state = hh.initial_state(1)
    v, counted = [state["v"][0]], []
    for k in range(3000):
        if hh.step(state, np.array([20.0]), 0.01)[0]:
            counted.append(k + 1)
        v.append(state["v"][0])
    v = np.array(v)
    peaks = np.flatnonzero((v[1:-1] > v[:-2]) & (v[1:-1] >= v[2:]) & (v[1:-1] >= 0)) + 1
    np.testing.assert_array_equal(np.array(counted), peaks + 1)


# -- schemes and steps -----------------------------------------------------------
@pytest.mark.slow
def test_rk4_and_exponential_euler_converge_to_each_other():
    reference, _ = run(HodgkinHuxley(), np.array([10.0]), 60.0, 0.005)  # rk4
    errors = []
    for dt in (0.04, 0.02, 0.01, 0.005):
        times, _ = run(HodgkinHuxley(scheme="exp_euler"), np.array([10.0]), 60.0, dt)
        assert times[0].size == reference[0].size
        errors.append(np.abs(times[0] - reference[0]).max())
    # exponential Euler is first order: each halving of dt about halves the error
    assert all(a > b for a, b in itertools.pairwise(errors))
    assert errors[-1] < errors[0] / 4 and errors[-1] < 0.2
    rk4, _ = run(HodgkinHuxley(), np.array([10.0]), 60.0, 0.02)
    assert np.abs(rk4[0] - reference[0]).max() <= 0.03  # one step of each grid


@pytest.mark.parametrize(
    "scheme, limit", [("rk4", 0.05), ("euler", 0.025), ("exp_euler", 0.1)]
)
def test_a_step_above_the_bound_is_refused_and_one_below_runs(scheme, limit):
    hh = HodgkinHuxley(scheme=scheme)
    assert hh.max_dt() == limit
    with pytest.raises(ConfigError, match=rf"dt={limit * 1.02:g} ms is too large"):
        hh.check_dt(limit * 1.02)
    dt = hh.check_dt(limit * 0.98)
    currents = np.array([-15.0, 0.0, 5.0, 10.0, 50.0, 150.0, 500.0, 1000.0])
    state = hh.initial_state(currents.size)
    for _ in range(int(60.0 / dt)):
        hh.step(state, currents, dt)
    assert np.isfinite(state["v"]).all() and (np.abs(state["v"]) < 200).all()


def test_rk4_diverges_at_0_1_ms_which_is_why_it_is_refused():
    hh = HodgkinHuxley()
    state = hh.initial_state(1)
    with np.errstate(all="ignore"):
        for _ in range(500):
            hh.step(state, np.array([10.0]), 0.1)
    assert not (np.abs(state["v"]) < 200).all()


def test_max_dt_shrinks_for_a_faster_membrane():
    assert HodgkinHuxley(C_m=0.5).max_dt() == pytest.approx(0.025)
    assert HodgkinHuxley(C_m=2.0).max_dt() == 0.05
    assert HodgkinHuxley(C_m=[1.0, 0.25]).max_dt() == pytest.approx(0.0125)


# -- temperature ---------------------------------------------------------------
RATE_FUNCTIONS = {
    "alpha_m": alpha_m,
    "beta_m": beta_m,
    "alpha_h": alpha_h,
    "beta_h": beta_h,
    "alpha_n": alpha_n,
    "beta_n": beta_n,
}


@pytest.mark.parametrize(
    "temperature, q10, phi",
    [(6.3, 3.0, 1.0), (16.3, 3.0, 3.0), (26.3, 3.0, 9.0), (-3.7, 3.0, 1 / 3)],
)
def test_temperature_scales_every_rate_exactly(temperature, q10, phi):
    hh = HodgkinHuxley(temperature_c=temperature, q10=q10)
    assert hh.phi == pytest.approx(phi, rel=1e-15)
    v = np.r_[np.linspace(-120.0, 60.0, 181), -40.0, -55.0, -40.0 + 1e-7]
    rates = hh.gate_rates(v)
    assert set(rates) == set(RATE_FUNCTIONS)
    for name, f in RATE_FUNCTIONS.items():
        np.testing.assert_array_equal(rates[name], hh.phi * f(v), err_msg=name)
    # the steady states, so the rest, do not depend on the temperature
    assert hh.resting_potential()[0] == HodgkinHuxley().resting_potential()[0]
    assert hh.config()["parameters"]["temperature_c"] == temperature


def test_a_warm_axon_is_the_cold_one_with_faster_gates():
    """phi = 2 (q10 = 2, 10 °C warmer) and half the capacitance: every
    derivative doubles, so the warm neuron at dt/2 repeats the cold one at dt
    bit for bit, in half the time: phi enters every gate rate, and only them."""
    simulate = pytest.importorskip("neuroglass.brain.simulate").simulate
    cold = HodgkinHuxley()
    warm = HodgkinHuxley(C_m=0.5, temperature_c=16.3, q10=2.0, t_ref=1.0)
    assert warm.phi == 2.0 and warm.max_dt() == 0.025
    a = simulate(cold, 10.0, 60.0, dt=0.01, record="all")
    b = simulate(warm, 10.0, 30.0, dt=0.005, record="all")
    for name in "vmhn":
        np.testing.assert_array_equal(b[name], a[name])
    assert len(a.spike_times[0]) == 4
    np.testing.assert_array_equal(2 * b.spike_times[0], a.spike_times[0])
    warm_gates = HodgkinHuxley(temperature_c=16.3, q10=2.0)
    derivative = np.array(warm_gates.derivatives(-60.0, 0.1, 0.5, 0.4, 3.0))
    base = np.array(cold.derivatives(-60.0, 0.1, 0.5, 0.4, 3.0))
    assert derivative[0] == base[0]  # dV/dt: the membrane is not faster
    np.testing.assert_array_equal(derivative[1:], 2 * base[1:])


def test_warmer_axon_fires_faster_from_a_higher_threshold():
    """At 16.3 °C (phi = 3) the squid axon fires about 2.3 times as fast at 10
    and 20 µA/cm² (less than phi: the membrane's time constant does not
    change), and no longer fires at 7 µA/cm², where it fires at 6.3 °C: the
    threshold rises with temperature (FitzHugh 1966, J Gen Physiol 49:989)."""
    simulate = pytest.importorskip("neuroglass.brain.simulate").simulate
    temperature = np.repeat([6.3, 16.3], 3)
    currents = np.tile([7.0, 10.0, 20.0], 2)
    trace = simulate(HodgkinHuxley(temperature_c=temperature), currents, 150.0)
    cold, warm = trace.rate(50.0, 150.0).reshape(2, 3)
    assert cold[0] >= 50.0 and warm[0] == 0.0
    assert ((warm[1:] >= 1.8 * cold[1:]) & (warm[1:] <= 3.0 * cold[1:])).all()


@pytest.mark.parametrize("scheme, limit", [("rk4", 0.05), ("euler", 0.025)])
def test_the_step_bound_shrinks_with_faster_gates(scheme, limit):
    hot = HodgkinHuxley(temperature_c=26.3, scheme=scheme)  # phi = 9
    assert hot.max_dt() == pytest.approx(limit / 9)
    assert HodgkinHuxley(temperature_c=0.0, scheme=scheme).max_dt() == limit
    assert HodgkinHuxley(temperature_c=[6.3, 16.3]).max_dt() == pytest.approx(0.05 / 3)
    with pytest.raises(ConfigError, match="too large"):
        hot.check_dt(limit / 9 * 1.02)
    # stable at the bound over -15 to 1000 µA/cm² (it diverges from ~1.5x it)
    dt = hot.max_dt()
    currents = np.array([-15.0, 0.0, 10.0, 150.0, 1000.0])
    state = hot.initial_state(currents.size)
    for _ in range(round(20.0 / dt)):
        hot.step(state, currents, dt)
    assert np.isfinite(state["v"]).all() and (np.abs(state["v"]) < 200).all()


# -- the optional compiled step (numba) -----------------------------------------
@pytest.mark.parametrize(
    "scheme, dt", [("rk4", 0.01), ("exp_euler", 0.02), ("euler", 0.005)]
)
def test_the_compiled_step_gives_the_numpy_steps_numbers_bit_for_bit(scheme, dt):
    pytest.importorskip("numba")
    simulate = pytest.importorskip("neuroglass.brain.simulate").simulate
    params = dict(
        scheme=scheme,
        g_K=[36.0, 30.0, 36.0, 36.0, 36.0, 36.0],
        temperature_c=[6.3, 6.3, 16.3, 6.3, 11.0, 6.3],
        v_spike=[0.0, 0.0, 0.0, -30.0, 0.0, 0.0],
    )
    currents = np.array([10.0, 20.0, 15.0, 100.0, 8.0, -5.0])
    plain = simulate(HodgkinHuxley(**params), currents, 40.0, dt=dt, record="all")
    fast = simulate(
        HodgkinHuxley(**params, compiled=True), currents, 40.0, dt=dt, record="all"
    )
    for name in "vmhn":
        np.testing.assert_array_equal(fast[name], plain[name], err_msg=name)
    np.testing.assert_array_equal(fast.spikes, plain.spikes)
    assert plain.spikes.shape[0] > 10


def test_compiled_without_numba_is_refused_with_the_fix(monkeypatch):
    from neuroglass.brain import hh_numba

    monkeypatch.setattr(hh_numba, "available", lambda: False)
    with pytest.raises(ConfigError, match=r"needs numba.*pip install numba"):
        HodgkinHuxley(compiled=True)
    assert not HodgkinHuxley().compiled


def test_per_neuron_parameters_match_separate_models():
    both = HodgkinHuxley(g_K=[36.0, 30.0], E_L=[-54.387, -60.0])
    together, _ = run(both, np.array([10.0, 10.0]), 40.0, 0.01)
    for i, (g_k, e_l) in enumerate([(36.0, -54.387), (30.0, -60.0)]):
        alone, _ = run(HodgkinHuxley(g_K=g_k, E_L=e_l), np.array([10.0]), 40.0, 0.01)
        np.testing.assert_array_equal(together[i], alone[0])
    assert both.n == 2 and both.config()["scheme"] == "rk4"


# -- bad input ---------------------------------------------------------------------
def test_bad_parameters_are_named():
    with pytest.raises(ConfigError, match=r"g_K .* must be >= 0.*-36"):
        HodgkinHuxley(g_K=-36.0)
    with pytest.raises(ConfigError, match=r"g_Na .*neuron 1"):
        HodgkinHuxley(g_Na=[120.0, -1.0])
    with pytest.raises(ConfigError, match="C_m"):
        HodgkinHuxley(C_m=0.0)
    with pytest.raises(ConfigError, match="E_Na"):
        HodgkinHuxley(E_Na=float("nan"))
    with pytest.raises(ConfigError, match="different lengths"):
        HodgkinHuxley(g_K=[36.0, 36.0], g_L=[0.3, 0.3, 0.3])
    with pytest.raises(ConfigError, match="no conductance"):
        HodgkinHuxley(g_Na=0.0, g_K=0.0, g_L=0.0)
    with pytest.raises(ConfigError, match="scheme 'rk2'"):
        HodgkinHuxley(scheme="rk2")
    with pytest.raises(ConfigError, match="dt"):
        HodgkinHuxley().check_dt(0.0)
    with pytest.raises(ConfigError, match=r"q10 .*> 0"):
        HodgkinHuxley(q10=0.0)
    with pytest.raises(ConfigError, match="temperature_c"):
        HodgkinHuxley(temperature_c=float("inf"))


def test_nan_current_is_refused_by_simulate():
    simulate = pytest.importorskip("neuroglass.brain.simulate").simulate
    with pytest.raises(ConfigError, match=r"(?i)nan|finite"):
        simulate(HodgkinHuxley(), float("nan"), 1.0)
