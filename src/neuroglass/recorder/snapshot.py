"""What a run holds at one snapshot epoch: :class:`Snapshot`, with one
:class:`LayerSnapshot` per layer (weights, bias, their gradients and updates,
norms, unit statistics, probe activations, summaries), and
:func:`layer_snapshots`, which cuts the stored flat vectors and per-unit
arrays into those layers. Arrays in, dataclasses out: the queries that read
them are the :class:`~neuroglass.recorder.run.Run`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import schema
from .stats import summarize


@dataclass
class LayerSnapshot:
    """One layer at one snapshot. Arrays are None where the run kept only
    statistics (networks above the recorder's ``full_arrays_limit``)."""

    index: int
    name: str
    activation_name: str
    weights: np.ndarray | None
    bias: np.ndarray | None
    grad_weights: np.ndarray | None
    grad_bias: np.ndarray | None
    update_weights: np.ndarray | None
    update_bias: np.ndarray | None
    norms: dict
    #: per-unit statistics on the probe batch: mean, active, saturated
    units: dict
    #: the probe batch's activations (n_probe, n_units), small networks only
    activations: np.ndarray | None
    #: {quantity: summary dict} with norm, mean, std, min, max, bands, hist, edges
    stats: dict = field(default_factory=dict)

    @property
    def update_ratio(self) -> float:
        w = self.norms["weights"]
        return self.norms["update_weights"] / w if w > 0 else float("inf")


@dataclass
class Snapshot:
    epoch: int
    step: int
    layers: list
    params: np.ndarray | None


def layer_snapshots(
    layer_configs, *, layout, params, grads, updates, norms, units, raw, stats, bins
) -> list:
    """One :class:`LayerSnapshot` per layer of ``layer_configs``, cut (by the
    network's :class:`~neuroglass.engine.ParameterLayout` ``layout``) from the
    flat parameter-shaped vectors ``params``, ``grads``, ``updates``
    (n_params,) or None, the ``norms`` (n_layers, 6), the ``units`` statistics
    (3, n_units), the probe activations ``raw`` (n_probe, n_units) or None,
    and the stored summaries ``stats`` ({layer: {quantity: summary}});
    summaries not stored are computed with ``bins`` histogram bins."""
    missing = [(None, None)] * layout.n_layers
    cut = [missing if v is None else layout.split(v) for v in (params, grads, updates)]
    layers, column = [], 0
    for i, cfg in enumerate(layer_configs):
        n_out = cfg["n_out"]
        (w, b), (gw, gb), (uw, ub) = cut[0][i], cut[1][i], cut[2][i]
        cols = slice(column, column + n_out)
        mean, active, saturated = (
            (None if np.isnan(row[cols]).all() else row[cols]) for row in units
        )
        activations = None if raw is None else raw[:, cols]
        column += n_out
        layer_stats = stats.get(i, {})
        if w is not None and not layer_stats:
            arrays = {
                "weights": w,
                "bias": b,
                "grad_weights": gw,
                "grad_bias": gb,
                "update_weights": uw,
                "update_bias": ub,
            }
            if activations is not None:
                arrays["activation"] = activations
            layer_stats = {q: summarize(v, bins) for q, v in arrays.items()}
        layers.append(
            LayerSnapshot(
                index=i,
                name=cfg["name"],
                activation_name=cfg["activation"],
                weights=w,
                bias=b,
                grad_weights=gw,
                grad_bias=gb,
                update_weights=uw,
                update_bias=ub,
                norms=dict(
                    zip(
                        schema.NORM_COLUMNS,
                        norms[i].tolist(),
                    )
                ),
                units={"mean": mean, "active": active, "saturated": saturated},
                activations=activations,
                stats=layer_stats,
            )
        )
    return layers
