"""The computation behind the worked examples, in float64 on copies of the
weights (the network is only read): the parameters, a forward pass that keeps
every ``z`` and ``a``, the loss with its l1/l2 penalty, and an activation's slope
``f'(z)`` taken from its own backward pass.
"""

from __future__ import annotations

import numpy as np


def _parameters(net):
    return [
        (np.array(layer.weights, dtype=np.float64), np.array(layer.bias, np.float64))
        for layer in net.layers
    ]


def _run_forward(net, params, x):
    """``(zs, activations)``; ``activations[0]`` is ``x``."""
    activations, zs = [x], []
    for layer, (W, b) in zip(net.layers, params):
        z = activations[-1] @ W + b
        zs.append(z)
        activations.append(layer.activation_fn.forward(z[None, :])[0])
    return zs, activations


def _penalty(net, params):
    l1, l2 = float(getattr(net, "l1", 0.0)), float(getattr(net, "l2", 0.0))
    total = 0.0
    for W, _ in params:
        total += l1 * float(np.abs(W).sum()) + 0.5 * l2 * float(np.vdot(W, W))
    return total


def _loss(net, params, z, a, target):
    data = net.loss_fn.value(z[None, :], a[None, :], target[None, :])
    return float(data), _penalty(net, params)


def _slope(activation_fn, z, a):
    """f'(z) of an element-wise activation, from its own backward pass."""
    return activation_fn.backward(np.ones((1, z.size)), z[None, :], a[None, :])[0]
