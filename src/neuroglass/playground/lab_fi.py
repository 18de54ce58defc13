"""The neuron lab's f-I curves: :func:`fi_curve` over a model's current range,
cached by the model's config (one cache for every page, guarded by a lock:
sessions compute their curves in threads), and the ``lab_fi`` message.

>>> from neuroglass import brain
>>> curve = fi_curve(brain.LIF(), "lif")
>>> len(curve["currents"]) == FI_POINTS, curve["rates"][0]
(True, 0.0)
"""

from __future__ import annotations

import threading

import numpy as np

from .. import brain
from .lab_models import MODELS

FI_POINTS = 41
_FI_CACHE: dict = {}
_FI_CACHE_SIZE = 32
_LOCK = threading.Lock()


def fi_curve(neuron: brain.Neuron, model: str) -> dict:
    """The f-I curve of ``neuron`` over the lab's current range (cached by the
    model's config): ``{"currents": [...], "rates": [...]}`` (Hz)."""
    low, high, _ = MODELS[model]["current"]
    key = repr(neuron.config())
    with _LOCK:
        if key in _FI_CACHE:
            return _FI_CACHE[key]
    currents = np.linspace(low, high, FI_POINTS)
    if model == "hh":  # RK4 at 25 µs is slow in Python: a shorter sweep
        duration, window = 250.0, (50.0, 250.0)
    else:
        duration, window = 1000.0, (200.0, 1000.0)
    with np.errstate(all="ignore"):  # a sweep may blow up (HH without leak)
        rates = brain.fi_curve(
            neuron, currents, duration=duration, window=window, dt=MODELS[model]["dt"]
        )
    curve = {"currents": currents.tolist(), "rates": rates.tolist()}
    with _LOCK:  # two pages may have computed the same curve: either is right
        while len(_FI_CACHE) >= _FI_CACHE_SIZE:
            _FI_CACHE.pop(next(iter(_FI_CACHE)))
        _FI_CACHE[key] = curve
    return curve


def fi_message(model: str, curve: dict) -> dict:
    """``lab_fi``: the f-I curve of :func:`fi_curve` for ``model``."""
    return {"type": "lab_fi", "model": model, **curve}
