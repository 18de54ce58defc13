"""The Hodgkin–Huxley squid giant axon, modern convention (rest about -65 mV).

Per unit membrane area: C_m in µF/cm², conductances in mS/cm², potentials in
mV, the input current in µA/cm², time in ms, rates in 1/ms (at 6.3 °C)::

    C_m dV/dt = I - g_Na m³h (V - E_Na) - g_K n⁴ (V - E_K) - g_L (V - E_L)
    dx/dt = alpha_x(V) (1 - x) - beta_x(V) x,      x in {m, h, n}

    alpha_m = 0.1 (V+40) / (1 - exp(-(V+40)/10))    beta_m = 4 exp(-(V+65)/18)
    alpha_h = 0.07 exp(-(V+65)/20)                  beta_h = 1 / (1 + exp(-(V+35)/10))
    alpha_n = 0.01 (V+55) / (1 - exp(-(V+55)/10))   beta_n = 0.125 exp(-(V+65)/80)

alpha_m is 0/0 at V = -40 mV (limit 1/ms) and alpha_n at V = -55 mV (limit
0.1/ms): both are computed as ``x / (1 - exp(-x))`` with a series near x = 0,
exact at the singular voltage and smooth across it. The rate functions are in
:mod:`.hh_kinetics` (re-exported here), the integrators in :mod:`.hh_integrate`.
At another temperature every rate is multiplied by
``phi = q10 ** ((T - 6.3 °C) / 10)``.

A spike is counted as NEST's ``hh_psc_alpha`` does: at the end of a step where
V >= ``v_spike`` (0 mV) and V has started to fall (the step just after the
peak), then no other for ``t_ref`` = 2 ms (pseudo-refractoriness; the dynamics
go on unchanged), so the wiggles of a broad peak are not counted twice. Above
about 63 µA/cm² the membrane no longer repolarises fully and settles into small
oscillations peaking below 0 mV (about -4 mV at 70 µA/cm², -20 mV at 100): they
are not action potentials and are not counted, as in NEST; lower ``v_spike`` to
count them.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from ..engine.errors import ConfigError
from ..engine.validation import as_numeric_array
from .hh_integrate import Kernel
from .hh_kinetics import (
    GATE_ORDER,
    alpha_h,
    alpha_m,
    alpha_n,
    beta_h,
    beta_m,
    beta_n,
    gate_rates,
    h_inf,
    m_inf,
    n_inf,
    tau_h,
    tau_m,
    tau_n,
)
from .neuron import Neuron

__all__ = [
    "REFERENCE_TEMPERATURE_C",
    "HodgkinHuxley",
    "alpha_h",
    "alpha_m",
    "alpha_n",
    "beta_h",
    "beta_m",
    "beta_n",
    "h_inf",
    "m_inf",
    "n_inf",
    "tau_h",
    "tau_m",
    "tau_n",
]

# Largest steps (ms) at the default parameters (see HodgkinHuxley.max_dt).
_DT_LIMIT = {"rk4": 0.05, "euler": 0.025, "exp_euler": 0.1}
_DEFAULT_G_OVER_C = 120.0 + 36.0 + 0.3  # 1/ms at C_m = 1 µF/cm²
#: the temperature (°C) at which the rate functions hold
REFERENCE_TEMPERATURE_C = 6.3
_STATE = ("v", *GATE_ORDER)  # the rows of the stacked state of the integrators


class HodgkinHuxley(Neuron):
    """Hodgkin–Huxley neurons (squid axon, modern convention, rest about -65 mV).

    Each parameter is a number or an array (n,) (one per neuron): ``C_m``
    (µF/cm², > 0), the maximal conductances ``g_Na``, ``g_K``, ``g_L``
    (mS/cm², >= 0), the reversal potentials ``E_Na``, ``E_K``, ``E_L`` (mV),
    ``t_ref`` the 2 ms after a spike in which no other is counted, ``v_spike``
    (mV) the level a peak must reach to count as a spike. The input
    current is in µA/cm². The state (``v`` mV; ``m``, ``h``, ``n``) starts at
    the resting steady state, solved for with I = 0.

    Temperature: the rate functions hold at 6.3 °C; ``temperature_c`` (°C)
    multiplies all six by ``phi = q10 ** ((temperature_c - 6.3) / 10)``
    (``q10`` = 3, the usual factor per 10 °C). The steady states (so the rest)
    do not change; the gates are faster, spikes narrower and the firing
    faster, and :meth:`max_dt` shrinks by ``phi``.

    Schemes: ``"rk4"`` (default, classic 4th-order Runge–Kutta), ``"exp_euler"``
    (each of V, m, h, n follows its exact exponential update with the others
    held over the step, as in Brian2 and neurodynex), ``"euler"`` (forward).
    :meth:`max_dt` gives the largest step each allows. ``compiled=True`` steps
    with a numba-compiled kernel (:mod:`.hh_numba`; numba is optional: ``pip
    install numba``): the same operations, so the same numbers, several times
    faster for a few hundred neurons.

    >>> hh = HodgkinHuxley()
    >>> round(float(hh.resting_potential()[0]), 2)
    -65.0
    >>> warm = HodgkinHuxley(temperature_c=16.3)    # phi = 3
    >>> float(warm.phi), round(warm.max_dt(), 4)
    (3.0, 0.0167)
    """

    name = "hodgkin_huxley"
    state_units: ClassVar[dict] = {"v": "mV", "m": "", "h": "", "n": ""}
    schemes = ("rk4", "exp_euler", "euler")
    default_dt = 0.01
    current_unit = "µA/cm²"

    def __init__(
        self,
        C_m=1.0,
        g_Na=120.0,
        g_K=36.0,
        g_L=0.3,
        E_Na=50.0,
        E_K=-77.0,
        E_L=-54.387,
        scheme="rk4",
        *,
        t_ref=2.0,
        v_spike=0.0,
        temperature_c=REFERENCE_TEMPERATURE_C,
        q10=3.0,
        compiled=False,
    ):
        self.C_m = _parameter(C_m, "C_m (membrane capacitance, µF/cm²)", positive=True)
        self.g_Na = _parameter(g_Na, "g_Na (maximal Na conductance, mS/cm²)", low=0.0)
        self.g_K = _parameter(g_K, "g_K (maximal K conductance, mS/cm²)", low=0.0)
        self.g_L = _parameter(g_L, "g_L (leak conductance, mS/cm²)", low=0.0)
        self.E_Na = _parameter(E_Na, "E_Na (Na reversal potential, mV)")
        self.E_K = _parameter(E_K, "E_K (K reversal potential, mV)")
        self.E_L = _parameter(E_L, "E_L (leak reversal potential, mV)")
        self.t_ref = _parameter(t_ref, "t_ref (spike-count dead time, ms)", low=0.0)
        self.v_spike = _parameter(v_spike, "v_spike (spike detection level, mV)")
        self.temperature_c = _parameter(temperature_c, "temperature_c (°C)")
        self.q10 = _parameter(q10, "q10 (rate factor per 10 °C)", positive=True)
        if compiled:
            from .hh_numba import require

            require()
        self.compiled = bool(compiled)
        self.n  # noqa: B018 -- checks the per-neuron arrays have one length
        if np.any(self.g_Na + self.g_K + self.g_L <= 0):
            raise ConfigError(
                "g_Na + g_K + g_L is 0: the membrane has no conductance and no "
                "resting potential. Give at least one conductance > 0 (the squid "
                "axon has g_Na=120, g_K=36, g_L=0.3 mS/cm²)."
            )
        self.scheme = "rk4"
        self.scheme = self.with_scheme(scheme).scheme

    def parameters(self) -> dict:
        names = ("C_m", "g_Na", "g_K", "g_L", "E_Na", "E_K", "E_L", "t_ref", "v_spike")
        names += ("temperature_c", "q10")
        return {k: getattr(self, k) for k in names}

    # -- equilibrium -------------------------------------------------------------
    def steady_current(self, v) -> np.ndarray:
        """The ionic current (µA/cm²) at ``v`` (mV) with the gates at steady state."""
        v = np.asarray(v, dtype=np.float64)
        return (
            self.g_Na * m_inf(v) ** 3 * h_inf(v) * (v - self.E_Na)
            + self.g_K * n_inf(v) ** 4 * (v - self.E_K)
            + self.g_L * (v - self.E_L)
        )

    def resting_potential(self, current=0.0) -> np.ndarray:
        """The equilibrium potential (mV) under a constant ``current`` (µA/cm²).

        Solved by bisection to float precision (80 halvings) for the voltage
        where the steady ionic current equals ``current``, searched from 200 mV
        below the lowest reversal potential to 200 mV above the highest. The
        squid axon has one equilibrium at every current. Returns an array (n,)
        (one value per neuron, or per current when ``current`` is an array).
        """
        current = np.atleast_1d(as_numeric_array(current, "current (µA/cm²)"))
        if current.ndim != 1 or not np.isfinite(current).all():
            raise ConfigError(
                "current (µA/cm²) must be a finite number or a 1-d array of finite "
                f"numbers; got {current.tolist()!r}."
            )
        current = current.astype(np.float64)
        n = max(self.n, current.size)
        current = np.broadcast_to(current, (n,))
        e = np.stack(np.broadcast_arrays(self.E_Na, self.E_K, self.E_L, np.zeros(n)))
        lo = e.min(axis=0) - 200.0
        hi = e.max(axis=0) + 200.0
        for _ in range(80):
            mid = 0.5 * (lo + hi)
            above = self.steady_current(mid) - current > 0
            hi = np.where(above, mid, hi)
            lo = np.where(above, lo, mid)
        return 0.5 * (lo + hi)

    def initial_state(self, n: int) -> dict:
        v = np.broadcast_to(self.resting_potential(), (n,)).astype(np.float64)
        return {
            "v": v,
            "m": m_inf(v),
            "h": h_inf(v),
            "n": n_inf(v),
            "refractory": np.zeros(n),
        }

    # -- integration -------------------------------------------------------------
    @property
    def phi(self):
        """The factor (number or (n,)) on every gate rate at ``temperature_c``:
        ``q10 ** ((temperature_c - 6.3) / 10)``, 1 at 6.3 °C."""
        return self.q10 ** ((self.temperature_c - REFERENCE_TEMPERATURE_C) / 10.0)

    def gate_rates(self, v) -> dict:
        """The six gate rates (1/ms) at ``v`` (mV) at this model's temperature:
        ``{"alpha_m": ..., "beta_m": ..., ...}``, each ``phi`` times the rate
        function of the same name (one multiplication, so exactly that).

        >>> hot = HodgkinHuxley(temperature_c=16.3)   # q10 = 3: phi = 3
        >>> round(float(hot.gate_rates(-65.0)["beta_n"][0]), 6)
        0.375
        """
        v = np.atleast_1d(np.asarray(v, dtype=np.float64))
        rows = gate_rates(v, self.phi)
        names = [f"{kind}_{g}" for kind in ("alpha", "beta") for g in GATE_ORDER]
        return dict(zip(names, rows))

    def __setattr__(self, name, value):
        super().__setattr__(name, value)
        self.__dict__.pop("_kernels", None)  # the constants are gathered anew

    def _kernel(self, n: int) -> Kernel:
        kernels = self.__dict__.setdefault("_kernels", {})
        if n not in kernels:
            kernels[n] = Kernel(self, n)
        return kernels[n]

    def derivatives(self, v, m, h, n, current):
        """dV/dt (mV/ms) and dm/dt, dh/dt, dn/dt (1/ms) of the equations."""
        arrays = np.broadcast_arrays(v, m, h, n, current)
        shape = arrays[0].shape
        v, m, h, n, current = (np.ravel(a).astype(np.float64) for a in arrays)
        d = self._kernel(v.size).rhs(np.stack([v, m, n, h]), current)
        return tuple(d[i].reshape(shape) for i in (0, 1, 3, 2))

    def step(self, state: dict, current: np.ndarray, dt: float) -> np.ndarray:
        """Advance ``state`` by ``dt`` ms under ``current`` (µA/cm², shape (n,)).

        Returns the neurons that spiked: V >= 0 mV and falling (just past the
        peak), outside the ``t_ref`` ms after their last counted spike.
        """
        if self.compiled:
            from .hh_numba import compiled_step

            return compiled_step(self, state, current, dt)
        y = np.array([state[name] for name in _STATE], dtype=np.float64)
        kernel = self._kernel(y.shape[1])
        new = getattr(kernel, self.scheme)(y, current, dt)
        for name, value in zip(_STATE, new):
            state[name][...] = value
        if "refractory" not in state:
            state["refractory"] = np.zeros_like(y[0])
        left = state["refractory"]
        left -= dt
        # a small tolerance so that t_ref = k dt frees the neuron after k steps
        free = left <= 1e-9 * dt
        spiked = free & (new[0] >= self.v_spike) & (new[0] < y[0])
        left[spiked] = self.t_ref if np.ndim(self.t_ref) == 0 else self.t_ref[spiked]
        np.maximum(left, 0.0, out=left)
        return spiked

    def max_dt(self) -> float:
        """The largest step (ms) this scheme is allowed.

        At the default parameters, scanning constant currents from -15 to
        1000 µA/cm² (60 ms each): ``"rk4"`` first diverges at 0.07 ms (at
        1000 µA/cm²; at 0.1 ms already from 5 µA/cm²), so its bound is 0.05 ms;
        ``"euler"`` first diverges at 0.05 ms, so 0.025 ms. Strong
        hyperpolarisation is stiffer (beta_m grows as exp(-V/18)): at
        -20 µA/cm² (V near -120 mV) RK4 needs dt <= 0.03 ms and Euler 0.02 ms.
        ``"exp_euler"`` never diverges (each update is a convex combination),
        but above 0.1 ms its spikes and rates are far off, so 0.1 ms. The
        bounds shrink in proportion when the membrane is faster than the
        default (a larger (g_Na + g_K + g_L) / C_m), and when the gates are
        faster (``phi`` > 1, above 6.3 °C: divided by the largest ``phi``;
        the step at which RK4 diverges measured 0.031/phi ms at -20 µA/cm² for
        phi = 1, 3 and 9), by the larger of the two factors; they never grow.
        """
        speed = np.max((self.g_Na + self.g_K + self.g_L) / self.C_m)
        factor = min(1.0, _DEFAULT_G_OVER_C / speed, 1.0 / np.max(self.phi))
        return _DT_LIMIT[self.scheme] * float(factor)

    def check_dt(self, dt) -> float:
        """``dt`` as a float, refused when above :meth:`max_dt` (named why)."""
        if self.scheme != "exp_euler":
            return super().check_dt(dt)
        from ..engine.validation import finite_number

        dt = finite_number(dt, "dt (the time step, in ms)", low=0, low_open=True)
        if dt > self.max_dt():
            raise ConfigError(
                f"dt={dt:g} ms is too large for {self.name} with the 'exp_euler' "
                f"scheme: it stays bounded but its spikes and rates are wrong above "
                f"{self.max_dt():g} ms. Use dt <= {self.max_dt():g} (0.01 ms is the "
                "default)."
            )
        return dt


def _parameter(value, what: str, *, low=None, positive=False):
    """A finite number or 1-D array of them, checked against its lower bound."""
    array = as_numeric_array(value, what).astype(np.float64)
    if array.ndim > 1:
        raise ConfigError(
            f"{what} has shape {array.shape}; give a number or one value per neuron "
            "(a 1-D array)."
        )
    bad = ~np.isfinite(array)
    if positive:
        bad |= array <= 0
        expected = "> 0"
    elif low is not None:
        bad |= array < low
        expected = f">= {low:g}"
    else:
        expected = "finite"
    if np.any(bad):
        shown = array[bad].ravel()[0]
        raise ConfigError(
            f"{what} must be {expected} and finite, got {shown!r}"
            + (f" (neuron {int(np.flatnonzero(bad)[0])})" if array.ndim else "")
            + ". Check the sign and the units (mS/cm², µF/cm², mV, ms)."
        )
    return float(array) if array.ndim == 0 else array
