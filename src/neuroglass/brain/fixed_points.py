"""A fixed point of a 2-D flow and its kind, shared by the phase planes
(:mod:`~neuroglass.brain.phase_plane` and :mod:`~neuroglass.brain.phase_plane_hh`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Equilibrium", "classify"]


@dataclass(frozen=True)
class Equilibrium:
    """A fixed point (v in mV, u) with its Jacobian eigenvalues and kind."""

    v: float
    u: float
    eigenvalues: tuple
    stability: str  # "stable node", "stable focus", "unstable node", ...

    @property
    def stable(self) -> bool:
        return all(np.real(e) < 0 for e in self.eigenvalues)


def classify(eigenvalues) -> str:
    """Name a fixed point from its two eigenvalues."""
    real = np.real(eigenvalues)
    if real[0] * real[1] < 0:
        return "saddle"
    if np.all(real == 0):
        return "centre"
    kind = "focus" if np.any(np.imag(eigenvalues) != 0) else "node"
    return ("stable " if np.all(real < 0) else "unstable ") + kind
