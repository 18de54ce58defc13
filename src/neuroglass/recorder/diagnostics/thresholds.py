"""The thresholds of the health rules, in one place.

What each one means is in the table of :mod:`neuroglass.recorder.diagnostics`;
the unit thresholds live with the one function that applies them
(:mod:`neuroglass.recorder.stats`, used by the recorder, the figures and the
playground's rings alike) and are re-exported here.
"""

from ..stats import DEAD_FRACTION as DEAD_FRACTION
from ..stats import SATURATED_FRACTION as SATURATED_FRACTION
from ..stats import SATURATED_SAMPLES as SATURATED_SAMPLES

VANISHING_RATIO = 1e-3
EXPLODING_RATIO = 1e3
EXPLODING_GROWTH = 1e3
UPDATE_RATIO_HIGH = 1e-1
UPDATE_RATIO_LOW = 1e-6
OVERFIT_PATIENCE = 3
OVERFIT_MARGIN = 0.25
OVERFIT_MIN_RISE = 0.05
OVERFIT_TRAIN_FALL = 0.2
OVERFIT_SMOOTH = 5
OVERFIT_ACCURACY_DROP = 0.02
OVERFIT_NOTE_ERROR = 0.5
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
