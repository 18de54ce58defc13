"""Learning-rate schedules: ``lr(epoch) = base_lr * factor(epoch)``."""

from __future__ import annotations

import math

from .errors import ConfigError
from .validation import check_fraction, check_lr, positive_int


class Schedule:
    """``lr(epoch) = base_lr * factor(epoch)``; ``epoch`` counts from 0 in a fit."""

    name = "constant"

    def factor(self, epoch: int, total_epochs: int) -> float:
        return 1.0

    def __call__(self, epoch: int, base_lr: float, total_epochs: int) -> float:
        return base_lr * self.factor(epoch, total_epochs)

    def config(self) -> dict:
        return {"name": self.name, **vars(self)}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class StepDecay(Schedule):
    """Multiply the rate by ``gamma`` every ``step_size`` epochs."""

    name = "step"

    def __init__(self, step_size=10, gamma=0.5):
        self.step_size = positive_int(step_size, "step_size")
        self.gamma = check_lr(gamma, "gamma")

    def factor(self, epoch, total_epochs):
        return self.gamma ** (epoch // self.step_size)


class ExponentialDecay(Schedule):
    """Multiply the rate by ``gamma`` every epoch."""

    name = "exponential"

    def __init__(self, gamma=0.95):
        self.gamma = check_lr(gamma, "gamma")

    def factor(self, epoch, total_epochs):
        return self.gamma**epoch


class CosineDecay(Schedule):
    """Cosine annealing from the base rate to ``min_factor * base`` over the fit.

    ``factor = m + (1 - m) (1 + cos(pi e / T)) / 2`` with ``T = epochs`` (default:
    the ``epochs`` of the fit).
    """

    name = "cosine"

    def __init__(self, epochs=None, min_factor=0.0):
        self.epochs = positive_int(epochs, "epochs", allow_none=True)
        self.min_factor = check_fraction(min_factor, "min_factor")

    def factor(self, epoch, total_epochs):
        span = self.epochs or total_epochs
        progress = min(epoch / span, 1.0)
        return self.min_factor + (1 - self.min_factor) * 0.5 * (
            1 + math.cos(math.pi * progress)
        )


SCHEDULES = {
    "constant": Schedule,
    "step": StepDecay,
    "exponential": ExponentialDecay,
    "cosine": CosineDecay,
}


def get_schedule(schedule) -> Schedule:
    if schedule is None:
        return Schedule()
    if isinstance(schedule, Schedule):
        return schedule
    if isinstance(schedule, str) and schedule.lower() in SCHEDULES:
        return SCHEDULES[schedule.lower()]()
    raise ConfigError(
        f"Unknown learning-rate schedule {schedule!r}. Valid names: "
        f"{', '.join(SCHEDULES)}; or pass ng.StepDecay(...), ng.ExponentialDecay(...),"
        " ng.CosineDecay(...)."
    )
