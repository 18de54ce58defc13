"""The dead and saturated units of the network drawn: the page's rings.

Computed by :func:`neuroglass.recorder.stats.network_health`, the function (and
the thresholds) the recorder's diagnostics use, on the same probe samples: the
rings and the diagnostics text agree.
"""

from __future__ import annotations

import numpy as np

from ..recorder.stats import CAN_DIE, SATURATED_SAMPLES, SQUASHING, network_health


def probe_activations(net, probe) -> list:
    """Each layer's outputs on the ``probe`` samples (n_samples, n_units)."""
    out, h = [], probe
    for layer in net.layers:
        h = layer.forward(h, store=False)
        out.append(h)
    return out


def rings(names, activations) -> dict:
    """The frame's ``dead``, ``saturated`` (unit indices per layer; the output
    layer is never flagged) and their fractions per hidden layer, from each
    layer's ``activations`` on the probe."""
    health = network_health(activations, names)
    dead = [np.flatnonzero(h.dead).tolist() for h in health[:-1]] + [[]]
    saturated = [np.flatnonzero(h.saturated).tolist() for h in health[:-1]] + [[]]
    return {
        "dead": dead,
        "saturated": saturated,
        "dead_fraction": [h.dead_fraction for h in health[:-1]],
        "saturated_fraction": [h.saturated_fraction for h in health[:-1]],
    }


def recorded_rings(names, units) -> dict:
    """The rings of a recorded snapshot that kept no probe activations, from
    the fractions it stored (``Snapshot.layers[i].units``: ``active`` and
    ``saturated`` per unit), read with the recorder's thresholds."""
    dead, saturated = [], []
    last = len(names) - 1
    for i, (name, u) in enumerate(zip(names, units)):
        d = s = []
        if i < last and u is not None:
            if name in CAN_DIE:
                d = np.flatnonzero(np.asarray(u["active"]) == 0).tolist()
            with np.errstate(invalid="ignore"):
                s = np.flatnonzero(np.asarray(u["saturated"]) > SATURATED_SAMPLES)
            s = s.tolist()
        dead.append(d)
        saturated.append(s)
    widths = [len(u["active"]) if u is not None else 0 for u in units]
    return {
        "dead": dead,
        "saturated": saturated,
        "dead_fraction": [
            len(d) / w if n in CAN_DIE and w else None
            for d, w, n in zip(dead, widths, names)
        ][:-1],
        "saturated_fraction": [
            len(s) / w if n in SQUASHING and w else None
            for s, w, n in zip(saturated, widths, names)
        ][:-1],
    }
