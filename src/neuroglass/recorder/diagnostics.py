"""Health diagnostics of a training run, in plain words.

Each rule looks at the per-snapshot summary of a run and, when it fires, says
when the problem started, what the evidence is and what to try. A rule fires
once per run (per layer where it is about a layer).

=====================  =========================================================
rule                   fires when (thresholds are module constants)
=====================  =========================================================
loss_not_finite        the loss became NaN or infinite (training stopped)
vanishing_gradients    the first layer's RMS gradient is below
                       ``VANISHING_RATIO`` (1e-3) times the last layer's, at
                       ``PERSIST`` (2) snapshots in a row (a first or last layer
                       whose gradient is exactly 0 is cut off by dead units, which
                       ``dead_units`` reports: no ratio, no verdict)
exploding_gradients    the first layer's RMS gradient exceeds ``EXPLODING_RATIO``
                       (1e3) times the last layer's (both nonzero, as above), or
                       the gradient norm grew more than ``EXPLODING_GROWTH`` (1e3)
                       times its first value, at ``PERSIST`` snapshots in a row
learning_rate_high     the median update ratio ||dW|| / ||W|| over layers exceeds
                       ``UPDATE_RATIO_HIGH`` (0.1, a hundred times the ~1e-3 rule
                       of thumb) at ``PERSIST`` snapshots in a row while the
                       training loss fell less than 10% over those epochs
learning_rate_low      the median update ratio is below ``UPDATE_RATIO_LOW`` (1e-6)
                       at each of the first ``EARLY`` (3) snapshots (both medians
                       leave out layers whose gradient is exactly 0: dead units
                       stand still at any learning rate)
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
"""

from __future__ import annotations

import itertools
import math
import statistics
from dataclasses import asdict, dataclass, field

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


class Diagnoser:
    """Applies the rules to a run as it is recorded (or replayed)."""

    def __init__(self):
        self.summaries: list[SnapshotSummary] = []
        self.epochs: list[dict] = []
        self.fired: set = set()
        self.smooth_val: list[float] = []
        self.smooth_train: list[float] = []
        self.best_smooth: int | None = None

    def _fire(self, key, diagnostic, out):
        if key not in self.fired:
            self.fired.add(key)
            out.append(diagnostic)

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
        if persistent and all(
            (n_layers >= 3 and ratio(r) > EXPLODING_RATIO)
            or (first_norm > 0 and r.grad_norm / first_norm > EXPLODING_GROWTH)
            for r in recent
        ):
            start = recent[0]
            layers = (
                f" and the first layer's RMS gradient is {ratio(s):.3g} times the "
                "last layer's"
                if math.isfinite(ratio(s))
                else ""
            )
            self._fire(
                "exploding",
                Diagnostic(
                    "exploding_gradients",
                    "error",
                    start.epoch,
                    start.step,
                    f"gradients explode: the gradient norm is {s.grad_norm:.3g} "
                    f"({growth:.3g} times its first value){layers}.",
                    "Lower the learning rate, clip gradients (fit(clip_norm=1.0)), or "
                    "use a smaller initialization (glorot/he) and standardized inputs.",
                    {"grad_norm": s.grad_norm, "growth": growth, "ratio": ratio(s)},
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
        losses = [e["loss"] for e in self.epochs]
        stalled = len(losses) > PERSIST and losses[-1] >= 0.9 * losses[-1 - PERSIST]
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
                fractions = [getattr(r, rule["field"])[i] for r in recent]
                if persistent and all(
                    f is not None and f >= rule["threshold"] for f in fractions
                ):
                    frac = fractions[-1]
                    self._fire(
                        (rule["name"], i),
                        Diagnostic(
                            rule["name"],
                            "warning",
                            recent[0].epoch,
                            recent[0].step,
                            f"{100 * frac:.0f}% of the units of layer {i + 1} "
                            f"({s.layer_names[i]}, {s.activations[i]}) are "
                            + rule["what"],
                            rule["suggestion"],
                            {rule["field"]: frac},
                            layer=i,
                        ),
                        out,
                    )
        return out

    # -- per epoch --------------------------------------------------------------
    def add_epoch(self, info: dict) -> list[Diagnostic]:
        self.epochs.append(info)
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
        return diagnostic
