"""The STDP window figure: the curve is stdp_window's, and the dots (the rule
simulated on single spike pairs) lie on it, with delta_t = t_post - t_pre."""

import numpy as np
import pytest

from neuroglass.brain.stdp import STDP, stdp_window
from neuroglass.views.figures.brain_plasticity import (
    PAIRS,
    plot_stdp_window,
    stdp_window_data,
)


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist {gid!r}, found {len(found)}"
    return found[0]


def test_the_simulated_pairs_lie_on_the_window_curve():
    rule = STDP(A_plus=0.02, A_minus=0.01, tau_plus=15.0, tau_minus=30.0)
    ax = plot_stdp_window(rule)
    curve = by_gid(ax, "window")
    x, y = curve.get_xdata(), curve.get_ydata()
    finite = np.isfinite(y)
    np.testing.assert_allclose(
        y[finite], stdp_window(x[finite], 0.02, 0.01, 15.0, 30.0)
    )
    assert np.isnan(y[x == 0]).all()  # the jump at 0 is not drawn as a line
    dots = by_gid(ax, "pairs")
    dx, dy = dots.get_xdata(), dots.get_ydata()
    np.testing.assert_array_equal(dx, PAIRS)
    # each dot is on the curve (the curve's grid holds every pair's delta_t)
    on_curve = np.array([y[np.argmin(np.abs(x - d))] for d in dx])
    np.testing.assert_allclose(dy, on_curve, rtol=1e-9)
    # pre before post (delta_t > 0) potentiates, after depresses
    assert np.all(dy[dx > 0] > 0) and np.all(dy[dx < 0] < 0)
    assert ax.get_xlabel() == "delta_t = t_post - t_pre (ms)"
    assert "A+ = 0.02" in ax.get_title() and "trace form" in ax.get_title()


def test_the_dots_are_the_rule_simulated_not_the_formula():
    # a pair of each delta_t run through STDP.run_times by hand
    data = stdp_window_data(pairs=(-10.0, 5.0))
    for delta, change in zip(data["pair_delta_t"], data["pair_change"], strict=True):
        out = STDP(bounded=False).run_times(
            [np.array([100.0])], np.array([100.0 + delta]), w0=0.0
        )
        assert change == pytest.approx(out.weights[0], rel=1e-12)
        assert change == pytest.approx(stdp_window(delta), rel=1e-9)


def test_bad_pairs_are_refused():
    with pytest.raises(ValueError, match="t_pre"):
        stdp_window_data(pairs=(-500.0,))
    with pytest.raises(ValueError, match="non-empty"):
        stdp_window_data(pairs=())
