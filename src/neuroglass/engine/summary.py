"""The text table that :meth:`Network.summary` prints: the network's sizes, loss,
dtype and regularization, then one row per layer with its activation, the shapes
of its weights and bias, and its parameter count."""

from __future__ import annotations

#: the table's words; another language passes its own (the command line does)
WORDS = {
    "columns": ("#", "layer", "activation", "weights", "bias", "params"),
    "head": "Network {sizes}   loss={loss}  dtype={dtype}",
    "total": "Total parameters: {count:,}",
}


def summary_table(net, words=None, width=len) -> str:
    """A table of the layers of ``net``, their shapes and parameter counts.

    ``words``: the column names and the head and total lines (:data:`WORDS`,
    the default); ``width``: the columns a text takes (``len``; a terminal
    gives a Chinese character two)."""
    words = WORDS if words is None else words
    rows = [tuple(words["columns"])]
    for i, layer in enumerate(net.layers, 1):
        rows.append(
            (
                str(i),
                layer.name,
                layer.activation_name,
                str(layer.weights.shape),
                str(layer.bias.shape),
                f"{layer.n_params:,}",
            )
        )
    widths = [max(width(r[c]) for r in rows) for c in range(len(rows[0]))]
    right = {0, 5}

    def fmt(row):
        cells = []
        for c, (cell, w) in enumerate(zip(row, widths)):
            pad = " " * max(0, w - width(cell))
            cells.append(pad + cell if c in right else cell + pad)
        return "  ".join(cells).rstrip()

    rule = "-" * width(fmt(rows[0]))
    head = words["head"].format(
        sizes=" -> ".join(map(str, net.sizes)),
        loss=net.loss_fn.name,
        dtype=net.dtype.name,
    )
    reg = f"  l1={net.l1:g}  l2={net.l2:g}" if (net.l1 or net.l2) else ""
    lines = [head + reg, rule, fmt(rows[0]), rule]
    lines += [fmt(r) for r in rows[1:]]
    lines += [rule, words["total"].format(count=net.n_params)]
    return "\n".join(lines)
