"""LIF against its closed forms: the subthreshold solution, the f-I curve with
the grid correction, Euler's O(dt) error, and the parameter checks."""

import math

import numpy as np
import pytest

from neuroglass.brain.lif import LIF
from neuroglass.brain.simulate import fi_curve, simulate
from neuroglass.engine.errors import ConfigError


def closed_form_v(t, v0, v_inf, tau):
    """V(t) = V_inf + (V0 - V_inf) exp(-t/tau), written out independently."""
    return v_inf + (v0 - v_inf) * np.exp(-t / tau)


def test_subthreshold_trace_equals_the_closed_form():
    # per-neuron parameters and currents, all below rheobase; start away from rest
    tau = np.array([5.0, 10.0, 20.0])
    R = np.array([40.0, 10.0, 100.0])
    current = np.array([0.3, 1.0, 0.1])  # V_inf = -58, -60, -60 mV, below V_th = -55
    lif = LIF(tau_m=tau, R=R)
    v0 = np.array([-80.0, -65.0, -70.0])
    trace = simulate(lif, current, 200.0, dt=0.1, initial={"v": v0})
    assert trace.spikes.shape == (0, 2)
    expected = closed_form_v(trace.t[:, None], v0, -70.0 + R * current, tau)
    np.testing.assert_allclose(trace.v, expected, rtol=0, atol=1e-10)


def test_exact_scheme_is_exact_at_any_dt():
    lif = LIF()
    for dt in (0.01, 0.5, 2.5):
        trace = simulate(lif, 0.3, 50.0, dt=dt)
        expected = closed_form_v(trace.t, -70.0, -70.0 + 40.0 * 0.3, 10.0)
        np.testing.assert_allclose(trace.v[:, 0], expected, atol=1e-10)


def test_closed_form_rate_formula():
    # r = 1 / (t_ref + tau ln((V_inf - V_reset)/(V_inf - V_th)));
    # NEST's noise-free Siegert limit (test_siegert_neuron.py)
    lif = LIF()
    v_inf = -70.0 + 40.0 * 0.5
    expected = 1000.0 / (2.0 + 10.0 * math.log((v_inf + 70.0) / (v_inf + 55.0)))
    assert lif.rate(0.5) == pytest.approx(expected, rel=1e-12)
    assert lif.rate(0.3) == 0.0
    assert lif.rate(lif.rheobase) == 0.0
    assert lif.rheobase == pytest.approx(15.0 / 40.0)
    assert lif.rate(1e6) == pytest.approx(500.0, rel=1e-3)  # -> 1/t_ref


@pytest.mark.parametrize("scheme", ["exact", "euler"])
@pytest.mark.parametrize("dt", [0.1, 0.25])
def test_simulated_rates_equal_the_grid_corrected_closed_form(scheme, dt):
    lif = LIF(scheme=scheme, V_reset=-65.0, t_ref=2.0)
    currents = np.linspace(0.0, 3.0, 61)
    window = (500.0, 2500.0)
    rates = fi_curve(lif, currents, duration=2500.0, window=window, dt=dt)
    expected = lif.rate(currents, dt=dt)
    seconds = (window[1] - window[0]) / 1000.0
    # within one spike per window (phase of the window), for every current
    assert np.all(np.abs(rates - expected) * seconds <= 1.0 + 1e-9)
    # and the grid correction matters: the continuous rate is off by more for some
    if scheme == "exact":
        continuous = lif.rate(currents)
        assert np.max(np.abs(continuous - rates) * seconds) > 2.0


def test_grid_rate_is_the_published_formula():
    # ISI = t_ref + dt * ceil(T/dt), T = tau ln((V_inf - V_reset)/(V_inf - V_th))
    lif = LIF()
    dt, current = 0.1, 0.7
    v_inf = -70.0 + 40.0 * current
    T = 10.0 * math.log((v_inf + 70.0) / (v_inf + 55.0))
    assert lif.rate(current, dt=dt) == pytest.approx(
        1000.0 / (2.0 + dt * math.ceil(T / dt))
    )


def test_spike_times_follow_the_grid_formula():
    lif = LIF()
    dt, current = 0.1, 0.7
    trace = simulate(lif, current, 200.0, dt=dt)
    v_inf = -70.0 + 40.0 * current
    steps = math.ceil(10.0 * math.log((v_inf + 70.0) / (v_inf + 55.0)) / dt)
    isi = (20 + steps) * dt
    times = trace.spike_times[0]
    np.testing.assert_allclose(
        times, steps * dt + isi * np.arange(times.size), atol=1e-9
    )
    # clamped at V_reset during the refractory steps after each spike
    k = round(times[0] / dt)
    np.testing.assert_array_equal(trace.v[k : k + 21, 0], -70.0)
    assert trace.v[k + 21, 0] > -70.0


def test_euler_converges_to_exact_with_first_order_error():
    lif = LIF()
    errors = []
    for dt in (0.4, 0.2, 0.1, 0.05):
        exact = simulate(lif, 0.3, 40.0, dt=dt).v[:, 0]
        euler = simulate(lif, 0.3, 40.0, dt=dt, method="euler").v[:, 0]
        errors.append(np.max(np.abs(euler - exact)))
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    np.testing.assert_allclose(ratios, 2.0, rtol=0.05)  # halving dt halves the error


def test_per_neuron_parameters_match_separate_runs():
    taus = np.array([8.0, 10.0, 15.0])
    together = simulate(LIF(tau_m=taus), 0.8, 100.0)
    for i, tau in enumerate(taus):
        alone = simulate(LIF(tau_m=tau), 0.8, 100.0)
        np.testing.assert_array_equal(together.v[:, i], alone.v[:, 0])
        np.testing.assert_array_equal(together.spike_times[i], alone.spike_times[0])


def test_rate_with_per_neuron_parameters_broadcasts():
    lif = LIF(t_ref=np.array([0.0, 2.0, 5.0]))
    rates = lif.rate(1.0)
    assert rates.shape == (3,)
    assert rates[0] > rates[1] > rates[2]


def test_euler_refuses_a_dt_beyond_tau():
    with pytest.raises(ConfigError, match=r"dt=20 ms is too large for LIF.*'euler'"):
        simulate(LIF(), 0.5, 100.0, dt=20.0, method="euler")


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"tau_m": 0.0}, r"tau_m \(ms\) must be a finite number > 0; got 0.0"),
        ({"tau_m": float("nan")}, r"tau_m \(ms\).*nan"),
        ({"R": -1.0}, r"R \(MΩ\).*-1.0"),
        ({"t_ref": -0.5}, r"t_ref \(ms\).*-0.5"),
        ({"V_th": -70.0}, r"V_th must be above V_reset; got V_th=-70 mV"),
        ({"V_th": np.array([-50.0, -75.0])}, r"V_th=-75 mV.*for neuron 1"),
        ({"tau_m": np.array([10.0, -1.0])}, r"tau_m \(ms\).*-1.0 at neuron 1"),
        ({"tau_m": np.ones(2), "R": np.ones(3)}, r"different lengths \[2, 3\]"),
        ({"E_L": "rest"}, r"E_L \(mV\).*'rest'"),
        ({"scheme": "rk4"}, r"LIF scheme must be 'exact' or 'euler'; got 'rk4'"),
    ],
)
def test_bad_parameters_are_named(kwargs, pattern):
    with pytest.raises(ConfigError, match=pattern):
        LIF(**kwargs)


def test_rate_refuses_nan_and_bad_dt():
    with pytest.raises(ConfigError, match=r"I \(nA\) must be finite; got nan"):
        LIF().rate(float("nan"))
    with pytest.raises(ConfigError, match="dt"):
        LIF().rate(1.0, dt=0.0)


def test_config_and_repr():
    lif = LIF(tau_m=np.array([5.0, 10.0]))
    assert lif.config()["model"] == "LIF"
    assert lif.config()["parameters"]["tau_m"] == [5.0, 10.0]
    assert "tau_m=<2 values>" in repr(lif)


# -- noise: the sqrt(dt) scaling, and the rate against the Siegert formula ------
from neuroglass.brain.siegert import siegert_rate  # noqa: E402

#: -zeta(1/2) / sqrt(2 pi): the shift of a barrier watched every dt (Siegmund
#: 1979; Broadie, Glasserman & Kou 1997), per step of the noise
BARRIER_SHIFT = 0.5826


@pytest.mark.parametrize("scheme", ["exact", "euler"])
def test_noise_gives_the_stationary_variance_sigma2_over_2(scheme):
    # far below threshold, V is an Ornstein-Uhlenbeck process around E_L + R I
    # with variance sigma^2 / 2 (Euler-Maruyama: sigma^2 / (2 - dt / tau_m)).
    # Noise scaled by dt instead of sqrt(dt) would be 10x too small here.
    sigma, dt, n = 4.0, 0.1, 4000
    lif = LIF(V_th=0.0, sigma=sigma, seed=3, scheme=scheme)
    trace = simulate(lif, 0.1, 60.0, dt=dt, n=n)  # 6 tau_m: stationary
    v = trace.v[-1]
    expected = sigma**2 / (2.0 if scheme == "exact" else 2.0 - dt / 10.0)
    assert v.mean() == pytest.approx(-70.0 + 40.0 * 0.1, abs=4 * np.sqrt(expected / n))
    assert v.var(ddof=1) == pytest.approx(expected, rel=4 * np.sqrt(2.0 / n))
    again = simulate(lif, 0.1, 60.0, dt=dt, n=n)  # the seed restarts each run
    np.testing.assert_array_equal(again.v[-1], v)


def test_siegert_equals_the_integral_written_out():
    # exp(u^2) (1 + erf u) summed on a fine grid, 1 + erf u as math.erfc(-u)
    # (1 + erf(-6) would cancel to nothing): independent of erfcx and quad
    for mu, sigma in ((-58.0, 5.0), (-52.0, 3.0), (-62.0, 6.0)):
        u = np.linspace((-70.0 - mu) / sigma, (-55.0 - mu) / sigma, 200_001)
        f = np.exp(u**2) * np.array([math.erfc(-x) for x in u])
        integral = np.sum((f[1:] + f[:-1]) / 2.0 * np.diff(u))
        expected = 1000.0 / (2.0 + 10.0 * math.sqrt(math.pi) * integral)
        got = siegert_rate(mu, sigma, 10.0, -55.0, -70.0, 2.0)
        assert got == pytest.approx(expected, rel=1e-8)


def test_siegert_deterministic_limit_is_the_closed_form():
    lif = LIF()
    currents = np.array([0.2, 0.376, 0.5, 1.0, 3.0])  # below and above rheobase
    np.testing.assert_allclose(
        lif.rate_siegert(currents, 0.0), lif.rate(currents), rtol=1e-14
    )
    small = lif.rate_siegert(currents, 1e-3)  # 1 µV of noise
    np.testing.assert_allclose(small, lif.rate(currents), rtol=1e-4, atol=1e-12)
    # noise makes a subthreshold neuron fire and a suprathreshold one faster
    assert lif.rate_siegert(0.3, 5.0) > 10.0 and lif.rate(0.3) == 0.0
    assert lif.rate_siegert(0.5, 3.0) > lif.rate(0.5)
    assert np.all(np.diff(lif.rate_siegert(0.3, [1.0, 2.0, 4.0, 8.0])) > 0)


@pytest.mark.parametrize(("current", "sigma"), [(0.3, 5.0), (0.45, 3.0)])
def test_noisy_rates_match_siegert_within_sampling_error(current, sigma):
    # 2000 noisy neurons for 0.5 s: the mean rate against the Siegert formula
    # with the threshold raised by the discrete-time barrier shift (~6% of the
    # rate at dt = 0.1 ms; without it the simulation is many errors too low)
    n, dt, skip, seconds = 2000, 0.1, 50.0, 0.5
    lif = LIF(sigma=sigma, seed=7)
    trace = simulate(lif, current, 1000.0 * seconds + skip, dt=dt, n=n, record=())
    rates = np.array([np.sum(s > skip) for s in trace.spike_times]) / seconds
    rate, error = rates.mean(), rates.std(ddof=1) / np.sqrt(n)
    shift = BARRIER_SHIFT * sigma * np.sqrt(dt / 10.0)
    expected = siegert_rate(-70.0 + 40.0 * current, sigma, 10.0, -55.0 + shift,
                            -70.0, 2.0)  # fmt: skip
    assert abs(rate - expected) < 4 * error + 0.005 * expected  # O(dt) left
    continuous = lif.rate_siegert(current)
    assert continuous - rate > 4 * error  # the grid's bias is real


@pytest.mark.slow
def test_noisy_rate_converges_to_siegert_as_dt_shrinks():
    # no correction: at dt = 0.01 ms the bias is about 2% of the rate
    n, dt, skip = 2000, 0.01, 100.0
    lif = LIF(sigma=5.0, seed=8)
    trace = simulate(lif, 0.3, 1000.0 + skip, dt=dt, n=n, record=())
    counts = np.array([np.sum(s > skip) for s in trace.spike_times])
    error = counts.std(ddof=1) / np.sqrt(n)
    expected = lif.rate_siegert(0.3)
    assert counts.mean() == pytest.approx(expected, rel=0.03)
    bias = expected * 0.06 * np.sqrt(dt / 0.1)  # the sqrt(dt) law from dt = 0.1
    assert abs(expected - counts.mean() - bias) < 4 * error + 0.005 * expected


def test_noise_parameters_are_checked():
    with pytest.raises(ConfigError, match="sigma"):
        LIF(sigma=-1.0)
    with pytest.raises(ConfigError, match="seed"):
        LIF(sigma=1.0, seed=-3)
    assert "sigma" not in LIF().config()["parameters"]  # unchanged without noise
    assert LIF(sigma=2.0).config()["parameters"]["sigma"] == 2.0
    with pytest.raises(ConfigError, match="sigma"):
        siegert_rate(-60.0, -1.0, 10.0, -55.0, -70.0)
