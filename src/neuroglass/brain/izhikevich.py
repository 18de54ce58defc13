"""Izhikevich's (2003) simple model of spiking neurons, vectorised over neurons.

    dv/dt = 0.04 v² + 5 v + 140 - u + I        (v in mV, t in ms)
    du/dt = a (b v - u)
    if v >= v_peak:  v <- c,  u <- u + d

``I`` (and ``u``) are dimensionless, as in the paper (in effect mV/ms).

Every scheme follows the ordering of Izhikevich's ``net.m``: at the **start** of a
step the neurons with ``v >= v_peak`` are reset (and reported as the step's
spikes), then the state is integrated over ``dt``. So the recorded ``v`` shows the
overshoot at the step where ``v`` crossed ``v_peak`` (clip it at ``v_peak`` for
plots), and the spike is reported at the end of the following step, which for
``dt = 1`` ms is exactly the time ``t`` that ``net.m`` writes in its ``firings``.

Schemes (``Izhikevich.schemes``):

- ``"published"`` (default): ``net.m``'s. Two Euler half-steps of ``v`` of
  ``dt/2`` each (0.5 ms at ``net.m``'s 1 ms), then one Euler step of ``u`` over
  ``dt`` from the *new* ``v``. Bit for bit ``net.m`` at ``dt = 1``; for another
  ``dt`` the two half-steps are ``dt/2`` each and ``u``'s step is ``dt``.
- ``"sequential"``: the pattern script ``izhi2003.m`` (Fig. 2, step 0.25 ms): one
  Euler step of ``v`` over ``dt``, then ``u`` over ``dt`` from the new ``v``.
- ``"euler"``: standard forward Euler of ``(v, u)`` from the old state (NEST's
  default ``consistent_integration``).
- ``"rk4"``: classical Runge-Kutta of ``(v, u)``, ``I`` held over the step.

The same parameters give different rates under different schemes (e.g. FS):
the scheme is stored in :meth:`config` and belongs in every figure title. For
converged behaviour use ``"euler"`` or ``"rk4"`` at ``dt <= 0.01`` ms.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from ..engine.errors import ConfigError
from ..engine.validation import check_choice, did_you_mean, finite_number
from .neuron import Neuron

#: Izhikevich 2003, Fig. 2: (a, b, c, d) of the named firing patterns, as in
#: ModelDB 39948 ``izhi2003.m`` (reference/brain.md §2.2).
PRESETS = {
    "RS": (0.02, 0.2, -65.0, 8.0),  # regular spiking (excitatory)
    "IB": (0.02, 0.2, -55.0, 4.0),  # intrinsically bursting
    "CH": (0.02, 0.2, -50.0, 2.0),  # chattering
    "FS": (0.1, 0.2, -65.0, 2.0),  # fast spiking (inhibitory)
    "TC": (0.02, 0.25, -65.0, 0.05),  # thalamo-cortical
    "RZ": (0.1, 0.26, -65.0, 2.0),  # resonator
    "LTS": (0.02, 0.25, -65.0, 2.0),  # low-threshold spiking
}

#: The protocols of ``izhi2003.m`` (Euler, step 0.25 ms, u from the new v):
#: initial v (mV), duration (ms) and the current as (t_start, t_stop, I) pieces,
#: each applying when ``t_start < t <= t_stop`` at the step's start time t
#: (later pieces override earlier ones; I = 0 elsewhere).
PROTOCOLS = {
    "RS": (-63.0, 150.0, ((15.0, np.inf, 14.0),)),
    "IB": (-70.0, 150.0, ((15.0, np.inf, 11.0),)),
    "CH": (-70.0, 150.0, ((15.0, np.inf, 10.0),)),
    "FS": (-70.0, 150.0, ((15.0, np.inf, 10.0),)),
    "TC": (-63.0, 150.0, ((30.0, np.inf, 1.5),)),
    "TC_rebound": (-87.0, 150.0, ((-np.inf, 45.0, -25.0),)),
    "RZ": (
        -70.0,
        100.0,
        ((-np.inf, 10.0, -2.0), (10.0, np.inf, -0.5), (60.0, 65.0 - 1e-9, 10.0)),
    ),
    "LTS": (-63.0, 250.0, ((25.0, np.inf, 10.0),)),
}

_NAMES = ("a", "b", "c", "d", "v_peak", "v0")


class Izhikevich(Neuron):
    """``n`` Izhikevich neurons; each parameter a number or an array (n,).

    ``a`` (1/ms) the recovery time scale, ``b`` the recovery sensitivity,
    ``c`` (mV) the reset potential, ``d`` the recovery jump at a spike,
    ``v_peak`` (mV) the spike cut-off, ``v0`` (mV) the initial ``v`` (``u``
    starts at ``b * v0``, as in ``net.m``). The current ``I`` is
    dimensionless, as in Izhikevich's papers. ``scheme`` is how a step is
    integrated (``Izhikevich.schemes``); it is stored with every result.

    Examples
    --------
    >>> from neuroglass.brain import simulate
    >>> rs = Izhikevich.preset("RS")                 # regular spiking
    >>> trace = simulate(rs, 10.0, 1000.0)           # I = 10 for 1 s
    >>> rs.scheme, trace.dt, len(trace.spike_times[0])
    ('published', 1.0, 20)
    >>> Izhikevich(a=[0.02, 0.1], d=[8.0, 2.0]).n     # two neurons: RS and FS-like
    2
    """

    name = "izhikevich"
    state_units: ClassVar[dict] = {"v": "mV", "u": "dimensionless"}
    schemes = ("published", "sequential", "euler", "rk4")
    current_unit = "dimensionless"

    def __init__(
        self,
        a=0.02,
        b=0.2,
        c=-65.0,
        d=8.0,
        v_peak=30.0,
        scheme="published",
        v0=-65.0,
    ):
        values = dict(zip(_NAMES, (a, b, c, d, v_peak, v0), strict=True))
        for key, value in values.items():
            setattr(self, key, _parameter(value, key))
        self.scheme = check_choice(scheme, self.schemes, "Izhikevich scheme")
        self.n  # noqa: B018 -- checks the arrays agree in length
        if np.any(np.asarray(self.c) >= np.asarray(self.v_peak)):
            raise ConfigError(
                f"Izhikevich: the reset c={self.c} must lie below v_peak="
                f"{self.v_peak} mV, or a reset neuron would fire again at once. "
                "Typical values: c=-65, v_peak=30."
            )

    # -- presets --------------------------------------------------------------
    @classmethod
    def preset(cls, name: str, scheme="published", **overrides) -> Izhikevich:
        """The named firing pattern of Izhikevich 2003, Fig. 2.

        ``name`` is one of RS, IB, CH, FS, TC, RZ, LTS (see :data:`PRESETS`);
        ``overrides`` replace single parameters (e.g. ``v0=-70``).
        """
        key = _check_name(name, PRESETS, "preset")
        params = dict(zip("abcd", PRESETS[key], strict=True))
        unknown = sorted(set(overrides) - set(_NAMES))
        if unknown:
            raise ConfigError(
                f"Izhikevich.preset({key!r}) got unknown parameters {unknown}; it "
                f"takes {', '.join(_NAMES)} (and scheme)."
                + did_you_mean(unknown[0], _NAMES)
            )
        params.update(overrides)
        return cls(scheme=scheme, **params)

    @staticmethod
    def protocol(name: str) -> dict:
        """The stimulation of ``name`` in ``izhi2003.m``, for :func:`simulate`.

        Returns ``{"neuron", "current", "duration", "dt", "scheme"}``: the preset
        with that script's initial ``v``, its current as a function of the
        step's start time ``t`` (ms), its duration (ms), step (0.25 ms) and
        scheme (``"sequential"``, the script's). ``"TC_rebound"`` is the
        thalamo-cortical cell's burst mode (release from hyperpolarisation).
        """
        key = _check_name(name, PROTOCOLS, "protocol")
        v0, duration, pieces = PROTOCOLS[key]
        neuron = Izhikevich.preset(key.split("_")[0], scheme="sequential", v0=v0)
        return {
            "neuron": neuron,
            "current": _piecewise(pieces),
            "duration": duration,
            "dt": 0.25,
            "scheme": "sequential",
        }

    # -- the Neuron protocol --------------------------------------------------
    @property
    def default_dt(self) -> float:
        """1 ms for ``net.m``'s scheme, 0.25 ms for ``izhi2003.m``'s, else 0.01."""
        return {"published": 1.0, "sequential": 0.25}.get(self.scheme, 0.01)

    def max_dt(self) -> float:
        """1 ms (``net.m``'s step): beyond it the quadratic term makes nonsense."""
        return 1.0

    def parameters(self) -> dict:
        return {key: getattr(self, key) for key in _NAMES}

    def initial_state(self, n: int) -> dict:
        v = np.broadcast_to(np.asarray(self.v0, dtype=float), (n,)).copy()
        return {"v": v, "u": np.asarray(self.b, dtype=float) * v}

    def step(self, state: dict, current: np.ndarray, dt: float) -> np.ndarray:
        fired = self.reset(state)
        self.integrate(state, current, dt)
        return fired

    def reset(self, state: dict) -> np.ndarray:
        """Reset the neurons at or above ``v_peak``; their mask (the spikes)."""
        v, u = state["v"], state["u"]
        fired = v >= self.v_peak
        if fired.any():
            v[fired] = np.broadcast_to(self.c, v.shape)[fired]
            u[fired] += np.broadcast_to(self.d, u.shape)[fired]
        return fired

    def integrate(self, state: dict, current, dt: float) -> None:
        """Advance ``v`` and ``u`` in place by ``dt`` ms (no reset)."""
        v, u, a, b = state["v"], state["u"], self.a, self.b
        if self.scheme == "published":
            v += 0.5 * dt * (0.04 * v**2 + 5 * v + 140 - u + current)
            v += 0.5 * dt * (0.04 * v**2 + 5 * v + 140 - u + current)
            u += dt * a * (b * v - u)
        elif self.scheme == "sequential":
            v += dt * (0.04 * v**2 + 5 * v + 140 - u + current)
            u += dt * a * (b * v - u)
        elif self.scheme == "euler":
            dv, du = self.derivatives(v, u, current)
            v += dt * dv
            u += dt * du
        else:
            k1 = self.derivatives(v, u, current)
            k2 = self.derivatives(v + dt / 2 * k1[0], u + dt / 2 * k1[1], current)
            k3 = self.derivatives(v + dt / 2 * k2[0], u + dt / 2 * k2[1], current)
            k4 = self.derivatives(v + dt * k3[0], u + dt * k3[1], current)
            v += dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
            u += dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])

    def derivatives(self, v, u, current):
        """``(dv/dt, du/dt)`` in mV/ms and 1/ms, without the reset."""
        return (
            0.04 * v**2 + 5 * v + 140 - u + current,
            self.a * (self.b * v - u),
        )


def _parameter(value, what: str):
    """A finite number (float) or a 1-D finite float array."""
    if np.ndim(value) == 0:
        return finite_number(value, f"Izhikevich parameter {what}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        array = None
    if (
        array is None
        or array.ndim != 1
        or array.size == 0
        or not np.isfinite(array).all()
    ):
        raise ConfigError(
            f"Izhikevich parameter {what} must be a finite number or a 1-D array "
            f"of finite numbers (one per neuron); got {value!r}."
        )
    return array


def _check_name(name, table: dict, what: str) -> str:
    if not isinstance(name, str) or name not in table:
        raise ConfigError(
            f"Unknown Izhikevich {what} {name!r}; choose one of {', '.join(table)}."
            + did_you_mean(name, table)
        )
    return name


def _piecewise(pieces):
    """``f(t_ms)`` for (t_start, t_stop, I) pieces: ``t_start < t <= t_stop``."""

    def current(t):
        value = 0.0
        for start, stop, level in pieces:
            if start < t <= stop:
                value = level
        return value

    return current
