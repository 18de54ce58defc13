"""The Diagnoser: applies the rules of :mod:`.snapshots`, :mod:`.loss_curve`
and :mod:`.overfitting` to a run as it is recorded (or replayed), fires each
finding once, and holds the findings about units until the loss tells how
much they matter."""

from __future__ import annotations

from . import loss_curve, snapshots
from .loss_curve import LossCurve, chance_loss
from .overfitting import ValidationCurve, chance_accuracy, mse_labels
from .records import Diagnostic, FitContext, SnapshotSummary
from .thresholds import CHANCE_FRACTION, PERSIST, SLOW_MIN_EPOCHS


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


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
        self.context = FitContext()
        #: the training loss, kept incrementally: O(1) per epoch
        self.curve = LossCurve()
        self.validation = ValidationCurve()
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
            labels=(labels := mse_labels(loss, targets)),
            chance_accuracy=chance_accuracy(loss, targets, labels),
            optimizer=optimizer,
            lr=None if lr is None else float(lr),
            epochs=epochs,
            l1=float(l1 or 0.0),
            l2=float(l2 or 0.0),
        )

    def _fire(self, key, diagnostic, out):
        """Report ``diagnostic`` (None: nothing found) unless ``key`` fired."""
        if diagnostic is not None and key not in self.fired:
            self.fired.add(key)
            out.append(diagnostic)

    # -- per snapshot -----------------------------------------------------------
    def add_snapshot(self, s: SnapshotSummary) -> list[Diagnostic]:
        self.summaries.append(s)
        out: list[Diagnostic] = []
        recent = self.summaries[-PERSIST:]
        for key, rule, args in (
            ("vanishing", snapshots.vanishing, (recent,)),
            ("exploding", snapshots.exploding, (recent, self.summaries[0])),
            ("lr_high", snapshots.steps_too_big, (recent, self.epochs)),
            ("lr_low", snapshots.steps_too_small, (self.summaries,)),
        ):
            if key not in self.fired:
                self._fire(key, rule(*args), out)
        for i in range(len(s.grad_rms)):
            for rule in snapshots.UNIT_RULES:
                key = (rule["name"], i)
                if not snapshots.units_persist(rule, i, recent):
                    # gone before the loss told whether it mattered: no finding
                    self._pending.pop(key, None)
                elif key not in self.fired and key not in self._pending:
                    self._pending[key] = snapshots.unit_finding(rule, i, recent)
        out += self._settle()
        return out

    # -- per epoch --------------------------------------------------------------
    def add_epoch(self, info: dict) -> list[Diagnostic]:
        """``info``: ``epoch``, ``step`` (its last), ``loss``, ``val_loss``
        (or None), optionally ``lr``, ``accuracy`` and ``val_accuracy`` (None
        where not known: a regression)."""
        self.epochs.append(info)
        self.curve.add(info, self.context.chance)
        out = self._settle()
        out += self._loss_rules(info)
        if "overfitting" not in self.fired:
            found = self.validation.add(self.epochs, self.context.chance_accuracy)
            # a note while the validation accuracy holds; a warning may follow
            # it once the accuracy falls too (each fires once)
            key = (
                "overfitting"
                if found is None or found.severity != "info"
                else "overfitting_note"
            )
            self._fire(key, found, out)
        return out

    def _loss_rules(self, info) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        c, curve = self.context, self.curve
        if c.chance is None or curve.smooth is None or "lr_low" in self.fired:
            return out
        stuck = curve.stuck(info, c.chance)
        if stuck or curve.stalled():
            out += self._adaptive_too_fast(info)
        if stuck and "chance" not in self.fired:
            out += self._settle(final=True)  # pending unit findings matter now
            self._fire(
                "chance",
                loss_curve.at_chance(curve, c, self.fired, info, final=False),
                out,
            )
        return out

    def _adaptive_too_fast(self, info) -> list[Diagnostic]:
        """adam/rmsprop at a huge rate, while the loss does not improve."""
        if "lr_high" in self.fired:
            return []
        best = self.epochs[self.curve.best_index]
        found = loss_curve.adaptive_too_fast(self.curve, self.context, info, best)
        if found is None:
            return []
        out = self._settle(final=True)
        self._fire("lr_high", found, out)
        return out

    def end_fit(self) -> list[Diagnostic]:
        """The verdicts that need the whole fit: call when a fit finishes (or
        stops early); not after a divergence or an interruption."""
        out = self._settle(final=True)
        c, curve = self.context, self.curve
        if (
            c.chance is None
            or curve.smooth is None
            or curve.n_epochs < SLOW_MIN_EPOCHS
            or "lr_low" in self.fired
        ):
            return out
        info = self.epochs[-1]
        if curve.smooth >= CHANCE_FRACTION * c.chance:
            out += self._adaptive_too_fast(info)
            if "chance" not in self.fired:
                self._fire(
                    "chance",
                    loss_curve.at_chance(curve, c, self.fired, info, final=True),
                    out,
                )
            return out
        self._fire("slow", loss_curve.slow_convergence(curve, c, self.fired, info), out)
        return out

    def diverged(self, epoch, step, error, cause=None) -> Diagnostic:
        """``cause``: what became NaN or infinite (``TrainingDiverged.cause``:
        "loss", "gradient", "weights", "optimizer state"; None if unknown)."""
        self.fired.add("diverged")
        self._pending.clear()  # the divergence is the story now
        return loss_curve.not_finite(epoch, step, error, cause)

    # -- unit rules: a warning only if the loss is stuck ----------------------------
    def _settle(self, final=False) -> list[Diagnostic]:
        if not self._pending:
            return []
        chance = self.context.chance
        verdict = "poorly" if chance is None else self.curve.learning(chance, final)
        if verdict is None:
            return []
        out: list[Diagnostic] = []
        for key, d in self._pending.items():
            if chance is not None:
                # what the loss told, for the words of every language
                d.evidence.update(
                    loss=self.curve.smooth,
                    chance_loss=chance,
                    verdict="learning" if verdict == "well" else "stalled",
                )
                if verdict == "well":
                    d.severity = "info"
                    d.message += (
                        f" The training loss is low, {self.curve.words(chance)}, so "
                        "they do not stop it from learning."
                    )
                    d.suggestion = "Nothing needs fixing now; if training stalls, " + (
                        _lower_first(d.suggestion)
                    )
                else:
                    d.message += (
                        f" The training loss has stalled at {self.curve.words(chance)}."
                    )
            self._fire(key, d, out)
        self._pending.clear()
        return out
