"""The arguments of :func:`~neuroglass.engine.training.fit` that need more than a
range check: :func:`validation_set` turns ``validation_data`` or
``validation_split`` into the training and validation arrays, and
:func:`as_early_stopping` turns ``early_stopping`` (``True``, a patience or an
:class:`~neuroglass.engine.callbacks.EarlyStopping`) into the callback.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import callbacks as cb
from .errors import ConfigError, DataError


def validation_set(net, X, targets, validation_data, validation_split):
    """Return (X_train, T_train, X_val, T_val); X_val and T_val are None
    without validation data."""
    if (
        validation_data is not None
        and validation_split is not None
        and (not isinstance(validation_split, numbers.Real) or validation_split != 0)
    ):
        raise ConfigError(
            "pass either validation_data or validation_split, not both; got "
            f"validation_split={validation_split!r}."
        )
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ConfigError(
                "validation_data must be a pair (X_val, y_val); got "
                f"{type(validation_data).__name__}."
            )
        Xv = net._check_X(validation_data[0], "validation X")
        Tv = net._targets(validation_data[1], Xv.shape[0], "validation y")
        return X, targets, Xv, Tv
    if validation_split is None or (
        isinstance(validation_split, numbers.Real)
        and not isinstance(validation_split, (bool, np.bool_))
        and validation_split == 0
    ):
        return X, targets, None, None
    if (
        isinstance(validation_split, (bool, np.bool_))
        or not isinstance(validation_split, numbers.Real)
        or not 0 < validation_split < 1
    ):
        raise ConfigError(
            f"validation_split must be a fraction in (0, 1), e.g. 0.2; got "
            f"{validation_split!r}."
        )
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
