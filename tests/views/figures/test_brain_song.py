"""The Song-Miller-Abbott figure: the histograms are the result's weights at
the chosen snapshots, and the rate lines are its output rates."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from neuroglass.brain.song import SongResult, song_miller_abbott
from neuroglass.views.figures.brain_song import plot_weight_distribution, song_data


def made_up(rate_hz=10.0, n=400, g_max=0.015):
    """A result whose weights go from uniform to all at 0 or g_max in 4 s."""
    rng = np.random.default_rng(0)
    start = rng.uniform(0, g_max, n)
    end = np.where(start > g_max / 2, g_max, 0.0)
    weights = np.array([start, start, (start + end) / 2, end, end])
    spikes = np.sort(rng.uniform(0, 4000.0, 40))
    config = {"g_max": g_max, "rate_hz": rate_hz, "record_every_ms": 1000.0,
              "n_inputs": n, "ratio": 1.05, "tau_plus": 20.0}  # fmt: skip
    return SongResult(np.arange(5) * 1000.0, weights, spikes, 4000.0, config)


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist {gid!r}, found {len(found)}"
    return found[0]


def test_data_are_the_results_numbers():
    result = made_up()
    data = song_data([result, made_up(40.0)], times_ms=[0.0, 2000.0, 4000.0], bins=10)
    np.testing.assert_array_equal(data["times_ms"], [0.0, 2000.0, 4000.0])
    np.testing.assert_allclose(data["histograms"].sum(axis=1), 1.0)
    expected = np.histogram(result.weights_fraction[2], bins=10, range=(0, 1))[0]
    np.testing.assert_allclose(data["histograms"][1], expected / 400)
    assert data["histograms"][2][1:-1].sum() == 0  # the end: only at the bounds
    assert tuple(data["near_bounds"][2]) == result.fraction_near_bounds(0.1)
    t, rate = result.output_rate_hz(1000.0)
    np.testing.assert_array_equal(data["rates"][0]["t_ms"], t)
    np.testing.assert_array_equal(data["rates"][0]["rate_hz"], rate)
    assert [r["rate_in_hz"] for r in data["rates"]] == [10.0, 40.0]
    with pytest.raises(ValueError, match="times_ms"):
        song_data(result, times_ms=[5000.0])


def test_figure_draws_each_snapshot_and_each_rate():
    fig = plot_weight_distribution([made_up(), made_up(40.0)], n_times=3)
    left, right = fig.axes
    values = by_gid(left, "t2").get_data().values
    assert values[0] > 0.4 and values[-1] > 0.4 and values[1:-1].sum() == 0
    assert "w / g_max" in left.get_xlabel()
    assert "400 Poisson inputs at 10 Hz" in left.get_title()
    line = by_gid(right, "rate1")
    np.testing.assert_array_equal(line.get_ydata(), made_up(40.0).output_rate_hz()[1])
    assert "inputs at 40 Hz" in line.get_label()
    plt.close(fig)
    _, ax = plt.subplots()
    assert plot_weight_distribution(made_up(), ax=ax) is ax
    plt.close(ax.figure)


def test_figure_of_a_real_short_run():
    run = song_miller_abbott(n_inputs=500, rate_hz=40.0, duration_ms=2000.0, seed=3)
    silent = song_miller_abbott(n_inputs=20, rate_hz=10.0, duration_ms=2000.0)
    assert run.post_spike_times_ms.size > 0 == silent.post_spike_times_ms.size
    fig = plot_weight_distribution(run)
    assert len(fig.axes) == 2 and fig.axes[1].get_yscale() == "log"
    plt.close(fig)
    fig = plot_weight_distribution(silent)  # no output spike: a linear axis
    assert fig.axes[1].get_yscale() == "linear"
    plt.close(fig)
