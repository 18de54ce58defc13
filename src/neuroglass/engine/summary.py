"""The text table that :meth:`Network.summary` prints: the network's sizes, loss,
dtype and regularization, then one row per layer with its activation, the shapes
of its weights and bias, and its parameter count."""

from __future__ import annotations


def summary_table(net) -> str:
    """A table of the layers of ``net``, their shapes and parameter counts."""
    rows = [("#", "layer", "activation", "weights", "bias", "params")]
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
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    right = {0, 5}

    def fmt(row):
        return "  ".join(
            cell.rjust(w) if c in right else cell.ljust(w)
            for c, (cell, w) in enumerate(zip(row, widths))
        ).rstrip()

    rule = "-" * len(fmt(rows[0]))
    head = (
        f"Network {' -> '.join(map(str, net.sizes))}   loss={net.loss_fn.name}  "
        f"dtype={net.dtype.name}"
    )
    reg = f"  l1={net.l1:g}  l2={net.l2:g}" if (net.l1 or net.l2) else ""
    lines = [head + reg, rule, fmt(rows[0]), rule]
    lines += [fmt(r) for r in rows[1:]]
    lines += [rule, f"Total parameters: {net.n_params:,}"]
    return "\n".join(lines)
