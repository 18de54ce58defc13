"""Backpropagation and one gradient-descent step, written out with numbers.

The conventions are those of :mod:`.worked` (one sample, units numbered from 1,
the engine's numbers on a float64 copy, large layers summarised). The step is
the engine's SGD update on that copy (:mod:`._compute`).
"""

from __future__ import annotations

import numpy as np

from ..lang import resolve_lang
from ._backprop import _explain_gradients, _explain_hidden_delta, _explain_output_delta
from ._blocks import Eq, Heading, Prose
from ._compute import training_step
from ._inputs import _check_lr, _network, _sample, _target
from ._loss_text import _explain_loss
from ._render import factor, latex_factor, latex_num, num, vector_latex, vector_text
from ._words import Math, phrase, say
from .document import Explanation
from .worked import _forward_layers, _intro, _lr, _sizes

#: weight updates written out per layer (plus the largest one)
EXAMPLES = 3


def backward(net, x, y, lr=0.1, *, sample=0, lang=None):
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
    lang : {"en", "zh"}, optional
        The language of the words; left out, the current default
        (:func:`neuroglass.set_lang`, ``with ng.language("zh"):``).

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
        If ``lr`` is not a finite number >= 0, or ``lang`` is not ``"en"`` or
        ``"zh"``.

    Examples
    --------
    >>> import neuroglass as ng
    >>> net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    >>> ex = ng.explain.backward(net, [0.5, -1.0], [1], lr=0.1)
    >>> ex.value("dW", 1).shape
    (2, 3)
    """
    lang = resolve_lang(lang)
    net = _network(net)
    x, n_samples, sample = _sample(net, x, sample)
    target = _target(net, y, n_samples, sample)
    lr = _check_lr(lr)
    step = training_step(net, x, target, lr)
    n = len(net.layers)
    title = phrase(lang, "title_backward", sizes=_sizes(net), lr=_lr(lr))
    ex = Explanation(title, "backward", lang)
    _intro(ex, n_samples, sample)
    ex._record(0, "x", "a0", "x", x)
    ex._show(
        Heading(say(lang, "forward_brief")),
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
    lang = ex.lang
    rule = phrase(
        lang,
        "sgd",
        w=Math(
            "w <- w - lr * dW", r"w \leftarrow w - \eta \frac{\partial L}{\partial w}"
        ),
        b=Math(
            "b <- b - lr * db", r"b \leftarrow b - \eta \frac{\partial L}{\partial b}"
        ),
    )
    ex._show(Heading(phrase(lang, "sgd_step", lr=_lr(lr))), Prose(rule))
    layers = zip(step.forward.params, step.grads, step.new_params)
    for i, ((W, b), (dW, _), (W_new, b_new)) in enumerate(layers, 1):
        ex._record(i, "W_new", f"W{i}", "w <- w - lr * dW", W_new)
        ex._record(i, "b_new", f"b{i}", "b <- b - lr * db", b_new)
        picks, largest = _example_entries(dW)
        ex._show(Prose(say(lang, "a_few_weights", i=i)))
        for r, c in picks:
            note = say(lang, "largest") if (r, c) == largest else ""
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
                f"b{i}: {vector_text(b, lang)} -> {vector_text(b_new, lang)}",
                rf"b^{{({i})}} \leftarrow b^{{({i})}} - {lr:g}\,"
                rf"\frac{{\partial L}}{{\partial b^{{({i})}}}} = "
                + vector_latex(b_new, lang),
                indent=4,
            )
        )


def _explain_after(ex, before, after, lr):
    lang = ex.lang
    ex._record(0, "loss_after", "L", "loss with the updated weights", after)
    ex._show(
        Heading(say(lang, "after")),
        Eq(
            f"{say(lang, 'loss_on_sample')}{num(before)} -> {num(after)}",
            rf"L: {latex_num(before)} \to {latex_num(after)}",
        ),
    )
    if np.isfinite(before) and not np.isfinite(after):
        key = "not_finite"
    elif after > before:
        key = "went_up"
    elif after < before:
        key = "went_down"
    else:
        key = "unchanged"
    ex._show(Prose(phrase(lang, key, lr=_lr(lr))))
