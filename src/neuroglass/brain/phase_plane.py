"""The (v, u) phase plane of the Izhikevich model, in closed form.

reference/brain.md §2.5: the v-nullcline is the parabola
``u = 0.04 v² + 5 v + 140 + I``, the u-nullcline the line ``u = b v``. Equilibria
solve ``0.04 v² + (5 - b) v + 140 + I = 0``; they meet and vanish (saddle-node) at
``I_SN = (5 - b)² / 0.16 - 140``, ``v_SN = -(5 - b) / 0.08``. The Jacobian is
``[[0.08 v + 5, -1], [a b, -a]]``; its trace vanishes at ``v_H = (a - 5) / 0.08``,
a Hopf bifurcation of the rest state when ``v_H < v_SN`` (on the lower branch)
and ``b > a`` (determinant > 0 there), at ``I_H = b v_H - (0.04 v_H² + 5 v_H + 140)``.
The reset (c, d) does not enter: this is the subthreshold flow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.errors import ConfigError
from ..engine.validation import finite_number
from .fixed_points import Equilibrium, classify
from .izhikevich import Izhikevich

__all__ = ["Equilibrium", "PhasePlane", "classify", "jacobian", "phase_plane"]


@dataclass(frozen=True)
class PhasePlane:
    """The phase plane of one Izhikevich neuron (``a``, ``b``) at current ``I``.

    ``equilibria`` (0, 1 or 2; lower v first), ``I_SN``/``v_SN`` where rest is
    lost by a saddle-node, ``I_H``/``v_H`` by a Hopf bifurcation (None when
    there is none), and the nullclines and flow as functions for plotting.
    """

    a: float
    b: float
    I: float  # noqa: E741 -- Izhikevich's name for the input
    equilibria: tuple
    I_SN: float
    v_SN: float
    I_H: float | None
    v_H: float | None

    def v_nullcline(self, v):
        """``u`` on the v-nullcline (dv/dt = 0) at ``v`` (mV)."""
        v = np.asarray(v, dtype=float)
        return 0.04 * v**2 + 5 * v + 140 + self.I

    def u_nullcline(self, v):
        """``u`` on the u-nullcline (du/dt = 0) at ``v`` (mV)."""
        return self.b * np.asarray(v, dtype=float)

    def vector_field(self, v, u):
        """``(dv/dt, du/dt)`` at the points ``(v, u)`` (broadcast arrays)."""
        v, u = np.asarray(v, dtype=float), np.asarray(u, dtype=float)
        return 0.04 * v**2 + 5 * v + 140 - u + self.I, self.a * (self.b * v - u)

    def grid(self, v_range=(-80.0, 30.0), u_range=None, n=21):
        """A ``(V, U, dV, dU)`` mesh of ``n x n`` points for a quiver plot."""
        if u_range is None:
            u_range = (self.b * v_range[0] - 10, self.b * v_range[1] + 10)
        V, U = np.meshgrid(np.linspace(*v_range, n), np.linspace(*u_range, n))
        dV, dU = self.vector_field(V, U)
        return V, U, dV, dU


def jacobian(a: float, b: float, v: float) -> np.ndarray:
    """The Jacobian of the Izhikevich flow at membrane potential ``v`` (mV)."""
    return np.array([[0.08 * v + 5, -1.0], [a * b, -a]])


def phase_plane(neuron_or_params, I, **options):  # noqa: E741
    """The phase plane of one Izhikevich neuron at the constant current ``I``.

    ``neuron_or_params``: an :class:`Izhikevich` of one neuron, a preset name
    ("RS", ...), or ``(a, b)`` / a dict with ``a`` and ``b``. A
    :class:`~neuroglass.brain.HodgkinHuxley` neuron gives its (V, n) plane
    reduced to two dimensions (``I`` in µA/cm²; ``options``: ``h_line``), a
    :class:`~neuroglass.brain.phase_plane_hh.HHPhasePlane`: see
    :func:`~neuroglass.brain.phase_plane_hh.hh_phase_plane`.

    Returns a :class:`PhasePlane`: the nullclines and vector field as methods,
    the equilibria (mV, with their stability), and the currents where rest is
    lost, ``I_SN`` (saddle-node) and ``I_H`` (Hopf), dimensionless like ``I``.

    Example
    -------
    >>> plane = phase_plane("RS", 0.0)
    >>> [(round(e.v, 1), e.stability) for e in plane.equilibria]   # v in mV
    [(-70.0, 'stable node'), (-50.0, 'saddle')]
    >>> plane.I_SN, round(plane.I_H, 4)
    (4.0, 3.7975)
    """
    from .hodgkin_huxley import HodgkinHuxley

    if isinstance(neuron_or_params, HodgkinHuxley):
        from .phase_plane_hh import hh_phase_plane

        return hh_phase_plane(neuron_or_params, I, **options)
    if options:
        raise ConfigError(
            f"phase_plane of an Izhikevich neuron takes no options; got "
            f"{sorted(options)} (h_line is for a HodgkinHuxley neuron)."
        )
    a, b = _params(neuron_or_params)
    current = finite_number(I, "I (the input current, dimensionless)")
    p = 5 - b
    v_sn = -p / 0.08
    i_sn = p**2 / 0.16 - 140
    equilibria = []
    disc = p**2 - 0.16 * (140 + current)
    if disc >= 0:
        roots = sorted({(-p - np.sqrt(disc)) / 0.08, (-p + np.sqrt(disc)) / 0.08})
        for v in roots:
            eig = np.linalg.eigvals(jacobian(a, b, v))
            eig = tuple(sorted(eig.tolist(), key=lambda e: (np.real(e), np.imag(e))))
            equilibria.append(Equilibrium(float(v), float(b * v), eig, classify(eig)))
    v_h = (a - 5) / 0.08
    hopf = v_h < v_sn and b > a
    i_h = b * v_h - (0.04 * v_h**2 + 5 * v_h + 140) if hopf else None
    return PhasePlane(
        a, b, current, tuple(equilibria), i_sn, v_sn, i_h, v_h if hopf else None
    )


def _params(source) -> tuple:
    if isinstance(source, str):
        source = Izhikevich.preset(source)
    if isinstance(source, Izhikevich):
        if source.n != 1 or np.ndim(source.a) or np.ndim(source.b):
            raise ConfigError(
                f"phase_plane takes one neuron; got an Izhikevich of {source.n} "
                "neurons (per-neuron arrays). Pass Izhikevich(a=..., b=...) with "
                "numbers, or (a, b)."
            )
        return source.a, source.b
    if isinstance(source, dict):
        source = (source.get("a"), source.get("b"))
    if not isinstance(source, (tuple, list)) or len(source) != 2:
        raise ConfigError(
            "phase_plane needs an Izhikevich neuron, a preset name, (a, b) or "
            f"{{'a': ..., 'b': ...}}; got {source!r}."
        )
    return (
        finite_number(source[0], "Izhikevich parameter a"),
        finite_number(source[1], "Izhikevich parameter b"),
    )
