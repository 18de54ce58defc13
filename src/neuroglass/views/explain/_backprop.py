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

from . import _formulas
from ._blocks import Eq, Heading, Prose
from ._compute import _slope
from ._render import factor, latex_factor, latex_num, num
from ._words import Math, phrase, say
from .worked import _sym, _transposed, _unit, _written_sum


def _partial(top, bottom):
    """``\\frac{\\partial top}{\\partial bottom}``."""
    return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"


def _explain_output_delta(ex, net, step, target):
    n = len(net.layers)
    z, a = step.forward.zs[-1], step.forward.activations[-1]
    delta = step.deltas[-1]
    d_t, d_l = _sym("delta", n)
    definition = Math(f"{d_t} = dL/dz{n}", rf"{d_l} = {_partial('L', f'z^{{({n})}}')}")
    ex._show(Heading(phrase(ex.lang, "output_delta", i=n, delta=definition)))
    if net.loss_fn.name in ("bce", "cross_entropy"):
        _fused_delta(ex, net.loss_fn.name, a, target, delta, (d_t, d_l))
    else:  # mse: the general chain rule dL/da * f'(z)
        layer = net.layers[-1]
        _chain_rule_delta(ex, layer, n, (z, a, target, delta), (d_t, d_l))
    ex._record(n, "delta", d_t, "delta = dL/dz", delta)
    ex._show(Eq(d_t, d_l, delta))


def _why_fused(lang, name, k):
    """Why ``delta = a - y`` for bce after a sigmoid and cross-entropy after a
    softmax (over the number of outputs for bce)."""
    per = "" if (k == 1 or name == "cross_entropy") else f" / {k}"
    per_l = "" if not per else rf"\,/\,{k}"
    if name == "bce":
        return phrase(
            lang,
            "why_bce",
            grad=Math(
                f"dL/da = (a - y) / (a (1 - a)){per}",
                rf"{_partial('L', 'a')} = \frac{{a - y}}{{a (1 - a)}}{per_l}",
            ),
            slope=Math("f'(z) = a (1 - a)", r"\sigma'(z) = a (1 - a)"),
            delta=Math(
                f"delta = dL/da * f'(z) = (a - y){per}",
                rf"\delta = {_partial('L', 'a')} \odot \sigma'(z) = (a - y){per_l}",
            ),
            a1a=Math("a (1 - a)", "a (1 - a)"),
        )
    return phrase(
        lang,
        "why_cross_entropy",
        grad=Math(
            "dL/da_k = -y_k / a_k", rf"{_partial('L', 'a_k')} = -\frac{{y_k}}{{a_k}}"
        ),
        jacobian=Math(
            "da_j/dz_k = a_j ([j = k] - a_k)",
            rf"{_partial('a_j', 'z_k')} = a_j \left([j = k] - a_k\right)",
        ),
        delta=Math("delta = (a - y)", r"\delta = a - y"),
    )


def _fused_delta(ex, name, a, target, delta, symbols):
    """bce after a sigmoid, cross-entropy after a softmax: ``delta = a - y``
    (over the number of outputs for bce), with why the shortcut holds."""
    d_t, d_l = symbols
    k = a.size
    per = "" if (k == 1 or name == "cross_entropy") else f" / {k}"
    ex._show(
        Prose([say(ex.lang, "shortcut"), *_why_fused(ex.lang, name, k)]),
        Eq(
            f"{_unit(ex)}{d_t}[1] = ({num(a[0])} - {num(target[0])}){per} = "
            f"{num(delta[0])}",
            rf"{d_l}_1 = {latex_num(a[0])} - {latex_num(target[0])}"
            + (rf"\,/\,{k}" if per else "")
            + f" = {latex_num(delta[0])}",
        ),
    )


def _squared_error_rule(lang, k):
    """The chain rule's sentence for the mean of ``k`` squared errors."""
    general = Math(
        "delta = dL/da * f'(z)", rf"\delta = {_partial('L', 'a')} \odot f'(z)"
    )
    if k == 1:
        grad = Math("dL/da = 2 (a - y)", rf"{_partial('L', 'a')} = 2 (a - y)")
        rule = phrase(lang, "one_squared_error", grad=grad)
    else:
        grad = Math(
            f"dL/da = 2 (a - y) / {k}",
            rf"{_partial('L', 'a')} = \frac{{2}}{{{k}}}(a - y)",
        )
        rule = phrase(lang, "mean_squared_error", k=k, grad=grad)
    return [*phrase(lang, "general_rule", rule=general), *rule]


def _chain_rule_delta(ex, layer, n, values, symbols):
    """mse: ``delta = dL/da * f'(z)`` with ``dL/da = 2 (a - y) / n_outputs``
    (softmax's Jacobian couples the units); ``values``: z, a, y and delta."""
    z, a, target, delta = values
    d_t, d_l = symbols
    k, act, a_t, lang = a.size, layer.activation_name, f"a{n}", ex.lang
    a_l = f"a^{{({n})}}"
    grad_a = 2.0 * (a - target) / k
    ex._record(n, "grad_a", f"dL/d{a_t}", "dL/da = 2 (a - y) / n_outputs", grad_a)
    rule = _squared_error_rule(lang, k)
    ex._show(
        Prose(rule),
        Eq(
            f"dL/d{a_t} = 2 * ({a_t} - y)" + ("" if k == 1 else f" / {k}"),
            rf"{_partial('L', a_l)} = "
            + ("2" if k == 1 else rf"\frac{{2}}{{{k}}}")
            + rf"\left({a_l} - y\right)",
            grad_a,
        ),
    )
    if act == "softmax":
        ex._show(
            Prose(
                phrase(
                    lang,
                    "softmax_couples",
                    delta=Math(
                        "delta_j = a_j (g_j - sum_k g_k a_k)",
                        r"\delta_j = a_j \left(g_j - \sum_k g_k a_k\right)",
                    ),
                    g=Math("g = dL/da", rf"g = {_partial('L', 'a')}"),
                )
            )
        )
        return
    slope = _slope(layer.activation_fn, z, a)
    derivative = _formulas.slope(act, n, lang)
    ex._show(
        Eq(
            f"f'(z{n}) = {derivative.text}",
            rf"f'\left(z^{{({n})}}\right) = {derivative.latex}",
            slope,
        ),
        Eq(
            f"{_unit(ex)}{d_t}[1] = {factor(grad_a[0])}*{factor(slope[0])} = "
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
    act, lang = layer.activation_name, ex.lang
    d_t, d_l = _sym("delta", i)
    up_t, up_l = _sym("delta", i + 1)
    w_t, w_l = _sym("W", i + 1)
    grad_a = delta_above @ W_above.T
    slope = _slope(layer.activation_fn, z, a)
    ex._record(i, "grad_a", f"dL/da{i}", "dL/da = delta_next W_next^T", grad_a)
    ex._record(i, "delta", d_t, "delta = (delta_next W_next^T) * f'(z)", delta)
    text, latex, total = _written_sum(delta_above, W_above[0], lang=lang)
    derivative = _formulas.slope(act, i, lang)
    z_l = f"z^{{({i})}}"
    rule = Math(
        f"{d_t} = ({up_t} {w_t}^T) * f'(z{i})",
        rf"{d_l} = \left({up_l} {_transposed(w_l)}\right) \odot f'\left({z_l}\right)",
    )
    grad = Math(
        f"dL/da{i} = {up_t} {w_t}^T",
        rf"{_partial('L', f'a^{{({i})}}')} = {up_l} {_transposed(w_l)}",
    )
    f_slope = Math(
        f"f'(z{i}) = {derivative.text}",
        rf"f'\left({z_l}\right) = {derivative.latex}",
    )
    ex._show(
        Heading(phrase(lang, "hidden_delta", i=i, delta=rule)),
        Prose(
            phrase(
                lang,
                "blame",
                i=i,
                up=i + 1,
                w=Math(w_t, w_l),
                grad=grad,
                slope=f_slope,
                act=act,
            )
        ),
        Eq(grad.text, grad.latex, grad_a),
        Eq(f_slope.text, f_slope.latex, slope),
        Eq(
            f"{_unit(ex)}{d_t}[1] = ({text}) * {factor(slope[0])} = "
            f"{factor(total)}*{factor(slope[0])} = {num(delta[0])}",
            rf"{d_l}_1 = \left({latex}\right) \cdot {latex_factor(slope[0])} = "
            f"{latex_num(delta[0])}",
        ),
        Eq(d_t, rule.latex, delta),
    )


def _regularization_terms(net, W, i):
    """The l1/l2 terms of dW (text, LaTeX) and of its entry [1,1]."""
    l1, l2 = float(getattr(net, "l1", 0.0)), float(getattr(net, "l2", 0.0))
    extra_t = extra_l = entry_t = entry_l = ""
    if l2:
        extra_t += f" + {l2:g} W{i}"
        extra_l += rf" + {l2:g}\,W^{{({i})}}"
        entry_t += f" + {l2:g}*{factor(W[0, 0])}"
        entry_l += rf" + {l2:g} \cdot {latex_factor(W[0, 0])}"
    if l1:
        extra_t += f" + {l1:g} sign(W{i})"
        extra_l += rf" + {l1:g}\,\operatorname{{sign}}(W^{{({i})}})"
        entry_t += f" + {l1:g}*{factor(np.sign(W[0, 0]))}"
        entry_l += rf" + {l1:g} \cdot {latex_factor(np.sign(W[0, 0]))}"
    return (extra_t, extra_l), (entry_t, entry_l)


def _explain_gradients(ex, net, step, i):
    W = step.forward.params[i - 1][0]
    a_prev, delta = step.forward.activations[i - 1], step.deltas[i - 1]
    dW, db = step.grads[i - 1]
    p_t, p_l = _sym("a", i - 1)
    d_t, d_l = _sym("delta", i)
    (extra_t, extra_l), (entry_t, entry_l) = _regularization_terms(net, W, i)
    ex._record(i, "dW", f"dW{i}", "dW = a_prev^T delta" + extra_t, dW)
    ex._record(i, "db", f"db{i}", "db = delta", db)
    entry = f"{factor(a_prev[0])}*{factor(delta[0])}" + entry_t
    entry_l = rf"{latex_factor(a_prev[0])} \cdot {latex_factor(delta[0])}" + entry_l
    dw_l = _partial("L", f"W^{{({i})}}")
    db_l = _partial("L", f"b^{{({i})}}")
    dw_rule = Math(
        f"dW{i} = {p_t}^T {d_t}{extra_t}",
        rf"{dw_l} = {_transposed(p_l)} {d_l}{extra_l}",
    )
    db_rule = Math(f"db{i} = {d_t}", rf"{db_l} = {d_l}")
    ex._show(
        Heading(
            phrase(
                ex.lang,
                "gradients",
                i=i,
                dw=Math(f"dW{i}", dw_l),
                db=Math(f"db{i}", db_l),
            )
        ),
        Prose(
            phrase(
                ex.lang,
                "gradient_rule",
                dw=dw_rule,
                w=Math(f"W{i}[j,k]", rf"W^{{({i})}}_{{jk}}"),
                product=Math(f"{p_t}[j] * {d_t}[k]", rf"{p_l}_j \, {d_l}_k"),
                db=db_rule,
            )
        ),
        Eq(
            f"{say(ex.lang, 'for_example')}dW{i}[1,1] = {entry} = {num(dW[0, 0])}",
            rf"{_partial('L', f'W^{{({i})}}_{{1,1}}')} = {entry_l} = "
            rf"{latex_num(dW[0, 0])}",
        ),
        Eq(dw_rule.text, dw_rule.latex, dW, matrix=True),
        Eq(db_rule.text, db_rule.latex, db),
    )
