"""phase_plane against the closed forms of reference/brain.md §2.5."""

import numpy as np
import pytest

from neuroglass import ConfigError
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
