"""The thresholds of the health rules, in one place.

What each one means is in the table of :mod:`neuroglass.recorder.diagnostics`;
the playground's rings read the unit thresholds from here too, so a ring and
a diagnostic always agree.
"""

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
