"""The dead and saturated units of the network drawn: the page's rings.

Computed on the same probe samples and with the same rule as the recorder's
diagnostics, so the rings and the diagnostics text agree.
"""

from __future__ import annotations

import numpy as np

from ..recorder.diagnostics import SATURATED_SAMPLES
from ..recorder.stats import CAN_DIE, SATURATION, SQUASHING


def unit_fractions(net, probe) -> tuple[list, list]:
    """Per layer, each unit's fraction of ``probe`` samples where it is active
    (output > 0) and where it is saturated (|a| > SATURATION; sigmoid: |2a - 1|):
    the numbers the recorder stores with each snapshot (``Snapshot.layers[i]
    .units``), computed the same way on the same probe."""
    active, saturated = [], []
    h = probe
    for layer in net.layers:
        h = layer.forward(h, store=False)
        name = layer.activation_name
        if len(h) == 0:
            active.append(None)
            saturated.append(None)
            continue
        active.append(np.mean(h > 0, axis=0))
        if name in SQUASHING:
            value = np.abs(h) if name == "tanh" else np.abs(2 * h - 1)
            saturated.append(np.mean(value > SATURATION, axis=0))
        else:
            saturated.append(None)
    return active, saturated


def unit_flags(names, active, saturated) -> tuple[list, list]:
    """Per layer, the dead and the saturated units (index lists), from the
    per-unit fractions: the rule the recorder's diagnostics apply (dead: a relu
    unit never active; saturated: a tanh/sigmoid unit saturated on more than
    SATURATED_SAMPLES of the samples). The output layer is never flagged."""
    dead, hot = [], []
    last = len(names) - 1
    for i, name in enumerate(names):
        d = s = []
        if i < last and name in CAN_DIE and active[i] is not None:
            d = np.flatnonzero(np.asarray(active[i]) == 0).tolist()
        if i < last and name in SQUASHING and saturated[i] is not None:
            with np.errstate(invalid="ignore"):
                s = np.flatnonzero(np.asarray(saturated[i]) > SATURATED_SAMPLES)
            s = s.tolist()
        dead.append(d)
        hot.append(s)
    return dead, hot
