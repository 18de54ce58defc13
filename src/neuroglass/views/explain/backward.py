"""Backpropagation and one gradient-descent step, written out with numbers.

The conventions are those of :mod:`.worked` (one sample, units numbered from 1,
the engine's numbers on a float64 copy, large layers summarised). The step is
the engine's SGD update on that copy (:mod:`._compute`).
"""

from __future__ import annotations

import numpy as np

from ._backprop import _explain_gradients, _explain_hidden_delta, _explain_output_delta
from ._compute import training_step
from ._inputs import _check_lr, _network, _sample, _target
from ._loss_text import _explain_loss
from ._render import (
    Eq,
    Heading,
    Prose,
    factor,
    latex_factor,
    latex_num,
    num,
    vector_latex,
    vector_text,
)
from .document import Explanation
from .worked import _forward_layers, _intro, _sizes

#: weight updates written out per layer (plus the largest one)
EXAMPLES = 3


def backward(net, x, y, lr=0.1, *, sample=0):
    """Backpropagation of one sample and one gradient-descent step, with numbers.

    Shows the forward values (briefly; :func:`forward` has every step), the loss
    with its formula, ``delta = dL/dz`` at the output (the fused shortcut
    ``a - y`` for bce and cross_entropy, ``dL/da * f'(z)`` otherwise), the
    deltas of the hidden layers ``delta_prev = (delta W^T) * f'(z_prev)``, the
    gradients ``dW = a_prev^T delta`` and ``db = delta`` (plus the l1/l2 terms
    if the network has them), the SGD update ``w <- w - lr * dW`` with before
    and after numbers for a few weights, and the loss after the step.

    The numbers are those of a training step on a batch holding this one
    sample with plain SGD (``fit(..., batch_size=1, optimizer="sgd")``).

    Parameters
    ----------
    net : Network or fitted estimator
        It is only read, never changed: the engine takes the step on a copy.
    x : array-like, shape (n_inputs,) or (n_samples, n_inputs)
        One sample, or a batch of which row ``sample`` is explained.
    y : array-like
        The target of the sample as the network's loss takes it: for ``mse`` a
        number (or one per output), for ``bce`` 0 or 1 (or one per output), for
        ``cross_entropy`` a class index ``0..K-1`` or a one-hot row. For a batch
        ``x``, one target per row.
    lr : float, default 0.1
        Learning rate of the step.
    sample : int, default 0
        The row of a batch ``x`` to explain.

    Returns
    -------
    Explanation

    Raises
    ------
    TypeError
        If ``net`` is not a network or a fitted estimator.
    ShapeError, DataError
        (both ``ValueError``) if ``x`` or ``y`` do not fit the network or its loss
        (wrong number of features, a label out of range...).
    ValueError
        If ``lr`` is not a finite number >= 0.

    Examples
    --------
    >>> import neuroglass as ng
    >>> net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    >>> ex = ng.explain.backward(net, [0.5, -1.0], [1], lr=0.1)
    >>> ex.value("dW", 1).shape
    (2, 3)
    """
    net = _network(net)
    x, n_samples, sample = _sample(net, x, sample)
    target = _target(net, y, n_samples, sample)
    lr = _check_lr(lr)
    step = training_step(net, x, target, lr)
    n = len(net.layers)
    ex = Explanation(
        f"Backward pass of one sample through the {_sizes(net)} network, and one "
        f"SGD step with lr = {lr:g}",
        "backward",
    )
    _intro(ex, n_samples, sample)
    ex._record(0, "x", "a0", "x", x)
    ex._show(
        Heading("Forward pass (in brief; explain.forward shows every step)"),
        Eq("x = a0", "x = a^{(0)}", x),
    )
    _forward_layers(ex, net, step.forward, detail=False)
    _explain_loss(ex, net, step, target)
    for i in range(n, 0, -1):
        if i == n:
            _explain_output_delta(ex, net, step, target)
        else:
            _explain_hidden_delta(ex, net, step, i)
        _explain_gradients(ex, net, step, i)
    _explain_update(ex, step, lr)
    _explain_after(ex, step.total, step.loss_after, lr)
    return ex


# -- the SGD step and its effect ---------------------------------------------------
def _example_entries(dW):
    """The first few weights, and the one with the largest gradient."""
    cols = dW.shape[1]
    picks = [divmod(k, cols) for k in range(min(EXAMPLES, dW.size))]
    largest = np.unravel_index(int(np.argmax(np.abs(dW))), dW.shape)
    largest = (int(largest[0]), int(largest[1]))
    if largest not in picks:
        picks.append(largest)
    return picks, largest


def _explain_update(ex, step, lr):
    ex._show(
        Heading(f"One SGD step, lr = {lr:g}"),
        Prose(
            "Every parameter moves a little against its gradient: "
            "`w <- w - lr * dW` and `b <- b - lr * db`. (Momentum or Adam would "
            "scale the step differently; this is plain SGD.)",
            latex=r"w \leftarrow w - \mathrm{lr} \cdot dW, \quad "
            r"b \leftarrow b - \mathrm{lr} \cdot db",
        ),
    )
    layers = zip(step.forward.params, step.grads, step.new_params)
    for i, ((W, b), (dW, _), (W_new, b_new)) in enumerate(layers, 1):
        ex._record(i, "W_new", f"W{i}", "w <- w - lr * dW", W_new)
        ex._record(i, "b_new", f"b{i}", "b <- b - lr * db", b_new)
        picks, largest = _example_entries(dW)
        ex._show(Prose(f"Layer {i}, a few of its weights:"))
        for r, c in picks:
            note = "   (largest |dW|)" if (r, c) == largest else ""
            ex._show(
                Eq(
                    f"W{i}[{r + 1},{c + 1}]: {num(W[r, c])} - {lr:g}*"
                    f"{factor(dW[r, c])} = {num(W_new[r, c])}{note}",
                    rf"W^{{({i})}}_{{{r + 1},{c + 1}}}: {latex_num(W[r, c])} - "
                    rf"{lr:g} \cdot {latex_factor(dW[r, c])} = "
                    rf"{latex_num(W_new[r, c])}",
                    indent=4,
                )
            )
        ex._show(
            Eq(
                f"b{i}: {vector_text(b)} -> {vector_text(b_new)}",
                rf"b^{{({i})}} \leftarrow b^{{({i})}} - {lr:g}\,db^{{({i})}} = "
                + vector_latex(b_new),
                indent=4,
            )
        )


def _explain_after(ex, before, after, lr):
    ex._record(0, "loss_after", "L", "loss with the updated weights", after)
    ex._show(
        Heading("After the step"),
        Eq(
            f"L on this sample: {num(before)} -> {num(after)}",
            rf"L: {latex_num(before)} \to {latex_num(after)}",
        ),
    )
    if np.isfinite(before) and not np.isfinite(after):
        ex._show(
            Prose(
                f"The loss is no longer a finite number: lr = {lr:g} is far too large "
                "a step (the numbers overflow). Try a much smaller lr."
            )
        )
    elif after > before:
        ex._show(
            Prose(
                f"The loss went up: lr = {lr:g} is too large a step for this sample "
                "(the update overshoots). Try a smaller lr."
            )
        )
    elif after < before:
        ex._show(Prose("The loss went down: the step moved the weights downhill."))
    else:
        ex._show(Prose("The loss did not change (lr = 0, or all gradients are 0)."))
