"""Health diagnostics of a training run, in plain words.

Each rule looks at the per-snapshot summary of a run and at its per-epoch
losses and, when it fires, says when the problem started, what the evidence is
and what to try. A rule fires once per run (per layer where it is about a
layer). Severities: ``"error"`` (training is broken), ``"warning"`` (something
to act on) and ``"info"`` (a note: worth knowing, nothing to fix).

Several rules compare the training loss with the task's *chance level*: the
loss of the best constant prediction, which a network reaches without learning
anything from its inputs (:func:`chance_loss`: the entropy of the class
frequencies for ``bce`` and ``cross_entropy``, ln 2 for two balanced classes
and ln K for K; the variance of the targets for ``mse``). They need to know the
task: the :class:`~neuroglass.recorder.Recorder` tells them
(:meth:`Diagnoser.start_fit`); without it they stay silent.

=====================  =========================================================
rule                   fires when (thresholds are module constants)
=====================  =========================================================
loss_not_finite        the loss became NaN or infinite (training stopped)
vanishing_gradients    the first layer's RMS gradient is below
                       ``VANISHING_RATIO`` (1e-3) times the last layer's, at
                       ``PERSIST`` (2) snapshots in a row (a first or last layer
                       whose gradient is exactly 0 is cut off by dead units, which
                       ``dead_units`` reports: no ratio, no verdict)
exploding_gradients    at ``PERSIST`` snapshots in a row: the first layer's RMS
                       gradient exceeds ``EXPLODING_RATIO`` (1e3) times the last
                       layer's (both nonzero, as above), or the gradient norm
                       grew more than ``EXPLODING_GROWTH`` (1e3) times its first
                       value, or (from the first snapshot on) the weights'
                       gradient is more than ``EXPLODING_SCALE`` (10) times the
                       weights themselves (||dW|| / ||W||; about 0.01 to 1 is
                       usual): huge from the start, no healthy value to grow from
learning_rate_high     the median update ratio ||dW|| / ||W|| over layers exceeds
                       ``UPDATE_RATIO_HIGH`` (0.1, a hundred times the ~1e-3 rule
                       of thumb) at ``PERSIST`` snapshots in a row while the
                       training loss fell less than 10% over those epochs; or an
                       adaptive optimizer (``ADAPTIVE``: adam, rmsprop) runs at
                       a learning rate of at least ``ADAPTIVE_LR_HIGH`` (0.1)
                       while the loss has stalled (see below) above
                       ``GOOD_FRACTION`` of the chance level
learning_rate_low      the median update ratio is below ``UPDATE_RATIO_LOW`` (1e-6)
                       at each of the first ``EARLY`` (3) snapshots (both medians
                       leave out layers whose gradient is exactly 0: dead units
                       stand still at any learning rate)
loss_at_chance         after ``STUCK_EPOCHS`` (20) epochs and ``STUCK_STEPS``
                       (500) steps the training loss (averaged over
                       ``LOSS_SMOOTH``, 5, epochs) is still at least
                       ``CHANCE_FRACTION`` (90%) of the chance level and fell
                       less than ``STUCK_FALL`` (2%) of it over the last
                       ``STUCK_EPOCHS / 2`` epochs; or a fit of at least
                       ``SLOW_MIN_EPOCHS`` (10) epochs ends there
slow_convergence       a fit of at least ``SLOW_MIN_EPOCHS`` epochs ends with the
                       loss above ``GOOD_FRACTION`` (a quarter) of the chance
                       level and still falling, so slowly (the least-squares
                       trend of the last quarter of the epochs, 10 to
                       ``SLOW_WINDOW``, 200) that reaching that level would take
                       more than ``SLOW_FACTOR`` (1) times the epochs run so far
dead_units             at least ``DEAD_FRACTION`` (half) of a relu layer's units
                       output 0 for the whole probe batch (so get no gradient),
                       at ``PERSIST`` snapshots in a row; leaky_relu, elu, gelu
                       and swish units cannot die this way
saturated_units        at least ``SATURATED_FRACTION`` (half) of a tanh/sigmoid
                       layer's units are saturated (|a| > 0.97; sigmoid:
                       |2a - 1| > 0.97) on more than 90% of the probe batch, at
                       ``PERSIST`` snapshots in a row
overfitting            the validation loss, averaged over ``OVERFIT_SMOOTH`` (5)
                       epochs, rose ``OVERFIT_PATIENCE`` (3) epochs in a row to
                       ``OVERFIT_MARGIN`` (25%) above its minimum, by at least
                       ``OVERFIT_MIN_RISE`` (5%) of its first (averaged) value,
                       while the (averaged) training loss fell at least
                       ``OVERFIT_TRAIN_FALL`` (20%) below its value at that
                       minimum
=====================  =========================================================

Dead and saturated units do not always stop a network from learning: a layer
whose units sit at the ends of tanh can still solve the task. So these two
rules wait for the loss to tell: a ``warning`` once the loss has stalled
(no fall of ``STALL_TOLERANCE``, 1% of the chance level, in ``STALL_EPOCHS``,
10, epochs) above a quarter of the chance level, or the fit ends there; a
note (``info``) once the loss is below that. (Without a known chance level
they warn at once.)

Every rule costs O(1) per epoch and per snapshot (O(layers)); only the end of
a fit looks back over at most ``SLOW_WINDOW`` epochs.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import deque
from dataclasses import asdict, dataclass, field

import numpy as np

VANISHING_RATIO = 1e-3
EXPLODING_RATIO = 1e3
EXPLODING_GROWTH = 1e3
UPDATE_RATIO_HIGH = 1e-1
UPDATE_RATIO_LOW = 1e-6
DEAD_FRACTION = 0.5
SATURATED_FRACTION = 0.5
SATURATED_SAMPLES = 0.9
OVERFIT_PATIENCE = 3
OVERFIT_MARGIN = 0.25
OVERFIT_MIN_RISE = 0.05
OVERFIT_TRAIN_FALL = 0.2
OVERFIT_SMOOTH = 5
PERSIST = 2
EARLY = 3
EXPLODING_SCALE = 10.0
LOSS_SMOOTH = 5
CHANCE_FRACTION = 0.9
STUCK_EPOCHS = 20
STUCK_STEPS = 500
STUCK_FALL = 0.02
GOOD_FRACTION = 0.25
STALL_EPOCHS = 10
STALL_TOLERANCE = 0.01
SLOW_MIN_EPOCHS = 10
SLOW_WINDOW = 200
SLOW_FACTOR = 2.0
SLOW_MIN_FALL = 0.01
ADAPTIVE = ("adam", "rmsprop")
ADAPTIVE_LR_HIGH = 0.1


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


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass
class Diagnostic:
    """One finding: which rule, since when, the evidence and what to try."""

    rule: str
    severity: str  # "error", "warning" or "info"
    epoch: int | None
    step: int | None
    message: str
    suggestion: str
    evidence: dict = field(default_factory=dict)
    layer: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"epoch {self.epoch + 1}" if self.epoch is not None else "start"
        if self.step is not None:
            where += f", step {self.step + 1}"
        return (
            f"[{self.severity}] {self.rule} ({where}): {self.message} {self.suggestion}"
        )


@dataclass
class SnapshotSummary:
    """What the rules read from one snapshot (cheap numbers, no arrays)."""

    epoch: int
    step: int
    layer_names: list
    activations: list  # activation name per layer
    grad_rms: list  # RMS of dW per layer
    update_ratio: list  # ||dW_update|| / ||W|| per layer
    grad_norm: float  # global gradient norm
    dead_fraction: list  # per layer, None unless ReLU-like and a probe exists
    saturated_fraction: list  # per layer, None unless tanh/sigmoid
    #: ||dW|| / ||W|| over all layers' weights (None where not known)
    grad_to_weight: float | None = None


#: the two rules about a layer's units: same test, different evidence and advice
_UNIT_RULES = (
    {
        "name": "dead_units",
        "field": "dead_fraction",
        "threshold": DEAD_FRACTION,
        "what": "dead: they output 0 for every probe sample, so they no longer learn.",
        "suggestion": "Lower the learning rate, use leaky_relu or elu, or He "
        "initialization.",
    },
    {
        "name": "saturated_units",
        "field": "saturated_fraction",
        "threshold": SATURATED_FRACTION,
        "what": "saturated: their output sits at the flat ends of the curve, "
        "where the gradient is almost zero.",
        "suggestion": "Standardize the inputs, use a smaller initialization or a "
        "lower learning rate, or switch to relu.",
    },
)


@dataclass
class FitContext:
    """What the loss rules need to know about the task and the fit."""

    loss: str | None = None
    chance: float | None = None  # chance_loss of the training targets
    optimizer: str | None = None
    lr: float | None = None
    epochs: int | None = None  # epochs of the current fit
    l1: float = 0.0
    l2: float = 0.0


class Diagnoser:
    """Applies the rules to a run as it is recorded (or replayed).

    Feed it with :meth:`add_epoch` after every epoch and :meth:`add_snapshot`
    after every snapshot; each returns the diagnostics that fired. The
    recorder also calls :meth:`start_fit` (the task, for the rules about the
    loss) and :meth:`end_fit` (the verdicts that need the whole fit).
    """

    def __init__(self):
        self.summaries: list[SnapshotSummary] = []
        self.epochs: list[dict] = []
        self.fired: set = set()
        self.smooth_val: list[float] = []
        self.smooth_train: list[float] = []
        self.best_smooth: int | None = None
        self.context = FitContext()
        # the training loss, kept incrementally: O(1) per epoch
        self._last_losses: deque = deque(maxlen=LOSS_SMOOTH)
        self._smoothed: deque = deque(maxlen=STUCK_EPOCHS // 2 + 1)
        self._trend: deque = deque(maxlen=SLOW_WINDOW)  # (epoch, loss)
        self._best_loss = math.inf  # best smoothed loss, by STALL_TOLERANCE steps
        self._best_at = 0  # index into self.epochs of that best
        #: unit diagnostics waiting for the loss to say how much they matter
        self._pending: dict = {}

    def start_fit(
        self, loss=None, targets=None, optimizer=None, lr=None, epochs=None, l1=0, l2=0
    ):
        """Tell the rules about the task: the loss name, the training targets
        as the network sees them ``(n, n_outputs)``, the optimizer's name, its
        learning rate, the epochs of this fit and its regularization."""
        self.context = FitContext(
            loss=loss,
            chance=chance_loss(loss, targets),
            optimizer=optimizer,
            lr=None if lr is None else float(lr),
            epochs=epochs,
            l1=float(l1 or 0.0),
            l2=float(l2 or 0.0),
        )

    def _fire(self, key, diagnostic, out):
        if key not in self.fired:
            self.fired.add(key)
            out.append(diagnostic)

    # -- the loss against the chance level -----------------------------------------
    @property
    def smooth_loss(self) -> float | None:
        """The training loss averaged over the last ``LOSS_SMOOTH`` epochs."""
        if not self._last_losses:
            return None
        return sum(self._last_losses) / len(self._last_losses)

    def _track(self, info):
        loss = info["loss"]
        if loss is None or not math.isfinite(loss):
            return
        self._last_losses.append(loss)
        smooth = self.smooth_loss
        self._smoothed.append(smooth)
        self._trend.append((info["epoch"], loss))
        chance = self.context.chance or 0.0
        if smooth < self._best_loss - STALL_TOLERANCE * chance:
            self._best_loss, self._best_at = smooth, len(self.epochs) - 1

    def _stalled(self) -> bool:
        """No fall of STALL_TOLERANCE of the chance level in STALL_EPOCHS."""
        n = len(self.epochs)
        return n >= LOSS_SMOOTH + STALL_EPOCHS and n - 1 - self._best_at >= (
            STALL_EPOCHS
        )

    def _learning(self, final=False) -> str | None:
        """ "well" (loss below GOOD_FRACTION of chance), "poorly" (stalled above
        it, or the fit ended there) or None (too early to tell)."""
        chance, smooth = self.context.chance, self.smooth_loss
        if chance is None or smooth is None:
            return "poorly" if final else None
        if smooth <= GOOD_FRACTION * chance:
            return "well"
        if final or self._stalled():
            return "poorly"
        return None

    def _loss_words(self) -> str:
        chance, smooth = self.context.chance, self.smooth_loss
        return (
            f"{smooth:.3g} ({100 * smooth / chance:.0f}% of the chance level "
            f"{chance:.3g})"
        )

    def _chance_what(self) -> str:
        if self.context.loss == "mse":
            return (
                "the variance of the targets: what always predicting their mean gives"
            )
        return "what always predicting the class frequencies gives"

    def _remedies(self, more_epochs=True) -> str:
        """What to try when the loss does not go down, for this fit."""
        c = self.context
        tries = []
        penalties = [f"{k} is {v:g}" for k, v in (("l1", c.l1), ("l2", c.l2)) if v]
        if penalties:
            # a strong penalty holds the weights near 0: the chance level
            tries.append(f"less regularization ({', '.join(penalties)})")
        if c.lr is not None and "lr_high" in self.fired:
            tries.append(f"a lower learning rate (it is {c.lr:g}; try {c.lr / 10:g})")
        elif c.lr is not None and c.optimizer not in ADAPTIVE:
            tries.append(
                f"a higher learning rate (it is {c.lr:g}; try {3 * c.lr:g} to "
                f"{10 * c.lr:g}) or the adam optimizer (lr 0.01)"
            )
        elif c.lr is not None and c.lr < 1e-3:
            tries.append(
                f"a higher learning rate ({c.optimizer} at {c.lr:g}; 0.001 to 0.01 "
                "usually works)"
            )
        elif c.lr is not None and c.lr >= ADAPTIVE_LR_HIGH:
            tries.append(
                f"a lower learning rate ({c.optimizer} at {c.lr:g}; 0.001 to 0.01 "
                "usually works)"
            )
        tries.append("a wider network (more units per layer)")
        tries.append("more informative input features (e.g. x1*x2, x1^2, sin(x1))")
        if more_epochs:
            tries.append("more epochs")
        return "Try " + ", ".join(tries[:-1]) + " or " + tries[-1] + "."

    def _causes(self) -> str:
        """The unit and gradient problems already found, as likely causes."""
        names = {
            "vanishing": "vanishing gradients",
            "exploding": "exploding gradients",
            "lr_high": "a learning rate that is too high",
        }
        found = [names[k] for k in names if k in self.fired]
        for key in sorted(k for k in self.fired if isinstance(k, tuple)):
            rule, layer = key
            found.append(f"{rule.split('_')[0]} units in layer {layer + 1}")
        return f" Likely causes, reported above: {'; '.join(found)}." if found else ""

    def _at_chance(self, info, final) -> Diagnostic:
        c = self.context
        n = len(self.epochs)
        smooth = self.smooth_loss
        if smooth > (2 - CHANCE_FRACTION) * c.chance:
            where = "worse than"
        else:
            where = "still at"
        trend = ""
        if not final and len(self._smoothed) > 1:
            fall = self._smoothed[0] - smooth
            span = len(self._smoothed) - 1
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
            f"of this task ({c.chance:.3g}: {self._chance_what()}){trend}."
            + self._causes(),
            self._remedies()
            + " (If the labels are mostly noise, this is as good as it gets.)",
            {
                "loss": smooth,
                "chance_loss": c.chance,
                "epochs": n,
                "steps": info["step"] + 1,
            },
        )

    def _loss_rules(self, info) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        c = self.context
        smooth = self.smooth_loss
        if c.chance is None or smooth is None or "lr_low" in self.fired:
            return out
        stuck = (
            len(self.epochs) >= STUCK_EPOCHS
            and info["step"] + 1 >= STUCK_STEPS
            and smooth >= CHANCE_FRACTION * c.chance
            and self._smoothed[0] - smooth < STUCK_FALL * c.chance
        )
        if stuck or self._stalled():
            out += self._adaptive_too_fast(info)
        if stuck and "chance" not in self.fired:
            out += self._settle(final=True)  # pending unit findings matter now
            self._fire("chance", self._at_chance(info, final=False), out)
        return out

    def _adaptive_too_fast(self, info) -> list[Diagnostic]:
        """adam/rmsprop at a huge rate, while the loss does not improve."""
        out: list[Diagnostic] = []
        c = self.context
        lr = info.get("lr", c.lr)
        smooth = self.smooth_loss
        if (
            c.optimizer not in ADAPTIVE
            or lr is None
            or lr < ADAPTIVE_LR_HIGH
            or smooth <= GOOD_FRACTION * c.chance
            or "lr_high" in self.fired
        ):
            return out
        out += self._settle(final=True)
        best = self.epochs[self._best_at]
        self._fire(
            "lr_high",
            Diagnostic(
                "learning_rate_high",
                "warning",
                best["epoch"],
                best["step"],
                f"{c.optimizer} at learning rate {lr:g} is too fast: it moves every "
                f"weight by up to about {lr:g} at each step, whatever the gradient, "
                f"and the training loss has not improved since epoch "
                f"{best['epoch'] + 1} ({self._best_loss:.3g}); it is "
                f"{self._loss_words()}.",
                f"{c.optimizer} usually works with a learning rate of 0.001 to 0.01: "
                f"try {min(lr / 10, 0.01):g}.",
                {
                    "optimizer": c.optimizer,
                    "lr": lr,
                    "best_loss": self._best_loss,
                    "loss": smooth,
                    "chance_loss": c.chance,
                },
            ),
            out,
        )
        return out

    def end_fit(self) -> list[Diagnostic]:
        """The verdicts that need the whole fit: call when a fit finishes (or
        stops early); not after a divergence or an interruption."""
        out = self._settle(final=True)
        c = self.context
        smooth = self.smooth_loss
        n = len(self.epochs)
        if (
            c.chance is None
            or smooth is None
            or n < SLOW_MIN_EPOCHS
            or "lr_low" in self.fired
        ):
            return out
        info = self.epochs[-1]
        if smooth >= CHANCE_FRACTION * c.chance:
            out += self._adaptive_too_fast(info)
            if "chance" not in self.fired:
                self._fire("chance", self._at_chance(info, final=True), out)
            return out
        target = GOOD_FRACTION * c.chance
        if smooth <= target:
            return out
        k = min(max(n // 4, SLOW_MIN_EPOCHS), SLOW_WINDOW)
        losses = [loss for _, loss in list(self._trend)[-k:]]
        estimate = epochs_to_converge(losses, target)
        if estimate is None:
            return out  # not falling any more: at a plateau, no verdict here
        needed, goal, rate = estimate
        if needed > SLOW_FACTOR * n:
            self._fire(
                "slow",
                Diagnostic(
                    "slow_convergence",
                    "warning",
                    info["epoch"],
                    info["step"],
                    f"the loss falls too slowly to converge in {n} epochs: it ended "
                    f"at {self._loss_words()}, falling by {rate:.2g} per epoch "
                    f"over the last {len(losses)} epochs; at that pace it would need "
                    f"about {needed:,.0f} more epochs to reach {goal:.3g}"
                    + (
                        " (a quarter of the chance level)."
                        if goal == target
                        else " (90% of the way to where it levels off)."
                    )
                    + self._causes(),
                    self._remedies(more_epochs=False)[:-1]
                    + f", or train longer (epochs={_round_up(n + needed)}).",
                    {
                        "loss": smooth,
                        "chance_loss": c.chance,
                        "rate": rate,
                        "goal": goal,
                        "epochs": n,
                        "epochs_needed": needed,
                    },
                ),
                out,
            )
        return out

    # -- unit rules: a warning only if the loss is stuck ----------------------------
    def _settle(self, final=False) -> list[Diagnostic]:
        if not self._pending:
            return []
        verdict = "poorly" if self.context.chance is None else self._learning(final)
        if verdict is None:
            return []
        out: list[Diagnostic] = []
        for key, d in self._pending.items():
            if self.context.chance is not None:
                if verdict == "well":
                    d.severity = "info"
                    d.message += (
                        f" The training loss is low, {self._loss_words()}, so they "
                        "do not stop it from learning."
                    )
                    d.suggestion = "Nothing needs fixing now; if training stalls, " + (
                        _lower_first(d.suggestion)
                    )
                else:
                    d.message += (
                        f" The training loss has stalled at {self._loss_words()}."
                    )
            self._fire(key, d, out)
        self._pending.clear()
        return out

    # -- per snapshot -----------------------------------------------------------
    def add_snapshot(self, s: SnapshotSummary) -> list[Diagnostic]:
        self.summaries.append(s)
        out: list[Diagnostic] = []
        recent = self.summaries[-PERSIST:]
        persistent = len(recent) == PERSIST
        first, last = s.grad_rms[0], s.grad_rms[-1]
        n_layers = len(s.grad_rms)

        def ratio(summary):
            # an exactly zero gradient means dead units cut the layer off (the
            # dead_units rule says so), not a chain of shrinking or growing
            # factors: no ratio, so neither rule below can fire on it
            bottom, top = summary.grad_rms[0], summary.grad_rms[-1]
            return bottom / top if bottom > 0 and top > 0 else math.nan

        if (
            n_layers >= 3
            and persistent
            and all(ratio(r) < VANISHING_RATIO for r in recent)
        ):
            start = recent[0]
            self._fire(
                "vanishing",
                Diagnostic(
                    "vanishing_gradients",
                    "warning",
                    start.epoch,
                    start.step,
                    "gradients vanish on the way back: the first layer's RMS "
                    f"gradient is {first:.2e}, {ratio(s):.1e} times the last "
                    f"layer's ({last:.2e}), so the first layers barely learn.",
                    "Use relu or leaky_relu with He initialization, fewer layers, or a "
                    "larger learning rate for this depth.",
                    {
                        "first_layer_grad_rms": first,
                        "last_layer_grad_rms": last,
                        "ratio": ratio(s),
                    },
                ),
                out,
            )

        first_norm = self.summaries[0].grad_norm
        growth = s.grad_norm / first_norm if first_norm > 0 else 0.0

        def huge(summary):
            # no healthy value to grow from: the gradient dwarfs the weights from
            # the first snapshots on. (Later, weights that shrink toward 0, under
            # a strong L2 penalty say, raise the ratio with no big gradient:
            # growth is the test there.)
            scale = summary.grad_to_weight
            return (
                recent[0] is self.summaries[0]
                and scale is not None
                and scale > EXPLODING_SCALE
            )

        if persistent and all(
            (n_layers >= 3 and ratio(r) > EXPLODING_RATIO)
            or (first_norm > 0 and r.grad_norm / first_norm > EXPLODING_GROWTH)
            or huge(r)
            for r in recent
        ):
            start = recent[0]
            layers = (
                f" and the first layer's RMS gradient is {ratio(s):.3g} times the "
                "last layer's"
                if math.isfinite(ratio(s))
                else ""
            )
            scale = s.grad_to_weight
            if huge(s) and growth <= EXPLODING_GROWTH:
                what = (
                    "gradients are huge from the start: the gradient of the weights is "
                    f"{scale:.3g} times the weights themselves (||dW|| / ||W||; "
                    "about 0.01 to 1 is usual), so a gradient step of any usual "
                    f"learning rate changes them far beyond their size (gradient "
                    f"norm {s.grad_norm:.3g})"
                    + (layers if ratio(s) > EXPLODING_RATIO else "")
                    + "."
                )
                advice = (
                    "Standardize the inputs (and, for regression, the targets), use "
                    "a smaller initialization (glorot/he), clip gradients "
                    "(fit(clip_norm=1.0)) or lower the learning rate."
                )
            else:
                what = (
                    f"gradients explode: the gradient norm is {s.grad_norm:.3g} "
                    f"({growth:.3g} times its first value){layers}."
                )
                advice = (
                    "Lower the learning rate, clip gradients (fit(clip_norm=1.0)), or "
                    "use a smaller initialization (glorot/he) and standardized inputs."
                )
            self._fire(
                "exploding",
                Diagnostic(
                    "exploding_gradients",
                    "error",
                    start.epoch,
                    start.step,
                    what,
                    advice,
                    {
                        "grad_norm": s.grad_norm,
                        "growth": growth,
                        "ratio": ratio(s),
                        "grad_to_weight": scale,
                    },
                ),
                out,
            )

        def median_ratio(summary):
            # layers whose gradient is exactly 0 (dead units) stand still at any
            # learning rate: they say nothing about it
            ratios = [
                r
                for r, g in zip(summary.update_ratio, summary.grad_rms)
                if math.isfinite(r) and g > 0
            ]
            return statistics.median(ratios) if ratios else math.nan

        # big steps while the loss no longer falls: a rate that is too high (big
        # relative steps are normal at the start, while the loss drops fast)
        epochs = self.epochs  # only its last few entries: O(1)
        stalled = (
            len(epochs) > PERSIST
            and epochs[-1]["loss"] >= 0.9 * epochs[-1 - PERSIST]["loss"]
        )
        if (
            persistent
            and stalled
            and all(median_ratio(r) > UPDATE_RATIO_HIGH for r in recent)
        ):
            start = recent[0]
            value = median_ratio(s)
            self._fire(
                "lr_high",
                Diagnostic(
                    "learning_rate_high",
                    "warning",
                    start.epoch,
                    start.step,
                    f"each step changes the weights by {100 * value:.0f}% of their "
                    f"size (median ||dW|| / ||W|| = {value:.2g}; about 1e-3 is "
                    "typical), so training jumps around instead of settling.",
                    "Try a learning rate about 10 times lower.",
                    {"median_update_ratio": value, "per_layer": list(s.update_ratio)},
                ),
                out,
            )

        if len(self.summaries) == EARLY and all(
            median_ratio(r) < UPDATE_RATIO_LOW for r in self.summaries
        ):
            value = median_ratio(s)
            self._fire(
                "lr_low",
                Diagnostic(
                    "learning_rate_low",
                    "warning",
                    self.summaries[0].epoch,
                    self.summaries[0].step,
                    "the weights hardly move: each step changes them by "
                    f"{value:.1e} of their size (about 1e-3 is typical).",
                    "Try a learning rate 10 to 100 times higher, or optimizer='adam'.",
                    {"median_update_ratio": value},
                ),
                out,
            )

        for i in range(n_layers):
            for rule in _UNIT_RULES:
                key = (rule["name"], i)
                fractions = [getattr(r, rule["field"])[i] for r in recent]
                if not (
                    persistent
                    and all(f is not None and f >= rule["threshold"] for f in fractions)
                ):
                    # gone before the loss told whether it mattered: no finding
                    self._pending.pop(key, None)
                elif key not in self.fired and key not in self._pending:
                    frac = fractions[-1]
                    self._pending[key] = Diagnostic(
                        rule["name"],
                        "warning",
                        recent[0].epoch,
                        recent[0].step,
                        f"{100 * frac:.0f}% of the units of layer {i + 1} "
                        f"({s.layer_names[i]}, {s.activations[i]}) are " + rule["what"],
                        rule["suggestion"],
                        {rule["field"]: frac},
                        layer=i,
                    )
        out += self._settle()
        return out

    # -- per epoch --------------------------------------------------------------
    def add_epoch(self, info: dict) -> list[Diagnostic]:
        """``info``: ``epoch``, ``step`` (its last), ``loss``, ``val_loss``
        (or None), optionally ``lr``."""
        self.epochs.append(info)
        self._track(info)
        out = self._settle()
        out += self._loss_rules(info)
        out += self._overfitting(info)
        return out

    def _overfitting(self, info: dict) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        if info["val_loss"] is None:
            return out
        # trailing means over OVERFIT_SMOOTH epochs (one noisy epoch is not a
        # trend), kept incrementally so each epoch costs the same
        window = self.epochs[-OVERFIT_SMOOTH:]
        if len(window) < OVERFIT_SMOOTH or any(e["val_loss"] is None for e in window):
            return out
        self.smooth_val.append(sum(e["val_loss"] for e in window) / OVERFIT_SMOOTH)
        self.smooth_train.append(sum(e["loss"] for e in window) / OVERFIT_SMOOTH)
        sv, st = self.smooth_val, self.smooth_train
        if self.best_smooth is None or sv[-1] < sv[self.best_smooth]:
            self.best_smooth = len(sv) - 1
        best = self.best_smooth
        if len(sv) < OVERFIT_SMOOTH + 1 or best == len(sv) - 1:
            return out
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
        if rising and margin and visible and falling:
            start = self.epochs[len(self.epochs) - len(sv) + best]
            self._fire(
                "overfitting",
                Diagnostic(
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
                ),
                out,
            )
        return out

    def diverged(self, epoch, step, error) -> Diagnostic:
        diagnostic = Diagnostic(
            "loss_not_finite",
            "error",
            epoch,
            step,
            f"the loss became NaN or infinite and training stopped ({error}).",
            "Lower the learning rate about 10 times, standardize the inputs, or "
            "clip gradients with fit(clip_norm=1.0).",
            {"error": error},
        )
        self.fired.add("diverged")
        self._pending.clear()  # the divergence is the story now
        return diagnostic


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


def _round_up(epochs: float) -> int:
    """A round number of epochs at least ``epochs``: 1, 2 or 5 times a power
    of ten."""
    power = 10 ** max(0, math.floor(math.log10(max(epochs, 1.0))))
    for step in (1, 2, 5, 10):
        if step * power >= epochs:
            return int(step * power)
    return int(10 * power)
