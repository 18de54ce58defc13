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
    """The loss, a gradient, the weights or the optimizer's state became NaN or
    infinite during :meth:`Network.fit` (``cause`` says which).

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
    cause : str
        What became NaN or infinite, one of :data:`DIVERGENCE_CAUSES`:
        ``"loss"``; ``"gradient"`` (a finite loss whose gradient overflowed, so
        the update and the weights did too); ``"weights"`` (a finite gradient
        whose update or sum with the weights overflowed); ``"optimizer state"``
        (e.g. Adam's average of squared gradients: a gradient too large to
        square, with finite weights and loss).
    state : str or None
        With ``cause="optimizer state"``: the name of the state array (Adam's
        ``"v"``, RMSProp's ``"square_avg"``); else None.
    """

    def __init__(
        self, message, *, epoch, step, loss, lr, history=None, cause="loss", state=None
    ):
        super().__init__(message)
        if cause not in DIVERGENCE_CAUSES:
            raise ConfigError(
                f"TrainingDiverged's cause must be one of {DIVERGENCE_CAUSES}; got "
                f"{cause!r}."
            )
        self.epoch = epoch
        self.step = step
        self.loss = loss
        self.lr = lr
        self.history = history
        self.cause = cause
        self.state = state


#: what :class:`TrainingDiverged` can find NaN or infinite (its ``cause``)
DIVERGENCE_CAUSES = ("loss", "gradient", "weights", "optimizer state")
