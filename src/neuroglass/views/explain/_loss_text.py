"""The loss of the explained sample written out with its numbers: the target,
the loss's formula, each output's term (with the logits where an output has
saturated to exactly 0 or 1) and the l1/l2 penalty of a regularized network.
The loss, its penalty and their sum are the engine's (a :class:`~._compute.Step`).
Part of :func:`~.backward.backward`.
"""

from __future__ import annotations

import numpy as np

from . import _formulas
from ._blocks import Eq, Heading, Prose
from ._render import MAX_MATRIX, factor, latex_factor, latex_num, num
from ._words import Math, phrase, say
from .worked import TERMS


def _explain_loss(ex, net, step, target):
    n = len(net.layers)
    name, lang = net.loss_fn.name, ex.lang
    a_t = f"a{n}"
    z, a = step.forward.zs[-1], step.forward.activations[-1]
    loss, penalty, total = step.loss, step.penalty, step.total
    ex._record(0, "y", "y", "target", target)
    ex._show(Heading(say(lang, "loss", name=name)))
    if name == "cross_entropy" and np.count_nonzero(target) == 1:
        c = int(np.argmax(target))
        ex._show(Eq(say(lang, "one_hot", c=c), "y", target))
    else:
        ex._show(Eq("y", "y", target))
    ex._show(Prose([_formulas.loss(net.loss_fn)]))
    text, latex = _written_loss(name, z, a, target, a_t)
    ex._show(Eq(f"L = {text} = {num(loss)}", rf"L = {latex} = {latex_num(loss)}"))
    if penalty:
        words = phrase(
            lang,
            "regularized",
            l1=Math(f"l1 = {net.l1:g}", rf"\lambda_1 = {net.l1:g}"),
            l2=Math(f"l2 = {net.l2:g}", rf"\lambda_2 = {net.l2:g}"),
            penalty=Math(
                "l1 sum|W| + l2/2 sum W^2",
                r"\lambda_1 \sum |W| + \frac{\lambda_2}{2} \sum W^2",
            ),
        )
        ex._show(
            Prose(words),
            Eq(
                f"L = {num(loss)} + {num(penalty)} = {num(total)}",
                rf"L = {latex_num(loss)} + {latex_num(penalty)} = "
                rf"{latex_num(total)}",
            ),
        )
    ex._record(0, "loss", "L", net.loss_fn.formula, total)


def _written_cross_entropy(z, a, y, a_t, z_t):
    """Cross-entropy: -log of the true class's probability (with the logits when
    it is exactly 0), or the sum over a soft target's classes."""
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


def _written_loss(name, z, a, y, a_t):
    """The loss of the sample with its numbers, in text and LaTeX.

    Where an output is exactly 0 or 1 in floating point (a saturated sigmoid or
    softmax), the term is written with the logits, as the loss computes it.
    """
    k = a.size
    z_t = "z" + a_t[1:]
    if name == "cross_entropy":
        return _written_cross_entropy(z, a, y, a_t, z_t)
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
