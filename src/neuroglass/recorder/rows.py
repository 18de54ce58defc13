"""The writes a Recorder makes besides snapshots: epoch rows, the checkpoint
with the resume state it carries, diagnostics and the final parameters.

Each ``*_write`` function builds the rows and returns the store's callable
``write(cur)`` (:mod:`neuroglass.recorder.store.writes`) that the
:class:`~neuroglass.recorder.store.RunWriter` runs inside its transaction, so
that an epoch (or the end of a fit) costs one commit.
"""

from __future__ import annotations

import json

import numpy as np

from . import schema
from .store import insert_blobs, insert_checkpoint, insert_diagnostics


def resume_state(net):
    """(JSON text, stacked optimizer arrays): what resuming needs besides W."""
    opt = net.optimizer
    state = opt.state() if opt is not None else {"t": 0}
    names = [k for k, v in state.items() if isinstance(v, np.ndarray)]
    text = json.dumps(
        {
            "optimizer": {
                **(opt.config() if opt else {}),
                "t": state["t"],
                "state_names": names,
            },
            "epochs_trained": net.epochs_trained,
            "steps_trained": net.steps_trained,
            "rng": net.rng.bit_generator.state,
        }
    )
    arrays = schema.pack(np.stack([state[k] for k in names])) if names else None
    return text, arrays


def checkpoint_write(net, epoch, step):
    """The run's one checkpoint row: the parameters and the resume state."""
    text, arrays = resume_state(net)
    return insert_checkpoint(
        (epoch, step, schema.pack(net.parameters_vector()), text, arrays)
    )


def diagnostics_write(found):
    """The rows of the diagnostics ``found`` (a list of Diagnostic)."""
    rows = [
        (
            d.rule,
            d.severity,
            d.epoch,
            d.step,
            d.layer,
            d.message,
            json.dumps(d.evidence, default=float),
            d.suggestion,
        )
        for d in found
    ]
    return insert_diagnostics(rows)


def final_write(net):
    """The ``final`` blob: the parameters as the fit left them."""
    return insert_blobs([("final", schema.pack(net.parameters_vector()))])
