"""The Hodgkin–Huxley (V, n) phase plane: the model reduced to two dimensions
(:func:`neuroglass.brain.phase_plane_hh.hh_phase_plane`), its nullclines, fixed
points by stability, flow, and a trajectory.

``hh_phase_plane_data`` computes the numbers, ``plot_hh_phase_plane`` draws
them; :func:`~.brain_dynamics.plot_phase_plane` passes a ``HodgkinHuxley``
neuron here.
"""

from __future__ import annotations

import numpy as np

from . import _common, _phase
from ._brain_text import words

V_NULLCLINE = _phase.V_NULLCLINE  # as the Izhikevich plane's v-nullcline
N_NULLCLINE = _phase.W_NULLCLINE  # as its u-nullcline
TRAJECTORY = "#333333"
FULL_MODEL = "#009e73"


def hh_phase_plane_data(
    neuron=None,
    I=10.0,  # noqa: E741 -- the input current, µA/cm²
    *,
    h_line=None,
    trajectory=True,
    full_model=True,
    duration=50.0,
    dt=0.01,
    v_range=(-80.0, 55.0),
    n_range=(0.2, 0.9),
    n_grid=21,
) -> dict:
    """The numbers of :func:`plot_hh_phase_plane`.

    Parameters
    ----------
    neuron : HodgkinHuxley, optional
        One neuron (numbers as parameters); the squid axon by default.
    I : float
        The constant input current (µA/cm²), switched on at t = 0.
    h_line : (float, float), optional
        ``(h0, k)`` with ``h = h0 - k n``; Izhikevich's (0.89, 1.1) by default.
    trajectory : bool
        Also integrate the reduced system (RK4, step ``dt`` ms, for
        ``duration`` ms) from the full model's rest at I = 0: the path after
        the current step.
    full_model : bool
        Also simulate the full four-variable model from its rest
        (:func:`neuroglass.brain.simulate`, same ``dt``) and keep its (V, n).
    v_range, n_range : (float, float)
        The window (V in mV, n dimensionless); ``n_grid`` x ``n_grid`` arrows.

    Returns
    -------
    dict
        ``plane`` (:class:`~neuroglass.brain.phase_plane_hh.HHPhasePlane`),
        ``v`` (400,) mV with ``v_nullcline`` and ``n_nullcline`` (n values,
        NaN where the V-nullcline leaves [0, 1]), ``equilibria``, ``field``
        ``(V, N, dV, dN)`` each (n_grid, n_grid), ``trajectory`` and
        ``full_model`` (``t`` ms, ``v`` mV, ``n``) or None, ``v_range``,
        ``n_range``, ``dt``, ``duration``.
    """
    from ...brain import HodgkinHuxley, simulate
    from ...brain.phase_plane_hh import IZHIKEVICH_H_LINE, hh_phase_plane

    neuron = HodgkinHuxley() if neuron is None else neuron
    plane = hh_phase_plane(neuron, I, h_line=h_line or IZHIKEVICH_H_LINE)
    v_rest = float(neuron.resting_potential()[0])
    n_rest = float(plane.n_nullcline(v_rest))
    path = full = None
    if trajectory:
        t, v, n = plane.trajectory(v_rest, n_rest, duration=duration, dt=dt)
        path = {"t": t, "v": v, "n": n}
    if full_model:
        trace = simulate(neuron, plane.I, duration, dt=dt, record=("v", "n"))
        full = {"t": trace.t, "v": trace["v"][:, 0], "n": trace["n"][:, 0]}
    v = np.linspace(*v_range, 400)
    return {
        "plane": plane,
        "v": v,
        "v_nullcline": plane.v_nullcline(v),
        "n_nullcline": plane.n_nullcline(v),
        "equilibria": list(plane.equilibria),
        "field": plane.grid(v_range, n_range, n=n_grid),
        "trajectory": path,
        "full_model": full,
        "v_range": tuple(v_range),
        "n_range": tuple(n_range),
        "dt": dt,
        "duration": duration,
    }


def plot_hh_phase_plane(
    neuron=None,
    I=10.0,  # noqa: E741 -- the input current, µA/cm²
    *,
    ax=None,
    title=None,
    lang=None,
    **options,
):
    """The (V, n) phase plane of the Hodgkin–Huxley model reduced to two
    dimensions (m = m_inf(V), h a line in n) at a constant current.

    Draws the V-nullcline and the n-nullcline (n = n_inf(V)), the fixed
    points (filled: stable; open: unstable; named in the legend), the flow's
    direction as unit arrows, the reduced system's trajectory after the
    current step from rest, and (dashed) the full model's (V, n) for
    comparison. The title gives ``I`` and the currents where the reduced
    rest is lost, ``I_H`` (Hopf) and ``I_SN`` (saddle-node), in µA/cm².

    Parameters
    ----------
    neuron, I, options
        See :func:`hh_phase_plane_data` (``h_line``, ``trajectory``,
        ``full_model``, ``duration``, ``dt``, ``v_range``, ``n_range``,
        ``n_grid``).
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> from neuroglass.brain import HodgkinHuxley
    >>> ax = plot_hh_phase_plane(HodgkinHuxley(), 10.0)
    """
    data = hh_phase_plane_data(neuron, I, **options)
    text = words(lang)
    ax = _common.get_ax(ax, figsize=(6.8, 4.8))
    _phase.draw_flow(
        ax,
        data["field"],
        data["v_range"],
        data["n_range"],
        data["v"],
        [
            (data["v_nullcline"], "v_nullcline", text["hh_phase.v_nullcline"]),
            (data["n_nullcline"], "n_nullcline", text["hh_phase.n_nullcline"]),
        ],
    )
    _draw_paths(ax, data, text)
    _phase.draw_equilibria(ax, data["equilibria"], text)
    _phase.finish_axes(
        ax,
        data["v_range"],
        data["n_range"],
        text["membrane_V"],
        text["hh_phase.n"],
        title or _title(data, text),
    )
    return ax


def _draw_paths(ax, data, text):
    """The reduced trajectory (solid, its start a dot) and the full model's."""
    duration = data["duration"]
    full = data["full_model"]
    if full is not None:
        ax.plot(
            full["v"],
            full["n"],
            color=FULL_MODEL,
            lw=0.9,
            ls="--",
            gid="full_model",
            label=text["hh_phase.full_model"].format(duration=duration),
        )
    path = data["trajectory"]
    if path is not None:
        ax.plot(
            path["v"],
            path["n"],
            color=TRAJECTORY,
            lw=1.1,
            gid="trajectory",
            label=text["hh_phase.trajectory"].format(duration=duration),
        )
        ax.plot(path["v"][0], path["n"][0], "o", color=TRAJECTORY, ms=3, gid="start")


def _title(data, text) -> str:
    plane = data["plane"]
    h0, k = plane.h_line
    lost = [
        text["hh_phase.lost"].format(kind=text[kind], name=name, value=value)
        for kind, name, value in (
            ("hh_phase.hopf", "I_H", plane.I_H),
            ("hh_phase.saddle_node", "I_SN", plane.I_SN),
        )
        if value is not None
    ]
    line = text["hh_phase.title"].format(
        h0=h0,
        k=k,
        I=plane.I,
        lost=text["hh_phase.join"].join(lost) or text["hh_phase.none_lost"],
    )
    if plane.I_SN is None:
        line += text["hh_phase.no_saddle_node"]
    if data["trajectory"] is None and data["full_model"] is None:
        return line
    return line + text["hh_phase.paths"].format(dt=data["dt"])
