"""The firing rate of a leaky integrate-and-fire neuron driven by white noise:
the Siegert formula (the mean first-passage time of the Ornstein-Uhlenbeck
process to threshold, Siegert 1951; in the form of Brunel 2000, J. Comput.
Neurosci. 8:183, and Brunel & Hakim 1999).

For ``tau_m dV = (mu - V) dt + sigma sqrt(tau_m) dW`` (V in mV, t in ms; the
free membrane potential has mean ``mu`` and standard deviation
``sigma / sqrt(2)``), a spike at ``V_th``, then ``V_reset`` held for ``t_ref``:

    1 / rate = t_ref + tau_m sqrt(pi) * integral from (V_reset - mu) / sigma
               to (V_th - mu) / sigma of exp(u^2) (1 + erf(u)) du

The integrand is ``erfcx(-u)`` (scaled complementary error function), which
stays finite where ``exp(u^2)`` and ``1 + erf(u)`` under- and overflow. As
``sigma -> 0`` it becomes the deterministic rate
``1 / (t_ref + tau_m ln((mu - V_reset) / (mu - V_th)))`` above threshold and 0
below.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy import integrate, special

from ..engine.errors import ConfigError

#: above this upper bound exp(u^2) > 1e300: the rate is 0 to double precision
U_MAX = 26.0


def _passage_integral(low: float, high: float) -> float:
    """``integral_low^high erfcx(-u) du``, split at 0 (where the integrand
    turns from ~1 / (|u| sqrt(pi)) to ~2 exp(u^2))."""
    points = [low, high] if low >= 0 or high <= 0 else [low, 0.0, high]
    total = 0.0
    for a, b in itertools.pairwise(points):
        value, _ = integrate.quad(
            lambda u: special.erfcx(-u), a, b, limit=200, epsabs=0, epsrel=1e-11
        )
        total += value
    return total


def siegert_rate(mu, sigma, tau_m, V_th, V_reset, t_ref=0.0):
    """The stationary firing rate (Hz) of a LIF neuron with white-noise input.

    Parameters
    ----------
    mu : float or array
        Mean free membrane potential (mV): ``E_L + R I``.
    sigma : float or array
        Noise amplitude (mV), >= 0; the free potential's standard deviation is
        ``sigma / sqrt(2)``. 0 gives the deterministic rate.
    tau_m : float or array
        Membrane time constant (ms).
    V_th, V_reset : float or array
        Threshold and reset (mV).
    t_ref : float or array
        Absolute refractory period (ms).

    Returns
    -------
    float or ndarray
        The rate (Hz), of the broadcast shape of the arguments.

    Example
    -------
    >>> round(siegert_rate(-58.0, 5.0, 10.0, -55.0, -70.0, 2.0), 2)
    26.95
    """
    args = np.broadcast_arrays(*(
        _finite(value, name) for name, value in zip(_ARGUMENTS, (
            mu, sigma, tau_m, V_th, V_reset, t_ref), strict=True)))  # fmt: skip
    mu, sigma, tau, theta, reset, t_ref = args
    if np.any(sigma < 0):
        raise ConfigError(f"sigma (mV) must be >= 0; got {sigma.min()!r}.")
    if np.any(tau <= 0) or np.any(theta <= reset) or np.any(t_ref < 0):
        raise ConfigError(
            "siegert_rate needs tau_m > 0 ms, V_th above V_reset and t_ref >= 0 ms."
        )
    rate = np.zeros(mu.shape)
    for i in np.ndindex(mu.shape):
        rate[i] = _rate_one(mu[i], sigma[i], tau[i], theta[i], reset[i], t_ref[i])
    return float(rate) if rate.ndim == 0 else rate


_ARGUMENTS = ("mu (mV)", "sigma (mV)", "tau_m (ms)", "V_th (mV)", "V_reset (mV)",
              "t_ref (ms)")  # fmt: skip


def _finite(value, what: str) -> np.ndarray:
    """``value`` as a float64 array of finite numbers, or a ConfigError naming it."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    if array is None or np.asarray(value).dtype.kind not in "iuf":
        raise ConfigError(f"siegert_rate: {what} must be a number; got {value!r}.")
    if not np.isfinite(array).all():
        raise ConfigError(
            f"siegert_rate: {what} must be finite; got {value!r}. Replace NaN and "
            "infinite values by numbers."
        )
    return array


def _rate_one(mu, sigma, tau, theta, reset, t_ref) -> float:
    if sigma == 0.0:
        if mu <= theta:
            return 0.0
        return 1000.0 / (t_ref + tau * np.log((mu - reset) / (mu - theta)))
    high = (theta - mu) / sigma
    if high > U_MAX:
        return 0.0
    low = (reset - mu) / sigma
    passage = tau * np.sqrt(np.pi) * _passage_integral(low, high)
    return 1000.0 / (t_ref + passage)
