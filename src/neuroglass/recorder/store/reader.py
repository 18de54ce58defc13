"""The read-only side of a run file: the connection a
:class:`~neuroglass.recorder.Run` reads through and every query it makes.

Queries return rows as SQLite gives them (the Run checks and decodes them);
an SQLite error becomes a :class:`RunFileError` naming the file. Readers open
the file read-only and may do so while it is written.
"""

from __future__ import annotations

import sqlite3

from .errors import RunFileError
from .files import check_run_file, describe, sqlite_uri

#: the per-epoch metrics of the ``epochs`` table, in the order read
EPOCH_METRICS = ("loss", "accuracy", "val_loss", "val_accuracy", "lr", "time", "wall")
_SNAPSHOT_COLUMNS = "epoch, step, vectors, norms, units, activations"


class RunReader:
    """A read-only connection to the run file at ``path`` (a checked str)."""

    def __init__(self, path: str):
        self.path = path
        self._con = None
        try:
            # a URI for read-only mode, with every character of the name quoted:
            # the file opened is exactly ``path`` (``%41`` stays ``%41``)
            self._con = sqlite3.connect(
                sqlite_uri(path, "ro"), uri=True, timeout=30, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise RunFileError(
                f"cannot read the run {path!r}: {describe(exc)}."
            ) from None

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def _query(self, sql, args=()):
        try:
            return self._con.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise RunFileError(
                f"the run {self.path!r} is damaged: {describe(exc)}."
            ) from None

    def read(self, reader):
        """``reader()`` in one read transaction (several queries, one
        consistent view). The error of a failed read is the one raised, not
        that of ending the transaction."""
        self._query("BEGIN")
        try:
            result = reader()
        except BaseException:
            try:
                self._con.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite may have ended the transaction itself
            raise
        self._query("COMMIT")
        return result

    def in_transaction(self) -> bool:
        """Whether a read transaction is open (none is, between reads)."""
        return self._con.in_transaction

    def columns(self, table) -> list:
        """The column names of ``table`` (none if this run has no such table)."""
        return [row[1] for row in self._query(f"PRAGMA table_info({table})")]

    # -- the run's tables -------------------------------------------------------
    def meta(self) -> dict:
        """The ``meta`` table, checked (see :func:`check_run_file`)."""
        try:
            return check_run_file(self._con, self.path)
        except sqlite3.Error as exc:
            raise RunFileError(
                f"cannot read the run {self.path!r}: {describe(exc)}."
            ) from None

    def epoch_numbers(self) -> list:
        return [r[0] for r in self._query("SELECT epoch FROM epochs ORDER BY epoch")]

    def snapshot_numbers(self) -> list:
        return [r[0] for r in self._query("SELECT epoch FROM snapshots ORDER BY epoch")]

    def step_rows(self) -> tuple[list, list]:
        """(rows, blocks): the steps recorded a row each (schema version 1:
        step, epoch, batch, loss, lr), and the packed step arrays (later
        versions: the epochs' and the step blocks'; a file resumed by a newer
        version has both). One read transaction."""

        def read():
            rows = self._query(
                "SELECT step, epoch, batch, loss, lr FROM steps ORDER BY step"
            )
            blocks = []
            if "steps" in self.columns("epochs"):
                blocks += self._query(
                    "SELECT steps FROM epochs WHERE steps IS NOT NULL ORDER BY epoch"
                )
            if self.columns("step_blocks"):
                blocks += self._query("SELECT data FROM step_blocks ORDER BY first")
            return rows, [data for (data,) in blocks]

        return self.read(read)

    def epoch_rows(self) -> list:
        """Per epoch: epoch, step and the :data:`EPOCH_METRICS`."""
        columns = ", ".join(("epoch", "step", *EPOCH_METRICS))
        return self._query(f"SELECT {columns} FROM epochs ORDER BY epoch")

    def diagnostic_rows(self) -> list:
        """rule, severity, epoch, step, message, suggestion, evidence, layer
        of each diagnostic, in the order they were made."""
        return self._query(
            "SELECT rule, severity, epoch, step, message, suggestion, evidence, layer "
            "FROM diagnostics ORDER BY id"
        )

    def snapshot_row(self, epoch=None):
        """epoch, step, vectors, norms, units, activations of the snapshot at
        ``epoch`` (default the latest); None if there is none."""
        if epoch is None:
            rows = self._query(
                f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots ORDER BY epoch DESC LIMIT 1"
            )
        else:
            rows = self._query(
                f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots WHERE epoch = ?", (epoch,)
            )
        return rows[0] if rows else None

    def layer_stat_rows(self, epoch) -> list:
        """layer, quantity, size, norm, mean, std, min, max, bands, hist,
        edges of each layer's statistics at the snapshot ``epoch``."""
        return self._query(
            "SELECT layer, quantity, size, norm, mean, std, min, max, bands, hist, "
            "edges FROM layer_stats WHERE epoch = ?",
            (epoch,),
        )

    def blob(self, name):
        """The packed array stored under ``name``; None if there is none."""
        rows = self._query("SELECT data FROM blobs WHERE name = ?", (name,))
        return rows[0][0] if rows else None

    def blobs(self, names) -> dict:
        """{name: packed array} of those of ``names`` that are stored."""
        names = list(names)
        marks = ", ".join("?" * len(names))
        return dict(
            self._query(f"SELECT name, data FROM blobs WHERE name IN ({marks})", names)
        )

    def checkpoint_rows(self) -> list:
        """The candidates to resume from, each (epoch, step, params, state,
        optimizer state): the checkpoint row and the newest snapshot holding a
        resume state, those that exist. One read transaction."""

        def read():
            return self._query(
                "SELECT epoch, step, params, state, optimizer_state "
                "FROM checkpoint WHERE id = 1"
            ) + self._query(
                "SELECT epoch, step, vectors, state, optimizer_state "
                "FROM snapshots WHERE state IS NOT NULL "
                "ORDER BY epoch DESC LIMIT 1"
            )

        return self.read(read)
