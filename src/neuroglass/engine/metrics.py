"""Metrics computed on predictions."""

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
