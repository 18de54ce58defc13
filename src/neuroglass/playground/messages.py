"""Every message the playground sends, built from plain data.

The format is written down in docs/playground-protocol.md. The server only moves
these; nothing here knows about sockets or threads. The heat maps come from
:func:`neuroglass.views.figures.boundary.neuron_grids`, the same function the
figures draw from; the binary encoding is :mod:`.wire`.
"""

from __future__ import annotations

import base64

import numpy as np

from .._version import __version__
from ..datasets import features as playground_features
from ..views.figures.boundary import neuron_grids
from . import config as cfg
from .outputs import metrics, output_kind, shown_value
from .units import probe_activations, rings
from .wire import RESOLUTION, THUMB, encode, finite, floats, quantize, thumbnails


def hello(session_id: str, mode: str, defaults: dict) -> dict:
    return {
        "type": "hello",
        "session": session_id,
        "mode": mode,
        "version": __version__,
        "limits": cfg.limits(),
        "options": cfg.options(),
        "settings": dict(cfg.SETTINGS),
        "defaults": defaults,
    }


def error(message: str, field: str | None = None, zh: str | None = None) -> dict:
    """A refusal: ``message`` in English and ``zh`` in Chinese (the page shows the
    one of its language), ``field`` naming what was refused."""
    out = {"type": "error", "message": str(message), "field": field}
    if zh:
        out["zh"] = str(zh)
    return out


def refusal(exc) -> dict:
    """The ``error`` message of a refused command ``exc`` (its ``field`` and
    Chinese ``zh``, where it has them)."""
    return error(str(exc), getattr(exc, "field", None), getattr(exc, "zh", None))


def _points(X, y, classes):
    if classes:
        return [
            [round(float(a), 4), round(float(b), 4), int(c)] for (a, b), c in zip(X, y)
        ]
    return [
        [round(float(a), 4), round(float(b), 4), round(float(c), 4)]
        for (a, b), c in zip(X, y)
    ]


def feature_maps(domain: float) -> tuple[dict, dict]:
    """Every Playground feature over the plane, each scaled by its largest
    ``|value|``: ``(thumbnails, planes)``, base64 of quantized 20x20 block
    averages and of the RESOLUTION x RESOLUTION maps (the page draws both and
    computes neither)."""
    xs = np.linspace(-domain, domain, RESOLUTION)
    xx, yy = np.meshgrid(xs, xs)
    plane = np.column_stack([xx.ravel(), yy.ravel()])
    thumbs, planes = {}, {}
    for name in cfg.FEATURES:
        values = playground_features(plane, [name])[:, 0]
        values = values.reshape(RESOLUTION, RESOLUTION)
        values = values / (np.abs(values).max() or 1.0)
        planes[name] = _b64(quantize(values))
        thumbs[name] = _b64(quantize(thumbnails(values[None])[0]))
    return thumbs, planes


def _b64(values: np.ndarray) -> str:
    return base64.b64encode(values.tobytes()).decode()


def state(
    config, data, net, *, epoch, run_name, snapshots, mode="live", input_names=None
) -> dict:
    kind = output_kind(config, data.classes)
    extra = {} if input_names is None else {"input_names": list(input_names)}
    thumbs, planes = feature_maps(data.domain)
    return {
        **extra,
        "type": "state",
        "mode": mode,
        "config": config,
        "output_kind": kind,
        "epoch": int(epoch),
        "sizes": list(net.sizes),
        "activations": [None, *(layer.activation_name for layer in net.layers)],
        "classes": int(data.classes),
        "class_names": list(data.class_names),
        "target_scale": _scale(data),
        "train": _points(data.X_train, data.y_train, data.classes),
        "test": _points(data.X_test, data.y_test, data.classes),
        "feature_maps": thumbs,
        "feature_planes": planes,
        "grid": {
            "resolution": RESOLUTION,
            "thumb": THUMB,
            "domain": [-data.domain, data.domain],
        },
        "run": run_name,
        "snapshots": [int(e) for e in snapshots],
    }


def _scale(data) -> dict | None:
    """A regression's scaled values: the range the colours span (``low`` orange,
    ``high`` blue) and how the network sees a value, ``(y - center) / half``."""
    scale = getattr(data, "target_scale", None)
    if scale is None or data.classes:
        return None
    center, half = (float(v) for v in scale)
    return {
        "center": center,
        "half": half,
        "low": center - half,
        "high": center + half,
    }


def session_frame(state, net, **fields) -> bytes:
    """The next :func:`frame` of a live or replayed session: its settings,
    data, parts and focus, the next sequence number, and ``fields``."""
    state.seq += 1
    with np.errstate(all="ignore"):
        return frame(
            net,
            state.config,
            state.data,
            state.parts,
            seq=state.seq,
            focus=state.focus,
            **fields,
        )


def frame(
    net,
    config,
    data,
    parts,
    *,
    seq,
    epoch,
    playing,
    focus=None,
    events=(),
    replay=False,
    lr=None,
    inputs="config",
    domain=None,
    probe=None,
    unit_rings=None,
    recorded=None,
) -> bytes:
    """One update of the page: maps, thumbnails, parameters, metrics (binary).

    ``parts`` holds the network inputs and targets of the data:
    ``{"train": (inputs, T), "test": (inputs, T)}``, or None (no metrics).
    ``inputs`` names the Playground feature of each network input (default: the
    config's); None draws the maps over the first two raw inputs. The dead and
    saturated units are ``unit_rings`` (see :mod:`.units`: a snapshot's) or else
    are computed on ``probe`` (default: the training inputs): give the
    recorder's probe so that the rings and the diagnostics agree. ``recorded``
    (a row of the run's metrics) gives the losses and accuracies when there is
    no data to compute them on.
    """
    kind = output_kind(config, data.classes)
    d = domain or data.domain
    if isinstance(inputs, str):
        inputs = config["features"]
    columns = neuron_grids(
        net, xlim=(-d, d), ylim=(-d, d), resolution=RESOLUTION, inputs=inputs
    )
    arrays = _map_arrays(columns, kind, focus) + _parameter_arrays(net.layers)
    header = {
        "type": "frame",
        "seq": int(seq),
        "epoch": int(epoch),
        "playing": bool(playing),
        "replay": bool(replay),
        **_scores(net, kind, data, parts, recorded),
        "lr": finite(lr),
        **_gradients(net.layers),
        **(unit_rings or _unit_rings(net, parts, probe)),
        "events": list(events),
    }
    return encode(header, arrays)


def _map_arrays(columns, kind, focus) -> list:
    """The output map (softmax: class and confidence), the focused unit's map
    and every unit's thumbnail, quantized."""
    out = columns[-1]  # (n_outputs, R, R)
    arrays = []
    if kind == "softmax_ce":
        arrays.append(("output_class", out.argmax(axis=0).astype(np.uint8)))
        confidence = np.rint(np.nan_to_num(out.max(axis=0)) * 255)
        arrays.append(("output_confidence", confidence.astype(np.uint8)))
        arrays.append(("output", quantize(shown_value(kind, out.max(axis=0)))))
    else:
        arrays.append(("output", quantize(shown_value(kind, out[0]))))
    if focus is not None:
        layer, unit = focus
        if 0 <= layer < len(columns) and 0 <= unit < columns[layer].shape[0]:
            values = columns[layer][unit]
            if layer == 0:
                values = values / (np.abs(values).max() or 1.0)
            elif layer == len(columns) - 1:
                values = shown_value(kind, values)
            arrays.append(("focus", quantize(values)))
    maps = [*columns[1:-1], shown_value(kind, out)]
    arrays.append(("thumbs", quantize(thumbnails(np.concatenate(maps)))))
    return arrays


def _parameter_arrays(layers) -> list:
    """Weights and biases, their gradients and their last updates, flat."""
    arrays = []
    for name, attr_w, attr_b in (
        ("", "weights", "bias"),
        ("grad_", "grad_weights", "grad_bias"),
        ("update_", "update_weights", "update_bias"),
    ):
        for suffix, attr in (("weights", attr_w), ("biases", attr_b)):
            flat = np.concatenate([getattr(la, attr).ravel() for la in layers])
            arrays.append((f"{name}{suffix}", flat))
    return arrays


def _scores(net, kind, data, parts, recorded) -> dict:
    """Losses, accuracies, the confusion matrix or R² (test part, else train)."""
    parts_missing = parts is None or len(parts["train"][0]) == 0
    if parts is None:
        empty = (np.zeros((0, net.n_inputs)), None)
        parts = {"train": empty, "test": empty}
    train, test = (
        metrics(net, kind, parts[p][0], y, parts[p][1], data.classes)
        for p, y in (("train", data.y_train), ("test", data.y_test))
    )
    if parts_missing and recorded:  # a replay without its data: the run's numbers
        train["loss"] = finite(recorded.get("loss"))
        train["accuracy"] = finite(recorded.get("accuracy"))
        test["loss"] = finite(recorded.get("val_loss"))
        test["accuracy"] = finite(recorded.get("val_accuracy"))
    shown = test if len(data.y_test) else train
    return {
        "train_loss": train["loss"],
        "test_loss": test["loss"],
        "train_accuracy": train["accuracy"],
        "test_accuracy": test["accuracy"],
        "confusion": shown["confusion"],
        "r2": shown["r2"],
    }


def _gradients(layers) -> dict:
    """Per layer the gradient norm and the update-to-weight ratio."""
    grad_norms, ratios = [], []
    for la in layers:
        grad_norms.append(finite(np.linalg.norm(la.grad_weights)))
        w = np.linalg.norm(la.weights)
        ratios.append(finite(np.linalg.norm(la.update_weights) / w) if w > 0 else None)
    return {"grad_norms": grad_norms, "update_ratios": ratios}


def _unit_rings(net, parts, probe) -> dict:
    """The dead and saturated units per layer on ``probe`` (default: the
    training inputs), and their fractions."""
    if probe is None:
        probe = np.zeros((0, net.n_inputs)) if parts is None else parts["train"][0]
    names = [layer.activation_name for layer in net.layers]
    return rings(names, probe_activations(net, probe))


def history(epochs, train_loss, test_loss, train_acc, test_acc) -> dict:
    return {
        "type": "history",
        "epoch": [int(e) for e in epochs],
        "train_loss": floats(train_loss),
        "test_loss": floats(test_loss),
        "train_accuracy": floats(train_acc),
        "test_accuracy": floats(test_acc),
    }
