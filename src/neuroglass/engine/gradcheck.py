"""Gradient checking: backpropagation against centred finite differences."""

from __future__ import annotations

import numpy as np

from .metrics import evaluate
from .network import Network
from .validation import check_network, check_seed, positive_int, positive_number


def check_gradients(
    net: Network, X, y, *, eps=1e-6, max_params=None, seed=0, floor=None
) -> float:
    """Largest relative error between backprop and finite-difference gradients.

    The check runs on a float64 copy of ``net`` (whatever its dtype), so it
    measures the formulas, not float32 round-off. For every parameter ``p``::

        numeric  = (L(p + eps) - L(p - eps)) / (2 eps)
        rel_err  = |backprop - numeric| / max(|backprop| + |numeric|, floor)

    Parameters
    ----------
    net : Network
    X, y : the batch the loss is measured on.
    eps : float
        Finite-difference step.
    max_params : int, optional
        Check a random subset of this many parameters (seeded); all by default.
    floor : float, optional
        Denominator floor. By default ``1e-4`` times the largest gradient
        component: a component that is ~0 next to the others is then judged on
        the scale of the whole gradient, instead of turning finite-difference
        round-off (about ``1e-16 * L / eps``) into a large relative error. A
        wrong formula still shows up as an error far above ``1e-5``.

    Returns
    -------
    float
        The maximum relative error; below ~1e-6 means the gradients agree.
    """
    check_network(net, "check_gradients's net")
    eps = positive_number(eps, "eps")
    max_params = positive_int(max_params, "max_params", allow_none=True)
    seed = check_seed(seed)
    floor = positive_number(floor, "floor", allow_none=True)
    config = dict(net.config(), dtype="float64")
    probe = Network.from_config(config, net.parameters_vector().astype(np.float64))
    X = probe._check_X(X)
    targets = probe._targets(y, X.shape[0])
    probe._forward(X)
    probe._backward(targets)
    analytic = probe.gradients_vector()

    indices = np.arange(probe.n_params)
    if max_params is not None and max_params < probe.n_params:
        indices = np.random.default_rng(seed).choice(indices, max_params, replace=False)
    if floor is None:
        floor = max(1e-4 * float(np.abs(analytic).max()), 1e-12)
    params = probe._params
    worst = 0.0
    for i in indices:
        original = params[i]
        params[i] = original + eps
        plus = evaluate(probe, X, targets)["loss"]
        params[i] = original - eps
        minus = evaluate(probe, X, targets)["loss"]
        params[i] = original
        numeric = (plus - minus) / (2 * eps)
        err = abs(analytic[i] - numeric) / max(abs(analytic[i]) + abs(numeric), floor)
        worst = max(worst, err)
    return float(worst)
