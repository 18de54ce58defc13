"""Reading what the caller passed to the worked examples: the network (or a
fitted estimator's), the explained sample of ``x``, its target ``y`` as the
network's loss takes it, and the learning rate. Each check raises an error that
names the value and says how to fix it; nothing here computes or writes text.
"""

from __future__ import annotations

import numpy as np

from ...engine.errors import DataError, ShapeError
from ...engine.validation import integer, non_negative


def _network(source):
    """The network of a Network or of a fitted estimator (duck-typed)."""
    net = getattr(source, "network_", source)
    if not (hasattr(net, "layers") and hasattr(net, "loss_fn")):
        hint = (
            " It looks like an estimator that has not been fitted: call fit() first."
            if hasattr(source, "fit") and hasattr(source, "get_params")
            else ""
        )
        raise TypeError(
            f"explain needs a neuroglass Network (e.g. ng.mlp([2, 4, 1])) or a "
            f"fitted neuroglass estimator; got {type(source).__name__}.{hint}"
        )
    return net


def _sample(net, x, sample):
    """The sample to explain (float64, 1-D) and the number of samples in ``x``."""
    n_in = net.n_inputs
    try:
        x = np.asarray(x)
    except ValueError:
        raise DataError(
            f"x could not be read as a numeric array; pass one sample of {n_in} "
            f"feature(s) or a 2-D batch (n_samples, {n_in})."
        ) from None
    if x.dtype.kind not in "biuf":
        raise DataError(
            f"x must be numeric; got dtype {x.dtype}. Pass one sample of {n_in} "
            "feature(s) as numbers."
        )
    shape = x.shape
    if x.ndim < 2:
        x = x.reshape(1, -1)  # one sample (a number, for a one-input network)
    if x.size == 0:
        raise DataError(
            f"x is empty (shape {x.shape}); pass one sample of {n_in} feature(s)."
        )
    if x.ndim != 2 or x.shape[1] != n_in:
        raise ShapeError(
            f"x must be one sample with {n_in} feature(s), shape ({n_in},), or a "
            f"batch of shape (n_samples, {n_in}); got shape {shape}. The "
            f"network's first layer takes {n_in} inputs: select those columns, or "
            f"explain a network built for {x.shape[-1]} inputs."
        )
    n = x.shape[0]
    sample = integer(sample, "sample, the row number of x to explain,")
    if not -n <= sample < n:
        raise ShapeError(
            f"sample={sample} is out of range for x with {n} sample(s); use 0..{n - 1}."
        )
    row = np.array(x[sample], dtype=np.float64)
    if not np.all(np.isfinite(row)):
        bad = int(np.flatnonzero(~np.isfinite(row))[0])
        raise DataError(
            f"x contains {row[bad]} at feature {bad}; every input must be finite. "
            "Remove or impute that value before explaining."
        )
    return row, n, int(sample) % n


def _expected_target(loss, k):
    if loss == "cross_entropy":
        return f"a class index 0..{k - 1} or a one-hot row of {k} values"
    what = "label 0 or 1" if loss == "bce" else "real number"
    return f"one {what}" if k == 1 else f"{k} values, one {what} per output"


def _target(net, y, n_samples, sample):
    """The targets of the explained sample as a float64 vector of n_outputs."""
    loss, k = net.loss_fn.name, net.n_outputs
    if y is None:
        raise DataError(
            f"backward needs the target y of the sample: {_expected_target(loss, k)}."
        )
    y = np.asarray(y)
    if n_samples == 1:
        if y.ndim == 0:
            y = y.reshape(1)
        if y.ndim == 1 and k > 1 and y.size == k:
            y = y.reshape(1, k)  # the target row of the one sample
        elif y.ndim == 1 and not (y.size == 1 and (k == 1 or loss == "cross_entropy")):
            raise ShapeError(
                f"x is one sample, so y must be its target for this {loss!r} network "
                f"with {k} output(s): {_expected_target(loss, k)}; got {y.size} "
                f"value(s) (shape {y.shape}). To explain sample i of a data set, pass "
                "X[i] and y[i]."
            )
    targets = net.loss_fn.prepare_targets(y, k, np.float64)
    if targets.shape[0] != n_samples:
        raise ShapeError(
            f"x has {n_samples} sample(s) but y has {targets.shape[0]} target(s); "
            "they must match row for row."
        )
    return np.array(targets[sample], dtype=np.float64)


def _check_lr(lr):
    return non_negative(
        lr,
        "lr, the learning rate of the gradient-descent step w <- w - lr * dW "
        "(such as 0.1),",
    )
