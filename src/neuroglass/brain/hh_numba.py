"""An optional compiled step for :class:`~neuroglass.brain.HodgkinHuxley`
(numba): ``HodgkinHuxley(compiled=True)``.

numba is not a dependency of neuroglass: ``pip install numba`` makes it
available; without it, ``compiled=True`` is refused with that advice. The
compiled step does, neuron by neuron in one loop, the same floating-point
operations in the same order as the NumPy step of
:mod:`.hh_integrate` (the rates as ``gate_rates``, RK4's stages and sums, the
spike rule), with no fast-math, so on the same machine it gives the same
numbers (the tests compare whole runs bit for bit). It removes NumPy's
per-call overhead: a RK4 step of 50 neurons costs about 40 µs, mostly libm's
exp and pow, instead of some 130 NumPy calls (about 140 µs).

>>> from neuroglass.brain.hh_numba import available
>>> isinstance(available(), bool)
True
"""

from __future__ import annotations

import math

import numpy as np

from ..engine.errors import ConfigError

__all__ = ["available", "compiled_step"]

_SCHEMES = {"rk4": 0, "euler": 1, "exp_euler": 2}
_TINY = 1e-300  # as hh_integrate: z / expm1(z) -> 1 at z = 0
_STEP = None  # the compiled function, made on first use


def available() -> bool:
    """Whether numba can be imported (the compiled step can be used)."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def require() -> None:
    """Raise a ConfigError saying how to get numba, when it is missing."""
    if not available():
        raise ConfigError(
            "HodgkinHuxley(compiled=True) needs numba, which is not installed. "
            "Install it (pip install numba) or use compiled=False (the NumPy "
            "step: the same numbers, slower)."
        )


def compiled_step(model, state: dict, current, dt: float) -> np.ndarray:
    """:meth:`HodgkinHuxley.step` through the compiled kernel (same contract)."""
    global _STEP
    if _STEP is None:
        _STEP = _build()
    v = state["v"]
    n = v.shape[0]
    if "refractory" not in state:
        state["refractory"] = np.zeros(n)
    params = _parameters(model, n)
    current = np.ascontiguousarray(np.broadcast_to(current, (n,)), dtype=np.float64)
    spiked = np.empty(n, dtype=np.bool_)
    _STEP(
        v,
        state["m"],
        state["h"],
        state["n"],
        state["refractory"],
        current,
        float(dt),
        _SCHEMES[model.scheme],
        params,
        spiked,
    )
    return spiked


def _parameters(model, n: int) -> np.ndarray:
    """(10, n): C_m, g_Na, g_K, g_L, E_Na, E_K, E_L, phi, v_spike, t_ref;
    cached with the model's NumPy kernels (dropped when a parameter is set)."""
    kernels = model.__dict__.setdefault("_kernels", {})
    key = ("numba", n)
    if key not in kernels:
        names = ("C_m", "g_Na", "g_K", "g_L", "E_Na", "E_K", "E_L")
        values = [getattr(model, k) for k in names]
        values += [model.phi, model.v_spike, model.t_ref]
        kernels[key] = np.ascontiguousarray(
            np.stack([np.broadcast_to(np.asarray(x, float), (n,)) for x in values])
        )
    return kernels[key]


def _build():
    """Compile the kernel: the functions below, each jitted, the helpers bound
    to the module names the step calls (so numba sees compiled functions)."""
    import numba

    jit = numba.njit(cache=True, nogil=True)
    names = globals()
    names["_rates"] = jit(_rates_py)
    names["_rhs"] = jit(_rhs_py)
    names["_exp_euler"] = jit(_exp_euler_py)
    names["_rk4"] = jit(_rk4_py)
    return jit(_step_py)


_rates = _rhs = _exp_euler = _rk4 = None  # the compiled helpers, bound by _build


def _rates_py(v, phi):
    """alpha_m, alpha_n, alpha_h, beta_m, beta_n, beta_h (1/ms) at ``v`` (mV):
    hh_kinetics.gate_rates's operations, in its order."""
    z = (v + 40.0) / -10.0 + _TINY
    am = z / math.expm1(z) * 1.0 * phi
    z = (v + 55.0) / -10.0 + _TINY
    an = z / math.expm1(z) * 0.1 * phi
    ah = math.exp((v + 65.0) / -20.0) * 0.07 * phi
    bm = math.exp((v + 65.0) / -18.0) * 4.0 * phi
    bn = math.exp((v + 65.0) / -80.0) * 0.125 * phi
    bh = 1.0 / (math.exp((v + 35.0) / -10.0) + 1.0) * 1.0 * phi
    return am, an, ah, bm, bn, bh


def _rhs_py(v, m, n, h, current, p, i):
    """dV/dt, dm/dt, dn/dt, dh/dt of neuron ``i`` (hh_integrate.Kernel.rhs)."""
    am, an, ah, bm, bn, bh = _rates(v, p[7, i])
    dm = (1.0 - m) * am - bm * m
    dn = (1.0 - n) * an - bn * n
    dh = (1.0 - h) * ah - bh * h
    i_na = (v - p[4, i]) * (math.pow(m, 3.0) * p[1, i] * h)
    i_k = (v - p[5, i]) * (math.pow(n, 4.0) * p[2, i])
    i_l = (v - p[6, i]) * p[3, i]
    dv = (current - (i_na + i_k + i_l)) / p[0, i]
    return dv, dm, dn, dh


def _exp_euler_py(v, m, n, h, current, dt, p, i):
    """One exponential-Euler step of neuron ``i`` (hh_integrate.Kernel.exp_euler)."""
    g_na = p[1, i] * math.pow(m, 3.0) * h
    g_k = p[2, i] * math.pow(n, 4.0)
    g = g_na + g_k + p[3, i]
    v_inf = (current + g_na * p[4, i] + g_k * p[5, i] + p[3, i] * p[6, i]) / g
    new_v = v_inf + (v - v_inf) * math.exp(-dt * g / p[0, i])
    am, an, ah, bm, bn, bh = _rates(v, p[7, i])
    new = [new_v, 0.0, 0.0, 0.0]
    for k, (x, a, b) in enumerate(((m, am, bm), (n, an, bn), (h, ah, bh))):
        total = a + b
        x_inf = a / total
        new[k + 1] = x_inf + (x - x_inf) * math.exp(-dt * total)
    return new[0], new[1], new[2], new[3]


def _rk4_py(v, m, n, h, c, dt, p, i):
    half, sixth = 0.5 * dt, dt / 6.0
    a1, b1, d1, e1 = _rhs(v, m, n, h, c, p, i)
    a2, b2, d2, e2 = _rhs(
        half * a1 + v, half * b1 + m, half * d1 + n, half * e1 + h, c, p, i
    )
    a3, b3, d3, e3 = _rhs(
        half * a2 + v, half * b2 + m, half * d2 + n, half * e2 + h, c, p, i
    )
    a4, b4, d4, e4 = _rhs(dt * a3 + v, dt * b3 + m, dt * d3 + n, dt * e3 + h, c, p, i)
    return (
        (a1 + 2.0 * a2 + 2.0 * a3 + a4) * sixth + v,
        (b1 + 2.0 * b2 + 2.0 * b3 + b4) * sixth + m,
        (d1 + 2.0 * d2 + 2.0 * d3 + d4) * sixth + n,
        (e1 + 2.0 * e2 + 2.0 * e3 + e4) * sixth + h,
    )


def _step_py(vs, ms, hs, ns, left, currents, dt, scheme, p, spiked):
    """Every neuron one step, then the spike rule of HodgkinHuxley.step."""
    for i in range(vs.shape[0]):
        v, m, n, h, c = vs[i], ms[i], ns[i], hs[i], currents[i]
        if scheme == 2:
            nv, nm, nn, nh = _exp_euler(v, m, n, h, c, dt, p, i)
        elif scheme == 1:
            a, b, d, e = _rhs(v, m, n, h, c, p, i)
            nv, nm, nn, nh = dt * a + v, dt * b + m, dt * d + n, dt * e + h
        else:
            nv, nm, nn, nh = _rk4(v, m, n, h, c, dt, p, i)
        vs[i], ms[i], ns[i], hs[i] = nv, nm, nn, nh
        rest = left[i] - dt
        fired = rest <= 1e-9 * dt and nv >= p[8, i] and nv < v
        if fired:
            rest = p[9, i]
        left[i] = max(rest, 0.0)
        spiked[i] = fired
