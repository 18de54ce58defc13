"""The overfitting rule: the validation loss rises while the training loss
falls. Trailing means over ``OVERFIT_SMOOTH`` epochs (one noisy epoch is not a
trend), kept incrementally so each epoch costs the same.

On a classification the validation accuracy weighs the finding: the loss can
rise while the accuracy holds, when the few validation points the network gets
wrong are predicted ever more confidently wrong. Then nothing needs fixing and
the finding is a note; it is a warning when the accuracy fell too (by
``OVERFIT_ACCURACY_DROP``), or when no accuracy is known (a regression).
"""

from __future__ import annotations

import itertools

import numpy as np

from .records import Diagnostic
from .thresholds import (
    OVERFIT_ACCURACY_DROP,
    OVERFIT_MARGIN,
    OVERFIT_MIN_RISE,
    OVERFIT_NOTE_ERROR,
    OVERFIT_PATIENCE,
    OVERFIT_SMOOTH,
    OVERFIT_TRAIN_FALL,
)

#: the label pairs of a classification trained with mse on one output: -1/+1
#: (tanh, as in TF Playground) or 0/1
MSE_LABELS = ((-1.0, 1.0), (0.0, 1.0))

_REMEDY = (
    "stop earlier (fit(early_stopping=True)), add L2 regularization "
    "(l2=1e-3), use more data or a smaller network."
)


def mse_labels(loss, targets) -> tuple[float, float] | None:
    """The two labels when ``targets`` ``(n, 1)`` trained with ``loss`` "mse"
    are a two-class classification's (both of -1 and +1, or of 0 and 1, and
    nothing else); None otherwise. The engine reports no accuracy for mse, so
    the recorder computes one for the overfitting rule from these. One pass
    over the targets, once per fit."""
    if loss != "mse" or targets is None:
        return None
    T = np.asarray(targets)
    if T.size == 0 or (T.ndim == 2 and T.shape[1] != 1) or T.ndim > 2:
        return None
    low, high = float(T.min()), float(T.max())
    if (low, high) not in MSE_LABELS:
        return None
    return (low, high) if np.all((T == low) | (T == high)) else None


def chance_accuracy(loss, targets, labels=None) -> float | None:
    """The accuracy of always answering the most common class of ``targets``
    (prepared, ``(n, n_outputs)``): what a network that learned nothing scores.
    ``cross_entropy``: the largest class frequency; ``bce``: per output, the
    larger of the two; ``mse`` with two ``labels`` (:func:`mse_labels`): the
    larger label frequency. None for a regression or without targets."""
    if targets is None or loss not in ("bce", "cross_entropy", "mse"):
        return None
    if loss == "mse" and labels is None:
        return None
    t = np.asarray(targets, dtype=np.float64)
    if t.size == 0:
        return None
    t = t.reshape(len(t), -1)
    if loss == "cross_entropy":
        return float(t.mean(axis=0).max())
    threshold = 0.5 if loss == "bce" else (labels[0] + labels[1]) / 2
    share = (t > threshold).mean(axis=0)
    return float(np.maximum(share, 1.0 - share).mean())


def _mean(window, key):
    values = [e.get(key) for e in window]
    if any(v is None for v in values):
        return None
    return sum(values) / len(values)


class ValidationCurve:
    """The smoothed validation and training losses (and the validation
    accuracy, where known), epoch by epoch."""

    def __init__(self):
        self.smooth_val: list[float] = []
        self.smooth_train: list[float] = []
        self.smooth_accuracy: list[float | None] = []
        self.best_smooth: int | None = None  # index of the lowest smooth_val

    def add(self, epochs, chance=None) -> Diagnostic | None:
        """After each epoch: ``epochs`` are the epoch records so far (``epoch``,
        ``step``, ``loss``, ``val_loss``, optionally ``val_accuracy``), of
        which only the last ``OVERFIT_SMOOTH`` and the one at the lowest point
        are read; ``chance``: :func:`chance_accuracy` (None: not known).
        Returns the overfitting finding, or None: a ``warning``, or an
        ``info`` note while the validation accuracy holds (fell less than
        ``OVERFIT_ACCURACY_DROP``) and the network gets few validation points
        wrong (at most ``OVERFIT_NOTE_ERROR`` of the errors of always
        answering the most common class)."""
        if not self._smooth(epochs):
            return None
        sv = self.smooth_val
        best = self.best_smooth
        if len(sv) < OVERFIT_SMOOTH + 1 or best == len(sv) - 1:
            return None
        if not self._overfitting():
            return None
        return self._finding(epochs[len(epochs) - len(sv) + best], chance)

    def _smooth(self, epochs) -> bool:
        """Add the trailing means of the last ``OVERFIT_SMOOTH`` epochs and
        move the lowest point; False (nothing added) until there are that many
        epochs, all with a validation loss."""
        if epochs[-1]["val_loss"] is None:
            return False
        window = epochs[-OVERFIT_SMOOTH:]
        if len(window) < OVERFIT_SMOOTH or any(e["val_loss"] is None for e in window):
            return False
        self.smooth_val.append(_mean(window, "val_loss"))
        self.smooth_train.append(_mean(window, "loss"))
        self.smooth_accuracy.append(_mean(window, "val_accuracy"))
        sv = self.smooth_val
        if self.best_smooth is None or sv[-1] < sv[self.best_smooth]:
            self.best_smooth = len(sv) - 1
        return True

    def _overfitting(self) -> bool:
        """The smoothed validation loss rose ``OVERFIT_PATIENCE`` epochs in a
        row, well above its lowest point, while the training loss fell."""
        sv, st, best = self.smooth_val, self.smooth_train, self.best_smooth
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
        return rising and margin and visible and falling

    def _finding(self, start, chance) -> Diagnostic:
        """The finding since ``start`` (the epoch record at the lowest
        point): a note while the validation accuracy held and few points are
        wrong, a warning otherwise."""
        sv, st, best = self.smooth_val, self.smooth_train, self.best_smooth
        then, now = self.smooth_accuracy[best], self.smooth_accuracy[-1]
        losses = (
            f"the validation loss (averaged over {OVERFIT_SMOOTH} epochs) was "
            f"lowest around epoch {start['epoch'] + 1} ({sv[best]:.4g}) and has "
            f"risen to {sv[-1]:.4g} while the training loss fell from "
            f"{st[best]:.4g} to {st[-1]:.4g}"
        )
        evidence = {
            "best_epoch": start["epoch"],
            "best_val_loss": float(sv[best]),
            "val_loss": float(sv[-1]),
            "train_loss": float(st[-1]),
            "best_train_loss": float(st[best]),
            "best_val_accuracy": None if then is None else float(then),
            "val_accuracy": None if now is None else float(now),
            "chance_accuracy": chance,
        }
        accuracies = (
            None
            if then is None or now is None
            else f"{100 * then:.1f}% around epoch {start['epoch'] + 1}, "
            f"{100 * now:.1f}% now"
        )
        held = accuracies is not None and then - now < OVERFIT_ACCURACY_DROP
        # "the few points it gets wrong": far fewer than guessing would
        few_wrong = held and (
            chance is None or 1.0 - now <= OVERFIT_NOTE_ERROR * (1.0 - chance)
        )
        if few_wrong:
            return _note(start, losses, accuracies, evidence)
        if accuracies is None:
            fell = ""
        elif not held:
            fell = f", and the validation accuracy fell ({accuracies})"
        else:  # held, but near what guessing the most common class scores
            fell = (
                f"; the validation accuracy ({accuracies}) is not far above the "
                f"{100 * chance:.1f}% of always answering the most common class"
            )
        return Diagnostic(
            "overfitting",
            "warning",
            start["epoch"],
            start["step"],
            f"the network is overfitting: {losses}{fell}.",
            _REMEDY[:1].upper() + _REMEDY[1:],
            evidence,
        )


def _note(start, losses, accuracies, evidence) -> Diagnostic:
    """The ``info`` finding: the loss rose but the accuracy held."""
    return Diagnostic(
        "overfitting",
        "info",
        start["epoch"],
        start["step"],
        f"{losses[:1].upper()}{losses[1:]}. The validation accuracy held, "
        f"though ({accuracies}): the loss rose because the few validation "
        "points the network gets wrong are predicted ever more "
        "confidently wrong, not because it gets more of them wrong.",
        "Nothing needs fixing now; if the validation accuracy starts to "
        f"fall (by {100 * OVERFIT_ACCURACY_DROP:g} points or more), " + _REMEDY,
        evidence,
    )
