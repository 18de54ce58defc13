"""The Hodgkin-Huxley (V, n) phase plane is drawn from what neuroglass.brain
computes: the reduced plane's nullclines, its fixed points (filled when stable,
open when not), the unit arrows of its flow, the reduced trajectory and the
full model's (V, n); plot_phase_plane passes a HodgkinHuxley neuron here."""

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from neuroglass import brain
from neuroglass.brain.phase_plane_hh import hh_phase_plane
from neuroglass.views.figures.brain_dynamics import phase_plane_data, plot_phase_plane
from neuroglass.views.figures.brain_phase_hh import (
    FULL_MODEL,
    N_NULLCLINE,
    TRAJECTORY,
    V_NULLCLINE,
    plot_hh_phase_plane,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist {gid!r}, found {len(found)}"
    return found[0]


def gids(ax):
    return [a.get_gid() for a in ax.get_children()]


def equilibria_drawn(ax):
    return [a for a in ax.get_lines() if str(a.get_gid()).startswith("equilibrium_")]


def same_colour(a, b):
    return mcolors.to_rgb(a) == mcolors.to_rgb(b)


def test_above_the_hopf_current_an_open_focus_and_the_paths():
    hh = brain.HodgkinHuxley()
    plane = hh_phase_plane(hh, 10.0)
    ax = plot_phase_plane(hh, 10.0, duration=30.0)  # dispatched to the HH plane
    v_line, n_line = by_gid(ax, "v_nullcline"), by_gid(ax, "n_nullcline")
    assert same_colour(v_line.get_color(), V_NULLCLINE)
    assert same_colour(n_line.get_color(), N_NULLCLINE)
    np.testing.assert_allclose(
        v_line.get_ydata(), plane.v_nullcline(v_line.get_xdata()), equal_nan=True
    )
    np.testing.assert_allclose(
        n_line.get_ydata(), plane.n_nullcline(n_line.get_xdata())
    )
    (drawn,) = equilibria_drawn(ax)  # one equilibrium: an unstable focus, open
    (point,) = plane.equilibria
    assert point.stability == "unstable focus"
    assert (drawn.get_xdata()[0], drawn.get_ydata()[0]) == pytest.approx(
        (point.v, point.u)
    )
    assert same_colour(drawn.get_markerfacecolor(), "white")
    assert "unstable focus" in drawn.get_label()
    # the reduced trajectory from the full model's rest, and the full model's
    rest = float(hh.resting_potential()[0])
    _, v, n = plane.trajectory(rest, float(plane.n_nullcline(rest)), 30.0, 0.01)
    path = by_gid(ax, "trajectory")
    np.testing.assert_array_equal(path.get_xdata(), v)
    np.testing.assert_array_equal(path.get_ydata(), n)
    assert same_colour(path.get_color(), TRAJECTORY) and max(v) > 0  # a spike
    full = by_gid(ax, "full_model")
    trace = brain.simulate(hh, 10.0, 30.0, dt=0.01, record=("v", "n"))
    np.testing.assert_array_equal(full.get_xdata(), trace["v"][:, 0])
    np.testing.assert_array_equal(full.get_ydata(), trace["n"][:, 0])
    assert same_colour(full.get_color(), FULL_MODEL) and full.get_linestyle() == "--"
    title = ax.get_title()
    assert f"I_H = {plane.I_H:.3g} µA/cm²" in title and "no saddle-node" in title
    assert "I = 10 µA/cm²" in title and "rk4, dt = 0.01 ms" in title


def test_the_flow_is_drawn_as_unit_arrows_pointing_with_the_field():
    hh = brain.HodgkinHuxley()
    ax = plot_hh_phase_plane(hh, 3.0, trajectory=False, full_model=False, n_grid=9)
    arrows = by_gid(ax, "vector_field")
    V, _, dV, dN = hh_phase_plane(hh, 3.0).grid((-80.0, 55.0), (0.2, 0.9), n=9)
    u, w = arrows.U.reshape(V.shape), arrows.V.reshape(V.shape)
    np.testing.assert_allclose(np.hypot(u, w), 1.0)
    assert (np.sign(u) == np.sign(dV)).all() and (np.sign(w) == np.sign(dN)).all()
    assert "trajectory" not in gids(ax) and "full_model" not in gids(ax)
    assert "paths" not in ax.get_title()
    (drawn,) = equilibria_drawn(ax)  # below I_H: rest is a stable focus, filled
    assert same_colour(drawn.get_markerfacecolor(), "black")


def test_rinzels_line_draws_three_fixed_points_by_stability():
    hh = brain.HodgkinHuxley()
    plane = hh_phase_plane(hh, 10.0, h_line=(1.0, 1.0))
    ax = plot_phase_plane(hh, 10.0, h_line=(1.0, 1.0), trajectory=False)
    drawn = equilibria_drawn(ax)
    assert len(drawn) == len(plane.equilibria) == 3
    for line, point in zip(drawn, plane.equilibria, strict=True):
        assert same_colour(line.get_markerfacecolor(), "white")  # none stable
        assert point.stability in line.get_label()
    assert [p.stability for p in plane.equilibria] == [
        "unstable node",
        "saddle",
        "unstable focus",
    ]
    assert f"I_SN = {plane.I_SN:.3g}" in ax.get_title()
    assert "h = 1 − 1 n" in ax.get_title()


def test_data_for_a_hodgkin_huxley_neuron_and_its_defaults():
    hh = brain.HodgkinHuxley()
    data = phase_plane_data(hh, 3.0, v_range=(-90.0, 60.0), n_grid=5)
    assert data["v_range"] == (-90.0, 60.0) and data["field"][0].shape == (5, 5)
    assert data["dt"] == 0.01 and data["duration"] == 50.0
    assert data["trajectory"]["t"][-1] == pytest.approx(50.0)
    assert data["plane"].I == 3.0 and data["n_range"] == (0.2, 0.9)
    # the Izhikevich plane keeps its own defaults (0.1 ms, 200 ms)
    izh = phase_plane_data("RS", 10.0)
    assert izh["dt"] == 0.1 and izh["trajectory"]["t"][-1] == pytest.approx(200.0)
    with pytest.raises(TypeError, match="HodgkinHuxley"):
        phase_plane_data("RS", 10.0, h_line=(1.0, 1.0))
