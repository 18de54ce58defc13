"""Poisson spike sources: independent trains at given rates (Hz), seeded.

Two forms of the same homogeneous Poisson process:

- :func:`poisson_spikes`: a boolean raster ``(n_steps, n)`` on a time grid of
  step ``dt`` (ms), the form a clock-driven simulation consumes. Each bin holds
  a spike with probability ``rate * dt`` (rate in spikes per ms), independently,
  so the count in ``T`` ms is binomial, mean ``rate * T``, Fano factor
  ``1 - rate * dt`` (1 in the limit ``dt -> 0``; 0.999 at 10 Hz and 0.1 ms).
- :func:`poisson_spike_times`: exact spike times (ms), continuous: a Poisson
  count of mean ``rate * T`` per source, placed uniformly and sorted, so the
  inter-spike intervals are exponential with mean ``1 / rate``.

Time is in ms, rates in Hz (spikes per second): ``rate * T / 1000`` spikes are
expected in ``T`` ms.
"""

from __future__ import annotations

import numpy as np

from ..engine.errors import ConfigError, ShapeError
from ..engine.memory import BYTES_PER_VALUE, check_bytes
from ..engine.validation import (
    as_numeric_array,
    describe,
    positive_int,
    positive_number,
)


def _rng(seed) -> np.random.Generator:
    """A Generator from ``seed`` (None, an integer >= 0, or a Generator)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (
        isinstance(seed, (bool, np.bool_))
        or not isinstance(seed, (int, np.integer))
        or seed < 0
    ):
        raise ConfigError(
            f"seed must be None, an integer >= 0 or a numpy.random.Generator; got "
            f"{describe(seed)}. Pass e.g. seed=0 for a reproducible train."
        )
    return np.random.default_rng(seed)


def check_rates(rates_hz, n=None) -> np.ndarray:
    """``rates_hz`` as a float64 array ``(n,)`` of finite rates >= 0 (Hz).

    A single number is shared by ``n`` sources (1 when ``n`` is None); an array
    gives one rate per source and, when ``n`` is given, must have length ``n``.
    """
    rates = as_numeric_array(rates_hz, "rates_hz").astype(np.float64)
    if rates.ndim == 0:
        count = 1 if n is None else positive_int(n, "n")
        rates = np.full(count, float(rates))
    elif rates.ndim != 1:
        raise ShapeError(
            f"rates_hz must be a number or a 1-D array (one rate per source); got "
            f"shape {rates.shape}. Flatten it, e.g. rates.ravel()."
        )
    elif n is not None and rates.shape[0] != positive_int(n, "n"):
        raise ShapeError(
            f"rates_hz has {rates.shape[0]} rates but n={n} sources were asked for. "
            "Give one rate per source, or a single number with n."
        )
    if rates.size == 0:
        raise ShapeError("rates_hz is empty; give at least one rate (Hz).")
    bad = np.flatnonzero(~np.isfinite(rates) | (rates < 0))
    if bad.size:
        i = int(bad[0])
        raise ConfigError(
            f"rates_hz[{i}] must be a finite rate >= 0 Hz; got {rates[i]!r}. "
            "Rates are in spikes per second; use 0 for a silent source."
        )
    return rates


def n_grid_steps(duration_ms, dt) -> int:
    """The number of steps of ``dt`` (ms) in ``duration_ms`` (ms), which must be
    a whole number of steps (to 1e-9 of a step)."""
    duration = positive_number(duration_ms, "duration_ms", hint="Give it in ms.")
    dt = positive_number(dt, "dt", hint="The time step is in ms, e.g. dt=0.1.")
    steps = duration / dt
    whole = round(steps)
    if whole < 1 or abs(steps - whole) > 1e-9 * max(1.0, steps):
        raise ConfigError(
            f"duration_ms={duration!r} is not a whole number of steps dt={dt!r} "
            f"({steps:.6g} steps). Choose a duration that is a multiple of dt."
        )
    return int(whole)


def poisson_spikes(rates_hz, duration_ms, dt=0.1, seed=None, n=None) -> np.ndarray:
    """A boolean raster of independent Poisson trains on a time grid.

    Parameters
    ----------
    rates_hz : float or array (n,)
        Firing rate of each source in Hz (>= 0); one number is shared by ``n``
        sources (1 if ``n`` is None).
    duration_ms : float
        Length of the trains in ms, a whole number of steps ``dt``.
    dt : float
        Time step in ms (> 0). ``rate * dt`` must be at most 1 spike per bin
        (``rate_hz * dt_ms <= 1000``).
    seed : None, int or numpy.random.Generator
        The randomness; the same seed gives the same raster.
    n : int, optional
        Number of sources when ``rates_hz`` is one number.

    Returns
    -------
    raster : bool array (n_steps, n)
        ``raster[k, i]`` is True when source ``i`` spikes in step ``k``, that is
        in the interval ``(k dt, (k + 1) dt]``; its time on the grid is the end
        of the step, ``(k + 1) * dt`` ms (the convention of ``simulate``).

    Examples
    --------
    >>> raster = poisson_spikes([5.0, 20.0], duration_ms=1000.0, seed=0)
    >>> raster.shape
    (10000, 2)
    """
    rates = check_rates(rates_hz, n)
    steps = n_grid_steps(duration_ms, dt)
    p = rates * float(dt) / 1000.0
    if np.any(p > 1.0):
        i = int(np.argmax(p))
        raise ConfigError(
            f"rates_hz[{i}]={rates[i]!r} with dt={dt!r} ms gives {p[i]:.3g} spikes "
            "per step, more than a bin can hold. Use a smaller dt (rate * dt must "
            "stay well below 1000 Hz·ms)."
        )
    check_bytes(
        steps * rates.size * (BYTES_PER_VALUE + 1),
        f"poisson_spikes of {rates.size:,} sources over {steps:,} steps",
        "the raster and its random numbers",
        "Use fewer sources, a shorter duration_ms or a larger dt, or "
        "poisson_spike_times for sparse trains.",
    )
    rng = _rng(seed)
    return rng.random((steps, rates.size)) < p


def poisson_spike_times(rates_hz, duration_ms, seed=None, n=None) -> list:
    """Exact (continuous) spike times of independent Poisson trains.

    Parameters
    ----------
    rates_hz : float or array (n,)
        Firing rate of each source in Hz (>= 0).
    duration_ms : float
        Length of the trains in ms (> 0); times lie in ``[0, duration_ms)``.
    seed : None, int or numpy.random.Generator
        The randomness; the same seed gives the same times.
    n : int, optional
        Number of sources when ``rates_hz`` is one number.

    Returns
    -------
    list of n float64 arrays
        The sorted spike times (ms) of each source; the intervals between them
        are exponential with mean ``1000 / rate_hz`` ms.

    Examples
    --------
    >>> times = poisson_spike_times([10.0, 0.0], 500.0, seed=0)  # Hz, ms
    >>> [t.round(1) for t in times]
    [array([303.3, 406.6, 456.4]), array([], dtype=float64)]
    """
    rates = check_rates(rates_hz, n)
    duration = positive_number(duration_ms, "duration_ms", hint="Give it in ms.")
    expected = float(np.sum(rates) * duration / 1000.0)
    check_bytes(
        2 * expected * BYTES_PER_VALUE,
        f"poisson_spike_times of {rates.size:,} sources over {duration:g} ms",
        f"about {expected:.3g} spike times",
        "Use lower rates_hz, fewer sources or a shorter duration_ms.",
    )
    rng = _rng(seed)
    counts = rng.poisson(rates * duration / 1000.0)
    return [np.sort(rng.random(int(c)) * duration) for c in counts]


def raster_to_times(raster, dt) -> list:
    """The spike times (ms, end of each step) of a boolean raster ``(n_steps, n)``.

    ``dt`` is the raster's step (ms); returns a list of ``n`` arrays (ms).

    >>> raster_to_times(np.array([[True, False], [False, False], [True, True]]), 0.5)
    [array([0.5, 1.5]), array([1.5])]
    """
    raster = np.asarray(raster, dtype=bool)
    if raster.ndim != 2:
        raise ShapeError(f"raster must be 2-D (n_steps, n); got shape {raster.shape}.")
    dt = positive_number(dt, "dt", hint="The time step is in ms, e.g. dt=0.1.")
    neuron, step = np.nonzero(raster.T)  # sorted by neuron, then by time
    times = (step + 1) * dt
    counts = np.bincount(neuron, minlength=raster.shape[1])
    return np.split(times, np.cumsum(counts)[:-1])
