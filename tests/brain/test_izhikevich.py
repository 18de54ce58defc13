"""Izhikevich: the schemes against direct transcriptions, the Fig. 2 presets, bad input.

References: Izhikevich 2003, "Simple model of spiking neurons", IEEE TNN 14:1569;
its scripts net.m (1 ms step, two 0.5 ms half-steps of v, then u) and ModelDB
39948 izhi2003.m (Fig. 2: Euler, tau = 0.25 ms, u from the new V); the
parameters as in reference/brain.md §2.2.
"""

import numpy as np
import pytest

from neuroglass import ConfigError
from neuroglass.brain.izhikevich import PRESETS, Izhikevich


def run(neuron, current, duration, dt):
    """Step the model in a loop; spike times (ms, end of the resetting step)."""
    state = neuron.initial_state(neuron.n)
    spikes, vs = [], []
    for k in range(round(duration / dt)):
        value = current(k * dt) if callable(current) else current
        fired = neuron.step(state, np.full(neuron.n, float(value)), dt)
        spikes.extend([(k + 1) * dt] * int(fired[0]))
        vs.append(state["v"][0])
    return np.array(spikes), np.array(vs)


def test_published_scheme_is_net_m_step_for_step():
    # net.m's loop body for one neuron, transcribed: reset at the start of the
    # step, v twice by 0.5 ms, u by 1 ms from the new v.
    a, b, c, d = 0.02, 0.2, -55.0, 4.0
    rng = np.random.default_rng(1)
    inputs = 10 + 5 * rng.standard_normal(400)
    # NumPy arrays, as net.m's vectors: v.^2 is v**2 (an exact square; Python's
    # float ** 2 goes through pow() and can differ in the last bit).
    v = np.array([-65.0])
    u = b * v
    ref_v, ref_fired = [], []
    for current in inputs:
        fired = v >= 30
        v[fired] = c
        u[fired] += d
        v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + current)
        v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + current)
        u = u + a * (b * v - u)
        ref_v.append(v.copy())
        ref_fired.append(fired[0])
    neuron = Izhikevich(a, b, c, d)
    state = neuron.initial_state(1)
    for k, current in enumerate(inputs):
        fired = neuron.step(state, np.array([current]), 1.0)
        assert fired[0] == ref_fired[k]
        assert state["v"][0] == ref_v[k][0]  # bit for bit
    assert sum(ref_fired) > 5


def test_sequential_scheme_is_izhi2003_m_for_every_protocol():
    # izhi2003.m: V += tau*f; u += tau*a*(b*V-u); if V > 30: V=c, u+=d.
    # The model resets at the start of the next step instead: the same states.
    for name in ("RS", "IB", "CH", "FS", "TC", "TC_rebound", "RZ", "LTS"):
        p = Izhikevich.protocol(name)
        nrn, tau = p["neuron"], p["dt"]
        a, b, c, d = nrn.a, nrn.b, nrn.c, nrn.d
        V = np.array([nrn.v0])
        u = b * V
        ref = []
        for t in np.arange(0, p["duration"], tau):
            current = p["current"](t)
            V = V + tau * (0.04 * V**2 + 5 * V + 140 - u + current)
            u = u + tau * a * (b * V - u)
            ref.append(V[0])
            if V[0] >= 30:
                V[0], u[0] = c, u[0] + d
        _, vs = run(nrn, p["current"], p["duration"], tau)
        np.testing.assert_array_equal(vs, ref, err_msg=name)


def test_presets_are_the_published_parameters():
    expected = {
        "RS": (0.02, 0.2, -65, 8),
        "IB": (0.02, 0.2, -55, 4),
        "CH": (0.02, 0.2, -50, 2),
        "FS": (0.1, 0.2, -65, 2),
        "TC": (0.02, 0.25, -65, 0.05),
        "RZ": (0.1, 0.26, -65, 2),
        "LTS": (0.02, 0.25, -65, 2),
    }
    assert set(PRESETS) == set(expected)
    for name, abcd in expected.items():
        nrn = Izhikevich.preset(name)
        assert (nrn.a, nrn.b, nrn.c, nrn.d) == abcd
        assert nrn.config()["scheme"] == "published"


def isi(name):
    p = Izhikevich.protocol(name)
    spikes, _ = run(p["neuron"], p["current"], p["duration"], p["dt"])
    return spikes, np.diff(spikes)


def test_firing_characters_under_the_protocols():
    # izhi2003.m protocols, "sequential" scheme at 0.25 ms.
    rs, rs_isi = isi("RS")
    fs, _fs_isi = isi("FS")
    assert 3 <= len(rs) <= 8 and len(fs) > 2 * len(rs)  # FS far faster
    assert rs_isi[-1] > rs_isi[0]  # RS adapts
    _ib, ib_isi = isi("IB")
    assert ib_isi[0] < 5 and ib_isi[1] < 5 and ib_isi[-1] > 20  # burst, then tonic
    _ch, ch_isi = isi("CH")
    assert np.sum(ch_isi < 5) >= 6 and np.sum(ch_isi > 30) >= 2  # repeated bursts
    tc, _ = isi("TC")
    assert len(tc) >= 2 and tc[0] > 30  # tonic after the step at 30 ms
    rebound, _ = isi("TC_rebound")
    assert len(rebound) >= 2 and rebound[0] > 45  # rebound burst after release
    rz, _ = isi("RZ")
    assert len(rz) >= 1 and rz[0] > 60  # fires only after the pulse
    _lts, lts_isi = isi("LTS")
    assert lts_isi[0] < 5 and lts_isi[-1] > 10  # fast onset, then adapted


def rate(name, scheme, dt, current=10.0, duration=1000.0):
    spikes, _ = run(Izhikevich.preset(name, scheme=scheme), current, duration, dt)
    return len(spikes) / (duration / 1000)


def test_fs_rate_depends_on_the_scheme_as_the_reference_says():
    # reference/brain.md §8.1: FS at I = 10 fires 63 or 137 spikes/s by
    # integrator (the published 1 ms scheme vs a converged one). The count over
    # 1 s moves by a spike or two with the last bit of v**2, hence the range.
    assert 60 <= rate("FS", "published", 1.0) <= 67
    assert rate("FS", "published", 1.0) > rate("RS", "published", 1.0)


@pytest.mark.slow
def test_converged_euler_and_rk4_agree():
    # Both schemes, 20 neurons at once (RS and FS at 10 currents), 200 ms.
    currents = np.repeat(np.linspace(5, 20, 10), 2)
    nrn = Izhikevich(
        a=np.tile([0.02, 0.1], 10), b=0.2, c=-65.0, d=np.tile([8.0, 2.0], 10)
    )
    times = {}
    for scheme, dt in (("rk4", 0.01), ("euler", 0.002)):
        model, state = nrn.with_scheme(scheme), nrn.initial_state(20)
        spikes = [[] for _ in range(20)]
        for k in range(round(200 / dt)):
            for i in np.flatnonzero(model.step(state, currents, dt)):
                spikes[i].append((k + 1) * dt)
        times[scheme, dt] = spikes
    errors = []
    for dt in (0.002,):
        for rk, eu in zip(times["rk4", 0.01], times["euler", dt], strict=True):
            assert len(rk) == len(eu) > 0
        errors.append(
            max(
                np.max(np.abs(np.subtract(eu, rk)))
                for rk, eu in zip(times["rk4", 0.01], times["euler", dt], strict=True)
            )
        )
    # Resets fall on the time grid in every scheme (an O(dt) delay per spike),
    # so over ~15 spikes in 200 ms the two drift apart by a fraction of a ms.
    assert errors[0] < 0.5


def test_rk4_is_fourth_order_below_threshold():
    nrn = Izhikevich.preset("RS", scheme="rk4", v0=-70.0)

    def final_u(dt):
        state = nrn.initial_state(1)
        for _ in range(round(8 / dt)):
            nrn.step(state, np.array([3.0]), dt)
        return state["u"][0]

    exact = final_u(0.001)
    err1, err2 = abs(final_u(0.2) - exact), abs(final_u(0.1) - exact)
    assert 12 < err1 / err2 < 20  # 2**4 = 16 for a fourth-order scheme


def test_vectorised_per_neuron_parameters_match_single_runs():
    a = np.array([0.02, 0.1])
    both = Izhikevich(a=a, b=0.2, c=-65.0, d=np.array([8.0, 2.0]))
    state = both.initial_state(2)
    singles = [Izhikevich.preset("RS"), Izhikevich.preset("FS")]
    states = [s.initial_state(1) for s in singles]
    for _ in range(200):
        both.step(state, np.array([10.0, 10.0]), 1.0)
        for s, st in zip(singles, states, strict=True):
            s.step(st, np.array([10.0]), 1.0)
    assert state["v"].tolist() == [states[0]["v"][0], states[1]["v"][0]]


def test_scheme_is_in_the_config_and_switchable():
    nrn = Izhikevich.preset("RS")
    assert nrn.with_scheme("rk4").config()["scheme"] == "rk4"
    assert nrn.default_dt == 1.0 and nrn.with_scheme("euler").default_dt == 0.01
    assert nrn.n == 1 and Izhikevich(a=[0.02, 0.03]).n == 2


def test_bad_input_is_named():
    with pytest.raises(ConfigError, match="RS, IB, CH, FS, TC, RZ, LTS"):
        Izhikevich.preset("XX")
    with pytest.raises(ConfigError, match="parameter a"):
        Izhikevich(a=float("nan"))
    with pytest.raises(ConfigError, match="parameter d"):
        Izhikevich(d=[1.0, np.inf])
    with pytest.raises(ConfigError, match="scheme"):
        Izhikevich(scheme="midpoint")
    with pytest.raises(ConfigError, match="different lengths"):
        Izhikevich(a=[0.02, 0.02], b=[0.2, 0.2, 0.2]).n  # noqa: B018
    with pytest.raises(ConfigError, match="below v_peak"):
        Izhikevich(c=40.0)
    with pytest.raises(ConfigError, match="dt=2 ms is too large"):
        Izhikevich().check_dt(2.0)
    with pytest.raises(ConfigError, match="dt"):
        Izhikevich().check_dt(0.0)


def test_through_simulate_and_fi_curve():
    from neuroglass.brain.simulate import fi_curve, simulate

    p = Izhikevich.protocol("IB")
    trace = simulate(p["neuron"], p["current"], p["duration"], dt=p["dt"])
    spikes, _ = run(p["neuron"], p["current"], p["duration"], p["dt"])
    np.testing.assert_allclose(trace.spike_times[0], spikes)
    assert trace.config["scheme"] == "sequential"
    rk4 = Izhikevich.preset("RS", scheme="rk4")
    rates = fi_curve(rk4, [0, 3, 5, 10], 500.0, dt=0.1)  # 0.1 ms: 5,000 steps
    assert rates[0] == rates[1] == 0 and 0 < rates[2] < rates[3]  # I_SN = 4
