"""Forward and backward propagation written out with the network's own numbers."""

from __future__ import annotations

import numpy as np

#: layers wider than this (inputs or units) are summarised, not dumped
SMALL = 8
#: terms written out in a weighted sum before "..."
TERMS = 6

_DERIVATIVES = {
    "identity": "f'(z) = 1",
    "sigmoid": "f'(z) = a (1 - a)",
    "tanh": "f'(z) = 1 - a^2",
    "relu": "f'(z) = 1 if z > 0 else 0",
    "leaky_relu": "f'(z) = 1 if z > 0 else 0.01",
    "elu": "f'(z) = 1 if z > 0 else a + 1",
    "softplus": "f'(z) = sigmoid(z)",
    "gelu": "f'(z) = d/dz [z/2 (1 + tanh(...))]",
    "swish": "f'(z) = s + a (1 - s), s = sigmoid(z)",
    "softmax": "da/dz = diag(a) - a a^T",
}


def _num(value) -> str:
    return f"{float(value):.4g}"


def _vector(values, limit=SMALL) -> str:
    values = np.ravel(values)
    shown = ", ".join(_num(v) for v in values[:limit])
    more = f", ... (+{values.size - limit} more)" if values.size > limit else ""
    return f"[{shown}{more}]"


def _matrix(values) -> str:
    values = np.asarray(values)
    if values.shape[0] <= SMALL and values.shape[1] <= SMALL:
        return "[" + ",\n       ".join(_vector(row) for row in values) + "]"
    return (
        f"{values.shape[0]} x {values.shape[1]} matrix (min {_num(values.min())}, "
        f"mean {_num(values.mean())}, max {_num(values.max())}); first row "
        f"{_vector(values[0], 4)}"
    )


def _latex_vector(values, limit=SMALL) -> str:
    values = np.ravel(values)
    cells = " & ".join(_num(v) for v in values[:limit])
    if values.size > limit:
        cells += r" & \cdots"
    return r"\begin{bmatrix}" + cells + r"\end{bmatrix}"


def _latex_matrix(values) -> str:
    values = np.asarray(values)
    if values.shape[0] > SMALL or values.shape[1] > SMALL:
        return (
            rf"\text{{{values.shape[0]} x {values.shape[1]} matrix, mean }}"
            f"{_num(values.mean())}"
        )
    rows = r" \\ ".join(" & ".join(_num(v) for v in row) for row in values)
    return r"\begin{bmatrix}" + rows + r"\end{bmatrix}"


class Explanation:
    """A worked example: ``print`` it, or show it in a notebook (Markdown/LaTeX).

    Attributes
    ----------
    title : str
    steps : list of dict
        One record per quantity: ``layer`` (1-based, 0 for the loss),
        ``quantity`` (``"z"``, ``"a"``, ``"loss"``, ``"delta"``, ``"dW"``, ``"db"``,
        ``"W_new"``...), ``formula`` and ``values`` (the numbers), plus the
        lines used for text, Markdown and LaTeX.
    """

    def __init__(self, title):
        self.title = title
        self.steps: list[dict] = []
        self._text: list[str] = []
        self._latex: list[str] = []

    def _add(self, layer, quantity, formula, values, text, latex=None):
        self.steps.append(
            {
                "layer": layer,
                "quantity": quantity,
                "formula": formula,
                "values": np.array(values, dtype=float),
            }
        )
        self._text.append(text)
        if latex:
            self._latex.append(latex)

    def _heading(self, text, latex=None):
        self._text.append("")
        self._text.append(text)
        self._latex.append(r"\text{" + (latex or text).replace("_", r"\_") + r"}")

    def value(self, quantity, layer):
        """The numbers of one step, e.g. ``value("z", 1)``."""
        for step in self.steps:
            if step["quantity"] == quantity and step["layer"] == layer:
                return step["values"]
        raise KeyError(f"no step {quantity!r} for layer {layer} in this explanation.")

    def __str__(self) -> str:
        return "\n".join([self.title, "=" * len(self.title), *self._text]).rstrip()

    def to_markdown(self) -> str:
        lines = [f"### {self.title}", ""]
        for line in self._text:
            if not line:
                lines.append("")
            elif not line.startswith(" "):
                lines.append(f"**{line}**")
                lines.append("")
            else:
                lines.append(f"    {line.strip()}")
        return "\n".join(lines)

    def to_latex(self) -> str:
        body = r" \\" + "\n"
        return (
            r"\begin{aligned}"
            + "\n"
            + body.join(f"& {line}" for line in self._latex)
            + "\n"
            + r"\end{aligned}"
        )

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex() + "$$"

    def __repr__(self) -> str:
        return f"Explanation({self.title!r}, {len(self.steps)} steps)"


def _network(source):
    net = getattr(source, "network_", source)
    if not hasattr(net, "layers") or not hasattr(net, "loss_fn"):
        raise TypeError(
            f"explain needs a neuroglass Network or a fitted estimator; got "
            f"{type(source).__name__}."
        )
    return net


def _sample(net, x):
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        x = x[0]
    if x.ndim != 1 or x.size != net.n_inputs:
        raise ValueError(
            f"x must be one sample with {net.n_inputs} feature(s) (a 1-D array, or "
            f"a 2-D array whose first row is used); got shape {np.shape(x)}."
        )
    if not np.all(np.isfinite(x)):
        raise ValueError(f"x must be finite; got {x}.")
    return x


def _weighted_sum(a_prev, W, b, j) -> tuple[str, float]:
    terms = [f"{_num(a)}*{_num(w)}" for a, w in zip(a_prev, W[:, j])]
    shown = " + ".join(terms[:TERMS])
    if len(terms) > TERMS:
        rest = float(np.dot(a_prev[TERMS:], W[TERMS:, j]))
        shown += f" + ... ({len(terms) - TERMS} more terms, together {_num(rest)})"
    z = float(np.dot(a_prev, W[:, j]) + b[j])
    return f"{shown} + {_num(b[j])} = {_num(z)}", z


def _forward_steps(ex, net, x):
    a_prev = x
    ex._heading(f"Input: x = {_vector(x)}", "input")
    activations = [x]
    pre = []
    for i, layer in enumerate(net.layers, 1):
        W, b = layer.weights.astype(float), layer.bias.astype(float)
        z = a_prev @ W + b
        a = layer.activation_fn.forward(z.reshape(1, -1))[0]
        ex._heading(
            f"Layer {i} ({layer.name}: {layer.n_in} -> {layer.n_out}, "
            f"{layer.activation_name})"
        )
        ex._text.append(f"  W{i} = {_matrix(W)}")
        ex._text.append(f"  b{i} = {_vector(b)}")
        written, _ = _weighted_sum(a_prev, W, b, 0)
        ex._add(
            i,
            "z",
            "z = a_prev W + b",
            z,
            f"  z{i} = a{i - 1} W{i} + b{i}; unit 1: z{i}[1] = {written}\n"
            f"  z{i} = {_vector(z)}",
            rf"z^{{({i})}} = a^{{({i - 1})}} W^{{({i})}} + b^{{({i})}} = "
            f"{_latex_vector(z)}",
        )
        ex._add(
            i,
            "a",
            layer.activation_fn.formula,
            a,
            f"  a{i} = {layer.activation_name}(z{i}) = {_vector(a)}   "
            f"({layer.activation_fn.formula})",
            rf"a^{{({i})}} = \mathrm{{{layer.activation_name.replace('_', ' ')}}}"
            rf"(z^{{({i})}}) = {_latex_vector(a)}",
        )
        pre.append(z)
        activations.append(a)
        a_prev = a
    return activations, pre


def forward(net, x):
    """Forward propagation of one sample, layer by layer, with the numbers.

    Parameters
    ----------
    net : Network or fitted estimator
    x : array-like (n_inputs,)
        One sample (for a 2-D array, its first row).

    Returns
    -------
    Explanation
    """
    net = _network(net)
    x = _sample(net, x)
    ex = Explanation(
        f"Forward pass of one sample through {' -> '.join(map(str, net.sizes))}"
    )
    activations, _ = _forward_steps(ex, net, x)
    out = activations[-1]
    if net.is_classifier:
        if net.loss_fn.name == "cross_entropy":
            ex._text.append(
                f"\n  prediction: class {int(np.argmax(out))} "
                f"(probability {_num(out.max())})"
            )
        else:
            ex._text.append(
                f"\n  prediction: class {int(out[0] > 0.5)} "
                f"(p(class 1) = {_num(out[0])})"
            )
    return ex


def backward(net, x, y, lr=0.1):
    """Backpropagation of one sample and one gradient-descent step, with numbers.

    Shows the loss, ``delta`` at the output (the fused shortcut ``a - y`` for
    bce/cross_entropy), ``delta`` of every hidden layer from the one above,
    ``dW = a_prev^T delta``, ``db = delta``, and the update ``w <- w - lr dW``
    for a few weights. The network itself is not changed.

    Returns
    -------
    Explanation
    """
    net = _network(net)
    x = _sample(net, x)
    if not (isinstance(lr, (int, float)) and np.isfinite(lr) and lr >= 0):
        raise ValueError(f"lr must be a finite number >= 0; got {lr!r}.")
    target = net.loss_fn.prepare_targets(
        np.asarray(y).reshape(1, -1) if np.ndim(y) > 1 else np.ravel(y)[:1],
        net.n_outputs,
        np.float64,
    )[0]
    ex = Explanation(
        f"Backward pass of one sample through "
        f"{' -> '.join(map(str, net.sizes))} and one step, lr = {lr:g}"
    )
    activations, pre = _forward_steps(ex, net, x)
    last = net.layers[-1]
    a, z = activations[-1], pre[-1]
    loss = net.loss_fn.value(z.reshape(1, -1), a.reshape(1, -1), target.reshape(1, -1))
    ex._heading(f"Loss ({net.loss_fn.name})")
    ex._add(
        0,
        "loss",
        net.loss_fn.formula,
        [loss],
        f"  y = {_vector(target)}\n  {net.loss_fn.formula}\n  L = {_num(loss)}",
        rf"L = {_num(loss)}",
    )
    if net.loss_fn.name in ("bce", "cross_entropy"):
        scale = 1.0 if net.loss_fn.name == "cross_entropy" else 1.0 / a.size
        delta = (a - target) * scale
        how = f"  fused with {last.activation_name}: delta = dL/dz = (a - y)" + (
            "" if scale == 1 else f" / {a.size}"
        )
    else:
        grad_a = 2 * (a - target) / a.size
        delta = last.activation_fn.backward(
            grad_a.reshape(1, -1), z.reshape(1, -1), a.reshape(1, -1)
        )[0]
        how = (
            f"  dL/da = 2 (a - y) / {a.size} = {_vector(grad_a)}\n"
            f"  delta = dL/da * f'(z), {_DERIVATIVES[last.activation_name]}"
        )
    n = len(net.layers)
    deltas = {n: delta}
    ex._heading(f"Output layer {n}: delta")
    ex._add(
        n,
        "delta",
        "delta = dL/dz",
        delta,
        f"{how}\n  delta{n} = {_vector(delta)}",
        rf"\delta^{{({n})}} = {_latex_vector(delta)}",
    )
    for i in range(n - 1, 0, -1):
        layer = net.layers[i - 1]
        above = net.layers[i]
        grad_a = deltas[i + 1] @ above.weights.astype(float).T
        d = layer.activation_fn.backward(
            grad_a.reshape(1, -1),
            pre[i - 1].reshape(1, -1),
            activations[i].reshape(1, -1),
        )[0]
        deltas[i] = d
        ex._heading(f"Layer {i}: delta from the layer above")
        ex._add(
            i,
            "delta",
            "delta = (delta_next W_next^T) * f'(z)",
            d,
            f"  delta{i} = (delta{i + 1} W{i + 1}^T) * f'(z{i}),   "
            f"{_DERIVATIVES[layer.activation_name]}\n"
            f"  delta{i + 1} W{i + 1}^T = {_vector(grad_a)}\n"
            f"  delta{i} = {_vector(d)}",
            rf"\delta^{{({i})}} = (\delta^{{({i + 1})}} W^{{({i + 1})T}}) \odot "
            rf"f'(z^{{({i})}}) = {_latex_vector(d)}",
        )
    for i in range(1, n + 1):
        layer = net.layers[i - 1]
        dW = np.outer(activations[i - 1], deltas[i])
        db = deltas[i]
        W = layer.weights.astype(float)
        new = W - lr * dW
        ex._heading(f"Layer {i}: gradients and the update")
        ex._add(
            i,
            "dW",
            "dW = a_prev^T delta",
            dW,
            f"  dW{i} = a{i - 1}^T delta{i} = {_matrix(dW)}",
            rf"\frac{{\partial L}}{{\partial W^{{({i})}}}} = a^{{({i - 1})T}} "
            rf"\delta^{{({i})}} = {_latex_matrix(dW)}",
        )
        ex._add(i, "db", "db = delta", db, f"  db{i} = delta{i} = {_vector(db)}")
        examples = [
            f"  w{i}[{r + 1},{c + 1}]: {_num(W[r, c])} - {lr:g} * "
            f"{_num(dW[r, c])} = {_num(new[r, c])}"
            for r, c in list(np.ndindex(*W.shape))[:3]
        ]
        ex._add(
            i,
            "W_new",
            "w <- w - lr dW",
            new,
            "  update w <- w - lr * dW, for example:\n" + "\n".join(examples),
        )
        ex._add(
            i,
            "b_new",
            "b <- b - lr db",
            layer.bias.astype(float) - lr * db,
            f"  b{i} <- {_vector(layer.bias.astype(float) - lr * db)}",
        )
    return ex
