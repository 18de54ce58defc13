"""Step losses, kept as they come (a tensor stays on its device: no
``.item()``, no synchronization per step) and turned into numbers in one
host copy when they are written.

Under ``torch.distributed`` each rank's losses are averaged over the ranks
(:meth:`Context.mean`, a collective) every :data:`SYNC_STEPS` steps and at
each epoch's end: points fixed by the step count, the same on every rank,
never by a clock.
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np
import torch

from ..engine.errors import ConfigError

#: under torch.distributed: steps between reductions of the step losses
SYNC_STEPS = 64

#: one recorded step, as :meth:`RunWriter.take_steps` reads it
StepRow = namedtuple("StepRow", "step epoch batch loss lr")


def metric(value, what) -> float | None:
    """An epoch metric: None, a number or a one-element tensor, as a float;
    an accuracy a fraction in [0, 1] (or NaN)."""
    if value is None:
        return None
    value = _from_numpy(value)
    if isinstance(value, torch.Tensor):
        _check_tensor(value, what, f"Reduce it first ({what}.mean()).")
        number = float(value.detach().item())
    elif isinstance(value, (bool, str)) or not isinstance(
        value, (int, float, np.number)
    ):
        raise ConfigError(
            f"rec.epoch({what}=...) takes a number, a one-element tensor or None; "
            f"got {value!r} ({type(value).__name__}). Pass the metric as a number, "
            f"e.g. {what}=float(...)."
        )
    else:
        number = float(value)
    if what.endswith("accuracy") and not (0.0 <= number <= 1.0 or math.isnan(number)):
        hint = f" ({number / 100:g} if it is a percentage)" if 1 < number <= 100 else ""
        raise ConfigError(
            f"rec.epoch({what}={number!r}): an accuracy is the fraction of samples "
            f"right, between 0 and 1. Pass the fraction{hint}."
        )
    return number


def _from_numpy(value):
    """A NumPy array (a 0-d array, ``np.array([loss])``) as a tensor, so that
    it is checked and read as one; anything else as it is."""
    if isinstance(value, np.ndarray):
        try:
            return torch.from_numpy(np.ascontiguousarray(value))
        except TypeError:  # object or text arrays: refused as they are
            return value
    return value


def _check_tensor(value, what, reduce) -> None:
    """A metric or loss tensor: one real number with values to read."""
    if value.numel() != 1:
        raise ConfigError(
            f"{what} must be one number; got a tensor of shape "
            f"{tuple(value.shape)}. {reduce}"
        )
    if value.is_complex():
        raise ConfigError(
            f"{what} must be a real number; got a complex tensor ({value.dtype}). "
            f"Pass the real loss (e.g. {what}.abs() or {what}.real)."
        )
    if value.device.type == "meta":
        raise ConfigError(
            f"{what} is a tensor on the 'meta' device: it has no value to record. "
            "Compute it on a real device (materialize the model first)."
        )


def _loss(loss):
    """A step's loss checked: a detached one-element tensor or a float."""
    loss = _from_numpy(loss)
    if isinstance(loss, torch.Tensor):
        _check_tensor(
            loss,
            "rec.step(loss)",
            "Reduce it first (loss.mean()), as the loss you call backward() on.",
        )
        return loss.detach().reshape(())
    if isinstance(loss, (bool, str)) or not isinstance(loss, (int, float, np.number)):
        raise ConfigError(
            f"rec.step(loss) takes the batch's loss as a number or a one-element "
            f"tensor; got {loss!r} ({type(loss).__name__}). Pass the loss you call "
            "backward() on (rec.step(loss)), or float(...) of it."
        )
    return float(loss)


class StepLosses:
    """The step losses not yet written, and those of the current epoch."""

    def __init__(self, ctx, every):
        self.ctx = ctx
        self.every = every
        self._pending = []  # (step, epoch, batch, lr) of the steps to write
        self._values = []  # their losses (tensors or floats)
        self._epoch = []  # every loss of the epoch, for its mean
        self._epoch_done = []  # epoch losses already turned into numbers

    def add(self, step, epoch, batch, loss, lr) -> None:
        value = _loss(loss)
        self._epoch.append(value)
        if step % self.every == 0:
            self._pending.append((step, epoch, batch, lr))
            self._values.append(value)

    def due(self) -> bool:
        """Under torch.distributed: whether the losses are reduced now."""
        return self.ctx.world_size > 1 and len(self._epoch) >= SYNC_STEPS

    def take(self) -> list:
        """The pending steps as :class:`StepRow` (losses averaged over the
        ranks; a collective under torch.distributed)."""
        values = _numbers(self._values + self._epoch)
        n = len(self._values)
        if self.ctx.world_size > 1:
            values = self.ctx.mean(values)
        rows = [
            StepRow(step, epoch, batch, loss, math.nan if lr is None else lr)
            for (step, epoch, batch, lr), loss in zip(
                self._pending, values[:n].tolist()
            )
        ]
        self._epoch_done.append(values[n:])
        self._pending, self._values, self._epoch = [], [], []
        return rows

    def epoch_metrics(self, values) -> list:
        """``[loss, accuracy, val_loss, val_accuracy]`` of the epoch ending:
        ``values`` as given (None: not given; the loss defaults to the mean of
        the epoch's step losses), averaged over the ranks (a collective)."""
        done = np.concatenate(self._epoch_done) if self._epoch_done else np.zeros(0)
        self._epoch_done = []
        if values[0] is None and done.size:
            values = [float(done.mean()), *values[1:]]
        vector = np.array([math.nan if v is None else v for v in values], np.float64)
        given = [v is not None for v in values]
        if self.ctx.world_size > 1:
            vector = self.ctx.mean(vector)
        return [float(x) if ok else None for x, ok in zip(vector, given)]


def _numbers(values) -> np.ndarray:
    """The losses as float64 numbers: one host copy for all the tensors."""
    if not values:
        return np.zeros(0)
    tensors = [(i, v) for i, v in enumerate(values) if isinstance(v, torch.Tensor)]
    out = np.array([0.0 if isinstance(v, torch.Tensor) else v for v in values])
    if tensors:
        try:
            stacked = torch.stack([v for _, v in tensors])
        except RuntimeError:  # tensors of several dtypes or devices
            stacked = torch.stack([v.to("cpu", torch.float64) for _, v in tensors])
        stacked = stacked.to("cpu", torch.float64).numpy()
        out[[i for i, _ in tensors]] = stacked
    return out
