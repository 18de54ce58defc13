"""The dynamics figures draw what neuroglass.brain computes: the phase plane's
nullclines and fixed points (filled when stable, open when not), the pattern
gallery's eight protocols, and the Hodgkin-Huxley gates and their curves."""

import matplotlib.colors as mcolors
import numpy as np
import pytest

from neuroglass import brain
from neuroglass.brain.phase_plane import phase_plane
from neuroglass.views.figures.brain_dynamics import (
    PATTERNS,
    plot_izhikevich_gallery,
    plot_phase_plane,
)
from neuroglass.views.figures.brain_hh import plot_hh_gates


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist {gid!r}, found {len(found)}"
    return found[0]


def equilibria_drawn(ax):
    return [a for a in ax.get_lines() if str(a.get_gid()).startswith("equilibrium_")]


def is_white(colour):
    return mcolors.to_rgb(colour) == (1.0, 1.0, 1.0)


def test_phase_plane_below_rheobase_draws_a_stable_and_an_unstable_fixed_point():
    plane = phase_plane("RS", 2.0)  # below I_SN = 4: rest and a saddle
    ax = plot_phase_plane("RS", 2.0, duration=50.0)
    drawn = equilibria_drawn(ax)
    assert len(drawn) == len(plane.equilibria) == 2
    for line, point in zip(drawn, plane.equilibria, strict=True):
        assert line.get_xdata()[0] == pytest.approx(point.v)
        assert line.get_ydata()[0] == pytest.approx(point.u)
        # filled when stable, open (white) when unstable
        assert is_white(line.get_markerfacecolor()) is (not point.stable)
    assert [p.stable for p in plane.equilibria] == [True, False]
    v_line = by_gid(ax, "v_nullcline")
    np.testing.assert_allclose(
        v_line.get_ydata(), plane.v_nullcline(v_line.get_xdata())
    )
    u_line = by_gid(ax, "u_nullcline")
    np.testing.assert_allclose(
        u_line.get_ydata(), plane.u_nullcline(u_line.get_xdata())
    )
    assert "I_SN = 4" in ax.get_title() and "published scheme" in ax.get_title()


def test_phase_plane_above_rheobase_has_no_fixed_point_and_a_spiking_trajectory():
    ax = plot_phase_plane("RS", 10.0, duration=200.0)
    assert equilibria_drawn(ax) == []
    trace = brain.simulate(
        brain.Izhikevich.preset("RS"), 10.0, 200.0, dt=0.1, record=("v", "u")
    )
    path = by_gid(ax, "trajectory")
    v, u = path.get_xdata(), path.get_ydata()
    # the trajectory is the simulation's (v clipped at v_peak), broken at resets
    breaks = int(np.isnan(v).sum())
    assert breaks == len(trace.spike_times[0]) > 3
    np.testing.assert_allclose(v[~np.isnan(v)], np.minimum(trace.v[:, 0], 30.0))
    np.testing.assert_allclose(u[~np.isnan(u)], trace.u[:, 0])
    # the vector field's arrows all have unit length (direction only)
    field = by_gid(ax, "vector_field")
    np.testing.assert_allclose(np.hypot(field.U, field.V), 1.0)
    assert "I_H = 3.8" in ax.get_title()


def test_phase_plane_without_trajectory_and_hopf_in_title():
    plane = phase_plane("RZ", 0.0)
    ax = plot_phase_plane("RZ", 0.0, trajectory=False)
    assert [a.get_gid() for a in ax.get_lines()].count("trajectory") == 0
    assert f"I_H = {plane.I_H:.3g}" in ax.get_title()


def test_phase_plane_refuses_another_model():
    with pytest.raises(TypeError, match="Izhikevich"):
        plot_phase_plane(brain.LIF(), 1.0)


def test_gallery_draws_eight_titled_panels_of_the_protocols():
    fig = plot_izhikevich_gallery()
    titled = [ax for ax in fig.axes if ax.get_title()]
    assert len(titled) == 8 == len(PATTERNS)
    for ax, name in zip(titled, PATTERNS, strict=True):
        assert ax.get_title().startswith(f"{name}: {PATTERNS[name]}")
        assert "sequential scheme" in ax.get_title()
    # RS: the panel is the protocol simulated as izhi2003.m does
    p = brain.Izhikevich.protocol("RS")
    trace = brain.simulate(p["neuron"], p["current"], p["duration"], dt=p["dt"])
    v = by_gid(titled[0], "v")
    np.testing.assert_allclose(v.get_ydata(), np.minimum(trace.v[:, 0], 30.0))


def test_gallery_of_a_subset():
    fig = plot_izhikevich_gallery(names=("FS", "LTS"))
    assert [ax.get_title().split(":")[0] for ax in fig.axes if ax.get_title()] == [
        "FS",
        "LTS",
    ]


def test_hh_gates_draw_the_simulated_gates_and_the_equations():
    fig = plot_hh_gates()
    time_ax, curve_ax = fig.axes[0], fig.axes[1]
    trace = brain.simulate(
        brain.HodgkinHuxley(), brain.pulse(10.0, 2.0, 1.0), 20.0, record="all"
    )
    assert len(trace.spike_times[0]) == 1  # the figure shows one spike
    for gate in ("m", "h", "n"):
        line = by_gid(time_ax, gate)
        np.testing.assert_allclose(line.get_ydata(), trace.__getattr__(gate)[:, 0])
        curve = by_gid(curve_ax, f"{gate}_inf")
        voltages = curve.get_xdata()
        np.testing.assert_allclose(
            curve.get_ydata(), getattr(brain, f"{gate}_inf")(voltages)
        )
    tau_lines = [a for a in fig.axes[3].get_lines()]
    assert [a.get_gid() for a in tau_lines] == ["tau_m", "tau_h", "tau_n"]
    for line in tau_lines:
        expected = getattr(brain, line.get_gid())(line.get_xdata())
        np.testing.assert_allclose(line.get_ydata(), expected)
    assert "rk4 scheme" in time_ax.get_title()
