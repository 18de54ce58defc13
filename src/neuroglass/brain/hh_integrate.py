"""The Hodgkin–Huxley integrators (RK4, forward Euler, exponential Euler) on a
stacked state, written for few NumPy calls per step.

A step of a few hundred neurons costs far more in NumPy's per-call overhead
(about a microsecond a call) than in arithmetic, so the state is one array
``y`` (4, n) with the rows ``v`` (mV), ``m``, ``n``, ``h``; the six gate rates
are computed together as one (6, n) array; every constant is an array of the
full shape (broadcasting a column costs about three times a same-shape call);
and most operations write in place. The arithmetic is the same, operation for
operation, as the equations written out in :mod:`.hodgkin_huxley` and
:mod:`.hh_kinetics` (the results agree with a direct transcription to the last
bit, except within 1e-3 mV of the rate functions' 0/0 points, where they may
differ by a rounding).
"""

from __future__ import annotations

import numpy as np

from .hh_kinetics import _DIVISOR, _OFFSET, _SCALE

__all__ = ["Kernel"]

_TINY = 1e-300  # added to z = 0 (the 0/0 point): z / expm1(z) -> 1 exactly


class Kernel:
    """The constants of ``n`` neurons of one :class:`HodgkinHuxley` model, and
    its right-hand side and steps on the stacked state ``y`` (4, n)."""

    def __init__(self, model, n: int):
        def full(value, rows=None):
            shape = (n,) if rows is None else (rows, n)
            return np.ascontiguousarray(np.broadcast_to(value, shape), dtype=float)

        self.n = n
        self.offset, self.divisor = full(_OFFSET, 6), full(_DIVISOR, 6)
        self.scale, self.ones = full(_SCALE, 6), np.ones((3, n))
        self.powers = np.stack([np.full(n, 3.0), np.full(n, 4.0)])  # m³, n⁴
        self.tiny = np.full((2, n), _TINY)
        phi = np.broadcast_to(model.phi, (n,))
        self.phi = None if np.all(phi == 1.0) else full(phi, 6)
        self.reversal = np.stack(
            [full(model.E_Na), full(model.E_K), full(model.E_L)]
        )  # (3, n): E_Na, E_K, E_L in mV
        self.g_na_k = np.stack([full(model.g_Na), full(model.g_K)])  # (2, n)
        self.g_l, self.c_m = full(model.g_L), full(model.C_m)

    def rates(self, v) -> np.ndarray:
        """The six rates (6, n) in 1/ms: alpha_m, alpha_n, alpha_h, beta_m,
        beta_n, beta_h (see :func:`~neuroglass.brain.hh_kinetics.gate_rates`)."""
        z = np.empty((6, self.n))
        z[...] = v
        z += self.offset
        z /= self.divisor
        rates = np.exp(z)
        head = z[:2]
        head += self.tiny  # unchanged unless |z| < 1e-284; at z = 0 the limit 1
        np.divide(head, np.expm1(head), out=rates[:2])
        last = rates[5]
        last += self.ones[0]
        np.divide(self.ones[0], last, out=last)
        rates *= self.scale
        if self.phi is not None:
            rates *= self.phi
        return rates

    def rhs(self, y, current) -> np.ndarray:
        """d/dt of ``y``: dV/dt (mV/ms) and the gates' (1/ms), as (4, n)."""
        out = np.empty_like(y)
        v, x = y[0], y[1:]
        gates = out[1:]
        rates = self.rates(v)
        np.subtract(self.ones, x, out=gates)
        gates *= rates[:3]
        gates -= rates[3:] * x
        drive = np.empty((3, self.n))
        drive[...] = v
        drive -= self.reversal  # v - E_Na, v - E_K, v - E_L
        conductance = np.power(y[1:3], self.powers)  # m³, n⁴
        conductance *= self.g_na_k
        conductance[0] *= y[3]  # g_Na m³ h, g_K n⁴ (mS/cm²)
        drive[:2] *= conductance
        drive[2] *= self.g_l
        i_ion = drive[0] + drive[1]
        i_ion += drive[2]
        dv = out[0]
        np.subtract(current, i_ion, out=dv)
        dv /= self.c_m
        return out

    def rk4(self, y, current, dt: float) -> np.ndarray:
        half, whole = np.full_like(y, 0.5 * dt), np.full_like(y, dt)
        k1 = self.rhs(y, current)
        k2 = self.rhs(_ahead(y, half, k1), current)
        k3 = self.rhs(_ahead(y, half, k2), current)
        k4 = self.rhs(_ahead(y, whole, k3), current)
        k2 *= 2.0
        k3 *= 2.0
        k1 += k2
        k1 += k3
        k1 += k4
        k1 *= dt / 6.0
        k1 += y
        return k1

    def euler(self, y, current, dt: float) -> np.ndarray:
        return y + dt * self.rhs(y, current)

    def exp_euler(self, y, current, dt: float) -> np.ndarray:
        """V and each gate follow their exact exponential update, the others
        held over the step."""
        v, m, n, h = y
        e_na, e_k, e_l = self.reversal
        g_na = self.g_na_k[0] * m**3 * h
        g_k = self.g_na_k[1] * n**4
        g = g_na + g_k + self.g_l
        v_inf = (current + g_na * e_na + g_k * e_k + self.g_l * e_l) / g
        new = np.empty_like(y)
        new[0] = v_inf + (v - v_inf) * np.exp(-dt * g / self.c_m)
        rates = self.rates(v)
        total = rates[:3] + rates[3:]
        x_inf = rates[:3] / total
        new[1:] = x_inf + (y[1:] - x_inf) * np.exp(-dt * total)
        return new


def _ahead(y, step, k):
    """``y + step * k`` (the RK4 stage), in two calls and one new array."""
    out = np.multiply(step, k)
    out += y
    return out
