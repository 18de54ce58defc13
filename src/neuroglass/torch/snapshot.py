"""One snapshot of a PyTorch model: the rows a run stores and the summary the
health rules read, as :class:`~neuroglass.recorder.capture.Capture` makes
them for an engine network (its helpers build the rows and the summary).

The parameters, gradients and updates are stacked on the model's device and
copied to the host once; norms, histograms and unit statistics are computed
from that copy by the recorder's own functions. NaN and infinite values are
counted, per layer and quantity, never dropped without a word.
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
    with torch.no_grad():
        stacked = torch.stack(
            [view.vector(view.params), view.vector(grads), view.vector(updates)]
        )
        stacked = stacked.cpu().numpy()  # the one host copy
    layout = view.layout
    squares = _segment_squares(stacked, layout)
    norms = np.sqrt(squares.reshape(3, -1, 2).transpose(1, 0, 2).reshape(-1, 6))
    summaries = not (full and view.mlp)
    probe = probe_pass.run(summaries=summaries) if probe_pass is not None else None
    n_units = sum(layer.n_out for layer in view.layers)
    units = probe["units"] if probe else np.full((3, n_units), np.nan)
    dead = probe["dead"] if probe else [None] * len(view.layers)
    saturated = probe["saturated"] if probe else [None] * len(view.layers)
    writes = []
    if full:
        raw = probe["raw"] if probe else None
        raw = schema.pack(raw) if raw is not None else None
        row = (
            epoch,
            step,
            schema.pack(stacked),
            schema.pack(norms),
            schema.pack(units),
        )
        row += (raw, None, None)
    else:
        row = (
            epoch,
            step,
            None,
            schema.pack(norms),
            schema.pack(units),
            None,
            None,
            None,
        )
    if not full or not view.mlp:  # statistics, with the activations' (conv too)
        activations = probe["summaries"] if probe else [None] * len(view.layers)
        writes.append(
            insert_layer_stats(_stat_rows(epoch, stacked, layout, activations, bins))
        )
    writes.append(insert_snapshot(row))
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
        dead=dead,
        saturated=saturated,
    )
    return writes, summary, _non_finite(stacked, view)


def _stat_rows(epoch, stacked, layout, activations, bins) -> list:
    """``layer_stats`` rows of every layer (models above full_arrays_limit)."""
    cut = [layout.split(vector) for vector in stacked]
    rows = []
    for i in range(layout.n_layers):
        (w, b), (gw, gb), (uw, ub) = cut[0][i], cut[1][i], cut[2][i]
        arrays = {
            "weights": w,
            "bias": b,
            "grad_weights": gw,
            "grad_bias": gb,
            "update_weights": uw,
            "update_bias": ub,
        }
        for quantity, values in arrays.items():
            rows.append(stat_row(epoch, i, quantity, summarize(values, bins)))
        if activations[i] is not None:
            rows.append(stat_row(epoch, i, "activation", activations[i]))
    return rows
