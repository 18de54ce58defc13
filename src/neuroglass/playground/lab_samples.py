"""How a lab frame samples a chunk of model time: ``v`` (and ``u`` or ``n``)
every few steps, the current at each sample (a short pulse kept visible), and
a mystery neuron's times on one grid for every candidate.

A mystery neuron is stepped at its own dt (25 µs for Hodgkin–Huxley, 0.1 ms
for the Izhikevich candidates); :func:`grid_time` puts every time the page sees
(the chunk's ends, the spikes) on the 0.1 ms sample grid, computed the same way
whatever the dt, so that no time in a frame (not even its last bits) gives the
hidden model away.

>>> grid_time(493, 0.025), grid_time(124, 0.1)  # a spike at 12.325 ms, at 12.4
(12.4, 12.4)
"""

from __future__ import annotations

import math

import numpy as np

from .lab_mystery import SAMPLE_MS

V_CLIP = 1e3  # mV: samples beyond are clipped (a LIF under a huge current)


def grid_time(steps: int, dt: float) -> float:
    """The end of step ``steps`` (of ``dt`` ms) on the sample grid: the first
    grid time at or after it (ms)."""
    return math.ceil(steps * dt / SAMPLE_MS - 1e-9) * SAMPLE_MS


def samples(values: np.ndarray, every: int) -> list:
    """Every ``every``-th value, clipped to +-:data:`V_CLIP`."""
    return [float(x) for x in np.clip(values[::every], -V_CLIP, V_CLIP)]


def current_samples(currents: np.ndarray, every: int, base: float) -> list:
    """One current per sample of ``v``: in each run of ``every`` steps, the one
    farthest from ``base``, so that a pulse shorter than a sample still shows."""
    if every == 1:
        return [float(x) for x in currents]
    out = [float(currents[0])]
    for start in range(1, len(currents), every):
        chunk = currents[start : start + every]
        out.append(float(chunk[np.argmax(np.abs(chunk - base))]))
    return out[: len(range(0, len(currents), every))]
