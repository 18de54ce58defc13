"""Backpropagation and one gradient-descent step, written out with numbers.

The conventions are those of :mod:`.worked` (one sample, units numbered from 1,
float64 copies, large layers summarised).
"""

from __future__ import annotations

import numpy as np

from ._render import (
    MAX_MATRIX,
    Eq,
    Heading,
    Prose,
    factor,
    latex_factor,
    latex_num,
    latex_text,
    num,
    vector_latex,
    vector_text,
)
from .document import Explanation
from .worked import (
    EXAMPLES,
    TERMS,
    _check_lr,
    _derivative,
    _forward_layers,
    _intro,
    _loss,
    _network,
    _parameters,
    _run_forward,
    _sample,
    _sizes,
    _slope,
    _sym,
    _target,
    _transposed,
    _written_sum,
)


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
        It is only read, never changed: the step is computed on copies.
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
    params = _parameters(net)
    zs, activations = _run_forward(net, params, x)
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
    _forward_layers(ex, net, params, zs, activations, detail=False)
    loss, penalty = _explain_loss(ex, net, params, zs[-1], activations[-1], target)

    deltas = [None] * (n + 1)
    grads = [None] * (n + 1)
    for i in range(n, 0, -1):
        if i == n:
            deltas[i] = _explain_output_delta(ex, net, zs[-1], activations[-1], target)
        else:
            deltas[i] = _explain_hidden_delta(
                ex, net, params, i, zs[i - 1], activations[i], deltas[i + 1]
            )
        grads[i] = _explain_gradients(ex, net, params, i, activations[i - 1], deltas[i])

    new_params = _explain_update(ex, net, params, grads, lr)
    new_zs, new_activations = _run_forward(net, new_params, x)
    after, after_penalty = _loss(
        net, new_params, new_zs[-1], new_activations[-1], target
    )
    _explain_after(ex, loss + penalty, after + after_penalty, lr)
    return ex


# -- backward, piece by piece ---------------------------------------------------------
def _explain_loss(ex, net, params, z, a, target):
    n = len(net.layers)
    name = net.loss_fn.name
    a_t = f"a{n}"
    loss, penalty = _loss(net, params, z, a, target)
    ex._record(0, "y", "y", "target", target)
    ex._show(Heading(f"Loss ({name})"))
    if name == "cross_entropy" and np.count_nonzero(target) == 1:
        c = int(np.argmax(target))
        ex._show(Eq(f"y = class {c}, one-hot", "y", target))
    else:
        ex._show(Eq("y", "y", target))
    ex._show(Prose(f"`{net.loss_fn.formula}`", latex_text(net.loss_fn.formula)))
    text, latex = _written_loss(name, z, a, target, a_t)
    ex._show(Eq(f"L = {text} = {num(loss)}", rf"L = {latex} = {latex_num(loss)}"))
    if penalty:
        ex._show(
            Prose(
                f"The network is regularized (l1 = {net.l1:g}, l2 = {net.l2:g}): the "
                "loss it minimises adds `l1 sum|W| + l2/2 sum W^2` over all weights "
                "(not the biases)."
            ),
            Eq(
                f"L = {num(loss)} + {num(penalty)} = {num(loss + penalty)}",
                rf"L = {latex_num(loss)} + {latex_num(penalty)} = "
                rf"{latex_num(loss + penalty)}",
            ),
        )
    ex._record(0, "loss", "L", net.loss_fn.formula, loss + penalty)
    return loss, penalty


def _written_loss(name, z, a, y, a_t):
    """The loss of the sample with its numbers, in text and LaTeX.

    Where an output is exactly 0 or 1 in floating point (a saturated sigmoid or
    softmax), the term is written with the logits, as the loss computes it.
    """
    k = a.size
    z_t = "z" + a_t[1:]
    if name == "cross_entropy":
        hot = np.flatnonzero(y)
        if hot.size == 1 and a[hot[0]] == 0:
            c = int(hot[0])
            lse = float(z.max() + np.log(np.exp(z - z.max()).sum()))
            return (
                f"-log({a_t}[{c + 1}]) = -({z_t}[{c + 1}] - log sum_k exp({z_t}[k])) = "
                f"-({num(z[c])} - {num(lse)})",
                rf"-\log a_{{{c + 1}}} = -\left(z_{{{c + 1}}} - \log\sum_k e^{{z_k}}"
                rf"\right) = -\left({latex_num(z[c])} - {latex_num(lse)}\right)",
            )
        if hot.size == 1:
            c = int(hot[0])
            return (
                f"-log({a_t}[{c + 1}]) = -log({num(a[c])})",
                rf"-\log a_{{{c + 1}}} = -\log {latex_num(a[c])}",
            )
        terms = [(f"{factor(y[j])}*log({num(a[j])})", j) for j in hot[:TERMS]]
        more = " + ..." if hot.size > TERMS else ""
        return (
            "-(" + " + ".join(t for t, _ in terms) + more + ")",
            r"-\left("
            + " + ".join(rf"{latex_num(y[j])} \log {latex_num(a[j])}" for _, j in terms)
            + (r" + \cdots" if more else "")
            + r"\right)",
        )
    shown = min(k, TERMS) if k > MAX_MATRIX else k
    more = k > shown
    if name == "mse":
        text = [f"({factor(a[j])} - {factor(y[j])})^2" for j in range(shown)]
        latex = [
            rf"({latex_factor(a[j])} - {latex_factor(y[j])})^2" for j in range(shown)
        ]
    else:  # bce
        text, latex = [], []
        for j in range(shown):
            if 0 < a[j] < 1:
                text.append(
                    f"-({factor(y[j])}*log({num(a[j])}) + {factor(1 - y[j])}"
                    f"*log({num(1 - a[j])}))"
                )
                latex.append(
                    rf"-\left({latex_factor(y[j])} \log {latex_num(a[j])} + "
                    rf"{latex_factor(1 - y[j])} \log {latex_num(1 - a[j])}\right)"
                )
            else:  # saturated: log(0) avoided by writing it with z
                text.append(
                    f"(max({num(z[j])}, 0) - {factor(z[j])}*{factor(y[j])} + "
                    f"log(1 + exp(-{num(abs(z[j]))})))"
                )
                latex.append(
                    rf"\left(\max({latex_num(z[j])}, 0) - {latex_factor(z[j])} "
                    rf"\cdot {latex_factor(y[j])} + "
                    rf"\log(1 + e^{{-{latex_num(abs(z[j]))}}})\right)"
                )
    text_sum = " + ".join(text) + (" + ..." if more else "")
    latex_sum = " + ".join(latex) + (r" + \cdots" if more else "")
    if k == 1:
        return text_sum, latex_sum
    return f"({text_sum}) / {k}", rf"\frac{{1}}{{{k}}}\left({latex_sum}\right)"


def _explain_output_delta(ex, net, z, a, target):
    n = len(net.layers)
    layer = net.layers[-1]
    name, act, k = net.loss_fn.name, layer.activation_name, a.size
    d_t, d_l = _sym("delta", n)
    a_t = f"a{n}"
    per = "" if (k == 1 or name == "cross_entropy") else f" / {k}"
    ex._show(Heading(f"Layer {n} (output): {d_t} = dL/dz{n}"))
    if name in ("bce", "cross_entropy"):
        delta = a - target
        if name == "bce":
            delta = delta / k
            why = (
                f"With a sigmoid output and bce, `dL/da = (a - y) / (a (1 - a)){per}`"
                " and `f'(z) = a (1 - a)` cancel, so "
                f"`delta = dL/da * f'(z) = (a - y){per}`. This is why bce is computed"
                " from z: the gradient never divides by a (1 - a), which is 0 when "
                "the sigmoid saturates."
            )
        else:
            why = (
                "With a softmax output and cross-entropy, `dL/da_k = -y_k / a_k` "
                "and the softmax Jacobian `da_j/dz_k = a_j ([j = k] - a_k)` multiply "
                "out to `delta = (a - y)`: the predicted probabilities minus the "
                "one-hot target."
            )
        ex._show(
            Prose(f"Shortcut (fused loss): {why}"),
            Eq(
                f"unit 1: {d_t}[1] = ({num(a[0])} - {num(target[0])}){per} = "
                f"{num(delta[0])}",
                rf"{d_l}_1 = {latex_num(a[0])} - {latex_num(target[0])}"
                + (rf"\,/\,{k}" if per else "")
                + f" = {latex_num(delta[0])}",
            ),
        )
    else:  # mse: the general chain rule dL/da * f'(z)
        grad_a = 2.0 * (a - target) / k
        ex._record(n, "grad_a", f"dL/d{a_t}", "dL/da = 2 (a - y) / n_outputs", grad_a)
        rule = (
            "For one squared error, `dL/da = 2 (a - y)`."
            if k == 1
            else f"For the mean of {k} squared errors, `dL/da = 2 (a - y) / {k}`."
        )
        ex._show(
            Prose(f"General rule: `delta = dL/da * f'(z)`. {rule}"),
            Eq(
                f"dL/d{a_t} = 2 * ({a_t} - y)" + ("" if k == 1 else f" / {k}"),
                rf"\frac{{\partial L}}{{\partial a^{{({n})}}}} = "
                + ("2" if k == 1 else rf"\frac{{2}}{{{k}}}")
                + rf"(a^{{({n})}} - y)",
                grad_a,
            ),
        )
        if act == "softmax":
            delta = layer.activation_fn.backward(
                grad_a[None, :], z[None, :], a[None, :]
            )[0]
            ex._show(
                Prose(
                    "softmax couples its units (each a_j depends on every z_k), so "
                    "`delta_j = a_j (g_j - sum_k g_k a_k)` with `g = dL/da`."
                )
            )
        else:
            slope = _slope(layer.activation_fn, z, a)
            delta = grad_a * slope
            ex._show(
                Eq(
                    f"f'(z{n}) = {_derivative(act, n)}",
                    rf"f'(z^{{({n})}})",
                    slope,
                ),
                Eq(
                    f"unit 1: {d_t}[1] = {factor(grad_a[0])}*{factor(slope[0])} = "
                    f"{num(delta[0])}",
                    rf"{d_l}_1 = {latex_factor(grad_a[0])} \cdot "
                    rf"{latex_factor(slope[0])} = {latex_num(delta[0])}",
                ),
            )
    ex._record(n, "delta", d_t, "delta = dL/dz", delta)
    ex._show(Eq(d_t, d_l, delta))
    return delta


def _explain_hidden_delta(ex, net, params, i, z, a, delta_above):
    layer = net.layers[i - 1]
    W_above = params[i][0]
    act = layer.activation_name
    d_t, d_l = _sym("delta", i)
    up_t, up_l = _sym("delta", i + 1)
    w_t, w_l = _sym("W", i + 1)
    grad_a = delta_above @ W_above.T
    slope = _slope(layer.activation_fn, z, a)
    delta = grad_a * slope
    ex._record(i, "grad_a", f"dL/da{i}", "dL/da = delta_next W_next^T", grad_a)
    ex._record(i, "delta", d_t, "delta = (delta_next W_next^T) * f'(z)", delta)
    text, latex, total = _written_sum(delta_above, W_above[0])
    ex._show(
        Heading(f"Layer {i}: {d_t} = ({up_t} {w_t}^T) * f'(z{i})"),
        Prose(
            f"Unit j of layer {i} feeds every unit of layer {i + 1} through the "
            f"weights in row j of {w_t}, so its share of the blame is "
            f"`dL/da{i} = {up_t} {w_t}^T`; the activation then scales it by "
            f"`f'(z{i}) = {_derivative(act, i)}` ({act})."
        ),
        Eq(
            f"dL/da{i} = {up_t} {w_t}^T",
            rf"\frac{{\partial L}}{{\partial a^{{({i})}}}} = {up_l} {_transposed(w_l)}",
            grad_a,
        ),
        Eq(f"f'(z{i}) = {_derivative(act, i)}", rf"f'(z^{{({i})}})", slope),
        Eq(
            f"unit 1: {d_t}[1] = ({text}) * {factor(slope[0])} = "
            f"{factor(total)}*{factor(slope[0])} = {num(delta[0])}",
            rf"{d_l}_1 = \left({latex}\right) \cdot {latex_factor(slope[0])} = "
            f"{latex_num(delta[0])}",
        ),
        Eq(
            d_t,
            rf"{d_l} = ({up_l} {_transposed(w_l)}) \odot f'(z^{{({i})}})",
            delta,
        ),
    )
    return delta


def _explain_gradients(ex, net, params, i, a_prev, delta):
    W = params[i - 1][0]
    l1, l2 = float(getattr(net, "l1", 0.0)), float(getattr(net, "l2", 0.0))
    p_t, p_l = _sym("a", i - 1)
    d_t, d_l = _sym("delta", i)
    dW = np.outer(a_prev, delta)
    extra_t = extra_l = ""
    if l2:
        dW += l2 * W
        extra_t += f" + {l2:g} W{i}"
        extra_l += rf" + {l2:g}\,W^{{({i})}}"
    if l1:
        dW += l1 * np.sign(W)
        extra_t += f" + {l1:g} sign(W{i})"
        extra_l += rf" + {l1:g}\,\operatorname{{sign}}(W^{{({i})}})"
    db = delta.copy()
    ex._record(i, "dW", f"dW{i}", "dW = a_prev^T delta" + extra_t, dW)
    ex._record(i, "db", f"db{i}", "db = delta", db)
    entry = f"{factor(a_prev[0])}*{factor(delta[0])}"
    entry_l = rf"{latex_factor(a_prev[0])} \cdot {latex_factor(delta[0])}"
    if l2:
        entry += f" + {l2:g}*{factor(W[0, 0])}"
        entry_l += rf" + {l2:g} \cdot {latex_factor(W[0, 0])}"
    if l1:
        entry += f" + {l1:g}*{factor(np.sign(W[0, 0]))}"
        entry_l += rf" + {l1:g} \cdot {latex_factor(np.sign(W[0, 0]))}"
    dw_l = rf"\frac{{\partial L}}{{\partial W^{{({i})}}}}"
    ex._show(
        Heading(f"Layer {i}: gradients dW{i}, db{i}"),
        Prose(
            f"`dW{i} = {p_t}^T {d_t}{extra_t}`: weight "
            f"W{i}[j,k] carries input j to unit k, so its gradient is "
            f"`{p_t}[j] * {d_t}[k]`; and `db{i} = {d_t}`."
        ),
        Eq(
            f"e.g. dW{i}[1,1] = {entry} = {num(dW[0, 0])}",
            rf"\frac{{\partial L}}{{\partial W^{{({i})}}_{{1,1}}}} = {entry_l} = "
            rf"{latex_num(dW[0, 0])}",
        ),
        Eq(
            f"dW{i} = {p_t}^T {d_t}{extra_t}",
            rf"{dw_l} = {_transposed(p_l)} {d_l}{extra_l}",
            dW,
            matrix=True,
        ),
        Eq(
            f"db{i} = {d_t}",
            rf"\frac{{\partial L}}{{\partial b^{{({i})}}}} = {d_l}",
            db,
        ),
    )
    return dW, db


def _example_entries(dW):
    """The first few weights, and the one with the largest gradient."""
    cols = dW.shape[1]
    picks = [divmod(k, cols) for k in range(min(EXAMPLES, dW.size))]
    largest = np.unravel_index(int(np.argmax(np.abs(dW))), dW.shape)
    largest = (int(largest[0]), int(largest[1]))
    if largest not in picks:
        picks.append(largest)
    return picks, largest


def _explain_update(ex, net, params, grads, lr):
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
    new_params = []
    for i, ((W, b), (dW, db)) in enumerate(zip(params, grads[1:]), 1):
        W_new, b_new = W - lr * dW, b - lr * db
        new_params.append((W_new, b_new))
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
    return new_params


def _explain_after(ex, before, after, lr):
    ex._record(0, "loss_after", "L", "loss with the updated weights", after)
    ex._show(
        Heading("After the step"),
        Eq(
            f"L on this sample: {num(before)} -> {num(after)}",
            rf"L: {latex_num(before)} \to {latex_num(after)}",
        ),
    )
    if after > before:
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
