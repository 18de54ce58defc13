"""The arguments of a fit, checked and turned into what the loop needs.

:func:`plan_fit` checks every argument of
:func:`~neuroglass.engine.training.fit` (and of
:class:`~neuroglass.engine.training.Trainer`) and returns a :class:`FitPlan`;
:func:`validation_set` turns ``validation_data`` or ``validation_split`` into the
training and validation arrays, :func:`as_early_stopping` turns
``early_stopping`` (``True``, a patience or an
:class:`~neuroglass.engine.callbacks.EarlyStopping`) into the callback and
:func:`restore_from` asks a ``resume`` object (such as ``ng.Resume(path)``) to
restore the network.
"""

from __future__ import annotations

import numbers
import os
from dataclasses import dataclass, field

import numpy as np

from . import callbacks as cb
from .errors import ConfigError, DataError
from .optimizers import Optimizer, get_optimizer
from .schedules import get_schedule
from .validation import (
    check_bool,
    check_lr,
    check_open_fraction,
    check_pair,
    is_zero,
    non_negative,
    positive_int,
)


@dataclass
class FitPlan:
    """Everything a fit needs, checked: the data, the optimizer, the callbacks."""

    epochs: int
    batch_size: int
    steps_per_epoch: int
    optimizer: Optimizer
    schedule: object
    base_lr: float
    clip_norm: float | None
    shuffle: bool
    verbose: bool
    callbacks: list
    X: np.ndarray = field(repr=False)
    targets: np.ndarray = field(repr=False)
    X_val: np.ndarray | None = field(default=None, repr=False)
    targets_val: np.ndarray | None = field(default=None, repr=False)


def plan_fit(net, X, y, epochs, batch_size, optimizer, lr, options) -> FitPlan:
    """Check the arguments of a fit (``options``: its keyword-only ones, as a
    dict) in the order fit has always checked them, and return the plan.

    Resuming restores ``net`` here, before the validation split draws from
    ``net.rng`` (whose state the resumed run restores)."""
    epochs = positive_int(epochs, "epochs")
    callbacks = cb.as_callbacks(options["callbacks"])
    shuffle = check_bool(options["shuffle"], "shuffle")
    verbose = check_bool(options["verbose"], "verbose")
    if options["resume"] is not None:
        callbacks += cb.as_callbacks(restore_from(options["resume"], net))
        default = isinstance(optimizer, str) and optimizer == "sgd"
        if default and lr is None and net.optimizer is not None:
            optimizer = net.optimizer  # the recorded optimizer, with its state
    if batch_size is not None:
        batch_size = positive_int(batch_size, "batch_size")
    if lr is not None:
        lr = check_lr(lr)
    opt = get_optimizer(optimizer, lr)
    schedule = get_schedule(options["lr_schedule"])
    clip_norm = non_negative(options["clip_norm"], "clip_norm", allow_none=True)
    if clip_norm == 0:
        raise ConfigError("clip_norm must be > 0 (or None to disable clipping).")
    for name in ("l1", "l2"):
        if options[name] is not None:
            setattr(net, name, non_negative(options[name], name))

    X = net._check_X(X)
    targets = net._targets(y, X.shape[0])
    X, targets, X_val, T_val = validation_set(
        net, X, targets, options["validation_data"], options["validation_split"]
    )
    n = X.shape[0]
    bs = n if batch_size is None else min(batch_size, n)
    stopper = as_early_stopping(options["early_stopping"])
    if stopper is not None:
        callbacks.append(stopper)
    if verbose:
        callbacks.append(cb.ProgressPrinter())
    return FitPlan(
        epochs=epochs,
        batch_size=bs,
        steps_per_epoch=-(-n // bs),
        optimizer=opt,
        schedule=schedule,
        base_lr=opt.lr,
        clip_norm=clip_norm,
        shuffle=shuffle,
        verbose=verbose,
        callbacks=callbacks,
        X=X,
        targets=targets,
        X_val=X_val,
        targets_val=T_val,
    )


def restore_from(resume, net):
    """``resume.restore(net)``: the callback that goes on recording the resumed run.

    ``resume`` is any object with a ``restore(net)`` method, such as
    ``ng.Resume("runs/x.ngrun")``.
    """
    if isinstance(resume, (str, bytes, os.PathLike)):
        raise ConfigError(
            f"resume={resume!r} is a path; the engine restores from an object that "
            f"knows how to read it. Write resume=ng.Resume({os.fsdecode(resume)!r}) "
            "(import neuroglass as ng)."
        )
    restore = getattr(resume, "restore", None)
    if not callable(restore):
        raise ConfigError(
            f"resume must be an object with a restore(net) method, such as "
            f"ng.Resume('runs/x.ngrun'); got {resume!r} of type "
            f"{type(resume).__name__}."
        )
    return restore(net)


def validation_set(net, X, targets, validation_data, validation_split):
    """Return (X_train, T_train, X_val, T_val); X_val and T_val are None
    without validation data."""
    no_split = validation_split is None or is_zero(validation_split)
    if validation_data is not None and not no_split:
        raise ConfigError(
            "pass either validation_data or validation_split, not both; got "
            f"validation_split={validation_split!r}."
        )
    if validation_data is not None:
        validation_data = check_pair(
            validation_data, "validation_data", "(X_val, y_val)"
        )
        Xv = net._check_X(validation_data[0], "validation X")
        Tv = net._targets(validation_data[1], Xv.shape[0], "validation y")
        return X, targets, Xv, Tv
    if no_split:
        return X, targets, None, None
    check_open_fraction(validation_split, "validation_split")
    n = X.shape[0]
    n_val = round(n * validation_split)
    if n_val < 1 or n_val >= n:
        raise DataError(
            f"validation_split={validation_split} of {n} samples leaves "
            f"{n - n_val} for training and {n_val} for validation; both need at least "
            "one sample."
        )
    order = net.rng.permutation(n)
    val, train = np.sort(order[:n_val]), np.sort(order[n_val:])
    return X[train], targets[train], X[val], targets[val]


def as_early_stopping(early_stopping):
    """The EarlyStopping callback ``fit(early_stopping=...)`` asks for, or None."""
    if early_stopping is None:
        return None
    if isinstance(early_stopping, (bool, np.bool_)):
        return cb.EarlyStopping() if early_stopping else None
    if isinstance(early_stopping, numbers.Integral):
        return cb.EarlyStopping(patience=int(early_stopping))
    if isinstance(early_stopping, cb.EarlyStopping):
        return early_stopping
    raise ConfigError(
        "early_stopping must be True, a patience (int) or ng.EarlyStopping(...); got "
        f"{early_stopping!r}."
    )
