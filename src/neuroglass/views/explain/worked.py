"""Forward propagation written out with the network's own numbers, and the
helpers that the backward pass (:mod:`.backward`) shares: the symbols, the
weighted sum written out, the introduction and the forward layers. The inputs
are checked in :mod:`._inputs`; the numbers come from the engine's own forward
and backward pass on a copy of the network (:mod:`._compute`).

Conventions of the worked examples:

* One sample is explained. ``x`` may be one sample (1-D) or a batch (2-D); of a
  batch, the row ``sample`` (default 0, the first) is explained, and the text
  says so. Training on a batch averages each sample's gradients over the batch.
* Units, inputs and weights are numbered from 1 in the text (``z1[1]`` is the
  first unit of layer 1, ``W1[2,3]`` joins input 2 to unit 3), as in the math;
  the arrays in :attr:`Explanation.steps` are ordinary 0-based NumPy arrays.
* The numbers are the engine's (``forward``, ``backward``, one SGD update),
  computed in float64 on a copy of the network; the network is only read, never
  changed (its parameters and its stored forward/backward values stay as they
  were). The text writes the arithmetic out with them.
* Layers with more than :data:`~._render.MAX_MATRIX` inputs or units are
  summarised: shapes, leading entries, statistics, and the weighted sum written
  out for one unit only.
"""

from __future__ import annotations

import numpy as np

from ..lang import resolve_lang
from . import _formulas
from ._blocks import Eq, Heading, Prose
from ._compute import forward_pass
from ._inputs import _network, _sample
from ._render import MAX_MATRIX, factor, latex_factor, latex_num, num, vector_text
from ._words import Math, phrase, say
from .document import Explanation

#: terms of a long sum written out before the rest is added up
TERMS = 6


# -- symbols ----------------------------------------------------------------------
def _sym(letter, i):
    """Text and LaTeX names of a layer quantity: ``("z1", "z^{(1)}")``."""
    latex = {"delta": r"\delta", "dW": "dW", "db": "db"}.get(letter, letter)
    return f"{letter}{i}", f"{latex}^{{({i})}}"


def _transposed(latex):
    """``W^{(2)}`` -> ``W^{(2)\\top}`` (one superscript, valid LaTeX)."""
    return latex[:-1] + r"\top}"


def _lr(lr):
    """``lr = 0.1``, the learning rate as a formula (``\\eta`` in LaTeX)."""
    return Math(f"lr = {lr:g}", rf"\eta = {lr:g}")


# -- pieces of text ---------------------------------------------------------------
def _written_sum(left, right, bias=None, lang="en"):
    """``a*w + a*w + ... + b`` in text and LaTeX, and its exact value.

    Up to :data:`MAX_MATRIX` products are all written out; longer sums show the
    first :data:`TERMS` and add up the rest in one term.
    """
    n = len(left)
    shown = n if n <= MAX_MATRIX else TERMS
    text = [f"{factor(p)}*{factor(q)}" for p, q in zip(left[:shown], right[:shown])]
    latex = [
        rf"{latex_factor(p)} \cdot {latex_factor(q)}"
        for p, q in zip(left[:shown], right[:shown])
    ]
    if shown < n:
        rest = float(left[shown:] @ right[shown:])
        text.append(say(lang, "more_terms", n=n - shown, value=num(rest)))
        more = say(lang, "more_terms_short", n=n - shown)
        latex.append(rf"\underbrace{{\cdots}}_{{\text{{{more}}} = {latex_num(rest)}}}")
    total = float(left @ right)
    if bias is not None:
        text.append(factor(bias))
        latex.append(latex_factor(bias))
        total += float(bias)
    return " + ".join(text), " + ".join(latex), total


def _intro(ex, n_samples, sample):
    ex._show(
        Prose(
            phrase(
                ex.lang,
                "intro",
                z=Math("z = a_prev W + b", r"z = a^{(l-1)} W^{(l)} + b^{(l)}"),
                a=Math("a = f(z)", r"a^{(l)} = f\left(z^{(l)}\right)"),
                a0=Math("a0", r"a^{(0)}"),
            )
        )
    )
    if n_samples > 1:
        ex._show(Prose(phrase(ex.lang, "batch", n=n_samples, s=sample)))


def _unit(ex, k=1):
    return say(ex.lang, "unit", k=k)


def _forward_layers(ex, net, values, *, detail):
    """Show (and record) every layer's W, b, z and a (``values``: a ``Pass``)."""
    zs, activations = values.zs, values.activations
    for i, (layer, (W, b)) in enumerate(zip(net.layers, values.params), 1):
        z, a, a_prev = zs[i - 1], activations[i], activations[i - 1]
        act, formula = layer.activation_name, layer.activation_fn.formula
        w_t, w_l = _sym("W", i)
        b_t, b_l = _sym("b", i)
        z_t, z_l = _sym("z", i)
        a_t, a_l = _sym("a", i)
        p_t, p_l = _sym("a", i - 1)
        ex._record(i, "W", w_t, "W", W)
        ex._record(i, "b", b_t, "b", b)
        ex._record(i, "z", z_t, "z = a_prev W + b", z)
        ex._record(i, "a", a_t, formula, a)
        z_text, z_latex = f"{z_t} = {p_t} {w_t} + {b_t}", f"{z_l} = {p_l} {w_l} + {b_l}"
        z_eq = Eq(z_text, z_latex, z)
        name = _formulas.name(act)
        a_eq = Eq(f"{a_t} = {act}({z_t})", rf"{a_l} = {name}\left({z_l}\right)", a)
        if not detail:
            ex._show(z_eq, a_eq)
            continue
        heading = phrase(
            ex.lang,
            "layer",
            i=i,
            name=layer.name,
            n_in=layer.n_in,
            n_out=layer.n_out,
            act=act,
        )
        ex._show(Heading(heading), Eq(w_t, w_l, W, matrix=True), Eq(b_t, b_l, b))
        text, latex, total = _written_sum(a_prev, W[:, 0], b[0], ex.lang)
        activation = phrase(
            ex.lang,
            "activation",
            a=Math(f"{a_t} = f({z_t})", rf"{a_l} = f\left({z_l}\right)"),
            f=Math(f"f = {act}", f"f = {name}"),
            formula=_formulas.activation(layer.activation_fn, ex.lang),
        )
        ex._show(
            Prose(phrase(ex.lang, "weighted_sum", z=Math(z_text, z_latex))),
            Eq(
                f"{_unit(ex)}{z_t}[1] = {text} = {num(total)}",
                rf"{z_l}_1 = {latex} = {latex_num(total)}",
            ),
            z_eq,
            Prose(activation),
            _activation_example(ex, layer, i, z, a),
            a_eq,
        )


def _activation_example(ex, layer, i, z, a):
    """``unit 1: a1[1] = tanh(-0.3053) = -0.2961`` (softmax: the shifted ratio)."""
    a_t, a_l = _sym("a", i)
    act = layer.activation_name
    unit = _unit(ex)
    if act != "softmax":
        name = _formulas.name(act)
        return Eq(
            f"{unit}{a_t}[1] = {act}({num(z[0])}) = {num(a[0])}",
            rf"{a_l}_1 = {name}\left({latex_num(z[0])}\right) = {latex_num(a[0])}",
        )
    e = np.exp(z - z.max())
    return Eq(
        f"{unit}{a_t}[1] = exp(z{i}[1] - max z{i}) / sum_k exp(z{i}[k] - max z{i})"
        f" = {num(e[0])} / {num(e.sum())} = {num(a[0])}",
        rf"{a_l}_1 = \frac{{e^{{z_1 - \max z}}}}{{\sum_k e^{{z_k - \max z}}}} = "
        rf"\frac{{{latex_num(e[0])}}}{{{latex_num(e.sum())}}} = {latex_num(a[0])}",
    )


def _prediction(ex, net, out):
    loss, lang = net.loss_fn.name, ex.lang
    if loss == "cross_entropy":
        c = int(np.argmax(out))
        words = phrase(lang, "prediction_class", c=c, u=c + 1, p=num(out[c]))
    elif loss == "bce" and out.size == 1:
        p = Math(
            f"{say(lang, 'p_class_1')} = {num(out[0])}",
            rf"p(y = 1) = {latex_num(out[0])}",
        )
        words = phrase(lang, "prediction_binary", p=p, c=int(out[0] > 0.5))
    elif loss == "bce":
        labels = (out > 0.5).astype(int).tolist()
        words = phrase(lang, "prediction_labels", labels=labels)
    else:
        words = phrase(lang, "prediction_output", v=vector_text(out, lang))
    ex._show(Prose(words))


def _sizes(net):
    return " -> ".join(map(str, net.sizes))


# -- public functions ---------------------------------------------------------------
def forward(net, x, *, sample=0, lang=None):
    """Forward propagation of one sample, layer by layer, with the numbers.

    For every layer: the input vector, the weight matrix ``W``, the bias ``b``,
    ``z = a_prev W + b`` with the weighted sum of unit 1 written out, and
    ``a = f(z)`` naming f and its formula. Layers wider than 8 are summarised.

    Parameters
    ----------
    net : Network or fitted estimator
        A :class:`~neuroglass.Network`, or an estimator with a ``network_``.
        It is only read, never changed.
    x : array-like, shape (n_inputs,) or (n_samples, n_inputs)
        One sample, or a batch of which row ``sample`` is explained. For an
        estimator, in the network's terms (as ``network_.predict`` takes it).
    sample : int, default 0
        The row of a batch ``x`` to explain.
    lang : {"en", "zh"}, optional
        The language of the words; left out, the current default
        (:func:`neuroglass.set_lang`, ``with ng.language("zh"):``).

    Returns
    -------
    Explanation
        ``print`` it, display it in a notebook, or read ``.steps``.

    Raises
    ------
    TypeError
        If ``net`` is not a network or a fitted estimator.
    ShapeError, DataError
        (both ``ValueError``) if ``x`` has the wrong number of features or is not
        finite.
    ValueError
        If ``lang`` is not ``"en"`` or ``"zh"``.

    Examples
    --------
    >>> import neuroglass as ng
    >>> net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    >>> ex = ng.explain.forward(net, [0.5, -1.0])
    >>> [s["quantity"] for s in ex.steps][:5]
    ['x', 'W', 'b', 'z', 'a']
    """
    lang = resolve_lang(lang)
    net = _network(net)
    x, n_samples, sample = _sample(net, x, sample)
    values = forward_pass(net, x)
    title = phrase(lang, "title_forward", sizes=_sizes(net))
    ex = Explanation(title, "forward", lang)
    _intro(ex, n_samples, sample)
    ex._record(0, "x", "a0", "x", x)
    ex._show(Heading(say(lang, "input")), Eq("x = a0", "x = a^{(0)}", x))
    _forward_layers(ex, net, values, detail=True)
    ex._show(Heading(say(lang, "output")))
    _prediction(ex, net, values.activations[-1])
    return ex
