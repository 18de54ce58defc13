"""The lab's phase-plane panel: ``lab_phase`` from :func:`neuroglass.brain.phase_plane`.

For an Izhikevich neuron, the (v, u) plane at the present constant current: the
v-nullcline (a parabola), the u-nullcline (the line u = b v), the fixed points
with their stability, a coarse vector field, and the currents where rest is
lost (saddle-node ``I_SN``, Hopf ``I_H``). For Hodgkin–Huxley, the (V, n)
plane of the model reduced to two dimensions (m at m_inf, h a line in n); the
running neuron is the full model, so its (V, n) path only roughly follows that
plane's nullclines (the page says so). The LIF has a single variable and no
plane; a mystery neuron shows none either (it would give the model away).
The page draws the live trajectory from the frames' ``u`` or ``n`` samples.
"""

from __future__ import annotations

import math

import numpy as np

from .. import brain

NULLCLINE_POINTS = 131
FIELD_SIZE = (17, 13)  # arrows along x, along y
HH_N_RANGE = (0.15, 0.85)
_RANGES: dict = {}

NOTES = {
    "lif": (
        "The LIF has one variable, v: its state is a point on a line, not a plane. "
        "Choose Izhikevich or Hodgkin–Huxley to see a phase plane.",
        "LIF 只有一个变量 v：它的状态是直线上的一个点，而不是平面上的点。"
        "选择 Izhikevich 或 Hodgkin–Huxley 模型来查看相平面。",
    ),
    "mystery": (
        "Hidden during the mystery: the nullclines would give the model away.",
        "神秘模式下隐藏：零斜线会暴露模型。",
    ),
    "hh": (
        "The (V, n) plane of the reduced model (m = m_inf(V), h = 0.89 − 1.1 n); "
        "the trajectory is the full model's, so it only roughly follows these "
        "nullclines. The full model fires repetitively from about 6.2 µA/cm².",
        "简化模型的 (V, n) 平面（m = m_inf(V)，h = 0.89 − 1.1 n）；轨迹来自完整模型，"
        "所以只大致沿着这些零斜线走。完整模型约从 6.2 µA/cm² 开始重复放电。",
    ),
    "izhikevich": (
        "The reset is not part of this flow: at v_peak the state jumps to v = c, "
        "u + d (the long strokes of the trajectory).",
        "复位不属于这个流：到达 v_peak 时，状态跳到 v = c、u + d（轨迹中的长直线）。",
    ),
}


def unavailable(kind: str) -> dict:
    """``lab_phase`` without a plane: ``kind`` is "lif" or "mystery"."""
    en, zh = NOTES[kind]
    return {"type": "lab_phase", "available": False, "note": {"en": en, "zh": zh}}


def phase_message(neuron, model: str, current: float, v_range) -> dict:
    """``lab_phase`` for ``neuron`` (Izhikevich or HH) at ``current``."""
    plane = brain.phase_plane(neuron, current)
    x_range = tuple(v_range)
    xs = np.linspace(*x_range, NULLCLINE_POINTS)
    if model == "hh":
        y_range, names = HH_N_RANGE, ("V", "mV", "n", "")
        first, second = plane.v_nullcline(xs), plane.n_nullcline(xs)
        bifurcations = {"I_SN": None, "I_H": None}
    else:
        y_range, names = _u_range(neuron), ("v", "mV", "u", "")
        first, second = plane.v_nullcline(xs), plane.u_nullcline(xs)
        bifurcations = {"I_SN": plane.I_SN, "I_H": plane.I_H}
    en, zh = NOTES[model]
    if model == "hh" and plane.I_H is not None:
        # the reduced plane's own onset (its Hopf point), computed for these
        # parameters; the page's I_SN/I_H line is for the model that is drawn
        onset = f"{plane.I_H:.2f} µA/cm²"
        en += f" This reduced plane loses rest at its Hopf point, I_H = {onset}."
        zh += f"这个简化平面在 Hopf 点 I_H = {onset} 处失去静息态。"
    return {
        "type": "lab_phase",
        "available": True,
        "model": model,
        "I": current,
        "x": {"name": names[0], "unit": names[1], "range": list(x_range)},
        "y": {"name": names[2], "unit": names[3], "range": list(y_range)},
        "xs": _numbers(xs),
        "nullclines": [_numbers(first), _numbers(second)],
        "fixed_points": [
            {"v": p.v, "w": p.u, "stability": p.stability, "stable": bool(p.stable)}
            for p in plane.equilibria
        ],
        "field": _field(plane, x_range, y_range),
        **bifurcations,
        "note": {"en": en, "zh": zh},
    }


def _numbers(values) -> list:
    """Floats for JSON, None where not finite (a nullcline with no point)."""
    return [float(f"{x:.5g}") if math.isfinite(x) else None for x in np.asarray(values)]


def _field(plane, x_range, y_range) -> list:
    """``[x, y, dx/dt, dy/dt]`` on a coarse grid (the page draws directions)."""
    V, W = np.meshgrid(
        np.linspace(*x_range, FIELD_SIZE[0]), np.linspace(*y_range, FIELD_SIZE[1])
    )
    dV, dW = plane.vector_field(V, W)
    rows = np.column_stack([V.ravel(), W.ravel(), dV.ravel(), dW.ravel()])
    return [_numbers(row) for row in rows if np.all(np.isfinite(row))]


def _u_range(neuron) -> tuple:
    """The u range that holds the neuron's paths over the lab's currents: a
    short simulation at the range's ends and middle (cached by the config),
    widened to hold the bottom of the v-nullcline at I = 0."""
    key = repr(neuron.config())
    if key not in _RANGES:
        currents = np.array([-10.0, 0.0, 10.0, 40.0])
        trace = brain.simulate(neuron, currents, 300.0, dt=0.1, record=("u",))
        low = min(float(trace["u"].min()), -16.25)  # the parabola's bottom at I = 0
        high = float(trace["u"].max())
        margin = 0.08 * (high - low) + 1.0
        if len(_RANGES) > 64:
            _RANGES.pop(next(iter(_RANGES)))
        _RANGES[key] = (round(low - margin, 1), round(high + margin, 1))
    return _RANGES[key]
