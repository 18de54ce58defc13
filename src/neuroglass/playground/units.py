"""The dead and saturated units of the network drawn: the page's rings.

Computed by :func:`neuroglass.recorder.stats.network_health`, the function (and
the thresholds) the recorder's diagnostics use, on the same probe samples: the
rings and the diagnostics text agree.
"""

from __future__ import annotations

import numpy as np

from ..recorder.stats import CAN_DIE, SQUASHING, flags_from_fractions, network_health


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
    ``saturated`` per unit), flagged by the recorder's own rule
    (:func:`~neuroglass.recorder.stats.flags_from_fractions`)."""
    dead, saturated, dead_fraction, saturated_fraction = [], [], [], []
    for name, u in zip(names[:-1], units[:-1]):
        if u is None:
            d = s = np.zeros(0, dtype=bool)
        else:
            d, s = flags_from_fractions(u["active"], u["saturated"], name)
        dead.append(np.flatnonzero(d).tolist())
        saturated.append(np.flatnonzero(s).tolist())
        dead_fraction.append(float(d.mean()) if name in CAN_DIE and d.size else None)
        saturated_fraction.append(
            float(s.mean()) if name in SQUASHING and s.size else None
        )
    return {
        "dead": [*dead, []] if names else [],
        "saturated": [*saturated, []] if names else [],
        "dead_fraction": dead_fraction,
        "saturated_fraction": saturated_fraction,
    }
