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
