"""The (V, n) phase plane of the Hodgkin-Huxley model reduced to two dimensions.

Rinzel's reduction (J. Rinzel 1985, "Excitation dynamics: insights from
simplified membrane models", Fed. Proc. 44:2944-2946): the Na activation is
fast, so ``m`` is replaced by ``m_inf(V)``; ``h`` and ``n`` move nearly in step
along a spike, so ``h`` is replaced by a line in ``n``. The line used here by
default is ``h = 0.89 - 1.1 n``, the fit of Izhikevich (2007), *Dynamical
Systems in Neuroscience*, MIT Press, ch. 5 (the rest state h_inf(-65) = 0.596,
n_inf(-65) = 0.318 gives 0.540 on it); ``h_line=(1.0, 1.0)`` gives Rinzel's
``h = 1 - n``. ``h`` is clipped to [0, 1] (it is a gate). The system is

    C_m dV/dt = I - g_Na m_inf(V)³ h(n) (V - E_Na) - g_K n⁴ (V - E_K) - g_L (V - E_L)
    dn/dt     = alpha_n(V) (1 - n) - beta_n(V) n

V in mV, n dimensionless, t in ms, I in µA/cm². The equilibria lie on the
n-nullcline ``n = n_inf(V)``; they are found by a scan of V on a 0.01 mV grid
and bisection, and classified by the eigenvalues of a central-difference
Jacobian of the reduced system. The reduction moves the rest state slightly:
the full model's rest is not exactly an equilibrium here.

Where rest is lost. The current does not enter the Jacobian, so along the curve
of equilibria, parametrised by V (with ``I_eq(V)`` the current that makes V an
equilibrium), the bifurcations are where ``det J = 0`` (a saddle-node: a fold
of ``I_eq``, two equilibria meet) and where ``trace J = 0`` with ``det J > 0``
(a Hopf bifurcation). Both are scanned for on the same grid and bisected to
float precision. Following the rest branch up from hyperpolarised V, rest is
lost at whichever comes first: ``I_H``/``v_H`` and ``I_SN``/``v_SN`` are the first
of each (None when there is none). With Izhikevich's line the reduced rest
loses stability by a Hopf bifurcation at I_H = 6.37 µA/cm² (V = -61.0 mV;
the full model's is 9.78) and there is no saddle-node; with Rinzel's
``h = 1 - n`` a Hopf point at about 3.1 µA/cm² comes first, then the fold at
I_SN = 14.6 µA/cm² (V = -54.0 mV) where the (by then unstable) lower
equilibrium meets the middle one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..engine.errors import ConfigError
from ..engine.validation import finite_number
from .fixed_points import Equilibrium, classify
from .hodgkin_huxley import HodgkinHuxley, alpha_n, beta_n, m_inf, n_inf

__all__ = ["HHPhasePlane", "hh_phase_plane"]

#: Izhikevich (2007) ch. 5's fit h = 0.89 - 1.1 n, as (intercept, slope).
IZHIKEVICH_H_LINE = (0.89, 1.1)
_SCAN = (-120.0, 80.0, 0.01)  # V from, to, step (mV) for the equilibrium scan
_BIFURCATION_STEP = 0.05  # mV, the grid of the trace and determinant scan


def _vtrap(x: float) -> float:
    """``x / (1 - exp(-x))`` for one float, 1 at x = 0 (as hh_kinetics's)."""
    if abs(x) < 1e-4:
        return 1.0 + x / 2.0 + x * x / 12.0
    return x / -math.expm1(-x)


@dataclass(frozen=True)
class HHPhasePlane:
    """The reduced (V, n) phase plane of one Hodgkin-Huxley neuron at ``I``.

    ``params`` the neuron's parameters (numbers), ``I`` (µA/cm²), ``h_line``
    ``(h0, k)`` with ``h = h0 - k n``, ``equilibria`` (lower V first;
    :class:`~neuroglass.brain.phase_plane.Equilibrium` with ``u`` the value of
    ``n``), the currents where rest is lost (``I_H``/``v_H`` the first Hopf
    point along the rest branch, ``I_SN``/``v_SN`` the first saddle-node, in
    µA/cm² and mV, None when there is none; ``hopf`` and ``saddle_nodes``
    every one found, as ``(I, v)`` pairs, lower V first), and the nullclines,
    flow and :meth:`trajectory` as functions for plotting.
    """

    params: dict
    I: float  # noqa: E741 -- the input current, µA/cm²
    h_line: tuple
    equilibria: tuple
    hopf: tuple = ()
    saddle_nodes: tuple = ()

    @property
    def I_H(self):
        """The current (µA/cm²) of the first Hopf point along the rest branch."""
        return self.hopf[0][0] if self.hopf else None

    @property
    def v_H(self):
        """Its membrane potential (mV)."""
        return self.hopf[0][1] if self.hopf else None

    @property
    def I_SN(self):
        """The current (µA/cm²) of the first saddle-node along the rest branch."""
        return self.saddle_nodes[0][0] if self.saddle_nodes else None

    @property
    def v_SN(self):
        """Its membrane potential (mV)."""
        return self.saddle_nodes[0][1] if self.saddle_nodes else None

    def equilibrium_current(self, v):
        """``I_eq(v)`` (µA/cm²): the current that makes ``v`` (mV) an equilibrium."""
        v = np.asarray(v, dtype=float)
        return self.I - self.params["C_m"] * self.vector_field(v, n_inf(v))[0]

    def trajectory(self, v0, n0, duration=100.0, dt=0.01):
        """The reduced system's path from ``(v0 mV, n0)`` over ``duration`` ms
        (RK4, step ``dt`` ms): ``(t, v, n)``, arrays of ``round(duration/dt)+1``.

        Stepped in Python floats (:meth:`_field`, the same equations as
        :meth:`vector_field` in ``math``): 4 calls a step on one point cost
        far less so than NumPy's per-call overhead.
        """
        steps = round(duration / dt)
        out = np.empty((steps + 1, 2))
        v, n = out[0] = (float(v0), float(n0))
        f, half = self._field, 0.5 * dt
        for k in range(steps):
            a1, b1 = f(v, n)
            a2, b2 = f(v + half * a1, n + half * b1)
            a3, b3 = f(v + half * a2, n + half * b2)
            a4, b4 = f(v + dt * a3, n + dt * b3)
            v += dt / 6.0 * (a1 + 2 * a2 + 2 * a3 + a4)
            n += dt / 6.0 * (b1 + 2 * b2 + 2 * b3 + b4)
            out[k + 1] = v, n
        return np.arange(steps + 1) * dt, out[:, 0], out[:, 1]

    def _field(self, v: float, n: float) -> tuple:
        """:meth:`vector_field` at one point, in Python floats."""
        p, (h0, k) = self.params, self.h_line
        am, bm = _vtrap((v + 40.0) / 10.0), 4.0 * math.exp(-(v + 65.0) / 18.0)
        an = 0.1 * _vtrap((v + 55.0) / 10.0)
        bn = 0.125 * math.exp(-(v + 65.0) / 80.0)
        m = am / (am + bm)
        h = min(max(h0 - k * n, 0.0), 1.0)
        i_ion = (
            p["g_Na"] * m**3 * h * (v - p["E_Na"])
            + p["g_K"] * n**4 * (v - p["E_K"])
            + p["g_L"] * (v - p["E_L"])
        )
        return (self.I - i_ion) / p["C_m"], an * (1.0 - n) - bn * n

    def h(self, n):
        """The reduced inactivation ``h(n) = h0 - k n``, clipped to [0, 1]."""
        h0, k = self.h_line
        return np.clip(h0 - k * np.asarray(n, dtype=float), 0.0, 1.0)

    def vector_field(self, v, n):
        """``(dV/dt in mV/ms, dn/dt in 1/ms)`` at the points ``(v, n)``."""
        v, n = np.asarray(v, dtype=float), np.asarray(n, dtype=float)
        p = self.params
        i_ion = (
            p["g_Na"] * m_inf(v) ** 3 * self.h(n) * (v - p["E_Na"])
            + p["g_K"] * n**4 * (v - p["E_K"])
            + p["g_L"] * (v - p["E_L"])
        )
        return (self.I - i_ion) / p["C_m"], alpha_n(v) * (1.0 - n) - beta_n(v) * n

    def n_nullcline(self, v):
        """``n`` on the n-nullcline (dn/dt = 0) at ``v`` (mV): ``n_inf(v)``."""
        return n_inf(np.asarray(v, dtype=float))

    def v_nullcline(self, v):
        """``n`` in [0, 1] on the V-nullcline (dV/dt = 0) at ``v`` (mV).

        Bisection on n (60 halvings) where dV/dt changes sign between n = 0
        and n = 1; NaN where it does not (no single crossing in [0, 1]). For
        E_K < v < E_Na, dV/dt decreases in n, so the crossing is unique.
        """
        v = np.asarray(v, dtype=float)
        lo, hi = np.zeros_like(v), np.ones_like(v)
        f_lo = self.vector_field(v, lo)[0]
        found = np.sign(f_lo) * np.sign(self.vector_field(v, hi)[0]) < 0
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            same = np.sign(self.vector_field(v, mid)[0]) == np.sign(f_lo)
            lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
        return np.where(found, 0.5 * (lo + hi), np.nan)

    def jacobian(self, v, n, dv=1e-5, dn=1e-7) -> np.ndarray:
        """The reduced system's Jacobian at ``(v, n)`` by central differences:
        (2, 2) at one point, (2, 2, ...) at arrays of points."""
        fv = np.subtract(self.vector_field(v + dv, n), self.vector_field(v - dv, n))
        fn = np.subtract(self.vector_field(v, n + dn), self.vector_field(v, n - dn))
        return np.stack([fv / (2 * dv), fn / (2 * dn)], axis=1)

    def grid(self, v_range=(-80.0, 40.0), n_range=(0.0, 0.8), n=21):
        """A ``(V, N, dV, dN)`` mesh of ``n x n`` points for a quiver plot."""
        V, N = np.meshgrid(np.linspace(*v_range, n), np.linspace(*n_range, n))
        dV, dN = self.vector_field(V, N)
        return V, N, dV, dN


def _roots(f, v, values=None):
    """The roots of ``f`` on the grid ``v`` (sign changes of ``values = f(v)``),
    bisected 60 times."""
    values = f(v) if values is None else values
    starts = np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)
    lo, hi = v[starts], v[starts + 1]
    f_lo = f(lo)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        same = np.sign(f(mid)) == np.sign(f_lo)
        lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
    return 0.5 * (lo + hi)


def _grid():
    return np.arange(_SCAN[0], _SCAN[1] + _SCAN[2] / 2, _SCAN[2])


def _bifurcations(plane: HHPhasePlane) -> tuple:
    """``(hopf, saddle_nodes)``: ``(I, v)`` pairs where trace J = 0 with
    det J > 0, and where det J = 0, along the curve of equilibria. They do not
    depend on the current: cached by the parameters and the h line."""
    key = (tuple(plane.params.items()), plane.h_line)
    return _bifurcations_of(key)


@lru_cache(maxsize=64)
def _bifurcations_of(key) -> tuple:
    params, h_line = key
    plane = HHPhasePlane(dict(params), 0.0, h_line, ())

    def trace_det(v):
        j = plane.jacobian(v, n_inf(v))
        return j[0, 0] + j[1, 1], j[0, 0] * j[1, 1] - j[0, 1] * j[1, 0]

    v = np.arange(_SCAN[0], _SCAN[1] + _BIFURCATION_STEP / 2, _BIFURCATION_STEP)
    trace, det = trace_det(v)
    hopf = _roots(lambda x: trace_det(x)[0], v, trace)
    hopf = hopf[trace_det(hopf)[1] > 0]
    folds = _roots(lambda x: trace_det(x)[1], v, det)
    return tuple(
        tuple((float(plane.equilibrium_current(x)), float(x)) for x in roots)
        for roots in (hopf, folds)
    )


def _equilibria(plane: HHPhasePlane) -> tuple:
    def on_n_nullcline(v):
        return plane.vector_field(v, n_inf(v))[0]

    result = []
    for root in _roots(on_n_nullcline, _grid()):
        eig = np.linalg.eigvals(plane.jacobian(root, n_inf(root)))
        eig = tuple(sorted(eig.tolist(), key=lambda e: (np.real(e), np.imag(e))))
        result.append(Equilibrium(float(root), float(n_inf(root)), eig, classify(eig)))
    return tuple(result)


def hh_phase_plane(neuron: HodgkinHuxley, I, h_line=IZHIKEVICH_H_LINE) -> HHPhasePlane:  # noqa: E741
    """The reduced (V, n) phase plane of one Hodgkin-Huxley neuron at the
    constant current ``I`` (µA/cm²); ``h_line=(h0, k)`` sets ``h = h0 - k n``
    (default Izhikevich's 0.89 - 1.1 n; ``(1.0, 1.0)`` for Rinzel's 1 - n).

    >>> p = hh_phase_plane(HodgkinHuxley(), 0.0)
    >>> round(p.equilibria[0].v, 1), p.equilibria[0].stability
    (-65.1, 'stable focus')
    """
    if not isinstance(neuron, HodgkinHuxley):
        raise ConfigError(
            f"hh_phase_plane needs a HodgkinHuxley neuron, such as "
            f"HodgkinHuxley(); got {neuron!r}. For an Izhikevich neuron or a "
            "preset name use phase_plane."
        )
    if neuron.n != 1:
        raise ConfigError(
            f"phase_plane takes one neuron; got a HodgkinHuxley of {neuron.n} "
            "neurons (per-neuron arrays). Pass HodgkinHuxley() with numbers."
        )
    current = finite_number(I, "I (the input current, µA/cm²)")
    if not isinstance(h_line, (tuple, list)) or len(h_line) != 2:
        raise ConfigError(
            f"h_line must be (h0, k) for h = h0 - k n, e.g. (0.89, 1.1); "
            f"got {h_line!r}."
        )
    h_line = (
        finite_number(h_line[0], "h_line[0]"),
        finite_number(h_line[1], "h_line[1]"),
    )
    names = ("C_m", "g_Na", "g_K", "g_L", "E_Na", "E_K", "E_L")
    params = {k: float(np.asarray(getattr(neuron, k)).reshape(-1)[0]) for k in names}
    plane = HHPhasePlane(params, current, h_line, ())
    hopf, folds = _bifurcations(plane)
    return HHPhasePlane(params, current, h_line, _equilibria(plane), hopf, folds)
