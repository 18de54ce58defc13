"""The leaky integrate-and-fire neuron, integrated exactly.

Below threshold the membrane potential ``V`` (mV) obeys

    tau_m dV/dt = -(V - E_L) + R I(t)

with ``I`` in nA and ``R`` in MΩ (so ``R I`` is in mV). When ``V`` reaches
``V_th`` the neuron spikes, ``V`` is set to ``V_reset`` and held there for the
refractory period ``t_ref``: for ``round(t_ref / dt)`` steps after the spike's
step (NEST's convention), after which it integrates again.

With the input constant over a step, the ``"exact"`` scheme uses the solution
``V(t + dt) = V_inf + (V(t) - V_inf) exp(-dt / tau_m)``, ``V_inf = E_L + R I``,
correct at any ``dt``; ``"euler"`` (forward Euler) is there to show the error
of a naive integrator (global error O(dt / tau_m)).

Defaults: NEST's ``iaf_psc_delta`` (E_L = V_reset = -70 mV, V_th = -55 mV,
tau_m = 10 ms, C_m = 250 pF so R = tau_m / C_m = 40 MΩ, t_ref = 2 ms).

Noise (``sigma`` > 0, in mV): white noise added to the input, as in Brunel
(2000), ``tau_m dV = (E_L - V + R I) dt + sigma sqrt(tau_m) dW``, so that the
free potential fluctuates with standard deviation ``sigma / sqrt(2)``. Over a
step the ``"exact"`` scheme adds the exact Ornstein-Uhlenbeck increment
(standard deviation ``sigma sqrt((1 - exp(-2 dt / tau_m)) / 2)``), ``"euler"``
the Euler-Maruyama one (``sigma sqrt(dt / tau_m)``): both scale with
``sqrt(dt)``, not ``dt``. ``rate_siegert(I)`` is the rate in closed form (the
Siegert formula). A threshold checked once per step misses crossings between
steps, so simulated rates are a little low: to first order as if the threshold
were ``V_th + 0.5826 sigma sqrt(dt / tau_m)`` (the continuity correction for a
barrier watched at discrete times, 0.5826 = -zeta(1/2) / sqrt(2 pi); Siegmund
1979, Broadie, Glasserman & Kou 1997), about 6% of the rate at dt = 0.1 ms.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from ..engine.errors import ConfigError
from ..engine.validation import check_choice, check_seed, describe, finite_number
from .neuron import Neuron

__all__ = ["LIF"]


def _parameter(value, what: str, low=None, low_open=False):
    """A number (float) or a 1-d array of numbers (one per neuron), in range."""
    if np.ndim(value) == 0:
        return finite_number(value, what, low=low, low_open=low_open)
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim != 1 or array.size == 0:
        raise ConfigError(
            f"{what} must be a number or a 1-d array of numbers (one per neuron); "
            f"got {describe(value)}."
        )
    bad = ~np.isfinite(array)
    if low is not None:
        bad |= (array <= low) if low_open else (array < low)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        limit = "" if low is None else f" {'>' if low_open else '>='} {low:g}"
        raise ConfigError(
            f"{what} must be finite{limit} for every neuron; got "
            f"{float(array[i])!r} at neuron {i}."
        )
    array.setflags(write=False)
    return array


class LIF(Neuron):
    """Leaky integrate-and-fire neurons, one row per neuron.

    Parameters
    ----------
    tau_m : float or ndarray (n,)
        Membrane time constant (ms), > 0.
    E_L : float or ndarray (n,)
        Resting (leak reversal) potential (mV).
    V_th : float or ndarray (n,)
        Spike threshold (mV), above ``V_reset``.
    V_reset : float or ndarray (n,)
        Potential after a spike (mV).
    R : float or ndarray (n,)
        Membrane resistance (MΩ), > 0; the input current is in nA.
    t_ref : float or ndarray (n,)
        Absolute refractory period (ms), >= 0.
    scheme : {"exact", "euler"}
        Integration scheme.
    sigma : float or ndarray (n,)
        White-noise amplitude (mV), >= 0 (0: deterministic). The free membrane
        potential's standard deviation is ``sigma / sqrt(2)``.
    seed : None or int
        The noise's seed; each simulation restarts it (same seed, same spikes).

    Example
    -------
    >>> lif = LIF()
    >>> round(lif.rheobase, 6)          # nA: (V_th - E_L) / R
    0.375
    >>> round(float(lif.rate(0.5)), 2)  # Hz, closed form
    63.04
    >>> noisy = LIF(sigma=5.0, seed=0)  # white noise, 5 mV
    >>> round(float(noisy.rate_siegert(0.3)), 2)  # Hz; V_inf = -58 mV < V_th
    26.95
    """

    name = "LIF"
    state_units: ClassVar[dict] = {"v": "mV", "refractory_steps": "steps"}
    schemes = ("exact", "euler")
    default_dt = 0.1
    current_unit = "nA"

    def __init__(
        self,
        tau_m=10.0,
        E_L=-70.0,
        V_th=-55.0,
        V_reset=-70.0,
        R=40.0,
        t_ref=2.0,
        scheme: str = "exact",
        sigma=0.0,
        seed=None,
    ):
        self.tau_m = _parameter(tau_m, "tau_m (ms)", low=0, low_open=True)
        self.E_L = _parameter(E_L, "E_L (mV)")
        self.V_th = _parameter(V_th, "V_th (mV)")
        self.V_reset = _parameter(V_reset, "V_reset (mV)")
        self.R = _parameter(R, "R (MΩ)", low=0, low_open=True)
        self.t_ref = _parameter(t_ref, "t_ref (ms)", low=0)
        self.scheme = check_choice(scheme, self.schemes, "LIF scheme")
        self.sigma = _parameter(sigma, "sigma (mV, the noise)", low=0)
        self.seed = check_seed(seed, "seed", hint="e.g. seed=0 for repeatable noise.")
        self._rng = np.random.default_rng(self.seed)
        self.n  # noqa: B018 - checks that the per-neuron arrays have one length
        gap = np.atleast_1d(np.asarray(self.V_th) - np.asarray(self.V_reset))
        if np.any(gap <= 0):
            i = int(np.flatnonzero(gap <= 0)[0])
            v_th = np.broadcast_to(self.V_th, gap.shape)[i]
            v_reset = np.broadcast_to(self.V_reset, gap.shape)[i]
            raise ConfigError(
                f"V_th must be above V_reset; got V_th={v_th:g} mV and "
                f"V_reset={v_reset:g} mV"
                + (f" for neuron {i}" if self.n > 1 else "")
                + ". Raise V_th or lower V_reset."
            )

    def parameters(self) -> dict:
        values = {
            "tau_m": self.tau_m,
            "E_L": self.E_L,
            "V_th": self.V_th,
            "V_reset": self.V_reset,
            "R": self.R,
            "t_ref": self.t_ref,
        }
        if self.noisy:  # a deterministic LIF keeps its config as before
            values["sigma"] = self.sigma
        return values

    @property
    def noisy(self) -> bool:
        """Whether any neuron has noise (``sigma > 0``)."""
        return bool(np.any(np.asarray(self.sigma) > 0))

    def initial_state(self, n: int) -> dict:
        self._rng = np.random.default_rng(self.seed)  # each run: the same noise
        return {
            "v": np.broadcast_to(self.E_L, (n,)).astype(np.float64),
            "refractory_steps": np.zeros(n),
        }

    def max_dt(self) -> float | None:
        # Euler overshoots V_inf (and oscillates) beyond dt = tau_m
        return float(np.min(self.tau_m)) if self.scheme == "euler" else None

    def _decay(self, dt: float):
        """The factor V - V_inf is multiplied by over one step."""
        if self.scheme == "exact":
            return np.exp(-dt / np.asarray(self.tau_m))
        return 1.0 - dt / np.asarray(self.tau_m)

    def step(self, state: dict, current: np.ndarray, dt: float) -> np.ndarray:
        v, refractory = state["v"], state["refractory_steps"]
        v_inf = self.E_L + self.R * current
        free = refractory <= 0
        decay = self._decay(dt)
        moved = v_inf + (v - v_inf) * decay
        if self.noisy:
            moved = moved + self._noise_std(dt, decay) * self._rng.standard_normal(
                v.shape
            )
        v[...] = np.where(free, moved, self.V_reset)
        refractory[...] = np.where(free, 0.0, refractory - 1.0)
        spiked = free & (v >= self.V_th)
        if spiked.any():
            v[...] = np.where(spiked, self.V_reset, v)
            steps = np.round(np.asarray(self.t_ref) / dt)
            refractory[...] = np.where(spiked, steps, refractory)
        return spiked

    def _noise_std(self, dt: float, decay):
        """The standard deviation (mV) of the noise added to V over one step."""
        if self.scheme == "exact":  # the Ornstein-Uhlenbeck transition, exactly
            return self.sigma * np.sqrt((1.0 - decay**2) / 2.0)
        return self.sigma * np.sqrt(dt / np.asarray(self.tau_m))  # Euler-Maruyama

    # -- closed forms ------------------------------------------------------------
    @property
    def rheobase(self):
        """The smallest constant current (nA) that makes it fire: (V_th - E_L) / R."""
        value = (np.asarray(self.V_th) - self.E_L) / self.R
        return float(value) if np.ndim(value) == 0 else value

    def rate(self, I, dt: float | None = None):  # noqa: E741 - I, as in the equations
        """The steady firing rate (Hz) under a constant current ``I`` (nA).

        Without ``dt``: the continuous closed form, 0 when ``V_inf <= V_th`` and
        else ``1000 / (t_ref + tau_m ln((V_inf - V_reset) / (V_inf - V_th)))``.
        With ``dt`` (ms): the rate of this model simulated on that grid with its
        scheme, where the threshold is seen at the end of a step, so the time to
        threshold is rounded up to whole steps and the refractory period is
        ``round(t_ref / dt)`` steps:
        ``ISI = dt * (round(t_ref / dt) + ceil(ln(x) / ln(decay)))``,
        ``x = (V_inf - V_th) / (V_inf - V_reset)``, with ``decay = exp(-dt / tau_m)``
        (exact) or ``1 - dt / tau_m`` (euler).

        Parameters
        ----------
        I : float or ndarray
            Constant input current(s) (nA); broadcast against per-neuron parameters.
        dt : float, optional
            The simulation step (ms).

        Returns
        -------
        float or ndarray
            The rate (Hz), of the broadcast shape of ``I`` and the parameters.
        """
        current = np.asarray(I, dtype=np.float64)
        if not np.isfinite(current).all():
            raise ConfigError(f"I (nA) must be finite; got {describe(I)}.")
        v_inf = self.E_L + self.R * current
        fires = v_inf > self.V_th
        safe = np.where(fires, v_inf, np.asarray(self.V_th) + 1.0)
        ratio = (safe - self.V_th) / (safe - self.V_reset)
        if dt is None:
            isi = self.t_ref + self.tau_m * -np.log(ratio)
        else:
            dt = self.check_dt(dt)
            steps = np.ceil(np.log(ratio) / np.log(self._decay(dt)))
            isi = dt * (np.round(np.asarray(self.t_ref) / dt) + np.maximum(steps, 1))
        rate = np.where(fires, 1000.0 / isi, 0.0)
        return float(rate) if rate.ndim == 0 else rate

    def rate_siegert(self, I, sigma=None):  # noqa: E741 - I, as in the equations
        """The stationary rate (Hz) under a mean current ``I`` (nA) plus white
        noise of amplitude ``sigma`` (mV; default this neuron's): the Siegert
        formula with ``mu = E_L + R I`` (see :mod:`neuroglass.brain.siegert`).
        With ``sigma = 0`` it is :meth:`rate`'s closed form.

        Parameters
        ----------
        I : float or ndarray
            Mean input current(s) (nA).
        sigma : float or ndarray, optional
            Noise amplitude (mV), >= 0.

        Returns
        -------
        float or ndarray
            The rate (Hz) of the broadcast shape of ``I``, ``sigma`` and the
            parameters.
        """
        from .siegert import siegert_rate

        current = np.asarray(I, dtype=np.float64)
        if not np.isfinite(current).all():
            raise ConfigError(f"I (nA) must be finite; got {describe(I)}.")
        sigma = self.sigma if sigma is None else sigma
        mu = self.E_L + self.R * current
        return siegert_rate(mu, sigma, self.tau_m, self.V_th, self.V_reset, self.t_ref)
