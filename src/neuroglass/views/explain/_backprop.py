"""Backpropagation written out layer by layer, from the output down: the output
delta (the fused shortcut ``a - y`` for bce and cross_entropy, ``dL/da * f'(z)``
otherwise), the hidden deltas ``(delta W^T) * f'(z)``, and each layer's gradients
``dW = a_prev^T delta`` (with the l1/l2 terms) and ``db = delta``. Part of
:func:`~.backward.backward`.

The deltas and gradients are the engine's (a :class:`~._compute.Step`); the
text writes out how they arise, with ``dL/da`` and ``f'(z)`` computed from the
engine's numbers for the worked arithmetic.
"""

from __future__ import annotations

import numpy as np

from ._compute import _slope
from ._render import Eq, Heading, Prose, factor, latex_factor, latex_num, num
from .worked import _derivative, _sym, _transposed, _written_sum


def _explain_output_delta(ex, net, step, target):
    n = len(net.layers)
    z, a = step.forward.zs[-1], step.forward.activations[-1]
    delta = step.deltas[-1]
    d_t, d_l = _sym("delta", n)
    ex._show(Heading(f"Layer {n} (output): {d_t} = dL/dz{n}"))
    if net.loss_fn.name in ("bce", "cross_entropy"):
        _fused_delta(ex, net.loss_fn.name, a, target, delta, (d_t, d_l))
    else:  # mse: the general chain rule dL/da * f'(z)
        layer = net.layers[-1]
        _chain_rule_delta(ex, layer, n, (z, a, target, delta), (d_t, d_l))
    ex._record(n, "delta", d_t, "delta = dL/dz", delta)
    ex._show(Eq(d_t, d_l, delta))


def _fused_delta(ex, name, a, target, delta, symbols):
    """bce after a sigmoid, cross-entropy after a softmax: ``delta = a - y``
    (over the number of outputs for bce), with why the shortcut holds."""
    d_t, d_l = symbols
    k = a.size
    per = "" if (k == 1 or name == "cross_entropy") else f" / {k}"
    if name == "bce":
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


def _chain_rule_delta(ex, layer, n, values, symbols):
    """mse: ``delta = dL/da * f'(z)`` with ``dL/da = 2 (a - y) / n_outputs``
    (softmax's Jacobian couples the units); ``values``: z, a, y and delta."""
    z, a, target, delta = values
    d_t, d_l = symbols
    k, act, a_t = a.size, layer.activation_name, f"a{n}"
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
        ex._show(
            Prose(
                "softmax couples its units (each a_j depends on every z_k), so "
                "`delta_j = a_j (g_j - sum_k g_k a_k)` with `g = dL/da`."
            )
        )
        return
    slope = _slope(layer.activation_fn, z, a)
    ex._show(
        Eq(f"f'(z{n}) = {_derivative(act, n)}", rf"f'(z^{{({n})}})", slope),
        Eq(
            f"unit 1: {d_t}[1] = {factor(grad_a[0])}*{factor(slope[0])} = "
            f"{num(delta[0])}",
            rf"{d_l}_1 = {latex_factor(grad_a[0])} \cdot "
            rf"{latex_factor(slope[0])} = {latex_num(delta[0])}",
        ),
    )


def _explain_hidden_delta(ex, net, step, i):
    layer = net.layers[i - 1]
    z, a = step.forward.zs[i - 1], step.forward.activations[i]
    W_above = step.forward.params[i][0]
    delta_above, delta = step.deltas[i], step.deltas[i - 1]
    act = layer.activation_name
    d_t, d_l = _sym("delta", i)
    up_t, up_l = _sym("delta", i + 1)
    w_t, w_l = _sym("W", i + 1)
    grad_a = delta_above @ W_above.T
    slope = _slope(layer.activation_fn, z, a)
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


def _explain_gradients(ex, net, step, i):
    W = step.forward.params[i - 1][0]
    a_prev, delta = step.forward.activations[i - 1], step.deltas[i - 1]
    dW, db = step.grads[i - 1]
    l1, l2 = float(getattr(net, "l1", 0.0)), float(getattr(net, "l2", 0.0))
    p_t, p_l = _sym("a", i - 1)
    d_t, d_l = _sym("delta", i)
    extra_t = extra_l = ""
    if l2:
        extra_t += f" + {l2:g} W{i}"
        extra_l += rf" + {l2:g}\,W^{{({i})}}"
    if l1:
        extra_t += f" + {l1:g} sign(W{i})"
        extra_l += rf" + {l1:g}\,\operatorname{{sign}}(W^{{({i})}})"
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
