"""The Hodgkin–Huxley gate kinetics: the six rate functions (1/ms at 6.3 °C,
V in mV), the steady states and time constants, and :func:`gate_rates`, all six
rates of many neurons in one pass (what the integrators call, four times a RK4
step)::

    alpha_m = 0.1 (V+40) / (1 - exp(-(V+40)/10))    beta_m = 4 exp(-(V+65)/18)
    alpha_h = 0.07 exp(-(V+65)/20)                  beta_h = 1 / (1 + exp(-(V+35)/10))
    alpha_n = 0.01 (V+55) / (1 - exp(-(V+55)/10))   beta_n = 0.125 exp(-(V+65)/80)

alpha_m is 0/0 at V = -40 mV (limit 1/ms) and alpha_n at V = -55 mV (limit
0.1/ms): both are ``x / (1 - exp(-x))``, exact (1) at x = 0 and smooth near it.

Every function takes ``v`` in mV (a number or an array) and returns an array
of the same shape; a NaN voltage gives a NaN rate, text is refused. One example
for all twelve, at rest (-65 mV):

>>> round(float(alpha_m(-40.0)), 12), round(float(beta_n(-65.0)), 3)
(1.0, 0.125)
>>> rates = (alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n)
>>> [round(float(f(-65.0)), 4) for f in rates]         # 1/ms
[0.2236, 4.0, 0.07, 0.0474, 0.0582, 0.125]
>>> [round(float(f(-65.0)), 4) for f in (m_inf, h_inf, n_inf)]   # 0 to 1
[0.0529, 0.5961, 0.3177]
>>> [round(float(f(-65.0)), 3) for f in (tau_m, tau_h, tau_n)]   # ms
[0.237, 8.516, 5.459]
"""

from __future__ import annotations

import numpy as np

from ..engine.errors import ConfigError

__all__ = [
    "GATE_ORDER",
    "alpha_h",
    "alpha_m",
    "alpha_n",
    "beta_h",
    "beta_m",
    "beta_n",
    "gate_rates",
    "h_inf",
    "m_inf",
    "n_inf",
    "tau_h",
    "tau_m",
    "tau_n",
]


def _volts(v) -> np.ndarray:
    """``v`` (mV) as a float64 array; text, None or objects are refused (NaN
    passes through, as in NumPy: a NaN voltage gives a NaN rate)."""
    try:
        array = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    if array is None or np.asarray(v).dtype.kind not in "iuf":
        raise ConfigError(
            f"v (the membrane potential, mV) must be a number or an array of "
            f"numbers, such as -65.0 or np.linspace(-100, 50, 151); got {v!r}."
        )
    return array


_SERIES = 1e-4  # |x| below which x/(1-exp(-x)) is taken from its series


def _vtrap(x):
    """``x / (1 - exp(-x))``, exact at x = 0 (where it is 1) and smooth near it."""
    x = np.asarray(x, dtype=np.float64)
    small = np.abs(x) < _SERIES
    safe = np.where(small, 1.0, x)
    far = safe / -np.expm1(-safe)
    near = 1.0 + x / 2.0 + x * x / 12.0
    return np.where(small, near, far)


# -- rate functions (1/ms), V in mV --------------------------------------------
def alpha_m(v):
    """Na activation opening rate (1/ms) at ``v`` (mV); 1/ms at v = -40 mV."""
    return _vtrap((_volts(v) + 40.0) / 10.0)


def beta_m(v):
    """Na activation closing rate (1/ms) at ``v`` (mV)."""
    return 4.0 * np.exp(-(_volts(v) + 65.0) / 18.0)


def alpha_h(v):
    """Na inactivation removal rate (1/ms) at ``v`` (mV)."""
    return 0.07 * np.exp(-(_volts(v) + 65.0) / 20.0)


def beta_h(v):
    """Na inactivation rate (1/ms) at ``v`` (mV)."""
    return 1.0 / (1.0 + np.exp(-(_volts(v) + 35.0) / 10.0))


def alpha_n(v):
    """K activation opening rate (1/ms) at ``v`` (mV); 0.1/ms at v = -55 mV."""
    return 0.1 * _vtrap((_volts(v) + 55.0) / 10.0)


def beta_n(v):
    """K activation closing rate (1/ms) at ``v`` (mV)."""
    return 0.125 * np.exp(-(_volts(v) + 65.0) / 80.0)


# -- steady states and time constants (for figures) ----------------------------
def m_inf(v):
    """Steady-state Na activation at ``v`` (mV): alpha_m / (alpha_m + beta_m)."""
    a = alpha_m(v)
    return a / (a + beta_m(v))


def h_inf(v):
    """Steady-state Na inactivation variable at ``v`` (mV)."""
    a = alpha_h(v)
    return a / (a + beta_h(v))


def n_inf(v):
    """Steady-state K activation at ``v`` (mV)."""
    a = alpha_n(v)
    return a / (a + beta_n(v))


def tau_m(v):
    """Time constant (ms) of m at ``v`` (mV): 1 / (alpha_m + beta_m)."""
    return 1.0 / (alpha_m(v) + beta_m(v))


def tau_h(v):
    """Time constant (ms) of h at ``v`` (mV)."""
    return 1.0 / (alpha_h(v) + beta_h(v))


def tau_n(v):
    """Time constant (ms) of n at ``v`` (mV)."""
    return 1.0 / (alpha_n(v) + beta_n(v))


# -- all six at once ------------------------------------------------------------
#: the gates in the order of the rows of :func:`gate_rates` (alphas, then betas)
GATE_ORDER = ("m", "n", "h")
# rows: alpha_m, alpha_n, alpha_h, beta_m, beta_n, beta_h; each rate is
# scale * f((v + offset) / divisor): f(z) = z / expm1(z) for the first two
# (= x / (1 - exp(-x)) with x = -z), 1 / (1 + exp(z)) for beta_h, exp(z) else.
_OFFSET = np.array([40.0, 55.0, 65.0, 65.0, 65.0, 35.0])[:, None]
_DIVISOR = np.array([-10.0, -10.0, -20.0, -18.0, -80.0, -10.0])[:, None]
_SCALE = np.array([1.0, 0.1, 0.07, 4.0, 0.125, 1.0])[:, None]


def gate_rates(v, phi=1.0) -> np.ndarray:
    """The six rates (1/ms) at ``v`` (mV, shape (n,)), times ``phi``.

    Returns an array (6, n): alpha_m, alpha_n, alpha_h, beta_m, beta_n,
    beta_h (the gates in :data:`GATE_ORDER`, alphas then betas). ``phi`` (a
    number or (n,)) is the temperature factor, 1 at 6.3 °C. About ten NumPy
    operations on (6, n) instead of some forty on (n,); each row equals the
    function of the same name to the last bit, except within 1e-3 mV of the 0/0
    points, where it may differ by a rounding (both are exact there).

    >>> gate_rates(np.array([-65.0]))[4]   # beta_n at rest
    array([0.125])
    """
    if not isinstance(v, np.ndarray) or v.dtype.kind != "f":
        v = _volts(v)
    z = v + _OFFSET
    z /= _DIVISOR
    rates = np.exp(z)
    ratio = z[:2]
    below = np.expm1(ratio)
    # where z = 0, rows 0-1 keep exp(0) = 1: the limit of z / expm1(z)
    np.divide(ratio, below, out=rates[:2], where=below != 0)
    last = rates[5]
    last += 1.0
    np.divide(1.0, last, out=last)
    rates *= _SCALE
    if np.ndim(phi) or phi != 1.0:
        rates *= phi
    return rates
