"""The Recorder: a fit callback that copies what happens into a run file.

The Recorder orchestrates; the pieces live beside it: :mod:`.settings` (checking
its arguments, the run's configuration), :mod:`.schedule` (when to snapshot),
:mod:`.capture` (what a snapshot copies out of the network), :mod:`.sample`
(the rows of the data a run keeps) and :mod:`.rows` (epoch, checkpoint,
diagnostics and final writes).
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone
from time import monotonic

from ..engine import Callback
from . import schema
from .capture import RAW_ACTIVATIONS_LIMIT, Capture
from .diagnostics import Diagnoser
from .rows import checkpoint_write, diagnostics_write, final_write
from .sample import (
    DATA_VALUES_LIMIT,
    VAL_ACCURACY_ROWS,
    data_sample,
    labelled_validation,
    val_accuracy,
)
from .schedule import (
    AUTO_FIRST_EPOCHS,
    AUTO_SNAPSHOTS,
    snapshot_interval,
    takes_snapshot,
)
from .settings import check_settings, new_run_path, run_config, run_path
from .store import RecorderError, RunWriter, insert_blobs, insert_meta
from .store.lock import writer_identity

__all__ = [
    "AUTO_FIRST_EPOCHS",
    "AUTO_SNAPSHOTS",
    "DATA_VALUES_LIMIT",
    "RAW_ACTIVATIONS_LIMIT",
    "VAL_ACCURACY_ROWS",
    "Recorder",
    "new_run_path",
]


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
        # a folder: a new run file in it for each run (see on_fit_start)
        self.path, self._folder = run_path(path)
        checked = check_settings(
            every=every,
            probe=probe,
            snapshot_every=snapshot_every,
            histogram_bins=histogram_bins,
            full_arrays_limit=full_arrays_limit,
            probe_size=probe_size,
            name=name,
            dataset=dataset,
            overwrite=overwrite,
            flush_seconds=flush_seconds,
            data_samples=data_samples,
        )
        self.every = checked["every"]
        self.probe = checked["probe"]
        self.snapshot_every = checked["snapshot_every"]
        self.histogram_bins = checked["histogram_bins"]
        self.full_arrays_limit = checked["full_arrays_limit"]
        self.probe_size = checked["probe_size"]
        self.name = checked["name"]
        self.dataset = checked["dataset"]
        self.overwrite = checked["overwrite"]
        self.flush_seconds = checked["flush_seconds"]
        self.data_samples = checked["data_samples"]
        self._mode = "create"
        self._writer = None
        self._net = None  # the network of the run recorded so far
        self._end_epochs = None  # its epochs_trained when the last fit ended
        self._diagnoser = Diagnoser()
        self._val_labels = None  # see sample.labelled_validation
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

    @classmethod
    def appending(cls, path, **settings) -> Recorder:
        """A Recorder that goes on writing into the existing run at ``path``
        (as ``ng.Resume`` does) instead of creating a new run file; ``settings``
        as for the constructor."""
        recorder = cls(path, **settings)
        recorder._mode = "append"
        return recorder

    # -- fit start ---------------------------------------------------------------
    def on_fit_start(self, net, fit):
        if self._writer is None:
            if self._mode == "append" and not self._continues(net):
                self._new_run(net)
            self._writer = self._open_writer()
            self._mode = "append"
        self._pending = self._writer.pending_steps
        self._net = net
        self._fit_epochs = fit.epochs
        self._fit_start_epoch = fit.start_epoch
        self._snap_every = snapshot_interval(self.snapshot_every, fit.epochs)
        probe = self.probe if self.probe is not None else fit.X[: self.probe_size]
        self._capture = Capture(
            net,
            probe,
            full_arrays_limit=self.full_arrays_limit,
            histogram_bins=self.histogram_bins,
        )
        self._diagnoser.start_fit(  # the task, for the rules about the loss
            loss=fit.loss,
            targets=fit.targets,
            optimizer=getattr(fit.optimizer, "name", None),
            lr=getattr(fit.optimizer, "lr", None),
            epochs=fit.epochs,
            l1=fit.l1,
            l2=fit.l2,
        )
        self._val_labels = labelled_validation(fit, self._diagnoser.context.labels)
        n_snapshots = fit.epochs // self._snap_every + 2
        estimate = (
            n_snapshots * self._capture.bytes_per_snapshot
            + fit.epochs * fit.steps_per_epoch // self.every * 48
            + 3 * net.n_params * 8
        )
        self._writer.check_space(int(estimate * 1.2))
        meta = {
            "format": schema.FORMAT,
            "schema_version": schema.SCHEMA_VERSION,
            "status": "running",
            "config": run_config(net, fit, self.dataset, self.settings()),
            "name": self.name or os.path.basename(self.path),
            "full_arrays": self._capture.full,
            **writer_identity(),
        }
        if fit.start_epoch == 0 or "created" not in self._existing_meta():
            meta["created"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        blobs = [
            ("probe", schema.pack(self._capture.probe)),
            *data_sample(fit, self.data_samples),
        ]
        writes = (insert_meta(meta), insert_blobs(blobs))
        # one transaction: the start costs one commit
        self._writer.transaction(lambda cur: [write(cur) for write in writes])
        self._verbose = fit.verbose

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
            return self._writer.read_meta()
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
        snapshot = takes_snapshot(
            self.snapshot_every,
            self._snap_every,
            info.epoch - self._fit_start_epoch,
            self._fit_epochs,
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
            rows, summary = self._capture.snapshot(net, info.epoch, info.step)
            writes += rows
            found += self._diagnoser.add_snapshot(summary)
            if not self._capture.full:  # full snapshots carry their own resume state
                writes.append(checkpoint_write(net, info.epoch, info.step))
        if found:
            writes.append(self._diagnostic_rows(found))
        # the epoch's steps not yet written go into its row: one insert
        epoch_row += (self._writer.take_steps(),)
        self._writer.commit_epoch(epoch_row, writes)
        self._report(found)

    def _val_accuracy(self, net, info):
        """The epoch's validation accuracy (see :func:`.sample.val_accuracy`)."""
        return val_accuracy(net, info, self._val_labels)

    def _diagnostic_rows(self, found):
        self.diagnostics += found
        return diagnostics_write(found)

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
        # the run's status (the fit's own is kept as stop_reason): "stopped"
        # when the caller ended the fit (Trainer.stop), never "interrupted"
        status = {
            "finished": "finished",
            "stopped_early": "finished",
            "stopped": "stopped",
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
            checkpoint_write(net, net.epochs_trained - 1, net.steps_trained),
            self._diagnostic_rows(found),
            final_write(net),
            insert_meta(
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
