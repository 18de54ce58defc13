"""Record a PyTorch Lightning fit with the torch Recorder (``pip install lightning``).

>>> from neuroglass.torch.lightning import LightningCallback
>>> callback = LightningCallback("runs/lit.ngrun", probe=X[:256])  # doctest: +SKIP
>>> trainer = lightning.Trainer(max_epochs=5, callbacks=[callback])  # doctest: +SKIP
>>> trainer.fit(module, train_loader, val_loader)  # doctest: +SKIP

The callback opens a :class:`~neuroglass.torch.recorder.Recorder` of the
LightningModule and its optimizer when the fit starts and closes it when the
fit ends (as "interrupted" after an exception). Every rank of a distributed
strategy runs it; rank 0 alone writes the file and the metrics are averaged
over the ranks by the recorder's own collectives, in the same hooks on every
rank. Where it reads what:

* ``on_before_optimizer_step``: the gradients, once Lightning's closure has run
  the backward pass (after accumulation, AMP's unscale and DDP's all-reduce).
  Lightning runs that closure inside ``optimizer.step()``, after the
  optimizer's own step pre-hook, so the gradients are read again here.
* ``on_train_batch_end``: the step's loss (the mean over the accumulated
  batches, undoing Lightning's division by ``accumulate_grad_batches``), on
  the batches where the optimizer stepped.
* ``on_validation_epoch_end`` and ``on_train_epoch_end``: the epoch's metrics
  from ``trainer.callback_metrics`` (``val_loss``, ``val_accuracy`` / ``val_acc``,
  ``train_accuracy`` / ``train_acc`` / ``accuracy`` as logged), then the epoch
  row and, on the schedule, a snapshot.
"""

from __future__ import annotations

try:
    from lightning.pytorch import Callback
except ImportError:  # the older package name
    try:
        from pytorch_lightning import Callback
    except ImportError as exc:
        raise ImportError(
            "neuroglass.torch.lightning needs PyTorch Lightning, which is not "
            "installed. Install it with pip install lightning, then import "
            "neuroglass.torch.lightning again."
        ) from exc

import torch

from .recorder import Recorder

__all__ = ["LightningCallback"]

VAL_LOSS_KEYS = ("val_loss",)
VAL_ACCURACY_KEYS = ("val_accuracy", "val_acc")
ACCURACY_KEYS = ("train_accuracy", "train_acc", "accuracy")


class LightningCallback(Callback):
    """A Lightning ``Callback`` that records the fit into one run file.

    Parameters
    ----------
    path : str or path
        The run file, as for :class:`~neuroglass.torch.recorder.Recorder`.
    probe : tensor (n_samples, ...), optional
        A fixed batch of inputs whose activations each snapshot measures.
    **options
        Any other :class:`~neuroglass.torch.recorder.Recorder` argument
        (``every``, ``snapshot_every``, ``histogram_bins``, ``layers``,
        ``overwrite``, ...); ``epochs`` defaults to the trainer's
        ``max_epochs`` when that is set.

    Attributes
    ----------
    recorder : Recorder or None
        The recorder of the fit in progress (None before and after it).
    path : str
        The run file written (set when the fit starts).
    """

    def __init__(self, path, probe=None, **options):
        if "optimizer" in options or "model" in options:
            raise TypeError(
                "LightningCallback takes the model and optimizer from the trainer; "
                "drop the model= / optimizer= arguments."
            )
        self.path = path
        self.probe = probe
        self.options = options
        self.recorder = None
        self._optimizer = None
        self._stepped = False
        self._losses = []

    # -- the fit -------------------------------------------------------------------
    def on_fit_start(self, trainer, pl_module) -> None:
        if self.recorder is not None:
            raise RuntimeError(
                f"this LightningCallback is already recording into {self.path!r}; "
                "give each Trainer.fit its own LightningCallback (and path)."
            )
        optimizers = list(trainer.optimizers)
        self._optimizer = optimizers[0] if optimizers else None
        options = dict(self.options)
        max_epochs = getattr(trainer, "max_epochs", None)
        if "epochs" not in options and max_epochs is not None and max_epochs > 0:
            options["epochs"] = max_epochs
        self.recorder = Recorder(
            self.path, pl_module, optimizer=self._optimizer, probe=self.probe, **options
        )
        self.path = self.recorder.path
        self._stepped, self._losses = False, []

    def on_before_optimizer_step(self, trainer, pl_module, optimizer) -> None:
        if self.recorder is None:
            return
        if optimizer is self._optimizer:
            # the optimizer's pre-hook ran before Lightning's closure computed
            # this step's gradients: read them now
            self.recorder.capture_gradients()
        self._stepped = True

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        if self.recorder is None:
            return
        loss = _loss_of(outputs)
        if loss is not None:
            # Lightning divides the loss it hands back by accumulate_grad_batches
            scale = getattr(trainer, "accumulate_grad_batches", 1) or 1
            value = loss.detach() if torch.is_tensor(loss) else loss
            self._losses.append(value * scale)
        if self._stepped and self._losses:
            losses = self._losses
            mean = torch.stack([torch.as_tensor(x) for x in losses]).mean()
            self.recorder.step(mean)
            self._stepped, self._losses = False, []

    def on_validation_epoch_end(self, trainer, pl_module) -> None:
        # the epoch's row is written at on_train_epoch_end, which Lightning
        # calls after the validation of that epoch; nothing to do here but
        # to keep the sanity check's numbers out of it
        return

    def on_train_epoch_end(self, trainer, pl_module) -> None:
        if self.recorder is None:
            return
        metrics = trainer.callback_metrics
        self.recorder.epoch(
            val_loss=_first(metrics, VAL_LOSS_KEYS),
            val_accuracy=_first(metrics, VAL_ACCURACY_KEYS),
            accuracy=_first(metrics, ACCURACY_KEYS),
        )

    def on_fit_end(self, trainer, pl_module) -> None:
        if self.recorder is not None:
            recorder, self.recorder = self.recorder, None
            recorder.close()

    def on_exception(self, trainer, pl_module, exception) -> None:
        if self.recorder is not None:
            recorder, self.recorder = self.recorder, None
            # no collective now: the other ranks may not be in this hook
            recorder.__exit__(type(exception), exception, exception.__traceback__)

    def teardown(self, trainer, pl_module, stage) -> None:
        if self.recorder is not None:  # a fit that ended without on_fit_end
            recorder, self.recorder = self.recorder, None
            recorder.__exit__(RuntimeError, RuntimeError("fit torn down"), None)


def _loss_of(outputs):
    """The training step's loss from what ``training_step`` returned."""
    if isinstance(outputs, dict):
        return outputs.get("loss")
    if torch.is_tensor(outputs) and outputs.numel() == 1:
        return outputs
    return None


def _first(metrics, keys):
    """The first of ``keys`` logged in ``metrics`` (a float), else None."""
    for key in keys:
        value = metrics.get(key)
        if value is not None:
            return float(value.detach()) if torch.is_tensor(value) else float(value)
    return None
