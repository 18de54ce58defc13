"""The "explain" panel: one neuron's formula with its numbers, and a step-through
of one sample forward and backward (the numbers of ``ng.explain.backward``)."""

from __future__ import annotations

import numpy as np

from .. import explain as worked
from . import messages as msg


def _sample(session, sample):
    X, T = session.parts["train"]
    if len(X) == 0:
        raise IndexError("there is no training data to explain; add some points.")
    if not isinstance(sample, int) or not 0 <= sample < len(X):
        raise IndexError(
            f"sample must be a training-point index from 0 to {len(X) - 1}; got "
            f"{sample!r}."
        )
    return X[sample : sample + 1], T[sample : sample + 1]


def _walk(net, x, t):
    """Forward and backward of one sample on a copy: per layer the cached values."""
    copy = net.copy()
    copy.forward(x)
    copy.backward(t)
    return copy


def _num(v) -> str:
    return f"{v:.4g}"


def _r(values):
    return [round(float(v), 6) for v in np.ravel(values)]


def explain_unit(session, layer: int, unit: int, sample: int = 0) -> dict:
    net = session.net
    if not (isinstance(layer, int) and 1 <= layer <= len(net.layers)):
        return msg.error(
            f"layer must be from 1 to {len(net.layers)}; got {layer!r}.", "layer"
        )
    dense = net.layers[layer - 1]
    if not (isinstance(unit, int) and 0 <= unit < dense.n_out):
        return msg.error(
            f"unit must be from 0 to {dense.n_out - 1} in layer {layer}; got {unit!r}.",
            "unit",
        )
    try:
        x, t = _sample(session, sample)
    except IndexError as exc:
        return msg.error(str(exc), "sample")
    with np.errstate(all="ignore"):
        walked = _walk(net, x, t).layers[layer - 1]
    inputs = walked.inputs[0]
    weights = walked.weights[:, unit]
    bias = float(walked.bias[unit])
    z = float(walked.pre_activation[0, unit])
    a = float(walked.activation[0, unit])
    delta = float(walked.delta[0, unit])
    f = dense.activation_name
    terms = " + ".join(f"({_num(w)})({_num(v)})" for w, v in zip(weights, inputs))
    source = "x" if layer == 1 else f"a{layer - 1}"
    text = (
        f"Neuron {unit + 1} of layer {layer}, training point {sample + 1}:\n"
        f"z = Σ w_i·{source}_i + b = {terms} + ({_num(bias)}) = {_num(z)}\n"
        f"a = {f}(z) = {f}({_num(z)}) = {_num(a)}\n"
        f"δ = ∂L/∂z = {_num(delta)}\n"
        f"∂L/∂w_i = {source}_i·δ = "
        + ", ".join(_num(v * delta) for v in inputs)
        + f"\n∂L/∂b = δ = {_num(delta)}"
    )
    return {
        "type": "explain",
        "layer": layer,
        "unit": unit,
        "sample": sample,
        "activation": f,
        "inputs": _r(inputs),
        "weights": _r(weights),
        "bias": round(bias, 6),
        "z": z,
        "a": a,
        "delta": delta,
        "grad_weights": _r(inputs * delta),
        "grad_bias": delta,
        "text": text,
    }


def trace(session, sample: int = 0) -> dict:
    net = session.net
    try:
        x, t = _sample(session, sample)
    except IndexError as exc:
        return msg.error(str(exc), "sample")
    with np.errstate(all="ignore"):
        walked = _walk(net, x, t)
        loss = float(net.loss(x, t))
        target = t[0]
        if net.loss_fn.name == "cross_entropy":
            target = int(np.argmax(t[0]))
        text = str(
            worked.backward(net, x[0], target, lr=session.config["learning_rate"])
        )
    layers = [
        {
            "name": layer.name,
            "activation": layer.activation_name,
            "inputs": _r(layer.inputs[0]),
            "z": _r(layer.pre_activation[0]),
            "a": _r(layer.activation[0]),
            "delta": _r(layer.delta[0]),
            "grad_weights": np.round(layer.grad_weights, 6).tolist(),
            "grad_bias": _r(layer.grad_bias),
        }
        for layer in walked.layers
    ]
    return {
        "type": "trace",
        "sample": sample,
        "x": _r(x[0]),
        "point": _r(session.data.X_train[sample]),
        "target": _r(t[0]),
        "layers": layers,
        "loss": loss,
        "text": text,
    }
