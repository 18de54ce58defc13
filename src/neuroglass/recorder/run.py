"""Run: read-only access to a recorded training run, also while it is written."""

from __future__ import annotations

import json
import os
import sqlite3

import numpy as np

from ..engine import Network
from ..engine.errors import ConfigError, NeuroglassError
from ..engine.validation import integer
from . import schema
from .checks import (
    _DAMAGE,
    _reads_file,
    check_config,
    check_run_path,
    stored_array,
)
from .compare import Comparison
from .diagnostics import Diagnostic
from .lock import writer_alive
from .snapshot import LayerSnapshot as LayerSnapshot  # imported from here
from .snapshot import Snapshot, layer_snapshots
from .store import NotRecordedError, RunFileError, check_run_file, sqlite_uri

METRICS = ("loss", "accuracy", "val_loss", "val_accuracy", "lr", "time", "wall")


def open_run(path) -> Run:
    """Open a run file read-only. Works while another process is writing it.

    Raises
    ------
    RunFileError
        If the file is missing, is not a neuroglass run, is damaged, or was
        written by a newer neuroglass.
    """
    return Run(path)


class Run:
    """A recorded run. Use :func:`open_run`; close it (or use ``with``).

    Attributes
    ----------
    path : str
    config : dict
        Architecture, optimizer, loss, fit settings, dataset, seed, versions.
    name : str
    """

    def __init__(self, path):
        self._con = None
        self.path = check_run_path(path)
        try:
            # a URI for read-only mode, with every character of the name quoted:
            # the file opened is exactly ``path`` (``%41`` stays ``%41``)
            self._con = sqlite3.connect(
                sqlite_uri(self.path, "ro"),
                uri=True,
                timeout=30,
                check_same_thread=False,
            )
            self._meta = check_run_file(self._con, self.path)
            self.config = check_config(self._meta, self.path)
        except (sqlite3.Error, RunFileError) as exc:
            self.close()
            if isinstance(exc, RunFileError):
                raise
            raise RunFileError(
                f"cannot read the run {self.path!r}: {type(exc).__name__}: {exc}."
            ) from None
        name = self._meta.get("name")
        self.name = name if isinstance(name, str) else os.path.basename(self.path)

    # -- housekeeping -------------------------------------------------------------
    def close(self) -> None:
        if self._con is not None:
            self._con.close()

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

    def _query(self, sql, args=()):
        try:
            return self._con.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise RunFileError(
                f"the run {self.path!r} is damaged: {type(exc).__name__}: {exc}."
            ) from None

    def _columns(self, table):
        """The column names of ``table`` (none if this run has no such table)."""
        return [row[1] for row in self._query(f"PRAGMA table_info({table})")]

    def _read(self, reader):
        """Several queries in one read transaction: a consistent view. The
        error of a failed read is the one raised, not that of ending it."""
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

    def _array(self, blob, what, shape=None, *, required=False):
        """A stored array, checked: ``shape`` with None for any length."""
        return stored_array(blob, what, shape, path=self.path, required=required)

    def _sizes(self):
        """(parameters, units, layers, inputs) of the recorded network."""
        layers = self._layer_configs()
        n_params = sum(cfg["n_in"] * cfg["n_out"] + cfg["n_out"] for cfg in layers)
        return n_params, sum(cfg["n_out"] for cfg in layers), len(layers)

    def _build(self, params):
        """The recorded network with these parameters."""
        try:
            return Network.from_config(self.config["network"], params)
        except (NeuroglassError, *_DAMAGE) as exc:
            raise RunFileError(
                f"the run {self.path!r} is damaged: its network cannot be rebuilt "
                f"from its config ({type(exc).__name__}: {exc})."
            ) from None

    def refresh(self) -> None:
        """Re-read the run's metadata (status, config) while it is written."""
        meta = check_run_file(self._con, self.path)
        self.config = check_config(meta, self.path)
        self._meta = meta

    # -- what happened -------------------------------------------------------------
    @property
    @_reads_file
    def status(self) -> str:
        """ "running", "finished", "interrupted" or "diverged".

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
        return self._keys("SELECT epoch FROM epochs ORDER BY epoch", "epochs")

    @property
    @_reads_file
    def snapshot_epochs(self) -> np.ndarray:
        """The epochs that have a snapshot."""
        return self._keys("SELECT epoch FROM snapshots ORDER BY epoch", "snapshots")

    def _keys(self, sql, table):
        """Epoch numbers: distinct integers >= 0, as the schema's keys are."""
        values = [r[0] for r in self._query(sql)]
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

        def read():
            # schema version 1 wrote one row per step; later versions one
            # packed array per commit (a file resumed by a newer version: both)
            rows = self._query(
                "SELECT step, epoch, batch, loss, lr FROM steps ORDER BY step"
            )
            blocks = []
            if "steps" in self._columns("epochs"):
                blocks += self._query(
                    "SELECT steps FROM epochs WHERE steps IS NOT NULL ORDER BY epoch"
                )
            if self._columns("step_blocks"):
                blocks += self._query("SELECT data FROM step_blocks ORDER BY first")
            return rows, blocks

        rows, blocks = self._read(read)
        parts = [np.array(rows, dtype=np.float64).reshape(-1, 5)] if rows else []
        parts += [
            self._array(data, "a block of step losses", (None, 5), required=True)
            for (data,) in blocks
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
        rows = self._query(
            "SELECT epoch, step, " + ", ".join(METRICS) + " FROM epochs ORDER BY epoch"
        )
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
        rows = self._query(
            "SELECT rule, severity, epoch, step, message, suggestion, evidence, layer "
            "FROM diagnostics ORDER BY id"
        )
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

    # -- inside the network ------------------------------------------------------
    def _layer_configs(self):
        return self.config["network"]["layers"]

    @_reads_file
    def snapshot(self, epoch=None) -> Snapshot:
        """Weights, gradients, updates and activations at a snapshot epoch
        (default: the latest)."""
        cols = "epoch, step, vectors, norms, units, activations"
        if epoch is not None:
            epoch = integer(epoch, "epoch")

        def read():
            if epoch is None:
                row = self._query(
                    f"SELECT {cols} FROM snapshots ORDER BY epoch DESC LIMIT 1"
                )
            else:
                row = self._query(
                    f"SELECT {cols} FROM snapshots WHERE epoch = ?", (epoch,)
                )
            if not row:
                have = self.snapshot_epochs.tolist()
                if not have:
                    raise NotRecordedError(
                        f"the run {self.path!r} has no snapshots yet; its first "
                        "snapshot is taken at the end of its first epoch."
                    )
                shown = ", ".join(map(str, have[:20]))
                raise NotRecordedError(
                    f"no snapshot at epoch {epoch} in {self.path!r}; snapshots exist "
                    f"at epochs {shown}{' ...' if len(have) > 20 else ''} "
                    "(run.snapshot_epochs)."
                )
            ep, step, vectors, norms, units, raw = row[0]
            if type(ep) is not int or type(step) is not int:
                raise RunFileError(
                    f"the run {self.path!r} is damaged: a snapshot's epoch and step "
                    f"are {ep!r} and {step!r}, not integers."
                )
            stats = {}
            for r in self._query(
                "SELECT layer, quantity, size, norm, mean, std, min, max, bands, hist, "
                "edges FROM layer_stats WHERE epoch = ?",
                (ep,),
            ):
                what = f"the {r[1]} statistics of layer {r[0]} at epoch {ep}"
                stats.setdefault(r[0], {})[r[1]] = {
                    "size": r[2],
                    "norm": r[3],
                    "mean": r[4],
                    "std": r[5],
                    "min": r[6],
                    "max": r[7],
                    "bands": self._array(r[8], what, (None,)),
                    "hist": self._array(r[9], what, (None,)),
                    "edges": self._array(r[10], what, (None,)),
                }
            return ep, step, vectors, norms, raw, units, stats

        ep, step, vectors, norms, raw, units, stats = self._read(read)
        n_params, n_units, n_layers = self._sizes()
        at = f"at epoch {ep}"
        vectors = self._array(vectors, f"the parameter vectors {at}", (3, n_params))
        params, grads, updates = (None, None, None) if vectors is None else vectors
        norms = self._array(norms, f"the norms {at}", (n_layers, 6), required=True)
        units = self._array(
            units, f"the unit statistics {at}", (3, n_units), required=True
        )
        raw = self._array(raw, f"the probe activations {at}", (None, n_units))
        bins = self.config.get("recorder", {}).get("histogram_bins", 30)
        layers = layer_snapshots(
            self._layer_configs(),
            params=params,
            grads=grads,
            updates=updates,
            norms=norms,
            units=units,
            raw=raw,
            stats=stats,
            bins=bins,
        )
        return Snapshot(epoch=ep, step=step, layers=layers, params=params)

    @_reads_file
    def probe(self) -> np.ndarray | None:
        """The fixed batch whose activations the snapshots hold."""
        rows = self._query("SELECT data FROM blobs WHERE name = 'probe'")
        n_inputs = self._layer_configs()[0]["n_in"]
        return (
            self._array(rows[0][0], "the probe batch", (None, n_inputs))
            if rows
            else None
        )

    @_reads_file
    def data_sample(self):
        """The training sample the run kept (the recorder's ``data_samples``):
        ``(rows, inputs, targets)``: row numbers in the training set (n,),
        inputs (n, n_inputs) and the targets the loss saw (n, n_outputs); None
        for runs that kept none."""

        def read():
            return dict(
                self._query(
                    "SELECT name, data FROM blobs WHERE name IN "
                    "('data_rows', 'data_inputs', 'data_targets')"
                )
            )

        blobs = self._read(read)
        if len(blobs) < 3:
            return None
        n_in = self._layer_configs()[0]["n_in"]
        n_out = self._layer_configs()[-1]["n_out"]
        rows = self._array(blobs["data_rows"], "the kept training rows", (None,))
        n = len(rows)
        inputs = self._array(blobs["data_inputs"], "the kept inputs", (n, n_in))
        targets = self._array(blobs["data_targets"], "the kept targets", (n, n_out))
        return rows, inputs, targets

    @_reads_file
    def _checkpoint(self):
        """The latest resumable state: the checkpoint row or the newest full
        snapshot, whichever is later."""

        def read():
            return (
                self._query(
                    "SELECT epoch, step, params, state, optimizer_state "
                    "FROM checkpoint WHERE id = 1"
                ),
                self._query(
                    "SELECT epoch, step, vectors, state, optimizer_state "
                    "FROM snapshots WHERE state IS NOT NULL "
                    "ORDER BY epoch DESC LIMIT 1"
                ),
            )

        candidates = [rows[0] for rows in self._read(read) if rows]
        if not candidates:
            return None
        epoch, step, params, state, stacked = max(
            candidates, key=lambda r: json.loads(r[3])["steps_trained"]
        )
        state = json.loads(state)
        names = state["optimizer"].get("state_names", [])
        n_params = self._sizes()[0]
        stacked = self._array(
            stacked, f"the optimizer state at epoch {epoch}", (len(names), None)
        )
        params = self._array(params, f"the parameters at epoch {epoch}", required=True)
        if params.ndim == 2:  # a snapshot's stacked params / grads / updates
            params = params[0]
        if params.shape != (n_params,):
            raise RunFileError(
                f"the run {self.path!r} is damaged: the parameters at epoch {epoch} "
                f"have shape {params.shape}; its network has {n_params}."
            )
        return {
            "epoch": epoch,
            "step": step,
            "params": params,
            "optimizer": state["optimizer"],
            "optimizer_state": dict(zip(names, stacked)) if stacked is not None else {},
            "rng": state["rng"],
            "epochs_trained": state["epochs_trained"],
            "steps_trained": state["steps_trained"],
        }

    @_reads_file
    def network(self, epoch=None) -> Network:
        """Rebuild the network as it was at a snapshot epoch (default: the end)."""
        if epoch is None:
            rows = self._query("SELECT data FROM blobs WHERE name = 'final'")
            if rows:
                params = self._array(
                    rows[0][0],
                    "the final parameters",
                    (self._sizes()[0],),
                    required=True,
                )
                net = self._build(params)
                final = self._meta.get("final", {})
                net.epochs_trained = final.get("epochs_trained", net.epochs_trained)
                net.steps_trained = final.get("steps_trained", net.steps_trained)
                return net
            checkpoint = self._checkpoint()
            if checkpoint is None:
                raise NotRecordedError(f"{self.path!r} has no recorded weights yet.")
            params, epoch_done = checkpoint["params"], checkpoint["epoch"]
        else:
            snap = self.snapshot(integer(epoch, "epoch"))
            if snap.params is None:
                raise NotRecordedError(
                    f"{self.path!r} keeps only statistics at each snapshot (the "
                    "network is above the recorder's full_arrays_limit); only the "
                    "final network can be rebuilt. Record with "
                    "Recorder(full_arrays_limit=...) to keep every snapshot."
                )
            params, epoch_done = snap.params, snap.epoch
        net = self._build(params)
        net.epochs_trained = epoch_done + 1
        return net

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
