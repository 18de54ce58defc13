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
loss_not_finite        the loss, a gradient, a weight or the optimizer's state
                       (Adam's and RMSProp's average of squared gradients)
                       became NaN or infinite (training stopped); the message
                       says which (``TrainingDiverged.cause``)
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
                       minimum. A warning when the validation accuracy
                       (averaged the same way) fell at least
                       ``OVERFIT_ACCURACY_DROP`` (2 points) since that minimum,
                       or stays near chance (more than ``OVERFIT_NOTE_ERROR``,
                       half, of the errors of always answering the most common
                       class), or is not known (a regression); else a note: the
                       few points it gets wrong are ever more confidently
                       wrong. A note may be followed by the warning. (mse on
                       one output with -1/+1 or 0/1 targets is a classification
                       too: the recorder computes its validation accuracy.)
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

Each finding is worded in English when it fires (``message``,
``suggestion``) and keeps its evidence, from which :meth:`Diagnostic.text`
and :meth:`Diagnostic.line` word it again in Chinese (``lang="zh"``: the
rule's name, where it started, the message and what to try, with the same
numbers).

The package: ``thresholds`` (the constants above), ``records`` (what the
rules read and write), ``snapshots`` (the rules about gradients, steps and
units), ``loss_curve`` (the rules about the training loss), ``overfitting``,
``advice`` (the likely causes and what to try, kept as facts in the
evidence), ``wording_zh`` (every finding in Chinese) and ``diagnoser`` (the
:class:`Diagnoser` that applies them). Every name is importable from here.
"""

from .diagnoser import Diagnoser
from .loss_curve import LossCurve, chance_loss, epochs_to_converge
from .overfitting import ValidationCurve, chance_accuracy, mse_labels
from .records import Diagnostic, FitContext, SnapshotSummary
from .thresholds import (
    ADAPTIVE,
    ADAPTIVE_LR_HIGH,
    CHANCE_FRACTION,
    DEAD_FRACTION,
    EARLY,
    EXPLODING_GROWTH,
    EXPLODING_RATIO,
    EXPLODING_SCALE,
    GOOD_FRACTION,
    LOSS_SMOOTH,
    OVERFIT_ACCURACY_DROP,
    OVERFIT_MARGIN,
    OVERFIT_MIN_RISE,
    OVERFIT_NOTE_ERROR,
    OVERFIT_PATIENCE,
    OVERFIT_SMOOTH,
    OVERFIT_TRAIN_FALL,
    PERSIST,
    SATURATED_FRACTION,
    SATURATED_SAMPLES,
    SLOW_FACTOR,
    SLOW_MIN_EPOCHS,
    SLOW_MIN_FALL,
    SLOW_WINDOW,
    STALL_EPOCHS,
    STALL_TOLERANCE,
    STUCK_EPOCHS,
    STUCK_FALL,
    STUCK_STEPS,
    UPDATE_RATIO_HIGH,
    UPDATE_RATIO_LOW,
    VANISHING_RATIO,
)

__all__ = [
    "ADAPTIVE",
    "ADAPTIVE_LR_HIGH",
    "CHANCE_FRACTION",
    "DEAD_FRACTION",
    "EARLY",
    "EXPLODING_GROWTH",
    "EXPLODING_RATIO",
    "EXPLODING_SCALE",
    "GOOD_FRACTION",
    "LOSS_SMOOTH",
    "OVERFIT_ACCURACY_DROP",
    "OVERFIT_MARGIN",
    "OVERFIT_MIN_RISE",
    "OVERFIT_NOTE_ERROR",
    "OVERFIT_PATIENCE",
    "OVERFIT_SMOOTH",
    "OVERFIT_TRAIN_FALL",
    "PERSIST",
    "SATURATED_FRACTION",
    "SATURATED_SAMPLES",
    "SLOW_FACTOR",
    "SLOW_MIN_EPOCHS",
    "SLOW_MIN_FALL",
    "SLOW_WINDOW",
    "STALL_EPOCHS",
    "STALL_TOLERANCE",
    "STUCK_EPOCHS",
    "STUCK_FALL",
    "STUCK_STEPS",
    "UPDATE_RATIO_HIGH",
    "UPDATE_RATIO_LOW",
    "VANISHING_RATIO",
    "Diagnoser",
    "Diagnostic",
    "FitContext",
    "LossCurve",
    "SnapshotSummary",
    "ValidationCurve",
    "chance_accuracy",
    "chance_loss",
    "epochs_to_converge",
    "mse_labels",
]
