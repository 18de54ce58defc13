"""The rows a PyTorch :class:`~neuroglass.torch.recorder.Recorder` writes at
the end of an epoch (metrics, snapshot, diagnostics) and of the run (the last
snapshot, the verdicts, the final parameters and status), and the divergence
path. A base class of the Recorder, which brings the writer, the model view,
the step capture, the probe pass, the Diagnoser and the counters."""

from __future__ import annotations

import os
import time
import warnings

import torch

from ..recorder import schema
from ..recorder.rows import diagnostics_write
from ..recorder.schedule import takes_snapshot
from ..recorder.store import RecorderError, RunWriter, insert_blobs, insert_meta
from .settings import as_number, finite, learning_rate
from .snapshot import take_snapshot


class RunWrites:
    """What a Recorder writes (see the module)."""

    def _open(self, overwrite):
        """The run's writer on the writer rank (None elsewhere); every rank
        learns whether it could be opened (a collective), so that none waits
        forever for a rank that failed."""
        writer, error = None, None
        if self._ctx.is_writer:
            mode = "overwrite" if overwrite else "create"
            try:
                writer = RunWriter(
                    self.path, mode=mode, flush_seconds=self.flush_seconds
                )
                self._check_space(writer)
            except (RecorderError, OSError) as exc:
                error = exc
                if writer is not None:  # nothing of it is left behind
                    writer.close()
                    writer = None
                    _remove_run(self.path)
        if not self._ctx.all_ok(error is None):
            if writer is not None:
                writer.close()
            if error is not None:
                raise error
            raise RecorderError(
                f"rank 0 could not create the run {self.path!r}; see its error. "
                "Nothing is recorded on this rank either."
            )
        if writer is not None:
            self._file_id = _file_id(self.path)
        return writer

    def _check_space(self, writer) -> None:
        """Fail at the start, not hours later, when the disk cannot hold the
        run: its snapshots (every planned epoch's; one when the epochs are not
        known), its final parameters and the probe."""
        view = self._view
        n = view.layout.size
        itemsize = 8 if view.dtype == torch.float64 else 4
        if self._full:
            per_snapshot = 3 * n * itemsize
        else:  # seven statistics rows per layer
            per_snapshot = len(view.layers) * 7 * (self.histogram_bins + 20) * 8
        epochs = self.epochs_planned or 1
        snapshots = sum(
            takes_snapshot(self._mode, self._interval, e, epochs) for e in range(epochs)
        )
        probe = sum(t.numel() * t.element_size() for t in self._probe or ())
        writer.check_space(int(1.2 * (snapshots * per_snapshot + n * 8 + probe)))

    def _check_file(self) -> None:
        """Refuse to write on when the run file was deleted or replaced since
        it was opened: the writes would go to a file no one can read."""
        if _file_id(self.path) == self._file_id:
            return
        raise RecorderError(
            f"the run file {self.path!r} was deleted or replaced while it was being "
            f"recorded (after epoch {self._epoch}); what was recorded into it is "
            "gone. Keep the file until the Recorder is closed; record again into "
            "a new path."
        )

    def _lr_used(self):
        """The learning rate of the last optimizer step (its first parameter
        group's, read in the step's pre-hook: a scheduler stepped after
        ``optimizer.step()`` does not change it); before any step, the
        optimizer's now."""
        capture = self._capture
        if capture is not None and capture.lr is not None:
            return as_number(capture.lr)
        return learning_rate(self._optimizer)

    def _write_epoch(self, epoch, snapshot, loss, accuracy, val_loss, val_accuracy):
        self._check_file()
        now = time.monotonic()
        found = []
        if loss is not None:  # the rules read the loss of every epoch they see
            found += self._diagnoser.add_epoch(
                {
                    "epoch": epoch,
                    "step": self._step - 1,
                    "loss": loss,
                    "val_loss": val_loss,
                    "lr": self._lr_used(),
                    "accuracy": accuracy,
                    "val_accuracy": val_accuracy,
                }
            )
        writes = []
        if snapshot:
            snap_writes, snap_found = self._snapshot(epoch)
            writes += snap_writes
            found += snap_found
        self._trainable()
        if epoch == 0:  # the first epoch tells the steps per epoch
            self._run_config["fit"]["steps_per_epoch"] = self._step
            writes.append(insert_meta({"config": self._run_config}))
        if self._pending_diagnostics:
            found = self._pending_diagnostics + found
            self._pending_diagnostics = []
        if found:
            self.diagnostics += found
            writes.append(diagnostics_write(found))
        steps = list(self._writer.pending_steps)
        row = (
            epoch,
            self._step,
            loss,
            accuracy,
            val_loss,
            val_accuracy,
            self._lr_used(),
            now - self._epoch_started,
            time.time(),
            self._writer.take_steps(),
        )
        try:
            self._writer.commit_epoch(row, writes)
        except BaseException:
            # the steps are still to be written, by the next commit that works
            self._writer.pending_steps[:0] = steps
            raise
        self._epoch_started = now

    def _snapshot(self, epoch):
        """(writes, diagnostics found) of a snapshot after ``epoch``."""
        writes, summary, non_finite = take_snapshot(
            self._view,
            self._capture,
            self._probe_pass,
            epoch=epoch,
            step=self._step,
            full=self._full,
            bins=self.histogram_bins,
        )
        self._last_snapshot = epoch
        self._warn_no_gradients(epoch)
        self._warn_earlier_step(epoch)
        found = self._diagnoser.add_snapshot(summary)
        if non_finite and not self._diverged:
            cause = (
                "weights"
                if any("weights" in c for c in non_finite.values())
                else "gradient"
            )
            self._diverge(
                epoch, self._step - 1, f"NaN or infinite values: {non_finite}", cause
            )
            found = self._pending_diagnostics + found
            self._pending_diagnostics = []
        return writes, found

    def _warn_no_gradients(self, epoch) -> None:
        """Without an optimizer a snapshot reads ``.grad`` at :meth:`epoch`;
        ``zero_grad()`` (``set_to_none=True``, the default) before then leaves
        nothing to read: said once, rather than recording zeros as if they
        were the gradients."""
        if self._optimizer is not None or self._warned_no_gradients:
            return
        if not self._batch:  # no training step in this epoch: nothing to miss
            return
        params = [p for p in self._view.params if p.requires_grad]
        if params and all(p.grad is None for p in params):
            self._warned_no_gradients = True
            warnings.warn(
                f"the Recorder of {self.path!r} found no gradients at epoch "
                f"{epoch + 1} (every .grad is None: no backward() since the last "
                "zero_grad()), so it records them as zeros. Pass the optimizer "
                "(Recorder(path, model, optimizer=opt)): its step hooks read the "
                "gradients before zero_grad.",
                RuntimeWarning,
                stacklevel=5,
            )

    def _warn_earlier_step(self, epoch) -> None:
        """A snapshot after an epoch shorter than every one before holds the
        gradients and update of an earlier step (only steps that may end an
        epoch are copied): said in a warning and in the run's config
        (``fit["earlier_step_snapshots"]``), never silently."""
        capture = self._capture
        if capture is None or not capture.count or capture.last_step_kept:
            return
        kept = capture.captured
        note = {"epoch": epoch, "step": kept, "last_step": capture.count}
        self._run_config["fit"].setdefault("earlier_step_snapshots", []).append(note)
        what = (
            f"those of optimizer step {kept}"
            if kept is not None
            else "the .grad found now and no update"
        )
        warnings.warn(
            f"the snapshot after epoch {epoch + 1} of {self.path!r} holds the "
            f"gradients and update of an earlier step ({what}), not of the "
            f"epoch's last optimizer step {capture.count}: the epoch was shorter "
            "than the Recorder expected, and it copies them only from the step "
            "an epoch may end on. Pass steps_per_epoch=<the shortest epoch's "
            "optimizer steps> to the Recorder to keep every epoch's last step.",
            RuntimeWarning,
            stacklevel=5,
        )

    def _check_losses(self, rows) -> None:
        bad = next((r for r in rows if not finite(r.loss)), None)
        if bad is not None and not self._diverged:
            self._diverge(
                bad.epoch,
                bad.step,
                f"the loss at step {bad.step + 1} is {bad.loss}",
                "loss",
            )

    def _check_epoch_loss(self, epoch, loss) -> None:
        """A loss given to :meth:`epoch` takes the divergence path, as a
        step's does."""
        if loss is not None and not finite(loss) and not self._diverged:
            self._diverge(
                epoch,
                self._step - 1,
                f"the loss of epoch {epoch + 1} is {loss}",
                "loss",
            )

    def _diverge(self, epoch, step, error, cause) -> None:
        """The divergence path, as for engine runs: a loss_not_finite finding
        now and the status "diverged" at the end."""
        self._diverged = True
        self._error = error
        if self._writer is not None:
            self._pending_diagnostics = [
                *self._pending_diagnostics,
                self._diagnoser.diverged(epoch, step, error, cause),
            ]

    def _trainable(self) -> None:
        """A layer is ``trainable`` in the run's config when it was at the start
        or at any epoch's end (parameters unfrozen during the run)."""
        configs = self._run_config["network"]["layers"]
        for cfg, layer in zip(configs, self._view.layers):
            cfg["trainable"] = cfg["trainable"] or any(
                p.requires_grad for p in layer.params
            )

    def _write_end(self, status, error) -> None:
        self._check_file()
        self._trainable()
        if self._diverged:
            status, error = "diverged", self._error
        writes = []
        found = list(self._pending_diagnostics)
        self._pending_diagnostics = []
        if status == "finished":
            if self._epoch and self._last_snapshot != self._epoch - 1:
                snap_writes, snap_found = self._snapshot(self._epoch - 1)
                writes += snap_writes
                found += snap_found
            found += self._diagnoser.end_fit()
        if found:
            self.diagnostics += found
            writes.append(diagnostics_write(found))
        with torch.no_grad():
            final = self._view.vector(self._view.params).cpu().numpy()
        network = self._view.config() if self._view.mlp else None
        self._run_config["fit"]["epochs"] = self._epoch
        writes += [
            insert_blobs([("final", schema.pack(final))]),
            insert_meta(
                {
                    "status": status,
                    "stop_reason": status,
                    "final": {
                        "epochs_trained": self._epoch,
                        "steps_trained": self._step,
                        "network": network,
                    },
                    "error": error,
                    "config": self._run_config,
                }
            ),
        ]
        self._writer.transaction(lambda cur: [write(cur) for write in writes])


def _file_id(path):
    """(device, inode) of the file at ``path``; None when there is none."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _remove_run(path) -> None:
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass
