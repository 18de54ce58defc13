"""The statements that write a run's rows.

Each ``insert_*`` function takes rows ready to store (numbers, text, packed
arrays: see :mod:`neuroglass.recorder.schema`) and returns ``write(cur)``, a
callable that :meth:`RunWriter.transaction` runs inside its transaction, so
that an epoch (or the start or end of a fit) costs one commit. The writer's
own statements (epoch rows, step blocks, trimming a resumed run) are here too.
"""

from __future__ import annotations

import json

from .. import schema

#: one epoch's row, with the packed steps of the epoch not yet written
INSERT_EPOCH = (
    "INSERT OR REPLACE INTO epochs (epoch, step, loss, accuracy, val_loss, "
    "val_accuracy, lr, time, wall, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_STEP_BLOCK = "INSERT OR REPLACE INTO step_blocks VALUES (?, ?, ?)"


def insert_meta(values: dict):
    """``meta`` rows: each value stored as JSON under its key."""
    rows = [(key, json.dumps(value)) for key, value in values.items()]
    return lambda cur: cur.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", rows
    )


def insert_blobs(pairs):
    """Named arrays: ``pairs`` of (name, packed array)."""
    pairs = list(pairs)
    return lambda cur: cur.executemany(
        "INSERT OR REPLACE INTO blobs (name, data) VALUES (?, ?)", pairs
    )


def insert_snapshot(row):
    """A ``snapshots`` row: epoch, step, vectors, norms, units, activations,
    resume state, optimizer state."""
    return lambda cur: cur.execute(
        "INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row
    )


def insert_layer_stats(rows):
    """``layer_stats`` rows: epoch, layer, quantity, size, norm, mean, std,
    min, max, bands, hist, edges."""
    return lambda cur: cur.executemany(
        "INSERT OR REPLACE INTO layer_stats VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_checkpoint(row):
    """The run's one ``checkpoint`` row: epoch, step, parameters, resume
    state (JSON text), optimizer state."""
    return lambda cur: cur.execute(
        "INSERT OR REPLACE INTO checkpoint VALUES (1, ?, ?, ?, ?, ?)", row
    )


def insert_diagnostics(rows):
    """``diagnostics`` rows: rule, severity, epoch, step, layer, message,
    evidence (JSON text), suggestion."""
    return lambda cur: cur.executemany(
        "INSERT INTO diagnostics (rule, severity, epoch, step, layer, message, "
        "evidence, suggestion) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def forget_from(cur, steps_trained: int, epochs_trained=None) -> None:
    """Forget the recorded steps from step ``steps_trained`` on and, given
    ``epochs_trained``, the epochs from there on (resuming from a checkpoint)."""
    n_steps = steps_trained
    cur.execute("DELETE FROM steps WHERE step >= ?", (n_steps,))
    cur.execute("DELETE FROM step_blocks WHERE first >= ?", (n_steps,))
    for first, data in cur.execute(
        "SELECT first, data FROM step_blocks WHERE last >= ?", (n_steps,)
    ).fetchall():
        block = schema.unpack(data)
        block = block[block[:, 0] < n_steps]
        cur.execute(
            "UPDATE step_blocks SET last = ?, data = ? WHERE first = ?",
            (int(block[-1, 0]), schema.pack(block), first),
        )
    # an epoch row holds steps before its ``step`` (the count after it)
    for epoch, data in cur.execute(
        "SELECT epoch, steps FROM epochs WHERE step > ? AND steps IS NOT NULL",
        (n_steps,),
    ).fetchall():
        block = schema.unpack(data)
        block = block[block[:, 0] < n_steps]
        cur.execute(
            "UPDATE epochs SET steps = ? WHERE epoch = ?",
            (schema.pack(block) if len(block) else None, epoch),
        )
    if epochs_trained is not None:
        cur.execute("DELETE FROM epochs WHERE epoch >= ?", (epochs_trained,))
