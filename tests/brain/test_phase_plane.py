"""phase_plane against the closed forms of reference/brain.md §2.5."""

import numpy as np
import pytest

from neuroglass import ConfigError
from neuroglass.brain.hodgkin_huxley import HodgkinHuxley, m_inf, n_inf
from neuroglass.brain.izhikevich import Izhikevich
from neuroglass.brain.phase_plane import phase_plane


def test_rs_numbers():
    p = phase_plane("RS", 0.0)  # a=0.02, b=0.2
    assert p.I_SN == pytest.approx(4.8**2 / 0.16 - 140) == pytest.approx(4.0)
    assert p.v_SN == pytest.approx(-60.0)
    assert p.v_H == pytest.approx(-62.25)
    assert p.I_H == pytest.approx(0.2 * -62.25 - (0.04 * 62.25**2 - 5 * 62.25 + 140))
    rest, saddle = p.equilibria
    assert (rest.v, saddle.v) == (pytest.approx(-70.0), pytest.approx(-50.0))
    assert rest.stability == "stable node" and saddle.stability == "saddle"
    assert rest.u == pytest.approx(0.2 * -70)


@pytest.mark.parametrize("name", ["RS", "FS", "TC", "RZ", "LTS"])
@pytest.mark.parametrize("current", [-5.0, 0.0, 2.0, 3.5])
def test_equilibria_are_fixed_points_with_their_jacobian(name, current):
    p = phase_plane(name, current)
    a, b = p.a, p.b
    for eq in p.equilibria:
        dv, du = p.vector_field(eq.v, eq.u)
        assert abs(dv) < 1e-9 and abs(du) < 1e-12
        assert p.v_nullcline(eq.v) == pytest.approx(p.u_nullcline(eq.v))
        J = np.array([[0.08 * eq.v + 5, -1], [a * b, -a]])
        assert np.sort_complex(np.linalg.eigvals(J)) == pytest.approx(
            np.sort_complex(np.array(eq.eigenvalues))
        )
        assert eq.stable == (np.trace(J) < 0 and np.linalg.det(J) > 0)


def test_rest_is_lost_at_the_closed_form_currents():
    p = phase_plane("RS", 0.0)
    assert len(phase_plane("RS", p.I_SN - 1e-6).equilibria) == 2
    assert len(phase_plane("RS", p.I_SN + 1e-6).equilibria) == 0
    below = phase_plane("RS", p.I_H - 1e-3).equilibria[0]
    above = phase_plane("RS", p.I_H + 1e-3).equilibria[0]
    assert below.stable and not above.stable  # Hopf: the focus turns unstable
    assert below.stability == "stable focus" and above.stability == "unstable focus"


def test_no_hopf_when_b_below_a_and_inputs():
    p = phase_plane((0.5, 0.2), 0.0)
    assert p.I_H is None and p.v_H is None
    assert phase_plane({"a": 0.02, "b": 0.2}, 1.0).I_SN == pytest.approx(4.0)
    assert phase_plane(Izhikevich(), 1.0).a == 0.02
    V, _U, _dV, dU = phase_plane("RS", 0.0).grid(n=5)
    assert V.shape == dU.shape == (5, 5)


def test_bad_input_is_named():
    with pytest.raises(ConfigError, match="one neuron"):
        phase_plane(Izhikevich(a=[0.02, 0.1]), 0.0)
    with pytest.raises(ConfigError, match="I "):
        phase_plane("RS", float("nan"))
    with pytest.raises(ConfigError, match="Unknown Izhikevich preset"):
        phase_plane("XX", 0.0)
    with pytest.raises(ConfigError, match="parameter a"):
        phase_plane((float("nan"), 0.2), 0.0)
    with pytest.raises(ConfigError, match=r"\(a, b\)"):
        phase_plane(3, 0.0)


# -- Hodgkin-Huxley reduced to (V, n): m = m_inf(V), h = 0.89 - 1.1 n ----------
def _reduced_jacobian(p, v, n):
    """An independent Jacobian: dV/dn in closed form, dV/dV and dn/dV by a
    five-point stencil (the module uses a two-point one)."""
    q, k = p.params, p.h_line[1]
    dvdn = (
        -(
            q["g_Na"] * m_inf(v) ** 3 * -k * (v - q["E_Na"])
            + 4 * q["g_K"] * n**3 * (v - q["E_K"])
        )
        / q["C_m"]
    )
    e = 1e-3
    f = [np.array(p.vector_field(v + s * e, n)) for s in (-2, -1, 1, 2)]
    dfdv = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * e)
    dndn = p.vector_field(v, 1.0)[1] - p.vector_field(v, 0.0)[1]  # linear in n
    return np.array([[dfdv[0], dvdn], [dfdv[1], dndn]])


def test_hh_reduced_rest_is_near_the_full_models_rest():
    hh = HodgkinHuxley()
    full_rest = float(hh.resting_potential()[0])  # -65.00 mV
    # Tolerance 0.5 mV: at rest m_inf³ is ~1e-4, so the reduction's change of h
    # (h_inf(-65) = 0.596 -> 0.89 - 1.1 n_inf = 0.540) moves the tiny Na current
    # and the rest by ~0.1 mV (measured -65.09); 1 - n (Rinzel) moves it by ~0.2.
    for h_line in [(0.89, 1.1), (1.0, 1.0)]:
        p = phase_plane(hh, 0.0, h_line=h_line)
        rest = p.equilibria[0]
        assert rest.v == pytest.approx(full_rest, abs=0.5)
        assert rest.u == pytest.approx(float(n_inf(full_rest)), abs=0.01)
        assert rest.stable and rest.stability == "stable focus"
    assert len(phase_plane(hh, 0.0).equilibria) == 1  # 0.89 - 1.1 n: rest only


@pytest.mark.parametrize("current", [0.0, 5.0, 10.0, 20.0])
@pytest.mark.parametrize("h_line", [(0.89, 1.1), (1.0, 1.0)])
def test_hh_reduced_equilibria_sit_on_both_nullclines(current, h_line):
    p = phase_plane(HodgkinHuxley(), current, h_line=h_line)
    assert p.equilibria
    for eq in p.equilibria:
        dv, dn = p.vector_field(eq.v, eq.u)
        assert abs(dv) < 1e-6 and abs(dn) < 1e-9
        assert p.v_nullcline(eq.v) == pytest.approx(eq.u, abs=1e-9)
        assert p.n_nullcline(eq.v) == pytest.approx(eq.u, abs=1e-12)
        J = _reduced_jacobian(p, eq.v, eq.u)
        eig = np.sort_complex(np.linalg.eigvals(J))
        assert eig == pytest.approx(np.sort_complex(np.array(eq.eigenvalues)), rel=1e-4)
        assert eq.stable == (np.trace(J) < 0 and np.linalg.det(J) > 0)


def test_hh_reduced_rest_turns_unstable_as_current_grows():
    # the full model loses rest by a subcritical Hopf near 9.8 µA/cm²
    # (Rinzel & Miller 1980); the reduced one between 5 and 10 (0.89 - 1.1 n)
    hh = HodgkinHuxley()
    assert phase_plane(hh, 5.0).equilibria[0].stable
    assert not phase_plane(hh, 10.0).equilibria[0].stable
    assert phase_plane(hh, 10.0).equilibria[0].stability == "unstable focus"
    V, N, dV, dN = phase_plane(hh, 0.0).grid(n=7)
    assert V.shape == N.shape == dV.shape == dN.shape == (7, 7)
    assert np.isnan(phase_plane(hh, 0.0).v_nullcline(np.array([-200.0])))[0]


def test_hh_reduced_bad_input_is_named():
    with pytest.raises(ConfigError, match="one neuron"):
        phase_plane(HodgkinHuxley(g_L=[0.3, 0.2]), 0.0)
    with pytest.raises(ConfigError, match="h_line"):
        phase_plane(HodgkinHuxley(), 0.0, h_line=0.89)
    with pytest.raises(ConfigError, match="no options"):
        phase_plane("RS", 0.0, h_line=(1.0, 1.0))


# -- where the reduced HH loses rest: an independent computation -----------------
# The reduced system written out here from the equations (brain.md §3.1), with
# m = m_inf(V) and h = h0 - k n; its Jacobian by a five-point stencil in both
# variables; the bifurcations by scipy's brentq along the curve of equilibria
# (V, n_inf(V)): Hopf where the trace is 0 (det > 0), saddle-node where
# dI_eq/dV = 0 (I_eq(V) the current making V an equilibrium).
def _raw_rates(v):
    return (
        0.1 * (v + 40) / (1 - np.exp(-(v + 40) / 10)),
        4 * np.exp(-(v + 65) / 18),
        0.01 * (v + 55) / (1 - np.exp(-(v + 55) / 10)),
        0.125 * np.exp(-(v + 65) / 80),
    )


def _reduced(v, n, current, h_line):
    am, bm, an, bn = _raw_rates(v)
    m = am / (am + bm)
    h = min(max(h_line[0] - h_line[1] * n, 0.0), 1.0)
    i_ion = 120 * m**3 * h * (v - 50) + 36 * n**4 * (v + 77) + 0.3 * (v + 54.387)
    return np.array([current - i_ion, an * (1 - n) - bn * n])


def _n_inf(v):
    _, _, an, bn = _raw_rates(v)
    return an / (an + bn)


def _i_eq(v, h_line):
    return -_reduced(v, _n_inf(v), 0.0, h_line)[0]


def _stencil(f, x, e):
    return (f(x - 2 * e) - 8 * f(x - e) + 8 * f(x + e) - f(x + 2 * e)) / (12 * e)


def _trace_det(v, h_line):
    n = _n_inf(v)
    dv = _stencil(lambda x: _reduced(x, n, 0.0, h_line), v, 1e-3)
    dn = _stencil(lambda x: _reduced(v, x, 0.0, h_line), n, 1e-5)
    return dv[0] + dn[1], dv[0] * dn[1] - dn[0] * dv[1]


def test_hh_reduced_hopf_current_from_an_independent_computation():
    from scipy.optimize import brentq

    line = (0.89, 1.1)
    p = phase_plane(HodgkinHuxley(), 0.0, h_line=line)
    v_h = brentq(lambda v: _trace_det(v, line)[0], -64.0, -58.0, xtol=1e-12)
    assert _trace_det(v_h, line)[1] > 0
    assert p.v_H == pytest.approx(v_h, abs=1e-5)
    assert p.I_H == pytest.approx(_i_eq(v_h, line), rel=1e-6)
    assert p.I_H == pytest.approx(6.75, abs=0.01)  # the full model's is 9.78
    upper = brentq(lambda v: _trace_det(v, line)[0], -35.0, -28.0, xtol=1e-12)
    assert [v for _, v in p.hopf] == pytest.approx([v_h, upper], abs=1e-5)
    assert p.I_SN is None and p.v_SN is None and p.saddle_nodes == ()
    # rest (the one equilibrium) is a stable focus below I_H, unstable above
    hh = HodgkinHuxley()
    below = phase_plane(hh, p.I_H - 0.01).equilibria
    above = phase_plane(hh, p.I_H + 0.01).equilibria
    assert len(below) == len(above) == 1
    assert below[0].stability == "stable focus"
    assert above[0].stability == "unstable focus"


def test_hh_reduced_saddle_node_with_rinzels_line():
    from scipy.optimize import brentq

    line = (1.0, 1.0)
    p = phase_plane(HodgkinHuxley(), 0.0, h_line=line)
    slope = lambda v: _stencil(lambda x: _i_eq(x, line), v, 1e-3)  # noqa: E731
    v_sn = brentq(slope, -58.0, -50.0, xtol=1e-12)
    assert p.v_SN == pytest.approx(v_sn, abs=1e-5)
    assert p.I_SN == pytest.approx(_i_eq(v_sn, line), rel=1e-9)
    assert abs(_trace_det(p.v_SN, line)[1]) < 1e-6  # det J = 0 there
    v_h = brentq(lambda v: _trace_det(v, line)[0], -64.0, -60.0, xtol=1e-12)
    assert p.v_H == pytest.approx(v_h, abs=1e-5)
    # rest is lost first by the Hopf point (lower V), then the fold removes
    # the lower two equilibria: three just below I_SN, one just above
    assert p.v_H < p.v_SN and p.I_H < p.I_SN
    hh = HodgkinHuxley()
    assert len(phase_plane(hh, p.I_SN - 0.01, h_line=line).equilibria) == 3
    assert len(phase_plane(hh, p.I_SN + 0.01, h_line=line).equilibria) == 1


def test_hh_reduced_trajectory_follows_the_flow():
    p = phase_plane(HodgkinHuxley(), 10.0)
    t, v, n = p.trajectory(-65.0, 0.32, duration=2.0, dt=0.01)
    assert t.shape == v.shape == n.shape == (201,)
    assert t[-1] == pytest.approx(2.0)
    # one RK4 step against its definition, written out
    y = np.array([v[0], n[0]])
    f = lambda y: np.array(p.vector_field(*y))  # noqa: E731
    k1 = f(y)
    k2 = f(y + 0.005 * k1)
    k3 = f(y + 0.005 * k2)
    k4 = f(y + 0.01 * k3)
    step = y + 0.01 / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    np.testing.assert_allclose([v[1], n[1]], step, rtol=1e-14)
    # the same at the 0/0 points of alpha_m (-40 mV) and alpha_n (-55 mV)
    for v0 in (-40.0, -55.0):
        _, v, n = p.trajectory(v0, 0.5, duration=0.01, dt=0.01)
        y = np.array([v0, 0.5])
        k1 = f(y)
        k2 = f(y + 0.005 * k1)
        k3 = f(y + 0.005 * k2)
        k4 = f(y + 0.01 * k3)
        step = y + 0.01 / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        np.testing.assert_allclose([v[1], n[1]], step, rtol=1e-14)
    # above I_H the path leaves rest and spikes (V above 0 mV within 30 ms)
    _, v, _ = p.trajectory(-65.0, 0.32, duration=30.0, dt=0.01)
    assert v.max() > 0.0
