"""A tqdm progress bar for a fit, one tick per step.

Pass it as a callback: ``net.fit(X, y, callbacks=[ng.ProgressBar()])``
(``verbose=True`` prints the engine's plain-text lines instead).
"""

from __future__ import annotations

from tqdm.auto import tqdm

from ..engine.callbacks import Callback


class ProgressBar(Callback):
    """A tqdm bar over all steps of a fit, with loss and accuracy after each epoch."""

    def __init__(self, **tqdm_kwargs):
        self.tqdm_kwargs = tqdm_kwargs

    def on_fit_start(self, net, fit):
        self.bar = tqdm(
            total=fit.epochs * fit.steps_per_epoch,
            unit="step",
            desc="training",
            dynamic_ncols=True,
            **self.tqdm_kwargs,
        )
        self.epochs = fit.epochs
        self.first_epoch = fit.start_epoch

    def on_batch_end(self, net, step):
        self.bar.update(1)

    def on_epoch_end(self, net, info):
        done = info.epoch - self.first_epoch + 1
        postfix = {"epoch": f"{done}/{self.epochs}", "loss": f"{info.loss:.4f}"}
        if info.accuracy is not None:
            postfix["acc"] = f"{info.accuracy:.3f}"
        if info.val_loss is not None:
            postfix["val_loss"] = f"{info.val_loss:.4f}"
        if info.val_accuracy is not None:
            postfix["val_acc"] = f"{info.val_accuracy:.3f}"
        self.bar.set_postfix(postfix, refresh=False)

    def on_fit_end(self, net, fit):
        if fit.status != "finished":
            self.bar.set_description(f"training ({fit.status})")
        self.bar.close()
