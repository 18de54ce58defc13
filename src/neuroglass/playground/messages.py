"""Every message the playground sends, built from plain data.

The format is written down in docs/playground-protocol.md.

The server only moves these; nothing here knows about sockets or threads. The
heat maps come from :func:`neuroglass.views.figures.boundary.neuron_grids`, the same
function the figures draw from.
"""

from __future__ import annotations

import base64
import json
import math
import struct

import numpy as np

from .._version import __version__
from ..datasets import features as playground_features
from ..recorder.diagnostics import SATURATED_SAMPLES
from ..recorder.stats import CAN_DIE, SATURATION, SQUASHING
from ..views.figures.boundary import neuron_grids
from . import config as cfg

RESOLUTION = 100  # TF Playground's DENSITY
THUMB = 20  # thumbnails are RESOLUTION / 5 block averages


# -- the numbers on the wire ---------------------------------------------------------
def quantize(values) -> np.ndarray:
    """Map values in [-1, 1] to 0..255 (clamped; NaN becomes the middle grey)."""
    values = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
    return np.rint((np.clip(values, -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)


def thumbnails(maps: np.ndarray, size: int = THUMB) -> np.ndarray:
    """Block averages (n, size, size) of maps (n, R, R), R a multiple of ``size``."""
    n, r, _ = maps.shape
    k = r // size
    return maps.reshape(n, size, k, size, k).mean(axis=(2, 4))


def encode(header: dict, arrays: list) -> bytes:
    """A binary frame: uint32 header length, JSON header, then the arrays.

    ``arrays`` is a list of ``(name, ndarray)``; each is stored as uint8 or
    little-endian float32, float32 ones aligned to 4 bytes.
    """
    specs, chunks, offset = [], [], 0
    for name, array in arrays:
        array = np.asarray(array)
        if array.dtype == np.uint8:
            dtype = "u1"
        else:
            array = array.astype("<f4")
            dtype = "f4"
            pad = (-offset) % 4
            if pad:
                chunks.append(b"\0" * pad)
                offset += pad
        data = np.ascontiguousarray(array).tobytes()
        specs.append(
            {"name": name, "dtype": dtype, "shape": list(array.shape), "offset": offset}
        )
        chunks.append(data)
        offset += len(data)
    head = json.dumps({**header, "arrays": specs}, allow_nan=False).encode()
    return struct.pack("<I", len(head)) + head + b"".join(chunks)


def header(frame: bytes) -> dict:
    """The JSON header of a binary frame (without its arrays)."""
    (n,) = struct.unpack_from("<I", frame)
    return json.loads(frame[4 : 4 + n])


def decode(frame: bytes) -> tuple[dict, dict]:
    """The inverse of :func:`encode` (used by tests and the benchmark)."""
    (n,) = struct.unpack_from("<I", frame)
    header = json.loads(frame[4 : 4 + n])
    payload = frame[4 + n :]
    arrays = {}
    for spec in header["arrays"]:
        dtype = np.uint8 if spec["dtype"] == "u1" else np.dtype("<f4")
        count = int(np.prod(spec["shape"])) if spec["shape"] else 1
        arrays[spec["name"]] = np.frombuffer(
            payload, dtype=dtype, count=count, offset=spec["offset"]
        ).reshape(spec["shape"])
    return header, arrays


def _finite(value):
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _floats(values):
    return [_finite(v) for v in np.asarray(values, dtype=float).ravel()]


# -- what the outputs mean -----------------------------------------------------------
def output_kind(config: dict, classes: int) -> str:
    """The output layer and loss for this setup: tanh_mse, sigmoid_bce, ..."""
    if classes > 2:
        return "softmax_ce"
    return config["output"]


def targets(kind: str, y: np.ndarray, classes: int, scale=None) -> np.ndarray:
    """Targets in the form the engine's loss takes for output ``kind``: class
    indices become one-hot rows (softmax), -1/+1 (tanh) or 0/1 (sigmoid), so
    two classes named anything (3 and 7, -1 and 1) fit the output's range;
    regression values are scaled by ``scale``, ``(center, half)``, when given
    (see :func:`neuroglass.playground.data.value_scale`)."""
    if kind == "softmax_ce":
        return np.eye(max(classes, 2))[y.astype(int)]
    if classes and kind == "tanh_mse":
        return (2.0 * y - 1.0).reshape(-1, 1)  # TF Playground's labels are +-1
    values = np.asarray(y, dtype=float)
    if not classes and scale is not None:
        center, half = scale
        values = (values - center) / half
    return values.reshape(-1, 1)


def parts(data, features: list, kind: str) -> dict:
    """``{"train": (inputs, T), "test": (inputs, T)}``: the network's inputs (the
    Playground features of each point) and targets for output ``kind``."""
    return {
        name: (
            playground_features(X, features),
            targets(kind, y, data.classes, data.target_scale),
        )
        for name, X, y in (
            ("train", data.X_train, data.y_train),
            ("test", data.X_test, data.y_test),
        )
    }


def shown_value(kind: str, output: np.ndarray) -> np.ndarray:
    """One output unit's value on the [-1, 1] colour scale (a scaled regression's
    output is already in the scaled units, which span it)."""
    if kind in ("sigmoid_bce", "softmax_ce"):
        return 2.0 * output - 1.0
    return output


def predicted_classes(kind: str, output: np.ndarray) -> np.ndarray:
    if kind == "softmax_ce":
        return output.argmax(axis=1)
    threshold = 0.5 if kind == "sigmoid_bce" else 0.0
    return (output[:, 0] > threshold).astype(int)


# -- messages ------------------------------------------------------------------------
def hello(session_id: str, mode: str, defaults: dict) -> dict:
    return {
        "type": "hello",
        "session": session_id,
        "mode": mode,
        "version": __version__,
        "limits": cfg.limits(),
        "options": cfg.options(),
        "defaults": defaults,
    }


def error(message: str, field: str | None = None) -> dict:
    return {"type": "error", "message": str(message), "field": field}


def _points(X, y, classes):
    if classes:
        return [
            [round(float(a), 4), round(float(b), 4), int(c)] for (a, b), c in zip(X, y)
        ]
    return [
        [round(float(a), 4), round(float(b), 4), round(float(c), 4)]
        for (a, b), c in zip(X, y)
    ]


def feature_maps(domain: float) -> dict:
    """Every Playground feature over the plane, as base64 20x20 thumbnails."""
    xs = np.linspace(-domain, domain, RESOLUTION)
    xx, yy = np.meshgrid(xs, xs)
    plane = np.column_stack([xx.ravel(), yy.ravel()])
    out = {}
    for name in cfg.FEATURES:
        values = playground_features(plane, [name])[:, 0].reshape(
            RESOLUTION, RESOLUTION
        )
        scale = np.abs(values).max() or 1.0
        thumb = thumbnails((values / scale)[None])[0]
        out[name] = base64.b64encode(quantize(thumb).tobytes()).decode()
    return out


def state(
    config, data, net, *, epoch, run_name, snapshots, mode="live", input_names=None
) -> dict:
    kind = output_kind(config, data.classes)
    extra = {} if input_names is None else {"input_names": list(input_names)}
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
        "feature_maps": feature_maps(data.domain),
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


def metrics(net, kind, inputs, y, T, classes) -> dict:
    """Loss, accuracy, confusion matrix or R^2 on one part of the data."""
    if len(y) == 0 or len(inputs) == 0:
        return {"loss": None, "accuracy": None, "confusion": None, "r2": None}
    out = net.predict(inputs)
    result = {  # the data's loss; the L1/L2 penalty is not part of it
        "loss": _finite(net.loss(inputs, T) - net.penalty()),
        "accuracy": None,
        "confusion": None,
        "r2": None,
    }
    if classes:
        pred = predicted_classes(kind, out)
        truth = y.astype(int)
        result["accuracy"] = float(np.mean(pred == truth))
        k = max(classes, 2)
        counts = np.bincount(truth * k + pred, minlength=k * k)
        result["confusion"] = counts.reshape(k, k).tolist()
    else:  # on the targets the network fits (R² is the same in the data's units)
        t = np.asarray(T, dtype=float)[:, 0]
        resid = float(np.sum((out[:, 0] - t) ** 2))
        total = float(np.sum((t - t.mean()) ** 2))
        result["r2"] = _finite(1.0 - resid / total) if total > 0 else None
    return result


def unit_fractions(net, probe) -> tuple[list, list]:
    """Per layer, each unit's fraction of ``probe`` samples where it is active
    (output > 0) and where it is saturated (|a| > SATURATION; sigmoid: |2a - 1|):
    the numbers the recorder stores with each snapshot (``Snapshot.layers[i]
    .units``), computed the same way on the same probe."""
    active, saturated = [], []
    h = probe
    for layer in net.layers:
        h = layer.forward(h, store=False)
        name = layer.activation_name
        if len(h) == 0:
            active.append(None)
            saturated.append(None)
            continue
        active.append(np.mean(h > 0, axis=0))
        if name in SQUASHING:
            value = np.abs(h) if name == "tanh" else np.abs(2 * h - 1)
            saturated.append(np.mean(value > SATURATION, axis=0))
        else:
            saturated.append(None)
    return active, saturated


def unit_flags(names, active, saturated) -> tuple[list, list]:
    """Per layer, the dead and the saturated units (index lists), from the
    per-unit fractions: the rule the recorder's diagnostics apply (dead: a relu
    unit never active; saturated: a tanh/sigmoid unit saturated on more than
    SATURATED_SAMPLES of the samples). The output layer is never flagged."""
    dead, hot = [], []
    last = len(names) - 1
    for i, name in enumerate(names):
        d = s = []
        if i < last and name in CAN_DIE and active[i] is not None:
            d = np.flatnonzero(np.asarray(active[i]) == 0).tolist()
        if i < last and name in SQUASHING and saturated[i] is not None:
            with np.errstate(invalid="ignore"):
                s = np.flatnonzero(np.asarray(saturated[i]) > SATURATED_SAMPLES)
            s = s.tolist()
        dead.append(d)
        hot.append(s)
    return dead, hot


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
    unit_stats=None,
    recorded=None,
) -> bytes:
    """One update of the page: maps, thumbnails, parameters, metrics (binary).

    ``parts`` holds the network inputs and targets of the data:
    ``{"train": (inputs, T), "test": (inputs, T)}``, or None (no metrics).
    ``inputs`` names the Playground feature of each network input (default: the
    config's); None draws the maps over the first two raw inputs. The dead and
    saturated units come from ``unit_stats`` (per layer active and saturated
    fractions, e.g. a snapshot's) or else are computed on ``probe`` (default:
    the training inputs): give the recorder's probe so that the rings and the
    diagnostics agree. ``recorded`` (a row of the run's metrics) gives the
    losses and accuracies when there is no data to compute them on.
    """
    kind = output_kind(config, data.classes)
    d = domain or data.domain
    if isinstance(inputs, str):
        inputs = config["features"]
    columns = neuron_grids(
        net,
        xlim=(-d, d),
        ylim=(-d, d),
        resolution=RESOLUTION,
        inputs=inputs,
    )
    out = columns[-1]  # (n_outputs, R, R)
    arrays = []
    if kind == "softmax_ce":
        arrays.append(("output_class", out.argmax(axis=0).astype(np.uint8)))
        arrays.append(
            (
                "output_confidence",
                np.rint(np.nan_to_num(out.max(axis=0)) * 255).astype(np.uint8),
            )
        )
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
    maps = [c for c in columns[1:-1]] + [shown_value(kind, out)]
    arrays.append(("thumbs", quantize(thumbnails(np.concatenate(maps)))))
    layers = net.layers
    for name, attr_w, attr_b in (
        ("", "weights", "bias"),
        ("grad_", "grad_weights", "grad_bias"),
        ("update_", "update_weights", "update_bias"),
    ):
        arrays.append(
            (
                f"{name}weights",
                np.concatenate([getattr(la, attr_w).ravel() for la in layers]),
            )
        )
        arrays.append(
            (
                f"{name}biases",
                np.concatenate([getattr(la, attr_b).ravel() for la in layers]),
            )
        )
    parts_missing = parts is None or len(parts["train"][0]) == 0
    if parts is None:
        parts = {
            "train": (np.zeros((0, net.n_inputs)), None),
            "test": (np.zeros((0, net.n_inputs)), None),
        }
    train = metrics(
        net, kind, parts["train"][0], data.y_train, parts["train"][1], data.classes
    )
    test = metrics(
        net, kind, parts["test"][0], data.y_test, parts["test"][1], data.classes
    )
    if unit_stats is None:
        unit_stats = unit_fractions(net, parts["train"][0] if probe is None else probe)
    names = [la.activation_name for la in layers]
    dead, saturated = unit_flags(names, *unit_stats)
    if parts_missing and recorded:  # a replay without its data: the run's numbers
        train["loss"] = _finite(recorded.get("loss"))
        train["accuracy"] = _finite(recorded.get("accuracy"))
        test["loss"] = _finite(recorded.get("val_loss"))
        test["accuracy"] = _finite(recorded.get("val_accuracy"))
    grad_norms, ratios = [], []
    for la in layers:
        grad_norms.append(_finite(np.linalg.norm(la.grad_weights)))
        w = np.linalg.norm(la.weights)
        ratios.append(_finite(np.linalg.norm(la.update_weights) / w) if w > 0 else None)
    header = {
        "type": "frame",
        "seq": int(seq),
        "epoch": int(epoch),
        "playing": bool(playing),
        "replay": bool(replay),
        "train_loss": train["loss"],
        "test_loss": test["loss"],
        "train_accuracy": train["accuracy"],
        "test_accuracy": test["accuracy"],
        "confusion": test["confusion"] if len(data.y_test) else train["confusion"],
        "r2": test["r2"] if len(data.y_test) else train["r2"],
        "lr": _finite(lr),
        "grad_norms": grad_norms,
        "update_ratios": ratios,
        "dead": dead,
        "saturated": saturated,
        "dead_fraction": [
            len(d) / la.n_out if la.activation_name in CAN_DIE else None
            for d, la in zip(dead, layers)
        ][:-1],
        "saturated_fraction": [
            len(h) / la.n_out if la.activation_name in SQUASHING else None
            for h, la in zip(saturated, layers)
        ][:-1],
        "events": list(events),
    }
    return encode(header, arrays)


def history(epochs, train_loss, test_loss, train_acc, test_acc) -> dict:
    return {
        "type": "history",
        "epoch": [int(e) for e in epochs],
        "train_loss": _floats(train_loss),
        "test_loss": _floats(test_loss),
        "train_accuracy": _floats(train_acc),
        "test_accuracy": _floats(test_acc),
    }
