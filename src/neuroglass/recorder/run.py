"""Run: read-only access to a recorded training run, also while it is written."""

from __future__ import annotations

import json
import os

import numpy as np

from ..engine.errors import ConfigError
from . import schema
from .checks import (
    _reads_file,
    check_config,
    check_run_path,
    stored_array,
)
from .compare import Comparison
from .diagnostics import Diagnostic
from .run_network import NetworkReads
from .snapshot import LayerSnapshot as LayerSnapshot  # the package imports it here
from .snapshot import Snapshot as Snapshot  # the package imports it here
from .store import RunFileError, RunReader
from .store.lock import writer_alive
from .store.reader import EPOCH_METRICS as METRICS


def open_run(path) -> Run:
    """Open a run file read-only. Works while another process is writing it.

    Raises
    ------
    RunFileError
        If the file is missing, is not a neuroglass run, is damaged, or was
        written by a newer neuroglass.
    """
    return Run(path)


class Run(NetworkReads):
    """A recorded run. Use :func:`open_run`; close it (or use ``with``).

    Attributes
    ----------
    path : str
    config : dict
        Architecture, optimizer, loss, fit settings, dataset, seed, versions.
    name : str
    """

    def __init__(self, path):
        self._store = None
        self.path = check_run_path(path)
        self._store = RunReader(self.path)  # every query of the file goes here
        try:
            self._meta = self._store.meta()
            self.config = check_config(self._meta, self.path)
        except RunFileError:
            self.close()
            raise
        name = self._meta.get("name")
        self.name = name if isinstance(name, str) else os.path.basename(self.path)

    # -- housekeeping -------------------------------------------------------------
    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        try:
            return (
                f"Run({self.name!r}, status={self.status!r}, epochs={len(self.epochs)})"
            )
        except RunFileError:
            return f"Run({self.path!r}, damaged)"

    def _array(self, blob, what, shape=None, *, required=False):
        """A stored array, checked: ``shape`` with None for any length."""
        return stored_array(blob, what, shape, path=self.path, required=required)

    def refresh(self) -> None:
        """Re-read the run's metadata (status, config) while it is written."""
        meta = self._store.meta()
        self.config = check_config(meta, self.path)
        self._meta = meta

    def checkpoint(self) -> dict | None:
        """The latest resumable state (what :class:`~neuroglass.Resume` restores),
        or None: ``{"epoch", "step", "params", "optimizer", "optimizer_state",
        "rng", "epochs_trained", "steps_trained"}`` from the checkpoint or the
        newest full snapshot, whichever is later."""
        return self._checkpoint()

    # -- what happened -------------------------------------------------------------
    @property
    @_reads_file
    def status(self) -> str:
        """ "running", "finished", "stopped" (the caller ended the fit:
        ``Trainer.stop``), "interrupted" or "diverged".

        A run whose writer died without saying how it ended (killed) reads
        "interrupted".
        """
        self.refresh()
        status = self._meta.get("status", "interrupted")
        if not isinstance(status, str):
            raise RunFileError(
                f"the run {self.path!r} is damaged: its status is {status!r}."
            )
        if status == "running" and writer_alive(self._meta) is False:
            return "interrupted"
        return status

    @property
    @_reads_file
    def epochs(self) -> np.ndarray:
        """The epochs recorded so far (global numbers, from 0)."""
        return self._keys(self._store.epoch_numbers(), "epochs")

    @property
    @_reads_file
    def snapshot_epochs(self) -> np.ndarray:
        """The epochs that have a snapshot."""
        return self._keys(self._store.snapshot_numbers(), "snapshots")

    def _keys(self, values, table):
        """Epoch numbers: distinct integers >= 0, as the schema's keys are."""
        if not all(type(v) is int and v >= 0 for v in values) or len(
            set(values)
        ) != len(values):
            raise RunFileError(
                f"the run {self.path!r} is damaged: the epochs of its {table} are "
                f"{values[:12]!r}{' ...' if len(values) > 12 else ''}, not distinct "
                "integers from 0."
            )
        return np.array(values, dtype=np.int64)

    @property
    @_reads_file
    def steps(self) -> dict:
        """Per recorded step: ``step``, ``epoch``, ``batch``, ``loss``, ``lr``."""

        # schema version 1 wrote one row per step; later versions one packed
        # array per commit (a file resumed by a newer version: both)
        rows, blocks = self._store.step_rows()
        parts = [np.array(rows, dtype=np.float64).reshape(-1, 5)] if rows else []
        parts += [
            self._array(data, "a block of step losses", (None, 5), required=True)
            for data in blocks
        ]
        table = np.concatenate(parts) if parts else np.empty((0, 5))
        if len(table) > 1 and not np.all(np.diff(table[:, 0]) > 0):
            # in step order, the last one written where a step was recorded twice
            backwards = table[::-1]
            table = backwards[np.unique(backwards[:, 0], return_index=True)[1]]
        return {
            name: table[:, i].astype(np.int64 if i < 3 else np.float64)
            for i, name in enumerate(schema.STEP_COLUMNS)
        }

    @_reads_file
    def metrics(self, format="auto"):
        """Per-epoch metrics: ``epoch``, ``step``, ``loss``, ``accuracy``,
        ``val_loss``, ``val_accuracy``, ``lr``, ``time``, ``wall``.

        ``format="dict"`` gives a dict of arrays (NaN where not recorded);
        ``"pandas"`` a DataFrame; ``"auto"`` a DataFrame if pandas is installed.
        """
        if format not in ("auto", "dict", "pandas"):
            raise ConfigError(
                f"format must be 'auto', 'dict' or 'pandas'; got {format!r}."
            )
        rows = self._store.epoch_rows()
        names = ("epoch", "step", *METRICS)
        cols = list(zip(*rows)) if rows else [[] for _ in names]
        data = {}
        for name, col in zip(names, cols):
            if name in ("epoch", "step"):
                data[name] = np.array(col, dtype=np.int64)
            else:
                data[name] = np.array(
                    [np.nan if v is None else v for v in col], dtype=np.float64
                )
        if format == "dict":
            return data
        if format not in ("auto", "pandas"):
            raise ConfigError(
                f"format must be 'auto', 'dict' or 'pandas'; got {format!r}."
            )
        try:
            import pandas as pd
        except ImportError:
            if format == "pandas":
                raise
            return data
        return pd.DataFrame(data).set_index("epoch")

    @_reads_file
    def diagnostics(self) -> list:
        """The :class:`Diagnostic` findings, in the order they were made."""
        rows = self._store.diagnostic_rows()
        found = []
        for r in rows:
            evidence = json.loads(r[6])
            texts, numbers = (r[0], r[1], r[4], r[5]), (r[2], r[3], r[7])
            if (
                not all(isinstance(text, str) for text in texts)
                or not all(n is None or type(n) is int for n in numbers)
                or not isinstance(evidence, dict)
            ):
                raise RunFileError(
                    f"the run {self.path!r} is damaged: a diagnostic holds values of "
                    f"the wrong types ({r!r:.200})."
                )
            found.append(Diagnostic(r[0], r[1], r[2], r[3], r[4], r[5], evidence, r[7]))
        return found

    # -- comparing -------------------------------------------------------------------
    @_reads_file
    def summary(self) -> dict:
        """Name, dataset, epochs, final and best metrics, status: one row of a table."""
        m = self.metrics(format="dict")
        out = {
            "name": self.name,
            "status": self.status,
            "epochs": len(m["epoch"]),
            "dataset": self.config.get("dataset"),
        }
        for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
            values = m[key]
            finite = values[np.isfinite(values)]
            out[f"final_{key}"] = float(finite[-1]) if finite.size else None
        val = m["val_loss"][np.isfinite(m["val_loss"])]
        out["best_val_loss"] = float(val.min()) if val.size else None
        out["diagnostics"] = [d.rule for d in self.diagnostics()]
        return out

    @_reads_file
    def compare(self, other) -> Comparison:
        """Differences in configuration and results between two runs."""
        if not isinstance(other, Run):
            other = open_run(other)
        return Comparison(self, other)
