"""The rules read from the training loss: the chance level, a loss stuck
there or falling too slowly, an adaptive optimizer at a huge rate, a loss
that is no longer finite.

:class:`LossCurve` keeps what these rules need of the loss, epoch by epoch, in
fixed-size windows (O(1) per epoch); the functions below turn it into the
:class:`Diagnostic` they find (or ``None``), and the
:class:`~neuroglass.recorder.diagnostics.Diagnoser` decides when to ask them.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from .advice import cause_keys, causes, remedies, remedy_facts, round_up
from .records import Diagnostic, FitContext
from .thresholds import (
    ADAPTIVE,
    ADAPTIVE_LR_HIGH,
    CHANCE_FRACTION,
    GOOD_FRACTION,
    LOSS_SMOOTH,
    SLOW_FACTOR,
    SLOW_MIN_EPOCHS,
    SLOW_MIN_FALL,
    SLOW_WINDOW,
    STALL_EPOCHS,
    STALL_TOLERANCE,
    STUCK_EPOCHS,
    STUCK_FALL,
    STUCK_STEPS,
)


def chance_loss(loss: str, targets) -> float | None:
    """The loss of the best constant prediction: what a network that learned
    nothing from its inputs gets.

    ``bce`` and ``cross_entropy``: the entropy of the class frequencies (ln 2
    for two balanced classes, ln K for K); ``mse``: the variance of the targets
    (predicting their mean). ``targets`` are the prepared targets ``(n,
    n_outputs)`` (0/1 columns, one-hot rows or reals). ``None`` for another
    loss, no targets, or a task without spread (one class only).
    """
    if targets is None or loss not in ("bce", "cross_entropy", "mse"):
        return None
    t = np.asarray(targets, dtype=np.float64)
    if t.size == 0:
        return None
    t = t.reshape(len(t), -1)
    mean = t.mean(axis=0)
    if loss == "mse":
        value = float(t.var(axis=0).mean())
    elif loss == "bce":
        value = float(-(_plogp(mean) + _plogp(1.0 - mean)).mean())
    else:
        value = float(-_plogp(mean).sum())
    return value if math.isfinite(value) and value > 1e-12 else None


def _plogp(p):
    """p ln p, with 0 ln 0 = 0."""
    p = np.clip(p, 0.0, 1.0)
    return p * np.log(np.where(p > 0, p, 1.0))


class LossCurve:
    """The training loss of a run so far, kept incrementally: O(1) per epoch.

    ``smooth``: the mean of the last ``LOSS_SMOOTH`` finite losses;
    ``smoothed``: that mean over the last ``STUCK_EPOCHS / 2`` epochs;
    ``trend``: ``(epoch, loss)`` over the last ``SLOW_WINDOW`` epochs;
    ``best_loss``: the best smoothed loss, improved by steps of
    ``STALL_TOLERANCE`` of the chance level, first reached at epoch record
    ``best_index`` (counted from 0, as :meth:`add` was called).
    """

    def __init__(self):
        self.n_epochs = 0
        self._last_losses: deque = deque(maxlen=LOSS_SMOOTH)
        self.smoothed: deque = deque(maxlen=STUCK_EPOCHS // 2 + 1)
        self.trend: deque = deque(maxlen=SLOW_WINDOW)
        self.best_loss = math.inf
        self.best_index = 0

    @property
    def smooth(self) -> float | None:
        """The training loss averaged over the last ``LOSS_SMOOTH`` epochs."""
        if not self._last_losses:
            return None
        return sum(self._last_losses) / len(self._last_losses)

    def add(self, info: dict, chance: float | None) -> None:
        """One epoch's record (``epoch``, ``loss``); a loss that is None or not
        finite counts as an epoch but moves none of the averages."""
        self.n_epochs += 1
        loss = info["loss"]
        if loss is None or not math.isfinite(loss):
            return
        self._last_losses.append(loss)
        smooth = self.smooth
        self.smoothed.append(smooth)
        self.trend.append((info["epoch"], loss))
        if smooth < self.best_loss - STALL_TOLERANCE * (chance or 0.0):
            self.best_loss, self.best_index = smooth, self.n_epochs - 1

    def stalled(self) -> bool:
        """No fall of STALL_TOLERANCE of the chance level in STALL_EPOCHS."""
        n = self.n_epochs
        return n >= LOSS_SMOOTH + STALL_EPOCHS and n - 1 - self.best_index >= (
            STALL_EPOCHS
        )

    def stuck(self, info: dict, chance: float) -> bool:
        """After STUCK_EPOCHS epochs and STUCK_STEPS steps, still near the chance
        level and hardly falling over the last STUCK_EPOCHS / 2 epochs."""
        smooth = self.smooth
        return (
            self.n_epochs >= STUCK_EPOCHS
            and info["step"] + 1 >= STUCK_STEPS
            and smooth >= CHANCE_FRACTION * chance
            and self.smoothed[0] - smooth < STUCK_FALL * chance
        )

    def learning(self, chance: float | None, final=False) -> str | None:
        """ "well" (loss below GOOD_FRACTION of chance), "poorly" (stalled above
        it, or the fit ended there) or None (too early to tell)."""
        smooth = self.smooth
        if chance is None or smooth is None:
            return "poorly" if final else None
        if smooth <= GOOD_FRACTION * chance:
            return "well"
        if final or self.stalled():
            return "poorly"
        return None

    def words(self, chance: float) -> str:
        smooth = self.smooth
        return (
            f"{smooth:.3g} ({100 * smooth / chance:.0f}% of the chance level "
            f"{chance:.3g})"
        )


# -- what to say ----------------------------------------------------------------
def _chance_what(loss) -> str:
    if loss == "mse":
        return "the variance of the targets: what always predicting their mean gives"
    return "what always predicting the class frequencies gives"


# -- the rules --------------------------------------------------------------------
def at_chance(curve: LossCurve, c: FitContext, fired, info, final) -> Diagnostic:
    """loss_at_chance, at epoch record ``info`` (the fit ends there if
    ``final``); ask when :meth:`LossCurve.stuck` or at the end of a fit."""
    n = curve.n_epochs
    smooth = curve.smooth
    if smooth > (2 - CHANCE_FRACTION) * c.chance:
        where = "worse than"
    else:
        where = "still at"
    trend, fall, span = "", None, None
    if not final and len(curve.smoothed) > 1:
        fall = curve.smoothed[0] - smooth
        span = len(curve.smoothed) - 1
        trend = (
            f", and fell by only {fall:.2g} over the last {span} epochs"
            if fall > 0
            else f", and did not fall over the last {span} epochs"
        )
    return Diagnostic(
        "loss_at_chance",
        "warning",
        info["epoch"],
        info["step"],
        f"the network is not learning: after {n} epochs ({info['step'] + 1} "
        f"steps) the training loss is {smooth:.3g}, {where} the chance level "
        f"of this task ({c.chance:.3g}: {_chance_what(c.loss)}){trend}."
        + causes(fired),
        remedies(c, fired)
        + " (If the labels are mostly noise, this is as good as it gets.)",
        {
            "loss": smooth,
            "chance_loss": c.chance,
            "epochs": n,
            "steps": info["step"] + 1,
            # what the words say beyond the numbers, for every language
            "loss_name": c.loss,
            "fall": fall,
            "fall_epochs": span,
            "causes": cause_keys(fired),
            "remedy": remedy_facts(c, fired),
        },
    )


def adaptive_too_fast(curve: LossCurve, c: FitContext, info, best) -> Diagnostic | None:
    """adam/rmsprop at a huge rate while the loss does not improve; ``best``:
    the epoch record at ``curve.best_index``."""
    lr = info.get("lr", c.lr)
    smooth = curve.smooth
    if (
        c.optimizer not in ADAPTIVE
        or lr is None
        or lr < ADAPTIVE_LR_HIGH
        or smooth <= GOOD_FRACTION * c.chance
    ):
        return None
    return Diagnostic(
        "learning_rate_high",
        "warning",
        best["epoch"],
        best["step"],
        f"{c.optimizer} at learning rate {lr:g} is too fast: it moves every "
        f"weight by up to about {lr:g} at each step, whatever the gradient, "
        f"and the training loss has not improved since epoch "
        f"{best['epoch'] + 1} ({curve.best_loss:.3g}); it is "
        f"{curve.words(c.chance)}.",
        f"{c.optimizer} usually works with a learning rate of 0.001 to 0.01: "
        f"try {min(lr / 10, 0.01):g}.",
        {
            "optimizer": c.optimizer,
            "lr": lr,
            "best_loss": curve.best_loss,
            "loss": smooth,
            "chance_loss": c.chance,
        },
    )


def slow_convergence(curve: LossCurve, c: FitContext, fired, info) -> Diagnostic | None:
    """At the end of a fit (last epoch record ``info``) whose loss ended below
    the chance level: still falling, but too slowly to converge."""
    n = curve.n_epochs
    smooth = curve.smooth
    target = GOOD_FRACTION * c.chance
    if smooth <= target:
        return None
    k = min(max(n // 4, SLOW_MIN_EPOCHS), SLOW_WINDOW)
    losses = [loss for _, loss in list(curve.trend)[-k:]]
    estimate = epochs_to_converge(losses, target)
    if estimate is None:
        return None  # not falling any more: at a plateau, no verdict here
    needed, goal, rate = estimate
    if needed <= SLOW_FACTOR * n:
        return None
    return Diagnostic(
        "slow_convergence",
        "warning",
        info["epoch"],
        info["step"],
        f"the loss falls too slowly to converge in {n} epochs: it ended "
        f"at {curve.words(c.chance)}, falling by {rate:.2g} per epoch "
        f"over the last {len(losses)} epochs; at that pace it would need "
        f"about {needed:,.0f} more epochs to reach {goal:.3g}"
        + (
            " (a quarter of the chance level)."
            if goal == target
            else " (90% of the way to where it levels off)."
        )
        + causes(fired),
        remedies(c, fired, more_epochs=False)[:-1]
        + f", or train longer (epochs={round_up(n + needed)}).",
        {
            "loss": smooth,
            "chance_loss": c.chance,
            "rate": rate,
            "goal": goal,
            "epochs": n,
            "epochs_needed": needed,
            "window": len(losses),
            "causes": cause_keys(fired),
            "remedy": remedy_facts(c, fired),
        },
    )


#: what loss_not_finite says became NaN or infinite, by TrainingDiverged.cause
NOT_FINITE_WHAT = {
    "loss": "the loss became NaN or infinite",
    "gradient": "a gradient became NaN or infinite while the loss was still "
    "finite (and so did the weights it updated)",
    "weights": "the weights became NaN or infinite while the loss was still "
    "finite (an update too large for the numbers)",
    "optimizer state": "the optimizer's state (such as Adam's average of squared "
    "gradients: a gradient too large to square) became NaN or infinite while the "
    "loss and the weights were still finite",
    None: "the loss, the weights or the optimizer's state became NaN or infinite",
}


def not_finite(epoch, step, error, cause=None) -> Diagnostic:
    """loss_not_finite: training diverged and stopped (``error``: the engine's
    message; ``cause``: what became non-finite, :attr:`TrainingDiverged.cause`,
    or None when not known). The engine stops at a non-finite loss, gradient,
    weight or optimizer state, such as Adam's average of squared gradients
    overflowing to inf with a finite loss."""
    what = NOT_FINITE_WHAT.get(cause, NOT_FINITE_WHAT[None])
    return Diagnostic(
        "loss_not_finite",
        "error",
        epoch,
        step,
        f"{what}, and training stopped ({error}).",
        "Lower the learning rate about 10 times, standardize the inputs, or "
        "clip gradients with fit(clip_norm=1.0).",
        {"error": error, "cause": cause},
    )


# -- how long a falling loss needs ----------------------------------------------
def epochs_to_converge(losses, target):
    """How many more epochs a falling loss needs, extrapolated from its recent
    course: ``(epochs, goal, rate per epoch)``, or None when it no longer falls
    (by ``SLOW_MIN_FALL`` of its value over ``losses``).

    ``losses`` are the last per-epoch losses, split into thirds whose means
    fall by ``d1`` then ``d2``. Falling as fast or faster (``d2 >= d1``): the
    pace ``d2`` goes on until ``target``. Slowing down (``d2 = r d1``, r < 1):
    the falls shrink geometrically toward a plateau ``c - d2 r / (1 - r)``, and
    the goal is ``target`` or, if higher, 90% of the way to that plateau.
    """
    third = len(losses) // 3
    if third < 1:
        return None
    losses = list(losses)[-3 * third :]
    a, b, c = (sum(losses[k * third : (k + 1) * third]) / third for k in range(3))
    span = third  # epochs between the thirds' centres
    d1, d2 = a - b, b - c
    if d2 <= 0 or a - c < SLOW_MIN_FALL * c:
        return None
    rate = d2 / span
    # c is the level at the middle of the last third, (third - 1) / 2 epochs ago
    elapsed = (third - 1) / 2
    if c <= target:
        return 0.0, target, rate
    if d2 >= d1:
        return max(0.0, (c - target) / rate - elapsed), target, rate
    r = d2 / d1
    plateau = c - d2 * r / (1 - r)
    goal = max(target, plateau + 0.1 * (c - plateau))
    # falls to come: d2 (r + r^2 + ... + r^m) = d2 r (1 - r^m) / (1 - r) >= c - goal
    left = 1 - (c - goal) * (1 - r) / (d2 * r)
    thirds = math.log(left) / math.log(r) if left > 0 else math.inf
    return max(0.0, thirds * span - elapsed), goal, rate
