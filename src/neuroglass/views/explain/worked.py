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

from ._compute import forward_pass
from ._inputs import _network, _sample
from ._render import (
    MAX_MATRIX,
    Eq,
    Heading,
    Prose,
    factor,
    latex_factor,
    latex_num,
    num,
    vector_text,
)
from .document import Explanation

#: terms of a long sum written out before the rest is added up
TERMS = 6

# f'(z) per activation, written with the layer's own symbols {a} and {z}
_DERIVATIVES = {
    "identity": "1",
    "sigmoid": "{a} * (1 - {a})",
    "tanh": "1 - {a}^2",
    "relu": "1 where {z} > 0, else 0",
    "leaky_relu": "1 where {z} > 0, else 0.01",
    "elu": "1 where {z} > 0, else {a} + 1",
    "softplus": "sigmoid({z})",
    "gelu": "the slope of gelu at {z}",
    "swish": "s + {a} * (1 - s) with s = sigmoid({z})",
}


# -- symbols ----------------------------------------------------------------------
def _sym(letter, i):
    """Text and LaTeX names of a layer quantity: ``("z1", "z^{(1)}")``."""
    latex = {"delta": r"\delta", "dW": "dW", "db": "db"}.get(letter, letter)
    return f"{letter}{i}", f"{latex}^{{({i})}}"


def _transposed(latex):
    """``W^{(2)}`` -> ``W^{(2)\\top}`` (one superscript, valid LaTeX)."""
    return latex[:-1] + r"\top}"


def _derivative(activation, i):
    template = _DERIVATIVES.get(activation, "f'({z})")
    return template.format(a=f"a{i}", z=f"z{i}")


# -- pieces of text ---------------------------------------------------------------
def _written_sum(left, right, bias=None):
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
        text.append(f"({n - shown} more terms, together {num(rest)})")
        latex.append(
            rf"\underbrace{{\cdots}}_{{{n - shown}\text{{ more terms}}"
            rf" = {latex_num(rest)}}}"
        )
    total = float(left @ right)
    if bias is not None:
        text.append(factor(bias))
        latex.append(latex_factor(bias))
        total += float(bias)
    return " + ".join(text), " + ".join(latex), total


def _intro(ex, n_samples, sample):
    ex._show(
        Prose(
            "Each layer computes `z = a_prev W + b` (a weighted sum per unit), then "
            "`a = f(z)`; `a0` is the input x. Units and inputs are numbered from 1."
        )
    )
    if n_samples > 1:
        ex._show(
            Prose(
                f"x holds {n_samples} samples; this explains sample {sample} (row "
                f"{sample}) alone. Training on the whole batch averages every "
                f"sample's gradients dW and db over the {n_samples} samples, "
                "because the loss is the mean over the batch."
            )
        )


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
        z_eq = Eq(f"{z_t} = {p_t} {w_t} + {b_t}", f"{z_l} = {p_l} {w_l} + {b_l}", z)
        a_eq = Eq(f"{a_t} = {act}({z_t})", rf"{a_l} = {_latex_name(act)}({z_l})", a)
        if not detail:
            ex._show(z_eq, a_eq)
            continue
        ex._show(
            Heading(f"Layer {i}: {layer.name}, {layer.n_in} -> {layer.n_out}, {act}"),
            Eq(w_t, w_l, W, matrix=True),
            Eq(b_t, b_l, b),
        )
        text, latex, total = _written_sum(a_prev, W[:, 0], b[0])
        ex._show(
            Prose(
                f"`{z_t} = {p_t} {w_t} + {b_t}`: each unit multiplies every input by "
                "its weight, adds them up and adds its bias. Written out for unit 1:"
            ),
            Eq(
                f"unit 1: {z_t}[1] = {text} = {num(total)}",
                rf"{z_l}_1 = {latex} = {latex_num(total)}",
            ),
            z_eq,
            Prose(f"`{a_t} = f({z_t})` with f = {act}: `{formula}`"),
            _activation_example(layer, i, z, a),
            a_eq,
        )


def _latex_name(name):
    return r"\operatorname{" + name.replace("_", r"\_") + "}"


def _activation_example(layer, i, z, a):
    """``unit 1: a1[1] = tanh(-0.3053) = -0.2961`` (softmax: the shifted ratio)."""
    a_t, a_l = _sym("a", i)
    act = layer.activation_name
    if act != "softmax":
        return Eq(
            f"unit 1: {a_t}[1] = {act}({num(z[0])}) = {num(a[0])}",
            rf"{a_l}_1 = {_latex_name(act)}({latex_num(z[0])}) = {latex_num(a[0])}",
        )
    e = np.exp(z - z.max())
    return Eq(
        f"unit 1: {a_t}[1] = exp(z{i}[1] - max z{i}) / sum_k exp(z{i}[k] - max z{i})"
        f" = {num(e[0])} / {num(e.sum())} = {num(a[0])}",
        rf"{a_l}_1 = \frac{{e^{{z_1 - \max z}}}}{{\sum_k e^{{z_k - \max z}}}} = "
        rf"\frac{{{latex_num(e[0])}}}{{{latex_num(e.sum())}}} = {latex_num(a[0])}",
    )


def _prediction(ex, net, out):
    loss = net.loss_fn.name
    if loss == "cross_entropy":
        c = int(np.argmax(out))
        ex._show(
            Prose(
                f"Prediction: class {c} (the largest output, unit {c + 1}), with "
                f"probability {num(out[c])}."
            )
        )
    elif loss == "bce" and out.size == 1:
        ex._show(
            Prose(
                f"Prediction: p(class 1) = {num(out[0])}, so class "
                f"{int(out[0] > 0.5)} (threshold 0.5)."
            )
        )
    elif loss == "bce":
        labels = (out > 0.5).astype(int).tolist()
        ex._show(Prose(f"Prediction: labels {labels} (each output > 0.5)."))
    else:
        ex._show(Prose(f"Output (the prediction): {vector_text(out)}."))


def _sizes(net):
    return " -> ".join(map(str, net.sizes))


# -- public functions ---------------------------------------------------------------
def forward(net, x, *, sample=0):
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

    Examples
    --------
    >>> import neuroglass as ng
    >>> net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    >>> ex = ng.explain.forward(net, [0.5, -1.0])
    >>> [s["quantity"] for s in ex.steps][:5]
    ['x', 'W', 'b', 'z', 'a']
    """
    net = _network(net)
    x, n_samples, sample = _sample(net, x, sample)
    values = forward_pass(net, x)
    ex = Explanation(
        f"Forward pass of one sample through the {_sizes(net)} network", "forward"
    )
    _intro(ex, n_samples, sample)
    ex._record(0, "x", "a0", "x", x)
    ex._show(Heading("Input"), Eq("x = a0", "x = a^{(0)}", x))
    _forward_layers(ex, net, values, detail=True)
    ex._show(Heading("Output"))
    _prediction(ex, net, values.activations[-1])
    return ex
