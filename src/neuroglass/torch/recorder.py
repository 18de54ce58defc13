"""Record a plain PyTorch training loop into a neuroglass run (``.ngrun``).

>>> with Recorder("runs/mlp.ngrun", model, optimizer=opt, probe=X[:256]) as rec:
...     for epoch in range(epochs):
...         for xb, yb in loader:
...             opt.zero_grad(); loss = loss_fn(model(xb), yb); loss.backward()
...             opt.step()
...             rec.step(loss)
...         rec.epoch(val_loss=..., val_accuracy=...)

The run has the engine's tables (see :mod:`neuroglass.recorder.schema`), so
``ng.open_run`` and every run view read it. The pieces: :mod:`.modules` (the
layers and the run's network config), :mod:`.capture` (the optimizer's step
hooks, the probe pass), :mod:`.snapshot` (a snapshot's rows), :mod:`.steps`
(step losses, kept on the device until they are written) and
:mod:`.distributed` (who writes under ``torch.distributed``).
"""

from __future__ import annotations

import os
import time
import weakref
from datetime import datetime, timezone

from ..recorder import schema
from ..recorder.diagnostics import Diagnoser
from ..recorder.schedule import takes_snapshot
from ..recorder.settings import run_path
from ..recorder.store import RecorderError, insert_blobs, insert_meta
from ..recorder.store.lock import writer_identity
from .capture import StepCapture, setup_probe
from .distributed import Context
from .modules import ModelView
from .settings import (
    check_arguments,
    learning_rate,
    optimizer_name,
    probe_array,
    run_config,
)
from .settings import schedule as _schedule
from .steps import StepLosses, metric
from .writes import RunWrites

__all__ = ["Recorder"]

#: models being recorded now, so that a second Recorder of one model is refused
#: (a registry here: nothing is added to the model)
_RECORDING = weakref.WeakKeyDictionary()


class Recorder(RunWrites):
    """Record a PyTorch training loop into one run file.

    Parameters
    ----------
    path : str or path
        The run file (``.ngrun`` added to a new name without it); an existing
        folder gets a new ``run-<time>.ngrun`` in it.
    model : torch.nn.Module
        The model trained (also wrapped in ``DistributedDataParallel`` or
        ``torch.compile``: the module inside is recorded).
    optimizer : torch.optim.Optimizer, optional
        Its step hooks read the gradients (after DDP's all-reduce and AMP's
        unscale, before ``zero_grad``) and the update of the step before a
        snapshot. Without it, a snapshot reads ``.grad`` as it is at
        :meth:`epoch` and records no update.
    probe : tensor or array (n_samples, ...), or tuple of tensors, optional
        A fixed batch whose activations are measured at each snapshot (dead
        ReLUs, saturated units; conv layers per channel); a tuple of tensors is
        a model's several inputs (``model(*probe)``). Without it no unit
        statistics are recorded.
    loss : str, torch loss module or function, optional
        E.g. ``nn.CrossEntropyLoss()``: see :class:`~.modules.ModelView`.
    every : int, default 1
        Record the loss of every ``every``-th step.
    snapshot_every : int, "auto" or "progressive"
        Epochs between snapshots, as for :class:`neuroglass.Recorder`. "auto"
        needs ``epochs`` to spread about 30 snapshots over the run; without
        it, it is "progressive" (every epoch up to 100, then every 10th ...).
    histogram_bins : int, default 30
    full_arrays_limit : int, default 100_000
        Models with at most this many recorded parameters store the full
        parameter, gradient and update vectors at each snapshot; larger ones
        statistics and histograms per layer.
    overwrite : bool, default False
        Replace an existing run at ``path``.
    flush_seconds : float, default 0.5
        Step losses are committed at least this often (and with every epoch);
        ``0`` commits each step. A killed process loses at most the steps of
        the last ``flush_seconds`` (and none that were committed).
    layers : list of str, optional
        The names of the layers to record (``model.named_modules()`` names of
        modules with parameters); default all.
    epochs : int, optional
        The epochs planned, for ``snapshot_every="auto"``.
    name : str, optional
        A label for run lists; default the file name.
    steps_per_epoch : int, optional
        Optimizer steps per epoch (the shortest's): only each epoch's last step
        copies the parameters (for its update), not every step of the first
        epoch, whose length is otherwise unknown (see :class:`.StepCapture`).

    Notes
    -----
    Call ``rec.step(loss)`` once per optimizer step, after ``opt.step()``;
    with gradient accumulation (``opt.step()`` every k batches) that is once
    per k batches, with the loss of your choice (e.g. the last batch's). The
    gradient a snapshot keeps is the accumulated one the optimizer used, its
    update that step's; the learning rate of a row is the one that step used
    (first parameter group; ``config["optimizer"]["group_lrs"]`` has them
    all). Without ``optimizer`` the gradients are read at :meth:`epoch`, and
    are gone if ``zero_grad()`` ran (a warning says so).

    Attributes
    ----------
    path : str
    diagnostics : list of Diagnostic
        What the health rules found so far.
    """

    def __init__(
        self,
        path,
        model,
        optimizer=None,
        probe=None,
        *,
        loss=None,
        every=1,
        snapshot_every="auto",
        histogram_bins=30,
        full_arrays_limit=100_000,
        overwrite=False,
        flush_seconds=0.5,
        layers=None,
        epochs=None,
        name=None,
        steps_per_epoch=None,
    ):
        self._closed = True  # until everything is in place
        checked = check_arguments(
            optimizer,
            steps_per_epoch,
            every=every,
            snapshot_every=snapshot_every,
            histogram_bins=histogram_bins,
            full_arrays_limit=full_arrays_limit,
            name=name,
            overwrite=overwrite,
            flush_seconds=flush_seconds,
        )
        for key in ("every", "histogram_bins", "full_arrays_limit", "flush_seconds"):
            setattr(self, key, checked[key])
        self.snapshot_every = checked["snapshot_every"]
        self._mode, self._interval = _schedule(self.snapshot_every, epochs)
        self.epochs_planned = epochs
        self._watch(model, layers, loss, probe)
        self._optimizer = optimizer
        self._ctx = Context()
        self.path, _ = run_path(path)
        self.name = checked["name"] or os.path.basename(self.path)
        self.diagnostics = []
        self._diagnoser = Diagnoser()
        self._writer = self._open(checked["overwrite"])
        # from here on, close() undoes what was done
        _RECORDING[self._view.root] = self.path
        # the other ranks hold the same gradients and weights: the writer copies
        writes = optimizer is not None and self._writer is not None
        view, n = self._view, steps_per_epoch
        self._capture = StepCapture(view.params, optimizer, n) if writes else None
        self._losses = StepLosses(self._ctx, self.every)
        self._reset_counters()
        self._closed = False
        try:
            self._start()
        except BaseException:
            self._release()
            raise

    def _watch(self, model, layers, loss, probe) -> None:
        """The model as layers, its probe pass; one Recorder per model."""
        self._view = view = ModelView(model, layers, loss)
        self._full = view.layout.size <= self.full_arrays_limit
        self._probe, self._probe_pass = setup_probe(
            view, probe, self.histogram_bins, self._full and view.mlp
        )
        if view.root in _RECORDING:
            raise RecorderError(
                f"the model {type(view.root).__name__} is already being recorded "
                f"into {_RECORDING[view.root]!r}; a model has one Recorder at a "
                "time. Close that one first (rec.close())."
            )

    # -- start ---------------------------------------------------------------------
    def _reset_counters(self) -> None:
        self._status = "running"
        self._diverged = False
        self._error = None
        self._pending_diagnostics = []
        self._epoch = 0  # epochs recorded
        self._step = 0  # steps recorded (rec.step calls)
        self._batch = 0  # steps in the current epoch
        self._last_snapshot = None
        self._epoch_started = time.monotonic()
        self._warned_no_gradients = False

    def _start(self) -> None:
        opt = self._optimizer
        self._diagnoser.start_fit(
            optimizer=optimizer_name(opt),
            lr=learning_rate(opt),
            epochs=self.epochs_planned,
        )
        self._run_config = self._config()
        if self._writer is None:
            return
        meta = {
            "format": schema.FORMAT,
            "schema_version": schema.SCHEMA_VERSION,
            "status": "running",
            "config": self._run_config,
            "name": self.name,
            "full_arrays": self._full,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            **writer_identity(),
        }
        blobs = []
        probe = probe_array(self._probe)
        if probe is not None:
            blobs.append(("probe", schema.pack(probe)))
        writes = (insert_meta(meta), insert_blobs(blobs))
        self._writer.transaction(lambda cur: [write(cur) for write in writes])

    def _config(self) -> dict:
        return run_config(
            self._view,
            self._optimizer,
            self._ctx,
            {
                "every": self.every,
                "snapshot_every": self.snapshot_every,
                "histogram_bins": self.histogram_bins,
                "full_arrays_limit": self.full_arrays_limit,
                "flush_seconds": self.flush_seconds,
                "layers": [layer.name for layer in self._view.layers],
            },
            self.epochs_planned,
        )

    # -- steps ---------------------------------------------------------------------
    def step(self, loss) -> None:
        """Record one training step's ``loss`` (a 0-d tensor or a number),
        after ``optimizer.step()``."""
        self._check_open("step")
        self._losses.add(self._step, self._epoch, self._batch, loss, self._lr_used())
        self._step += 1
        self._batch += 1
        if self._capture is not None:
            self._capture.arm_next()  # copy on the next step if it may be the last
        writer = self._writer
        if self._losses.due() or (
            writer is not None
            and self._ctx.world_size == 1
            and time.monotonic() >= writer.flush_at
        ):
            self._flush_steps()
            if writer is not None:
                writer.flush()

    def capture_gradients(self) -> None:
        """Read the gradients in ``optimizer.step(closure)`` whose closure makes
        them (LBFGS, Lightning): call it in the closure after ``backward()``."""
        self._check_open("capture_gradients")
        if self._capture is not None:
            self._capture.take_gradients()

    def _flush_steps(self) -> None:
        rows = self._losses.take()  # a collective under torch.distributed
        if self._writer is not None:
            self._writer.pending_steps.extend(rows)
        self._check_losses(rows)

    # -- epochs --------------------------------------------------------------------
    def epoch(self, val_loss=None, val_accuracy=None, loss=None, accuracy=None) -> None:
        """End an epoch: its metrics (default ``loss``: the mean of its step
        losses) and, on the snapshot schedule, a snapshot of the model."""
        self._check_open("epoch")
        values = [
            metric(value, what)
            for value, what in (
                (loss, "loss"),
                (accuracy, "accuracy"),
                (val_loss, "val_loss"),
                (val_accuracy, "val_accuracy"),
            )
        ]
        self._flush_steps()
        loss_, accuracy_, val_loss_, val_accuracy_ = self._losses.epoch_metrics(values)
        epoch = self._epoch
        self._check_epoch_loss(epoch, loss_)
        snapshot = takes_snapshot(self._mode, self._interval, epoch, self._planned())
        error = None
        if self._writer is not None:
            try:
                self._write_epoch(
                    epoch, snapshot, loss_, accuracy_, val_loss_, val_accuracy_
                )
            except Exception as exc:  # told to every rank below, then raised
                error = exc
        ok = self._ctx.all_ok(error is None)
        if error is not None:
            raise error
        if not ok:
            raise RecorderError(
                f"rank 0 could not write epoch {epoch + 1} into {self.path!r}; see its "
                "error. Recording stops on every rank."
            )
        self._epoch += 1
        self._batch = 0
        if self._capture is not None:
            self._capture.end_epoch()

    def _planned(self) -> int:
        return self.epochs_planned if self.epochs_planned is not None else -1

    # -- end ---------------------------------------------------------------------
    def close(self) -> None:
        """End the run (status "finished", or "diverged"); closing again does
        nothing."""
        self._finish("finished", None)

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self._finish("finished", None)
            return
        # nothing collective now: the other ranks may not be here. A run that
        # cannot be ended (disk full, file gone) is noted on the caller's error
        try:
            self._finish("interrupted", f"{kind.__name__}: {exc}", collective=False)
        except Exception as end_error:
            _note(
                exc,
                f"neuroglass could not end the run {self.path!r} after this error: "
                f"{type(end_error).__name__}: {end_error}",
            )

    def _finish(self, status, error, collective=True) -> None:
        if self._closed:
            return
        self._closed = True
        self._status = "diverged" if self._diverged else status
        try:
            if collective or self._ctx.world_size == 1:
                self._flush_steps()
            if self._writer is not None:
                self._write_end(status, error)
        finally:
            self._release()

    def _release(self) -> None:
        """Remove every hook and let go of the file (also after an error)."""
        if getattr(self, "_capture", None) is not None:
            self._capture.remove()
        if _RECORDING.get(self._view.root) == self.path:
            del _RECORDING[self._view.root]
        if self._writer is not None:
            try:
                self._writer.close()
            finally:
                self._writer = None

    def _check_open(self, what) -> None:
        if self._closed:
            raise RecorderError(
                f"rec.{what}() after the Recorder of {self.path!r} was closed; the "
                "run is finished. Record further training with a new Recorder (and "
                "another path)."
            )

    @property
    def status(self) -> str:
        """ "running", then "finished", "diverged" or "interrupted"."""
        if not self._closed:
            return "diverged" if self._diverged else "running"
        return self._status

    def __repr__(self) -> str:
        return f"Recorder({self.path!r}, epochs={self._epoch}, steps={self._step})"


def _note(exc, text) -> None:
    """Add ``text`` to ``exc``'s traceback (Python 3.11+; else nothing)."""
    add_note = getattr(exc, "add_note", None)
    if add_note is not None:
        add_note(text)
