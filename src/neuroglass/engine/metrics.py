"""Metrics computed on predictions, and a network's loss and score on a data set."""

from __future__ import annotations

import numpy as np


def r2_score(targets, outputs) -> float:
    """Coefficient of determination, averaged uniformly over outputs."""
    targets = np.asarray(targets, np.float64)
    outputs = np.asarray(outputs, np.float64)
    ss_res = ((targets - outputs) ** 2).sum(axis=0)
    ss_tot = ((targets - targets.mean(axis=0)) ** 2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(ss_tot > 0, 1 - ss_res / np.where(ss_tot > 0, ss_tot, 1), 0.0)
    return float(scores.mean())


def evaluate(net, X, targets, chunk=8192) -> dict:
    """``{"loss", "accuracy"}`` (classifiers) or ``{"loss", "r2"}`` of ``net`` on
    ``X`` and prepared ``targets``, ``chunk`` rows at a time, without touching
    the layers' stored forward values (``Network.evaluate`` checks the data)."""
    n = X.shape[0]
    total_loss = 0.0
    correct = 0
    outputs = []
    for i in range(0, n, chunk):
        xb, tb = X[i : i + chunk], targets[i : i + chunk]
        # one pass, keeping the output layer's z for the fused losses
        h = xb
        for layer in net.layers[:-1]:
            h = layer.forward(h, store=False)
        last = net.layers[-1]
        z = h @ last.weights + last.bias
        a = last.activation_fn.forward(z)
        total_loss += net.loss_fn.value(z, a, tb) * xb.shape[0]
        if net.is_classifier:
            correct += _correct(net, a, tb)
        else:
            outputs.append(a)
    result = {"loss": total_loss / n + net.penalty()}
    if net.is_classifier:
        per_sample = 1 if net.loss_fn.name == "cross_entropy" else net.n_outputs
        result["accuracy"] = correct / (n * per_sample)
    else:
        result["r2"] = r2_score(targets, np.concatenate(outputs))
    return result


def _correct(net, a, targets) -> int:
    if net.loss_fn.name == "cross_entropy":
        return int(np.count_nonzero(a.argmax(axis=1) == targets.argmax(axis=1)))
    return int(np.count_nonzero((a > 0.5) == (targets > 0.5)))
