"""One snapshot of a PyTorch model: the rows a run stores and the summary the
health rules read, as :class:`~neuroglass.recorder.capture.Capture` makes
them for an engine network (its helpers build the rows and the summary).

A model with full arrays (at most ``full_arrays_limit`` parameters) has its
parameters, gradients and updates stacked on its device and copied to the
host once; a larger one is copied one layer at a time, so that the host holds
a few copies of its largest layer, never of the whole model. Norms,
histograms and unit statistics are computed from those copies by the
recorder's own functions. NaN and infinite values are counted, per layer and
quantity, never dropped without a word.
"""

from __future__ import annotations

import numpy as np
import torch

from ..recorder import schema
from ..recorder.capture import snapshot_summary, stat_row
from ..recorder.stats import summarize
from ..recorder.store import insert_layer_stats, insert_snapshot

_VECTORS = ("weights", "gradients", "updates")


def _segment_squares(stacked, layout) -> np.ndarray:
    """Sums of squares of each layer's weights and bias: (3, 2 * n_layers)."""
    squares = np.square(stacked, dtype=np.float64)
    padded = np.concatenate([squares, np.zeros((3, 1))], axis=1)
    slices = [
        s for i in range(layout.n_layers) for s in (layout.weights(i), layout.bias(i))
    ]
    sums = np.add.reduceat(padded, [s.start for s in slices], axis=1)
    empty = [s.stop == s.start for s in slices]
    sums[:, empty] = 0.0
    return sums


def _non_finite(stacked, view) -> dict:
    """{layer name: {"weights" | "gradients" | "updates": count}} of the NaN
    and infinite values, for the layers that have any."""
    bad = ~np.isfinite(stacked)
    if not bad.any():
        return {}
    out = {}
    for i, layer in enumerate(view.layers):
        part = bad[:, view.layout.layer(i)].sum(axis=1).tolist()
        counts = {what: int(n) for what, n in zip(_VECTORS, part) if n}
        if counts:
            out[layer.name] = counts
    return out


def _gradients_and_updates(view, capture):
    """The captured step's gradients and update (the optimizer's step hooks),
    else the gradients as they are now and no update."""
    if capture is not None and capture.captured is not None:
        return capture.grads, capture.updates
    grads = [
        p.grad.to_dense() if p.grad is not None and p.grad.is_sparse else p.grad
        for p in view.params
    ]
    grads = [
        torch.zeros_like(p) if g is None else g for p, g in zip(view.params, grads)
    ]
    return grads, [torch.zeros_like(p) for p in view.params]


def take_snapshot(view, capture, probe_pass, *, epoch, step, full, bins):
    """``(writes, summary, non_finite)`` of the model after ``epoch`` at step
    count ``step``; ``full``: store the full vectors (else statistics)."""
    grads, updates = _gradients_and_updates(view, capture)
    summaries = not (full and view.mlp)
    probe = probe_pass.run(summaries=summaries) if probe_pass is not None else None
    n_layers = len(view.layers)
    activations = probe["summaries"] if probe else [None] * n_layers
    if full:
        with torch.no_grad():
            stacked = torch.stack(
                [view.vector(view.params), view.vector(grads), view.vector(updates)]
            )
            stacked = stacked.cpu().numpy()  # the one host copy
        squares = _segment_squares(stacked, view.layout)
        non_finite = _non_finite(stacked, view)
        rows = None
        if not view.mlp:  # statistics too, with the activations' (conv)
            rows = _stat_rows(epoch, stacked, view.layout, activations, bins)
    else:
        squares, non_finite, rows = _layer_by_layer(
            view, grads, updates, epoch, activations, bins
        )
    norms = np.sqrt(squares.reshape(3, -1, 2).transpose(1, 0, 2).reshape(-1, 6))
    n_units = sum(layer.n_out for layer in view.layers)
    units = probe["units"] if probe else np.full((3, n_units), np.nan)
    writes = []
    if rows is not None:
        writes.append(insert_layer_stats(rows))
    full_arrays = (schema.pack(stacked),) if full else (None,)
    raw = probe["raw"] if full and probe else None
    raw = schema.pack(raw) if raw is not None else None
    packed = (schema.pack(norms), schema.pack(units), raw, None, None)
    writes.append(insert_snapshot((epoch, step, *full_arrays, *packed)))
    layout = view.layout
    summary = snapshot_summary(
        epoch,
        step,
        names=[layer.name for layer in view.layers],
        activations=[layer.activation for layer in view.layers],
        norms=norms,
        squares=squares,
        weight_sizes=[
            float(np.sqrt(layout.weights(i).stop - layout.weights(i).start))
            for i in range(layout.n_layers)
        ],
        dead=probe["dead"] if probe else [None] * n_layers,
        saturated=probe["saturated"] if probe else [None] * n_layers,
    )
    return writes, summary, non_finite


def _layer_by_layer(view, grads, updates, epoch, activations, bins):
    """``(squares, non_finite, layer_stats rows)`` of a model above
    ``full_arrays_limit``, one host copy per layer (see the module)."""
    squares = np.zeros((3, 2 * len(view.layers)))
    non_finite, rows, k = {}, [], 0
    for i, layer in enumerate(view.layers):
        n = len(layer.params)
        n_weights = sum(p.numel() for p in layer.weights)
        with torch.no_grad():
            part = torch.stack(
                [
                    _flat(tensors[k : k + n], view.dtype)
                    for tensors in (view.params, grads, updates)
                ]
            )
            part = part.cpu().numpy()
        k += n
        w, b = part[:, :n_weights], part[:, n_weights:]
        squares[:, 2 * i] = np.square(w, dtype=np.float64).sum(axis=1)
        squares[:, 2 * i + 1] = np.square(b, dtype=np.float64).sum(axis=1)
        bad = (~np.isfinite(part)).sum(axis=1).tolist()
        counts = {what: int(c) for what, c in zip(_VECTORS, bad) if c}
        if counts:
            non_finite[layer.name] = counts
        rows += _layer_rows(epoch, i, w, b, activations[i], bins)
        del part, w, b
    return squares, non_finite, rows


def _flat(tensors, dtype) -> torch.Tensor:
    """One flat vector of ``tensors`` (a layer's weights, then its biases;
    order within a layer does not change a statistic)."""
    pieces = [t.detach().reshape(-1).to(dtype) for t in tensors]
    return torch.cat(pieces) if pieces else torch.zeros(0, dtype=dtype)


def _layer_rows(epoch, i, w, b, activation, bins) -> list:
    """The ``layer_stats`` rows of layer ``i``: ``w`` and ``b`` (3, n) its
    weights and biases' values, gradients and updates."""
    arrays = {
        "weights": w[0],
        "bias": b[0],
        "grad_weights": w[1],
        "grad_bias": b[1],
        "update_weights": w[2],
        "update_bias": b[2],
    }
    rows = [stat_row(epoch, i, q, summarize(v, bins)) for q, v in arrays.items()]
    if activation is not None:
        rows.append(stat_row(epoch, i, "activation", activation))
    return rows


def _stat_rows(epoch, stacked, layout, activations, bins) -> list:
    """``layer_stats`` rows of every layer from the stacked full vectors."""
    rows = []
    for i in range(layout.n_layers):
        w, b = stacked[:, layout.weights(i)], stacked[:, layout.bias(i)]
        rows += _layer_rows(epoch, i, w, b, activations[i], bins)
    return rows
