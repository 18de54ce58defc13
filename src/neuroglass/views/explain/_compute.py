"""The numbers behind the worked examples, taken from the engine itself.

A float64 copy of the network (the caller's is only read, never changed) runs
the engine's own forward pass (``forward``), backward pass (``backward``) and
one step of the engine's SGD optimizer on those gradients: the step that
``fit(..., batch_size=1, optimizer="sgd")`` takes on a batch of this one sample
(tested bit for bit). This module copies out of the layers what the
explanations show. The explanations only
write the arithmetic out (``_slope`` gives an activation's ``f'(z)`` for that,
from the activation's own backward pass).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ...engine.network import Network
from ...engine.optimizers import get_optimizer


class Pass(NamedTuple):
    """One sample's forward pass: ``activations[0]`` is ``x``; per layer, from
    layer 1: ``params[i - 1] == (W, b)``, ``zs[i - 1]``, ``activations[i]``."""

    params: list
    zs: list
    activations: list


class Step(NamedTuple):
    """The forward pass, the backward pass and the SGD step of one sample.

    ``loss`` is the data term and ``penalty`` the l1/l2 term of the loss before
    the step, ``total`` what the engine minimises (``net.last_loss``); per
    layer ``deltas[i - 1]`` (dL/dz), ``grads[i - 1] == (dW, db)`` (with the
    l1/l2 terms) and ``new_params[i - 1]`` (the weights after the step);
    ``loss_after`` is the (regularized) loss with the updated weights.
    """

    forward: Pass
    loss: float
    penalty: float
    total: float
    deltas: list
    grads: list
    new_params: list
    loss_after: float


def _float64_copy(net):
    """The network's architecture and weights in float64, as a new network."""
    config = {**net.config(), "dtype": "float64"}
    return Network.from_config(config, net.parameters_vector())


def _read_forward(copy, x) -> Pass:
    """What the copy's layers keep of their last forward pass (copies)."""
    layers = copy.layers
    return Pass(
        params=[(layer.weights.copy(), layer.bias.copy()) for layer in layers],
        zs=[layer.pre_activation[0].copy() for layer in layers],
        activations=[x] + [layer.activation[0].copy() for layer in layers],
    )


def forward_pass(net, x) -> Pass:
    """The engine's forward pass of the sample ``x`` (float64, 1-D)."""
    copy = _float64_copy(net)
    copy.forward(x[None, :])
    return _read_forward(copy, x)


def _sgd_step(net, lr):
    """The update of ``fit(..., optimizer="sgd")``: the optimizer's own rule
    applied to every layer's weights and bias with the gradients of the last
    ``backward``. (Not a ``Trainer`` step, which would stop at a step that
    makes a weight infinite: an explanation shows that step too.)"""
    optimizer = get_optimizer("sgd", lr)
    for layer in net.layers:
        optimizer.step(layer.weights, layer.grad_weights, layer.update_weights)
        optimizer.step(layer.bias, layer.grad_bias, layer.update_bias)


def training_step(net, x, target, lr) -> Step:
    """The engine's forward and backward pass of ``x`` against ``target`` (the
    prepared float64 target row), and one SGD step of learning rate ``lr``."""
    copy = _float64_copy(net)
    X, Y = x[None, :], target[None, :]
    copy.forward(X)
    copy.backward(Y)
    out = copy.layers[-1]
    forward = _read_forward(copy, x)
    deltas = [layer.delta[0].copy() for layer in copy.layers]
    grads = [
        (layer.grad_weights.copy(), layer.grad_bias.copy()) for layer in copy.layers
    ]
    loss = copy.loss_fn.value(out.pre_activation, out.activation, Y)
    penalty, total = copy.penalty(), copy.last_loss
    # a far too large lr can overflow the weights or the loss after the step to
    # inf or NaN, which the text reports ("the loss went up", "is no longer a
    # number"); no warning for it (nor for the R^2 that ``loss`` computes on the
    # way and that is not shown)
    with np.errstate(over="ignore", invalid="ignore"):
        _sgd_step(copy, lr)
        loss_after = copy.loss(X, Y)
    new_params = [(layer.weights.copy(), layer.bias.copy()) for layer in copy.layers]
    return Step(
        forward=forward,
        loss=loss,
        penalty=penalty,
        total=total,
        deltas=deltas,
        grads=grads,
        new_params=new_params,
        loss_after=loss_after,
    )


def _slope(activation_fn, z, a):
    """f'(z) of an element-wise activation, from its own backward pass."""
    return activation_fn.backward(np.ones((1, z.size)), z[None, :], a[None, :])[0]
