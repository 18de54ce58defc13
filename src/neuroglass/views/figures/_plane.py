"""The input plane a 2-D figure is drawn over: its grid points, its limits,
and the network's output (:func:`decision_grid`) and every neuron's
(:func:`neuron_grids`) over it. The playground draws its heat maps from these
same functions."""

from __future__ import annotations

import numpy as np

from ...datasets import features as _features
from . import _common

#: TensorFlow Playground's domain for its 2-D datasets
PLAYGROUND_DOMAIN = (-6.0, 6.0)


def plane_points(net, xlim, ylim, resolution, features, fixed, inputs=None):
    """Grid points (resolution**2, n_inputs) over two chosen input features.

    With ``inputs`` (Playground feature names such as ``["x1", "x1^2"]``) the
    plane is (x1, x2) and each point is fed to the network as those features.
    """
    if inputs is not None:
        if len(inputs) != net.n_inputs:
            raise ValueError(
                f"inputs names {len(inputs)} features but the network has "
                f"{net.n_inputs} inputs; name one feature per input."
            )
    elif net.n_inputs < 2:
        raise ValueError(
            f"a decision boundary needs at least 2 inputs; this network has "
            f"{net.n_inputs}."
        )
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    xx, yy = np.meshgrid(xs, ys)
    if inputs is not None:
        return xs, ys, _features(np.column_stack([xx.ravel(), yy.ravel()]), inputs)
    i, j = features
    if not (0 <= i < net.n_inputs and 0 <= j < net.n_inputs and i != j):
        raise ValueError(
            f"features must be two different input indices below {net.n_inputs}; "
            f"got {features!r}."
        )
    base = np.zeros(net.n_inputs) if fixed is None else np.asarray(fixed, float)
    if base.shape != (net.n_inputs,):
        raise ValueError(
            f"fixed must give a value for each of the {net.n_inputs} inputs; got "
            f"shape {base.shape}."
        )
    grid = np.tile(base, (xx.size, 1))
    grid[:, i] = xx.ravel()
    grid[:, j] = yy.ravel()
    return xs, ys, grid


def limits(X, features, xlim, ylim):
    if xlim is not None and ylim is not None:
        return xlim, ylim
    if X is None:
        return xlim or PLAYGROUND_DOMAIN, ylim or PLAYGROUND_DOMAIN
    X = np.asarray(X, float)
    pad = 0.05 * (X.max(axis=0) - X.min(axis=0) + 1e-12)
    i, j = features
    return (
        xlim or (X[:, i].min() - pad[i], X[:, i].max() + pad[i]),
        ylim or (X[:, j].min() - pad[j], X[:, j].max() + pad[j]),
    )


def decision_grid(
    source,
    *,
    xlim=PLAYGROUND_DOMAIN,
    ylim=PLAYGROUND_DOMAIN,
    resolution=100,
    features=(0, 1),
    fixed=None,
    epoch=None,
    inputs=None,
):
    """The network's output over a grid of the input plane.

    Returns ``(xs, ys, output)`` with ``output`` of shape
    ``(resolution, resolution, n_outputs)`` (rows follow ``ys``). Inputs other
    than the two ``features`` are held at ``fixed`` (default 0). With ``inputs``
    (Playground feature names, one per network input) the plane is (x1, x2) and
    the network sees those features of each point. The playground draws its heat
    maps from this same function.
    """
    net = _common.network_of(source, epoch)
    xs, ys, grid = plane_points(net, xlim, ylim, resolution, features, fixed, inputs)
    out = net.predict(grid)
    return xs, ys, out.reshape(len(ys), len(xs), -1)


def neuron_grids(
    source,
    *,
    xlim=PLAYGROUND_DOMAIN,
    ylim=PLAYGROUND_DOMAIN,
    resolution=40,
    features=(0, 1),
    fixed=None,
    epoch=None,
    inputs=None,
):
    """Every neuron's output over the input plane: a list per column (inputs
    first) of arrays (n_units, resolution, resolution).

    ``inputs`` as in :func:`decision_grid`: the plane is (x1, x2), fed to the
    network as those Playground features (the playground's thumbnails).
    """
    net = _common.network_of(source, epoch)
    xs, ys, grid = plane_points(net, xlim, ylim, resolution, features, fixed, inputs)
    columns = [grid.T.reshape(net.n_inputs, len(ys), len(xs))]
    for a in _common.forward_all(net, grid):
        columns.append(a.T.reshape(a.shape[1], len(ys), len(xs)))
    return columns
