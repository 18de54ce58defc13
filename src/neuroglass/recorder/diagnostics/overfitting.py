"""The overfitting rule: the validation loss rises while the training loss
falls. Trailing means over ``OVERFIT_SMOOTH`` epochs (one noisy epoch is not a
trend), kept incrementally so each epoch costs the same."""

from __future__ import annotations

import itertools

from .records import Diagnostic
from .thresholds import (
    OVERFIT_MARGIN,
    OVERFIT_MIN_RISE,
    OVERFIT_PATIENCE,
    OVERFIT_SMOOTH,
    OVERFIT_TRAIN_FALL,
)


class ValidationCurve:
    """The smoothed validation and training losses, epoch by epoch."""

    def __init__(self):
        self.smooth_val: list[float] = []
        self.smooth_train: list[float] = []
        self.best_smooth: int | None = None  # index of the lowest smooth_val

    def add(self, epochs) -> Diagnostic | None:
        """After each epoch: ``epochs`` are the epoch records so far (``epoch``,
        ``step``, ``loss``, ``val_loss``), of which only the last
        ``OVERFIT_SMOOTH`` and the one at the lowest point are read. Returns
        the overfitting finding, or None."""
        if epochs[-1]["val_loss"] is None:
            return None
        window = epochs[-OVERFIT_SMOOTH:]
        if len(window) < OVERFIT_SMOOTH or any(e["val_loss"] is None for e in window):
            return None
        self.smooth_val.append(sum(e["val_loss"] for e in window) / OVERFIT_SMOOTH)
        self.smooth_train.append(sum(e["loss"] for e in window) / OVERFIT_SMOOTH)
        sv, st = self.smooth_val, self.smooth_train
        if self.best_smooth is None or sv[-1] < sv[self.best_smooth]:
            self.best_smooth = len(sv) - 1
        best = self.best_smooth
        if len(sv) < OVERFIT_SMOOTH + 1 or best == len(sv) - 1:
            return None
        recent = sv[-(OVERFIT_PATIENCE + 1) :]
        rising = len(recent) == OVERFIT_PATIENCE + 1 and all(
            b > a for a, b in itertools.pairwise(recent)
        )
        margin = sv[-1] > sv[best] * (1 + OVERFIT_MARGIN)
        # a relative rise of a loss near 0 is noise: the rise must also show on
        # the scale of the run's own validation curve
        visible = sv[-1] - sv[best] > OVERFIT_MIN_RISE * sv[0]
        # overfitting fits the training set ever better meanwhile; a validation
        # bump while the training loss stalls is the optimizer wobbling
        falling = st[-1] < st[best] * (1 - OVERFIT_TRAIN_FALL)
        if not (rising and margin and visible and falling):
            return None
        start = epochs[len(epochs) - len(sv) + best]
        return Diagnostic(
            "overfitting",
            "warning",
            start["epoch"],
            start["step"],
            "the network is overfitting: the validation loss (averaged over "
            f"{OVERFIT_SMOOTH} epochs) was lowest around epoch "
            f"{start['epoch'] + 1} ({sv[best]:.4g}) and has risen to "
            f"{sv[-1]:.4g} while the training loss fell from {st[best]:.4g} "
            f"to {st[-1]:.4g}.",
            "Stop earlier (fit(early_stopping=True)), add L2 regularization "
            "(l2=1e-3), use more data or a smaller network.",
            {
                "best_epoch": start["epoch"],
                "best_val_loss": float(sv[best]),
                "val_loss": float(sv[-1]),
                "train_loss": float(st[-1]),
            },
        )
