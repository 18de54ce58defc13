"""Loss functions, each with its gradient, and the targets each one accepts.

=================  ==================  =========================================
name               output activation   targets ``y``
=================  ==================  =========================================
``mse``            any                 real values, ``(n,)`` or ``(n, n_out)``
``bce``            ``sigmoid``         0/1 (or probabilities), ``(n,)`` or
                                       ``(n, n_out)``
``cross_entropy``  ``softmax``         class indices ``0..K-1`` of shape ``(n,)``
                                       or one-hot/probability rows ``(n, K)``
=================  ==================  =========================================

The two cross-entropies are *fused* with their output activation: they are
computed from the logits ``z`` with the log-sum-exp trick, so logits of
``+-1000`` give a finite loss, and their gradient with respect to ``z`` is the
famous ``delta = (a - y) / n``.

All losses are means: over samples and outputs for ``mse`` and ``bce`` (as in
PyTorch's ``MSELoss`` and ``BCEWithLogitsLoss``), over samples for
``cross_entropy`` (PyTorch's ``CrossEntropyLoss``).
"""

from __future__ import annotations

import numpy as np

from .activations import Activation, log_softmax
from .errors import ConfigError, DataError, ShapeError
from .validation import as_numeric_array, cast_finite


class Loss:
    """Base class. Subclasses define :meth:`value` and :meth:`value_and_delta`."""

    name = "loss"
    #: output activation this loss is fused with, or None if it accepts any
    fused_activation: str | None = None
    #: activation ``mlp`` picks for the output layer when none is given
    default_output = "identity"
    is_classifier = False
    formula = ""

    def check_output(self, activation: Activation, n_outputs: int) -> None:
        """Raise :class:`ConfigError` if this loss cannot follow ``activation``."""
        if self.fused_activation and activation.name != self.fused_activation:
            raise ConfigError(
                f"loss {self.name!r} is computed from the logits and needs the "
                f"output activation {self.fused_activation!r}; got "
                f"{activation.name!r}. Use output={self.fused_activation!r}, or "
                f"loss='mse' to keep a {activation.name!r} output."
            )

    def prepare_targets(self, y, n_outputs: int, dtype) -> np.ndarray:
        """Validate ``y`` and return it as a float array ``(n, n_outputs)``."""
        raise NotImplementedError

    def value(self, z, a, targets) -> float:
        """The mean loss of a batch: ``z``, ``a``, ``targets`` all ``(n, n_out)``."""
        raise NotImplementedError

    def value_and_delta(self, z, a, targets, activation):
        """Return ``(loss, delta)`` with ``delta = dL/dz`` of shape ``(n, n_out)``."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"Loss({self.name!r})"


def _as_numeric(y, loss_name: str) -> np.ndarray:
    """The raw targets as a real-valued array (values not yet cast, so that
    errors name them as the user gave them)."""
    try:
        y = as_numeric_array(y, "targets y")
    except DataError as exc:
        if "must be numeric" not in str(exc):
            raise
        raise DataError(
            f"loss {loss_name!r} needs numeric targets; {exc} Encode class names "
            "as integers 0..K-1 (e.g. with sklearn.preprocessing.LabelEncoder), or "
            "use the scikit-learn estimators, which accept string labels."
        ) from None
    if y.size == 0:
        raise DataError("targets y are empty; expected at least one label.")
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        bad = np.argwhere(~np.isfinite(y))[0]
        raise DataError(
            f"targets contain {y[tuple(bad)]} at index {tuple(int(i) for i in bad)}; "
            "every label must be finite. Remove or impute those rows."
        )
    return y


def _column_targets(y, n_outputs, loss_name, what):
    """Shape (n,) or (n, n_outputs) -> (n, n_outputs)."""
    if y.ndim == 1 and n_outputs == 1:
        return y.reshape(-1, 1)
    if y.ndim == 2 and y.shape[1] == n_outputs:
        return y
    raise ShapeError(
        f"loss {loss_name!r} with {n_outputs} output(s) needs {what} of shape "
        + ("(n,) or (n, 1)" if n_outputs == 1 else f"(n, {n_outputs})")
        + f"; got y of shape {y.shape}."
        + (
            " For class indices use loss='cross_entropy' with a softmax output."
            if y.ndim == 1
            else ""
        )
    )


def _scalar(value):
    """A NumPy scalar as the plain Python number it stands for (for messages)."""
    return value.item() if isinstance(value, np.generic) else value


class MeanSquaredError(Loss):
    name = "mse"
    formula = "L = mean((a - y)^2)"

    def prepare_targets(self, y, n_outputs, dtype):
        y = _as_numeric(y, self.name)
        y = _column_targets(y, n_outputs, self.name, "real-valued targets")
        return cast_finite(y, dtype, "targets y")

    def value(self, z, a, targets):
        diff = a - targets
        return float(np.vdot(diff, diff)) / diff.size

    def value_and_delta(self, z, a, targets, activation):
        diff = a - targets
        loss = float(np.vdot(diff, diff)) / diff.size
        diff *= 2.0 / diff.size
        if activation.name == "identity":
            return loss, diff
        return loss, activation.backward(diff, z, a)


class BinaryCrossEntropy(Loss):
    name = "bce"
    fused_activation = "sigmoid"
    default_output = "sigmoid"
    is_classifier = True
    formula = "L = -mean(y log a + (1 - y) log(1 - a)),  a = sigmoid(z)"

    def prepare_targets(self, y, n_outputs, dtype):
        y = _as_numeric(y, self.name)
        y = _column_targets(y, n_outputs, self.name, "0/1 labels")
        if y.dtype.kind != "b" and (y.min() < 0 or y.max() > 1):
            bad = y[(y < 0) | (y > 1)].flat[0]
            raise DataError(
                f"loss 'bce' needs labels 0 or 1 (or probabilities in [0, 1]); got "
                f"{bad!r}. For labels -1/+1 use (y + 1) / 2; for more than two "
                f"classes use loss='cross_entropy' with a softmax output."
            )
        return cast_finite(y, dtype, "targets y")

    def value(self, z, a, targets):
        # log(1 + e^-|z|) + max(z, 0) - z y  ==  -[y log s(z) + (1-y) log(1-s(z))]
        per = np.maximum(z, 0.0) - z * targets + np.log1p(np.exp(-np.abs(z)))
        return float(per.mean())

    def value_and_delta(self, z, a, targets, activation):
        delta = a - targets
        delta *= 1.0 / delta.size
        return self.value(z, a, targets), delta


class CrossEntropy(Loss):
    name = "cross_entropy"
    fused_activation = "softmax"
    default_output = "softmax"
    is_classifier = True
    formula = "L = -mean_i sum_k y_ik log a_ik,  a = softmax(z)"

    def check_output(self, activation, n_outputs):
        super().check_output(activation, n_outputs)
        if n_outputs < 2:
            raise ConfigError(
                "loss 'cross_entropy' needs at least 2 outputs (one per class); the "
                "network has 1. For two classes with one output use loss='bce' "
                "with output='sigmoid'."
            )

    def prepare_targets(self, y, n_outputs, dtype):
        y = _as_numeric(y, self.name)
        if y.ndim == 2 and y.shape[1] == n_outputs:
            if y.min() < 0 or y.max() > 1 or not np.allclose(y.sum(axis=1), 1.0):
                raise DataError(
                    f"2-D targets for 'cross_entropy' must be one-hot rows (or "
                    f"probabilities summing to 1) of width {n_outputs}; got values in "
                    f"[{y.min()}, {y.max()}] with row sums such as "
                    f"{float(y.sum(axis=1)[0])}. Pass class indices of shape (n,) "
                    "instead."
                )
            return cast_finite(y, dtype, "targets y")
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1:
            raise ShapeError(
                f"loss 'cross_entropy' with {n_outputs} classes needs class indices "
                f"of shape (n,) or one-hot rows of shape (n, {n_outputs}); got y of "
                f"shape {y.shape}."
            )
        # checked on the raw values: a cast first would turn 1e20 or the
        # largest uint64 into some other, wrong, integer
        if y.dtype.kind == "f" and not np.all(y == np.round(y)):
            bad = y[y != np.round(y)][0]
            raise DataError(
                f"class labels must be whole numbers 0..{n_outputs - 1}; got "
                f"{_scalar(bad)!r}."
            )
        out_of_range = (y < 0) | (y >= n_outputs)
        if out_of_range.any():
            pos = int(np.flatnonzero(out_of_range)[0])
            top = y.max()
            hint = (
                f" Give the last layer as many units as there are classes "
                f"({int(top) + 1} here, if labels start at 0)."
                if 0 <= top < 100_000
                else ""
            )
            raise DataError(
                f"class label {_scalar(y[pos])!r} (at index {pos}) is out of range for "
                f"a {n_outputs}-class output; labels must be 0..{n_outputs - 1}." + hint
            )
        idx = y.astype(np.int64)
        onehot = np.zeros((idx.size, n_outputs), dtype=dtype)
        onehot[np.arange(idx.size), idx] = 1
        return onehot

    def value(self, z, a, targets):
        return -float(np.vdot(targets, log_softmax(z))) / z.shape[0]

    def value_and_delta(self, z, a, targets, activation):
        delta = a - targets
        delta *= 1.0 / z.shape[0]
        return self.value(z, a, targets), delta


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (MeanSquaredError(), BinaryCrossEntropy(), CrossEntropy())
}

ALIASES = {
    "mean_squared_error": "mse",
    "squared_error": "mse",
    "binary_crossentropy": "bce",
    "binary_cross_entropy": "bce",
    "log_loss": "bce",
    "crossentropy": "cross_entropy",
    "categorical_crossentropy": "cross_entropy",
    "categorical_cross_entropy": "cross_entropy",
    "ce": "cross_entropy",
}


def get_loss(name: str | Loss) -> Loss:
    """Look up a loss by name; an unknown name lists the valid ones."""
    if isinstance(name, Loss):
        return name
    if not isinstance(name, str):
        raise ConfigError(
            f"loss must be one of {', '.join(LOSSES)}; got {name!r} of type "
            f"{type(name).__name__}."
        )
    key = ALIASES.get(name.lower(), name.lower())
    try:
        return LOSSES[key]
    except KeyError:
        raise ConfigError(
            f"Unknown loss {name!r}. Valid names: {', '.join(LOSSES)} "
            f"(aliases: {', '.join(ALIASES)})."
        ) from None
