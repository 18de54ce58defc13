"""The replay of a run whose model is no ``ng.Network``: a recorded PyTorch
model that is not MLP-shaped (convolutions, pooling, normalisation, ...).

The page shows what such a run holds: its curves, its layer graph (the boxes
of :func:`~neuroglass.views.figures.layer_graph.layer_graph_data`, the
figure's numbers) in place of the neuron diagram, and per layer with
parameters, at the snapshot on view, the gradient norm, the update-to-weight
ratio, the weights' mean, spread and histogram, and the share of dead or
saturated units (the recorder's rule, as the rings of an MLP). What needs a
network of dense layers over two inputs (the output map, the decision
boundary, the neurons' maps, explain) it says it cannot show, in words
(:func:`unsupported`, ``state.graph.note``; the page has them in Chinese too).

A ``state`` message of such a run carries ``graph``; its frames carry
``layers`` (one dict per layer with parameters) and no arrays. See
docs/playground-protocol.md.
"""

from __future__ import annotations

import numpy as np

from ..views.figures.layer_graph import layer_graph_data
from . import config as cfg
from .events import diagnostic_events
from .units import recorded_rings
from .wire import RESOLUTION, THUMB, encode, finite, floats

#: the run's loss (``config["loss"]``, the engine's name) -> the page's output kind
OUTPUT_KINDS = {
    "cross_entropy": "softmax_ce",
    "bce": "sigmoid_bce",
    "mse": "linear_mse",
}


def output_kind_of(run) -> str:
    """The page's output kind of the run's loss (which names the loss by its
    curves), "unknown" when the run does not say (a PyTorch run recorded
    without ``loss=``)."""
    return OUTPUT_KINDS.get(run.config.get("loss"), "unknown")


def classes_of(run) -> int:
    """The classes the page reads the run's accuracies for: the last layer's
    outputs for a classifier's loss (cross_entropy; 2 for bce or one output),
    or when the run recorded an accuracy; else 0 (a regression: no accuracy
    shown)."""
    n_out = int(run.config["network"]["layers"][-1]["n_out"])
    kind = output_kind_of(run)
    if kind in ("softmax_ce", "sigmoid_bce"):
        return n_out if kind == "softmax_ce" and n_out > 1 else 2
    m = run.metrics(format="dict")
    recorded = any(
        m.get(k) is not None and np.isfinite(np.asarray(m[k], dtype=float)).any()
        for k in ("accuracy", "val_accuracy")
    )
    if not recorded:
        return 0
    return n_out if n_out > 1 else 2


def unsupported(run) -> str:
    """What the page cannot show of the run, and why, in plain words."""
    layers = run.config["network"]["layers"]
    types = ", ".join(dict.fromkeys(layer["type"] for layer in layers))
    return (
        f"This run recorded a PyTorch model that is not a chain of dense layers "
        f"(its layers: {types}). The page shows its loss and accuracy curves, its "
        "layers in order with their sizes, and per layer the gradient norm, the "
        "update size, the weights and the units at each snapshot. The output map, "
        "the decision boundary, the neurons' maps and explain need a network of "
        "dense layers over two inputs, so they are not shown. `neuroglass report "
        "RUN` draws its filters, and neuroglass.torch.feature_maps a layer's maps "
        "for one input."
    )


def graph_state(run, *, epoch, snapshots, run_name) -> dict:
    """The ``state`` of the replay: the page's usual fields (no points, no
    network sizes) and ``graph``, the layer graph's boxes."""
    classes = classes_of(run)
    graph = layer_graph_data(run, lang="en")
    # each box's words in Chinese too: the page shows the ones of its language
    for box, zh in zip(graph["boxes"], layer_graph_data(run, lang="zh")["boxes"]):
        box["label_zh"], box["notes_zh"] = zh["label"], zh["notes"]
    layers = run.config["network"]["layers"]
    graph["units"] = [int(layer["n_out"]) for layer in layers]
    graph["activations"] = [layer.get("activation") for layer in layers]
    graph["types"] = list(dict.fromkeys(layer["type"] for layer in layers))
    graph["note"] = unsupported(run)  # the page words it in its language
    return {
        "type": "state",
        "mode": "replay",
        "config": {**cfg.DEFAULTS, "hidden": [], "features": []},
        # the run's loss, when it says it (else no "(MSE)" by its curves)
        "output_kind": output_kind_of(run),
        "epoch": int(epoch),
        "sizes": [],
        "activations": [],
        "classes": classes,
        "class_names": [str(k) for k in range(classes)],
        "target_scale": None,
        "train": [],
        "test": [],
        "feature_maps": {},
        "feature_planes": {},
        "grid": {"resolution": RESOLUTION, "thumb": THUMB, "domain": [-1, 1]},
        "run": run_name,
        "snapshots": [int(e) for e in snapshots],
        "graph": graph,
    }


def _fractions(units) -> dict | None:
    """A layer's stored unit fractions with NaN for the ones not measured
    (a torch run keeps ``active`` for ReLU-like units only, ``saturated``
    for squashing ones); None when it stored none."""
    kept = [np.asarray(v, dtype=float) for v in (units or {}).values() if v is not None]
    if not kept:
        return None
    n = kept[0].shape[0]
    return {
        k: np.full(n, np.nan) if units.get(k) is None else np.asarray(units[k], float)
        for k in ("active", "saturated")
    }


def layer_rows(snapshot) -> list:
    """Per recorded layer, what the page shows in its box at this snapshot."""
    names = [layer.activation_name for layer in snapshot.layers]
    units = [_fractions(layer.units) for layer in snapshot.layers]
    health = recorded_rings(names, units)
    rows = []
    for i, layer in enumerate(snapshot.layers):
        stats = (layer.stats or {}).get("weights") or {}
        hist, edges = stats.get("hist"), stats.get("edges")
        last = i == len(snapshot.layers) - 1
        rows.append(
            {
                "name": layer.name,
                "activation": layer.activation_name,
                "grad_norm": finite((layer.norms or {}).get("grad_weights")),
                "weight_norm": finite((layer.norms or {}).get("weights")),
                "update_ratio": finite(layer.update_ratio),
                "weight_mean": finite(stats.get("mean")),
                "weight_std": finite(stats.get("std")),
                "hist": None if hist is None else [int(c) for c in hist],
                "edges": None if edges is None else floats([edges[0], edges[-1]]),
                "dead_fraction": None if last else health["dead_fraction"][i],
                "saturated_fraction": (
                    None if last else health["saturated_fraction"][i]
                ),
            }
        )
    return rows


def graph_frame(state, snapshot, *, epoch, recorded, events=()) -> bytes:
    """One frame of the replay: the recorded metrics at ``epoch`` and the
    layers' rows of ``snapshot`` (no arrays: there is no map to draw)."""
    state.seq += 1
    recorded = recorded or {}
    rows = layer_rows(snapshot)
    header = {
        "type": "frame",
        "seq": state.seq,
        "epoch": int(epoch),
        "playing": False,
        "replay": True,
        "train_loss": finite(recorded.get("loss")),
        "test_loss": finite(recorded.get("val_loss")),
        "train_accuracy": finite(recorded.get("accuracy")),
        "test_accuracy": finite(recorded.get("val_accuracy")),
        "confusion": None,
        "r2": None,
        "lr": None,
        "grad_norms": [row["grad_norm"] for row in rows],
        "update_ratios": [row["update_ratio"] for row in rows],
        "dead": [],
        "saturated": [],
        "layers": rows,
        "events": list(events),
    }
    return encode(header, [])


def first_events(run) -> list:
    """Said with the first frame: the run's own diagnostics (what the page
    cannot show is said beside its curves, from ``state.graph``)."""
    return diagnostic_events(run.diagnostics())
