"""Summaries of arrays and of layers' activations, shared by writer and reader."""

from __future__ import annotations

import numpy as np

#: |a| beyond which a tanh unit counts as saturated (sigmoid: |2a - 1|)
SATURATION = 0.97
#: activations whose units are "active" when their output is positive
RELU_LIKE = ("relu", "leaky_relu", "elu", "gelu", "swish", "softplus")
#: activations whose units can die: output 0 (and gradient 0) for every input.
#: leaky_relu, elu, gelu and swish keep a gradient for negative inputs.
CAN_DIE = ("relu",)
SQUASHING = ("tanh", "sigmoid")


def summarize(values, bins: int) -> dict:
    """Norm, moments, TensorBoard-style bands and a histogram of ``values``."""
    values = np.asarray(values, dtype=np.float64).ravel()
    if values.size == 0 or not np.all(np.isfinite(values)):
        finite = values[np.isfinite(values)] if values.size else values
        values = finite if finite.size else np.zeros(1)
    mean = float(values.mean())
    std = float(values.std())
    low, high = float(values.min()), float(values.max())
    bands = np.array(
        [low]
        + [mean + k * std for k in (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5)]
        + [high]
    )
    bands[1:-1] = np.clip(bands[1:-1], low, high)
    if high > low:
        counts, edges = np.histogram(values, bins=bins, range=(low, high))
    else:
        counts, edges = np.array([values.size]), np.array([low - 0.5, high + 0.5])
    return {
        "size": int(values.size),
        "norm": float(np.sqrt(np.dot(values, values))),
        "mean": mean,
        "std": std,
        "min": low,
        "max": high,
        "bands": bands,
        "hist": counts.astype(np.int64),
        "edges": edges,
    }


def unit_stats(activation_name: str, activations) -> dict:
    """Per-unit statistics of one layer's activations on the probe batch.

    Returns ``mean`` (n_units,), ``active`` (fraction of samples with a > 0,
    for ReLU-like units, else None) and ``saturated`` (fraction of samples
    within 0.03 of an asymptote, for tanh/sigmoid units, else None).
    """
    a = np.asarray(activations, dtype=np.float64)
    scale = 1.0 / a.shape[0]
    out = {"mean": a.sum(axis=0) * scale, "active": None, "saturated": None}
    if activation_name in RELU_LIKE:
        out["active"] = np.count_nonzero(a > 0, axis=0) * scale
    elif activation_name == "tanh":
        out["saturated"] = np.count_nonzero(np.abs(a) > SATURATION, axis=0) * scale
    elif activation_name == "sigmoid":
        out["saturated"] = (
            np.count_nonzero(np.abs(2 * a - 1) > SATURATION, axis=0) * scale
        )
    return out


def rms(values) -> float:
    values = np.asarray(values)
    return float(np.sqrt(np.vdot(values, values) / max(values.size, 1)))
