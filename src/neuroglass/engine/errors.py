"""The errors neuroglass raises. Each message says what was wrong, what was
expected and how to fix it, naming the offending value."""

from __future__ import annotations


class NeuroglassError(Exception):
    """Base class of every error neuroglass raises on purpose."""


class ConfigError(NeuroglassError, ValueError):
    """An unknown name or an out-of-range setting (activation, loss, lr, ...)."""


class ShapeError(NeuroglassError, ValueError):
    """Arrays whose shapes do not fit the network or each other."""


class DataError(NeuroglassError, ValueError):
    """Input or label values that cannot be used (NaN, inf, wrong labels, empty)."""


class ModelFileError(NeuroglassError, ValueError):
    """A model file that is missing, truncated, corrupted or not a neuroglass model."""


class TrainingDiverged(NeuroglassError, RuntimeError):
    """The loss, the weights or the optimizer's state became NaN or infinite
    during :meth:`Network.fit`.

    The network keeps the last weights that gave a finite loss.

    Attributes
    ----------
    epoch : int
        Epoch (0-based) in which the loss stopped being finite.
    step : int
        Global optimisation step (0-based, counted over all epochs of this fit).
    loss : float
        The non-finite loss value (NaN when the weights or the optimizer's
        state became non-finite after a step whose loss was finite).
    lr : float
        The learning rate in force.
    history : History
        The epochs completed before the divergence.
    """

    def __init__(self, message, *, epoch, step, loss, lr, history=None):
        super().__init__(message)
        self.epoch = epoch
        self.step = step
        self.loss = loss
        self.lr = lr
        self.history = history
