"""Poisson spike sources against the statistics of a Poisson process: counts of
mean rate*T with Fano factor ~1 (1 - rate*dt on a grid), exponential intervals."""

import numpy as np
import pytest
from scipy import stats

from neuroglass.brain.poisson import (
    poisson_spike_times,
    poisson_spikes,
    raster_to_times,
)
from neuroglass.engine.errors import ConfigError, ShapeError


def test_raster_shape_dtype_and_seed():
    raster = poisson_spikes([5.0, 20.0, 0.0], duration_ms=100.0, dt=0.5, seed=3)
    assert raster.shape == (200, 3) and raster.dtype == bool
    assert not raster[:, 2].any()  # a 0 Hz source is silent
    again = poisson_spikes([5.0, 20.0, 0.0], duration_ms=100.0, dt=0.5, seed=3)
    np.testing.assert_array_equal(raster, again)
    other = poisson_spikes(50.0, duration_ms=1000.0, seed=4, n=3)
    assert other.shape == (10000, 3)
    assert not np.array_equal(other, poisson_spikes(50.0, 1000.0, seed=5, n=3))


def test_raster_counts_mean_and_fano():
    rate, duration, dt, n = 20.0, 1000.0, 0.1, 4000
    counts = poisson_spikes(rate, duration, dt=dt, seed=0, n=n).sum(axis=0)
    mean = rate * duration / 1000.0  # 20 spikes expected
    # standard error of the mean: sqrt(20 / 4000) ~ 0.07; 4 SE
    assert abs(counts.mean() - mean) < 4 * np.sqrt(mean / n)
    fano = counts.var(ddof=1) / counts.mean()
    expected = 1.0 - rate * dt / 1000.0  # binomial bins: 0.998
    # the sample variance has relative SE sqrt(2 / n) ~ 0.022; 4 SE
    assert abs(fano - expected) < 4 * np.sqrt(2.0 / n)


def test_raster_rates_per_source():
    rates = np.repeat([2.0, 40.0], 1000)
    counts = poisson_spikes(rates, 2000.0, dt=0.2, seed=1).sum(axis=0)
    low, high = counts[:1000], counts[1000:]
    assert abs(low.mean() - 4.0) < 4 * np.sqrt(4.0 / 1000)
    assert abs(high.mean() - 80.0) < 4 * np.sqrt(80.0 / 1000)


def test_spike_times_counts_and_exponential_intervals():
    rate, duration = 10.0, 2000.0
    trains = poisson_spike_times(rate, duration, seed=2, n=3000)
    counts = np.array([t.size for t in trains])
    mean = rate * duration / 1000.0
    assert abs(counts.mean() - mean) < 4 * np.sqrt(mean / counts.size)
    fano = counts.var(ddof=1) / counts.mean()
    assert abs(fano - 1.0) < 4 * np.sqrt(2.0 / counts.size)
    assert all(np.all(np.diff(t) > 0) and t.min() >= 0 and t.max() < duration
               for t in trains if t.size)  # fmt: skip
    # intervals within each train: exponential of mean 1000 / rate = 100 ms,
    # from a few long trains (the window's end cuts only one interval each)
    long_trains = poisson_spike_times(rate, 500_000.0, seed=7, n=4)
    isis = np.concatenate([np.diff(t) for t in long_trains])
    result = stats.kstest(isis, "expon", args=(0, 1000.0 / rate))
    assert result.pvalue > 0.01
    assert abs(isis.std() / isis.mean() - 1.0) < 0.02  # CV of an exponential: 1


def test_raster_intervals_are_exponential_in_the_small_dt_limit():
    rate, dt = 50.0, 0.05
    raster = poisson_spikes(rate, 20000.0, dt=dt, seed=6, n=20)
    isis = np.concatenate([np.diff(t) for t in raster_to_times(raster, dt)])
    # geometric intervals on the grid: mean dt / p, p = rate dt / 1000
    assert abs(isis.mean() - 1000.0 / rate) < 4 * (1000.0 / rate) / np.sqrt(isis.size)
    assert abs(isis.std() / isis.mean() - 1.0) < 0.03


def test_raster_to_times_grid_convention():
    raster = np.zeros((5, 2), dtype=bool)
    raster[0, 0] = raster[3, 0] = raster[4, 1] = True
    times = raster_to_times(raster, dt=0.5)
    np.testing.assert_allclose(times[0], [0.5, 2.0])  # end of each step
    np.testing.assert_allclose(times[1], [2.5])


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"rates_hz": [5.0, -1.0]}, ConfigError, "rates_hz[1]"),
        ({"rates_hz": [np.nan]}, ConfigError, "rates_hz[0]"),
        ({"rates_hz": np.inf}, ConfigError, "rates_hz[0]"),
        ({"rates_hz": [[1.0, 2.0]]}, ShapeError, "1-D"),
        ({"rates_hz": []}, ShapeError, "empty"),
        ({"rates_hz": "ten"}, Exception, "numeric"),
        ({"rates_hz": [1.0, 2.0], "n": 3}, ShapeError, "n=3"),
        ({"dt": 0.0}, ConfigError, "dt"),
        ({"dt": -0.1}, ConfigError, "dt"),
        ({"dt": np.nan}, ConfigError, "dt"),
        ({"duration_ms": -5.0}, ConfigError, "duration_ms"),
        ({"duration_ms": 10.05}, ConfigError, "whole number of steps"),
        ({"rates_hz": 20000.0}, ConfigError, "smaller dt"),
        ({"seed": -1}, ConfigError, "seed"),
        ({"seed": 1.5}, ConfigError, "seed"),
    ],
)
def test_bad_input_is_named(kwargs, error, words):
    args = {"rates_hz": 10.0, "duration_ms": 10.0, "dt": 0.1, "seed": 0} | kwargs
    with pytest.raises(error, match=words.replace("[", r"\[").replace("]", r"\]")):
        poisson_spikes(**args)


def test_spike_times_bad_input():
    with pytest.raises(ConfigError, match=r"rates_hz\[0\]"):
        poisson_spike_times([-2.0], 100.0)
    with pytest.raises(ConfigError, match="duration_ms"):
        poisson_spike_times(5.0, 0.0)
