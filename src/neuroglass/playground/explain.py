"""The "explain" panel: one neuron's formula with its numbers, and a step-through
of one sample forward and backward (the numbers of ``ng.explain.backward``)."""

from __future__ import annotations

import numpy as np

from ..engine.errors import NeuroglassError
from ..views import explain as worked
from . import messages as msg


class _NoSample(NeuroglassError, IndexError):
    """No such training point; ``zh`` says so in Chinese."""

    def __init__(self, message, zh):
        super().__init__(message)
        self.zh = zh


def _sample(state, sample):
    X, T = state.parts["train"]
    if len(X) == 0:
        raise _NoSample(
            "there is no training data to explain; add some points.",
            "没有可以解释的训练数据；请先添加一些点。",
        )
    if not isinstance(sample, int) or not 0 <= sample < len(X):
        raise _NoSample(
            f"sample must be a training-point index from 0 to {len(X) - 1}; got "
            f"{sample!r}.",
            f"训练点编号必须在 0 到 {len(X) - 1} 之间；收到的是 {sample!r}。",
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


def _f(value):
    """A JSON-safe float: None for inf and NaN."""
    value = float(value)
    return round(value, 8) if np.isfinite(value) else None


def _r(values):
    return [_f(v) for v in np.ravel(values)]


def _refused_unit(net, layer, unit) -> dict | None:
    """The error for a layer or unit the network does not have, else None."""
    if not (isinstance(layer, int) and 1 <= layer <= len(net.layers)):
        return msg.error(
            f"layer must be from 1 to {len(net.layers)}; got {layer!r}.",
            "layer",
            f"层必须在 1 到 {len(net.layers)} 之间；收到的是 {layer!r}。",
        )
    n_out = net.layers[layer - 1].n_out
    if not (isinstance(unit, int) and 0 <= unit < n_out):
        return msg.error(
            f"unit must be from 0 to {n_out - 1} in layer {layer}; got {unit!r}.",
            "unit",
            f"第 {layer} 层的单元必须在 0 到 {n_out - 1} 之间；收到的是 {unit!r}。",
        )
    return None


def explain_unit(state, layer: int, unit: int, sample: int = 0) -> dict:
    net = state.net
    refused = _refused_unit(net, layer, unit)
    if refused is not None:
        return refused
    dense = net.layers[layer - 1]
    try:
        x, t = _sample(state, sample)
    except _NoSample as exc:
        return msg.error(str(exc), "sample", exc.zh)
    with np.errstate(all="ignore"):
        walked = _walk(net, x, t).layers[layer - 1]
    inputs = walked.inputs[0]
    weights = walked.weights[:, unit]
    bias = float(walked.bias[unit])
    z = float(walked.pre_activation[0, unit])
    a = float(walked.activation[0, unit])
    delta = float(walked.delta[0, unit])
    # dL/dw includes the regularisation term, as the engine's gradient does
    penalty = net.l2 * weights + net.l1 * np.sign(weights)
    grads = inputs * delta + penalty
    f = dense.activation_name
    terms = " + ".join(f"({_num(w)})({_num(v)})" for w, v in zip(weights, inputs))
    source = "x" if layer == 1 else f"a{layer - 1}"
    formulas = (
        f"z = Σ w_i·{source}_i + b = {terms} + ({_num(bias)}) = {_num(z)}\n"
        f"a = {f}(z) = {f}({_num(z)}) = {_num(a)}\n"
        f"δ = ∂L/∂z = {_num(delta)}\n"
        f"∂L/∂w_i = {source}_i·δ"
        + ("{penalty}" if net.l1 or net.l2 else "")
        + " = "
        + ", ".join(_num(g) for g in grads)
        + f"\n∂L/∂b = δ = {_num(delta)}"
    )
    text = f"Neuron {unit + 1} of layer {layer}, training point {sample + 1}:\n"
    text_zh = f"第 {layer} 层的第 {unit + 1} 个神经元，训练点 {sample + 1}：\n"
    text += formulas.replace("{penalty}", " + (L1/L2 term)")
    text_zh += formulas.replace("{penalty}", " +（L1/L2 正则项）")
    return {
        "type": "explain",
        "layer": layer,
        "unit": unit,
        "sample": sample,
        "activation": f,
        "inputs": _r(inputs),
        "weights": _r(weights),
        "bias": _f(bias),
        "z": _f(z),
        "a": _f(a),
        "delta": _f(delta),
        "grad_weights": _r(grads),
        "grad_bias": _f(delta),
        "text": text,
        "text_zh": text_zh,
    }


def trace(state, sample: int = 0) -> dict:
    net = state.net
    try:
        x, t = _sample(state, sample)
    except _NoSample as exc:
        return msg.error(str(exc), "sample", exc.zh)
    with np.errstate(all="ignore"):
        walked = _walk(net, x, t)
        loss = float(net.loss(x, t))
        target = t[0]
        if net.loss_fn.name == "cross_entropy":
            target = int(np.argmax(t[0]))
        # ng.explain.backward's worked example, in each language of the page
        text, text_zh = (
            str(
                worked.backward(
                    net, x[0], target, lr=state.config["learning_rate"], lang=lang
                )
            )
            for lang in ("en", "zh")
        )
    layers = [
        {
            "name": layer.name,
            "activation": layer.activation_name,
            "inputs": _r(layer.inputs[0]),
            "z": _r(layer.pre_activation[0]),
            "a": _r(layer.activation[0]),
            "delta": _r(layer.delta[0]),
            "grad_weights": [_r(row) for row in layer.grad_weights],
            "grad_bias": _r(layer.grad_bias),
        }
        for layer in walked.layers
    ]
    return {
        "type": "trace",
        "sample": sample,
        "x": _r(x[0]),
        "point": _r(state.data.X_train[sample]),
        "target": _r(t[0]),
        "layers": layers,
        "loss": _f(loss),
        "text": text,
        "text_zh": text_zh,
    }
