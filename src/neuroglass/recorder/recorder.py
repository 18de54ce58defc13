"""The Recorder: a fit callback that copies what happens into a run file."""

from __future__ import annotations

import json
import math
import os
import time
from datetime import datetime, timezone
from time import monotonic

import numpy as np

from ..engine import Callback
from ..engine.errors import ConfigError
from ..engine.validation import check_inputs, integer, non_negative
from . import schema
from .diagnostics import Diagnoser, SnapshotSummary
from .stats import CAN_DIE, RELU_LIKE, SATURATION, SQUASHING, summarize
from .store import RecorderError, RunWriter, check_run_file, writer_identity

RAW_ACTIVATIONS_LIMIT = 300_000  # probe samples x units, stored as float32
#: the training sample a run keeps (``data_samples``) holds at most this many
#: numbers, inputs and targets together: 1,000 rows of 2-D data, fewer if wide
DATA_VALUES_LIMIT = 20_000
#: an mse classification's validation accuracy (which the engine does not
#: report) is computed on at most this many validation rows, evenly spaced
VAL_ACCURACY_ROWS = 10_000
AUTO_FIRST_EPOCHS = 5  # "auto": a snapshot after each of the first epochs ...
AUTO_SNAPSHOTS = 30  # ... then about this many over the fit
_SNAPSHOTS = ("auto", "progressive")


_INSERT_EPOCH = (
    "INSERT OR REPLACE INTO epochs (epoch, step, loss, accuracy, val_loss, "
    "val_accuracy, lr, time, wall, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _progressive_step(done: int) -> int:
    """Epochs between "progressive" snapshots around epoch ``done`` of a fit."""
    return 1 if done < 100 else 10 ** (len(str(done)) - 2)


def _ratio(grad_squares, weight_squares):
    """||dW|| / ||W|| from sums of squares (None when the weights are 0)."""
    return math.sqrt(grad_squares / weight_squares) if weight_squares > 0 else None


def _library_version() -> str:
    from .._version import __version__

    return __version__


def new_run_path(directory) -> str:
    """A fresh ``run-YYYYmmdd-HHMMSS[-N].ngrun`` name inside ``directory``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = os.path.join(directory, f"run-{stamp}{schema.SUFFIX}")
    n = 1
    while os.path.exists(candidate):
        n += 1
        candidate = os.path.join(directory, f"run-{stamp}-{n}{schema.SUFFIX}")
    return candidate


class Recorder(Callback):
    """Record a training run into one SQLite file (``.ngrun``).

    Parameters
    ----------
    path : str or path
        The run file; an existing folder gets a new ``run-<time>.ngrun`` in it.
    every : int, default 1
        Record the loss of every ``every``-th step.
    probe : array-like (n_samples, n_inputs), optional
        A fixed batch whose activations are recorded at each snapshot; default
        the first ``probe_size`` training samples.
    snapshot_every : int, "auto" or "progressive"
        Epochs between snapshots of weights, gradients, updates and activations;
        "auto" takes one after each of the first 5 epochs, then about 30 over
        the fit (every 3rd epoch of 100, every 33rd of 1,000). "progressive"
        takes one after each of the first 100 epochs, then every 10th up to
        1,000, every 100th up to 10,000 and so on (for open-ended training, as
        in the playground). The first and last epochs always get one.
    histogram_bins : int, default 30
    full_arrays_limit : int, default 100_000
        Networks with at most this many parameters store full arrays at each
        snapshot; larger ones store statistics and histograms only.
    probe_size : int, default 256
    name : str, optional
        A label for run lists; default the file name.
    dataset : str or dict, optional
        A description of the data, kept in the run's configuration.
    overwrite : bool, default False
        Replace an existing run at ``path``.
    flush_seconds : float, default 0.5
        Step losses are committed at least this often (and with every epoch); a
        killed process loses at most the last ``flush_seconds`` of step losses
        and the epoch in flight. ``0`` commits every step (slower).
    data_samples : int, default 1000
        How many training samples (inputs and the targets the loss saw) the run
        keeps, so that viewers can draw the data (``neuroglass dashboard``):
        evenly spaced rows of the training set, all of it when it is smaller,
        and never more than :data:`DATA_VALUES_LIMIT` numbers (fewer rows for
        wide data). ``0`` keeps none (the probe batch still holds inputs: pass
        ``probe`` to choose those).
    """

    wants_batches = True

    def __init__(
        self,
        path,
        every=1,
        probe=None,
        snapshot_every="auto",
        histogram_bins=30,
        full_arrays_limit=100_000,
        probe_size=256,
        name=None,
        dataset=None,
        overwrite=False,
        flush_seconds=0.5,
        data_samples=1000,
    ):
        try:
            self.path = os.fsdecode(path)
        except TypeError:
            raise ConfigError(
                f"path must be a file or folder name (str or path); got {path!r}."
            ) from None
        if not self.path:
            raise ConfigError("path is empty; give a run file or a folder name.")
        # a folder: a new run file in it for each run (see on_fit_start)
        self._folder = self.path if os.path.isdir(self.path) else None
        if self._folder is not None:
            self.path = new_run_path(self._folder)
        elif not self.path.endswith(schema.SUFFIX) and not os.path.exists(self.path):
            self.path += schema.SUFFIX
        every, histogram_bins, probe_size, full_arrays_limit = (
            integer(value, what, minimum=1)
            for value, what in (
                (every, "every"),
                (histogram_bins, "histogram_bins"),
                (probe_size, "probe_size"),
                (full_arrays_limit, "full_arrays_limit"),
            )
        )
        if not (isinstance(snapshot_every, str) and snapshot_every in _SNAPSHOTS):
            try:
                snapshot_every = integer(snapshot_every, "snapshot_every", minimum=1)
            except ConfigError:
                raise ConfigError(
                    "snapshot_every must be a positive integer, 'auto' or "
                    f"'progressive'; got {snapshot_every!r}."
                ) from None
        flush_seconds = non_negative(flush_seconds, "flush_seconds")
        data_samples = integer(data_samples, "data_samples", minimum=0)
        if probe is not None:
            try:
                width = np.shape(probe)[-1]
            except (ValueError, IndexError):
                width = 1  # check_inputs names what is wrong
            if check_inputs(probe, width, np.float64, "probe").size == 0:
                raise ConfigError(f"probe is empty ({probe!r}); pass some samples.")
        if name is not None and not isinstance(name, str):
            raise ConfigError(f"name must be a string or None; got {name!r}.")
        if dataset is not None:
            if not isinstance(dataset, (str, dict)):
                raise ConfigError(
                    f"dataset must be a string, a dict or None; got {dataset!r}."
                )
            try:
                json.dumps(dataset, allow_nan=False)
            except (TypeError, ValueError) as exc:
                raise ConfigError(
                    f"dataset must be JSON data (str, numbers, lists, dicts), as it "
                    f"is stored in the run; {dataset!r} is not: {exc}."
                ) from None
        if not isinstance(overwrite, (bool, np.bool_)):
            raise ConfigError(f"overwrite must be True or False; got {overwrite!r}.")
        self.every = every
        self.probe = probe
        self.snapshot_every = snapshot_every
        self.histogram_bins = histogram_bins
        self.full_arrays_limit = full_arrays_limit
        self.probe_size = probe_size
        self.name = name
        self.dataset = dataset
        self.overwrite = bool(overwrite)
        self.flush_seconds = flush_seconds
        self.data_samples = data_samples
        self._mode = "create"
        self._writer = None
        self._net = None  # the network of the run recorded so far
        self._end_epochs = None  # its epochs_trained when the last fit ended
        self._diagnoser = Diagnoser()
        self._val_labels = None  # see _labelled_validation
        self._printed = 0
        self.diagnostics = []

    def settings(self) -> dict:
        return {
            "every": self.every,
            "snapshot_every": self.snapshot_every,
            "histogram_bins": self.histogram_bins,
            "full_arrays_limit": self.full_arrays_limit,
            "probe_size": self.probe_size,
            "flush_seconds": self.flush_seconds,
            "data_samples": self.data_samples,
        }

    # -- fit start ---------------------------------------------------------------
    def on_fit_start(self, net, fit):
        if self._writer is None:
            if self._mode == "append" and not self._continues(net):
                self._new_run(net)
            self._writer = self._open_writer()
            self._mode = "append"
        self._pending = self._writer.pending_steps
        self._net = net
        self._full = net.n_params <= self.full_arrays_limit
        self._fit_epochs = fit.epochs
        self._fit_start_epoch = fit.start_epoch
        every = self.snapshot_every
        if every == "auto":
            self._snap_every = max(1, round(fit.epochs / AUTO_SNAPSHOTS))
        elif every == "progressive":
            self._snap_every = _progressive_step(fit.epochs)  # only for the estimate
        else:
            self._snap_every = every
        probe = self.probe if self.probe is not None else fit.X[: self.probe_size]
        self._probe = np.array(check_inputs(probe, net.n_inputs, net.dtype, "probe"))
        units = sum(layer.n_out for layer in net.layers)
        self._n_units = units
        self._raw = self._full and units * len(self._probe) <= RAW_ACTIVATIONS_LIMIT
        starts, offset = [], 0
        for layer in net.layers:
            starts += [offset, offset + layer.n_in * layer.n_out]
            offset += layer.n_params
        self._segments = np.array(starts)
        self._weight_sizes = np.sqrt(
            [layer.n_in * layer.n_out for layer in net.layers]
        ).tolist()
        self._layer_names = [layer.name for layer in net.layers]
        names = [layer.activation_name for layer in net.layers]
        self._unit_groups(names, [layer.n_out for layer in net.layers])
        self._activation_names = names
        self._diagnoser.start_fit(  # the task, for the rules about the loss
            loss=fit.loss,
            targets=fit.targets,
            optimizer=getattr(fit.optimizer, "name", None),
            lr=getattr(fit.optimizer, "lr", None),
            epochs=fit.epochs,
            l1=fit.l1,
            l2=fit.l2,
        )
        self._val_labels = self._labelled_validation(fit)
        n_snapshots = fit.epochs // self._snap_every + 2
        per_snapshot = (
            (3 * net.n_params * net.dtype.itemsize if self._full else 0)
            + (4 * units * len(self._probe) if self._raw else 0)
            + 40 * len(net.layers) * (self.histogram_bins + 30) * 8
        )
        estimate = (
            n_snapshots * per_snapshot
            + fit.epochs * fit.steps_per_epoch // self.every * 48
            + 3 * net.n_params * 8
        )
        self._writer.check_space(int(estimate * 1.2))
        config = {
            "network": net.config(),
            "optimizer": fit.optimizer.config(),
            "schedule": repr(fit.schedule),
            "loss": fit.loss,
            "fit": {
                "epochs": fit.epochs,
                "batch_size": fit.batch_size,
                "n_train": fit.n_train,
                "n_val": fit.n_val,
                "shuffle": fit.shuffle,
                "l1": fit.l1,
                "l2": fit.l2,
                "clip_norm": fit.clip_norm,
                "steps_per_epoch": fit.steps_per_epoch,
            },
            "dataset": self.dataset
            or {"n_samples": fit.n_train + fit.n_val, "n_features": net.n_inputs},
            "seed": net.seed,
            "library_version": _library_version(),
            "recorder": self.settings(),
        }
        meta = {
            "format": schema.FORMAT,
            "schema_version": schema.SCHEMA_VERSION,
            "status": "running",
            "config": config,
            "name": self.name or os.path.basename(self.path),
            "full_arrays": self._full,
            **writer_identity(),
        }
        if fit.start_epoch == 0 or "created" not in self._existing_meta():
            meta["created"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        blobs = [("probe", schema.pack(self._probe)), *self._data_sample(fit)]
        self._writer.transaction(  # one transaction: the start costs one commit
            lambda con: (
                RunWriter._meta(con, meta),
                con.executemany(
                    "INSERT OR REPLACE INTO blobs (name, data) VALUES (?, ?)", blobs
                ),
            )
        )
        self._verbose = fit.verbose

    def _labelled_validation(self, fit):
        """For a classification trained with mse on one output (two labels,
        :func:`~neuroglass.recorder.diagnostics.overfitting.mse_labels`), whose
        accuracy the engine does not report: ``(inputs, truth, threshold)`` of
        at most :data:`VAL_ACCURACY_ROWS` validation rows, for the accuracy the
        overfitting rule weighs (see :meth:`_val_accuracy`); else None."""
        labels = self._diagnoser.context.labels
        X, T = getattr(fit, "X_val", None), getattr(fit, "targets_val", None)
        if labels is None or X is None or T is None or not len(X):
            return None
        T = np.asarray(T).reshape(-1)
        if not np.all((T == labels[0]) | (T == labels[1])):
            return None  # validation values that are no labels: not a classification
        rows = slice(None)
        if len(X) > VAL_ACCURACY_ROWS:
            rows = np.linspace(0, len(X) - 1, VAL_ACCURACY_ROWS).round().astype(int)
        threshold = (labels[0] + labels[1]) / 2
        return np.array(X[rows]), T[rows] > threshold, threshold

    def _val_accuracy(self, net, info):
        """The epoch's validation accuracy: the engine's, or for an mse
        classification the fraction of validation rows whose output is on the
        side of the midpoint between the labels that their label is (0 for -1
        and +1, as the playground's tanh output reads). One forward pass over
        at most :data:`VAL_ACCURACY_ROWS` rows."""
        if info.val_accuracy is not None or self._val_labels is None:
            return info.val_accuracy
        X, truth, threshold = self._val_labels
        return float(np.mean((net._predict(X)[:, 0] > threshold) == truth))

    def _data_sample(self, fit) -> list:
        """The blobs of the training sample this run keeps (``data_samples``):
        ``data_rows`` (their row numbers), ``data_inputs``, ``data_targets``."""
        X, T = fit.X, fit.targets
        if X is None or T is None or not self.data_samples or not len(X):
            return []
        width = X.shape[1] + (T.shape[1] if T.ndim > 1 else 1)
        k = min(self.data_samples, len(X), max(1, DATA_VALUES_LIMIT // width))
        rows = np.unique(np.linspace(0, len(X) - 1, k).round().astype(np.int64))
        return [
            ("data_rows", schema.pack(rows)),
            ("data_inputs", schema.pack(np.asarray(X)[rows])),
            ("data_targets", schema.pack(np.asarray(T)[rows])),
        ]

    def _continues(self, net) -> bool:
        """Whether this fit goes on with the run recorded so far: the same
        network, from where the last fit left it (``net.fit`` again)."""
        return self._net is None or (
            net is self._net and net.epochs_trained == self._end_epochs
        )

    def _new_run(self, net) -> None:
        """This Recorder already recorded another network (or the same one
        from elsewhere): a new run in its folder, or a clear refusal."""
        if self._folder is None:
            raise RecorderError(
                f"this Recorder already recorded a run into {self.path!r}, and this "
                "fit does not continue it (another network, or the same one "
                "rebuilt or reset); recording it there would mix two runs. Use a "
                "new Recorder with another path, or Recorder(folder), which makes a "
                "new run file for each run."
            )
        self.path = new_run_path(self._folder)
        self._mode = "create"
        self._diagnoser = Diagnoser()
        self._printed = 0
        self.diagnostics = []

    def _open_writer(self) -> RunWriter:
        if self._mode == "append":
            return RunWriter(self.path, mode="append", flush_seconds=self.flush_seconds)
        mode = "overwrite" if self.overwrite else "create"
        for _ in range(20):
            if self._folder is not None and os.path.lexists(self.path):
                self.path = new_run_path(self._folder)  # taken since __init__
            try:
                return RunWriter(self.path, mode=mode, flush_seconds=self.flush_seconds)
            except RecorderError:
                # another process took the same new name at the same moment
                if self._folder is None or not os.path.lexists(self.path):
                    raise
        raise RecorderError(f"could not create a new run in {self._folder!r}.")

    def _existing_meta(self) -> dict:
        try:
            return check_run_file(self._writer.con, self.path)
        except RecorderError:
            return {}

    # -- steps -------------------------------------------------------------------
    def on_batch_end(self, net, step):
        # RunWriter.add_step, inlined: this runs at every step. The StepInfo is
        # kept as it is; its numbers are packed all at once when written.
        if step.step % self.every == 0:
            self._pending.append(step)
            if monotonic() >= self._writer.flush_at:
                self._writer.flush()

    # -- epochs ------------------------------------------------------------------
    def on_epoch_end(self, net, info):
        done = info.epoch - self._fit_start_epoch
        snapshot = (
            (
                done % _progressive_step(done) == 0
                if self.snapshot_every == "progressive"
                else done % self._snap_every == 0
            )
            or done == self._fit_epochs - 1
            or (self.snapshot_every == "auto" and done < AUTO_FIRST_EPOCHS)
        )
        epoch_row = (
            info.epoch,
            info.step,
            info.loss,
            info.accuracy,
            info.val_loss,
            info.val_accuracy,
            info.lr,
            info.time,
            time.time(),
        )
        found = self._diagnoser.add_epoch(
            {
                "epoch": info.epoch,
                "step": info.step - 1,
                "loss": info.loss,
                "val_loss": info.val_loss,
                "lr": info.lr,
                "accuracy": info.accuracy,
                "val_accuracy": self._val_accuracy(net, info),
            }
        )
        writes = []
        if snapshot:
            rows, summary = self._snapshot(net, info.epoch, info.step)
            writes += rows
            found += self._diagnoser.add_snapshot(summary)
            if not self._full:  # full snapshots carry their own resume state
                writes.append(self._checkpoint(net, info.epoch, info.step))
        if found:
            writes.append(self._diagnostic_rows(found))
        # the epoch's steps not yet written go into its row: one insert
        epoch_row += (self._writer.take_steps(),)
        self._writer.commit(_INSERT_EPOCH, epoch_row, writes)
        self._report(found)

    def _snapshot(self, net, epoch, step):
        layers = net.layers
        params, grads, updates = net._params, net._grads, net._updates
        if self._full:  # small: stack once, for the sums below and for storing
            stacked = np.array((params, grads, updates))
            squares = np.add.reduceat(np.square(stacked), self._segments, axis=1)
        else:
            squares = np.stack(
                [
                    np.add.reduceat(v * v, self._segments)
                    for v in (params, grads, updates)
                ]
            )
        # squares: (3, 2 * n_layers), rows params/grads/updates, columns W1, b1, ...
        norms = np.sqrt(squares.reshape(3, -1, 2).transpose(1, 0, 2).reshape(-1, 6))
        # norms[i] = |W|, |b|, |dW|, |db|, |update W|, |update b| of layer i
        activations = []
        h = self._probe
        for layer in layers:
            h = layer.forward(h, store=False)
            activations.append(h)
        # all layers' probe activations, a row per unit: (total units, n_probe)
        by_unit = np.concatenate([a.T for a in activations])
        units, dead, saturated = self._unit_stats(by_unit)
        rows = []
        if self._full:
            # all layers' probe activations side by side: (n_probe, total units)
            raw = (
                schema.pack(by_unit.T.astype(np.float32, order="C"))
                if self._raw
                else None
            )
            state, optimizer_state = self._resume_state(net)
            vectors = schema.pack(stacked)
            snap_row = (
                epoch,
                step,
                vectors,
                schema.pack(norms),
                schema.pack(units),
                raw,
                state,
                optimizer_state,
            )
        else:
            snap_row = (
                epoch,
                step,
                None,
                schema.pack(norms),
                schema.pack(units),
                None,
                None,
                None,
            )
            stat_rows = []
            for i, (layer, a) in enumerate(zip(layers, activations)):
                arrays = {
                    "weights": layer.weights,
                    "bias": layer.bias,
                    "grad_weights": layer.grad_weights,
                    "grad_bias": layer.grad_bias,
                    "update_weights": layer.update_weights,
                    "update_bias": layer.update_bias,
                    "activation": a,
                }
                for quantity, values in arrays.items():
                    s = summarize(values, self.histogram_bins)
                    stat_rows.append(
                        (
                            epoch,
                            i,
                            quantity,
                            s["size"],
                            s["norm"],
                            s["mean"],
                            s["std"],
                            s["min"],
                            s["max"],
                            schema.pack(s["bands"]),
                            schema.pack(s["hist"]),
                            schema.pack(s["edges"]),
                        )
                    )
            rows.append(
                lambda con: con.executemany(
                    "INSERT OR REPLACE INTO layer_stats VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    stat_rows,
                )
            )
        rows.append(
            lambda con: con.execute(
                "INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                snap_row,
            )
        )
        per_layer = norms.tolist()  # plain floats: cheaper than NumPy scalars here
        summary = SnapshotSummary(
            epoch=epoch,
            step=step - 1,
            layer_names=self._layer_names,
            activations=self._activation_names,
            grad_rms=[n[2] / size for n, size in zip(per_layer, self._weight_sizes)],
            update_ratio=[n[4] / n[0] if n[0] > 0 else math.inf for n in per_layer],
            grad_norm=math.sqrt(squares[1].sum()),
            dead_fraction=dead,
            saturated_fraction=saturated,
            grad_to_weight=_ratio(squares[1, 0::2].sum(), squares[0, 0::2].sum()),
        )
        return rows, summary

    def _unit_groups(self, names, widths):
        """Which probe columns and layers each per-unit statistic looks at."""
        bounds = np.cumsum([0, *widths]).tolist()  # layer i: columns bounds[i:i+2]
        self._n_layers = len(widths)
        self._nan_units = np.full((3, bounds[-1]), np.nan)

        def group(flags):
            """(the columns: a slice where contiguous, and per layer: index,
            first and end position among the group's columns, width)"""
            layers = [i for i, flag in enumerate(flags) if flag]
            if not layers:
                return None
            cols = np.concatenate([np.arange(bounds[i], bounds[i + 1]) for i in layers])
            if cols[-1] - cols[0] + 1 == cols.size:
                cols = slice(int(cols[0]), int(cols[-1]) + 1)  # a view, not a copy
            spans, at = [], 0
            for i in layers:
                spans.append((i, at, at + widths[i], float(widths[i])))
                at += widths[i]
            return cols, spans

        self._relu = group([n in RELU_LIKE for n in names])
        # dead-unit fractions for the layers that can die (a subset of relu-like)
        self._mortal = (
            [span for span in self._relu[1] if names[span[0]] in CAN_DIE]
            if self._relu
            else []
        )
        # the output layer's saturation is its confidence, not a problem
        self._squash = group([n in SQUASHING for n in names[:-1]] + [False])
        self._squash_sigmoid = None
        if self._squash:
            sigmoid = np.repeat([n == "sigmoid" for n in names], widths)
            sigmoid = sigmoid[self._squash[0]]
            self._squash_sigmoid = sigmoid[:, None] if sigmoid.any() else None

    def _unit_stats(self, A):
        """Per-unit statistics of all layers at once; A is (total units, n_probe),
        each unit's activations contiguous (cheaper to reduce than columns).

        Returns (3, units) rows mean / fraction active / fraction saturated (NaN
        where not applicable), and per layer the dead and saturated fractions.
        A snapshot's cost is mostly fixed costs per NumPy call: few calls here.
        """
        scale = 1.0 / A.shape[1]
        units = self._nan_units.copy()
        units[0] = np.add.reduce(A, axis=1) * scale
        dead = [None] * self._n_layers
        hot = [None] * self._n_layers
        if self._relu is not None:
            cols = self._relu[0]
            active = np.add.reduce(A[cols] > 0, axis=1) * scale
            units[1, cols] = active
            if self._mortal:
                active = active.tolist()
                for i, start, end, width in self._mortal:
                    dead[i] = active[start:end].count(0.0) / width
        if self._squash is not None:
            cols, spans = self._squash
            S = A[cols]
            if self._squash_sigmoid is not None:
                S = np.where(self._squash_sigmoid, 2 * S - 1, S)
            sat = np.add.reduce(np.abs(S) > SATURATION, axis=1) * scale
            units[2, cols] = sat
            sat = sat.tolist()
            for i, start, end, width in spans:
                hot[i] = sum(f > 0.9 for f in sat[start:end]) / width
        return units, dead, hot

    def _resume_state(self, net):
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

    def _checkpoint(self, net, epoch, step):
        text, arrays = self._resume_state(net)
        row = (epoch, step, schema.pack(net._params), text, arrays)
        return lambda con: con.execute(
            "INSERT OR REPLACE INTO checkpoint VALUES (1, ?, ?, ?, ?, ?)", row
        )

    def _diagnostic_rows(self, found):
        self.diagnostics += found
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
        return lambda con: con.executemany(
            "INSERT INTO diagnostics (rule, severity, epoch, step, layer, message, "
            "evidence, suggestion) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def _report(self, found):
        if not (self._verbose and found):
            return
        from tqdm.auto import tqdm

        for diagnostic in found:
            tqdm.write(f"neuroglass: {diagnostic}")

    # -- fit end -----------------------------------------------------------------
    def on_fit_end(self, net, fit):
        if self._writer is None:
            return
        status = {
            "finished": "finished",
            "stopped_early": "finished",
            "diverged": "diverged",
        }.get(fit.status, "interrupted")
        found = []
        if fit.status in ("finished", "stopped_early"):
            found += self._diagnoser.end_fit()  # verdicts on the whole fit
        if fit.status == "diverged":
            found.append(
                self._diagnoser.diverged(
                    net.epochs_trained,
                    net.steps_trained,
                    fit.error,
                    getattr(fit, "cause", None),
                )
            )
        writes = [
            self._checkpoint(net, net.epochs_trained - 1, net.steps_trained),
            self._diagnostic_rows(found),
            lambda con: con.execute(
                "INSERT OR REPLACE INTO blobs (name, data) VALUES ('final', ?)",
                (schema.pack(net._params),),
            ),
            lambda con: RunWriter._meta(
                con,
                {
                    "status": status,
                    "stop_reason": fit.status,
                    "final": {
                        "epochs_trained": net.epochs_trained,
                        "steps_trained": net.steps_trained,
                        "network": net.config(),
                    },
                    "error": fit.error,
                },
            ),
        ]
        try:
            self._writer.transaction(lambda con: [write(con) for write in writes])
            self._report(found)
        finally:
            self._writer.close()
            self._writer = None
            self._end_epochs = net.epochs_trained
