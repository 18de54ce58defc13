"""Spiking neurons as dynamical systems: the Izhikevich phase plane and the
Izhikevich pattern gallery (the Hodgkin-Huxley gates are in :mod:`.brain_hh`,
its reduced (V, n) phase plane in :mod:`.brain_phase_hh`: ``plot_phase_plane``
and ``phase_plane_data`` pass a ``HodgkinHuxley`` neuron there).

``phase_plane_data`` and ``izhikevich_gallery_data`` compute the numbers (from
:mod:`neuroglass.brain`; the playground's neuron lab draws the same ones);
``plot_phase_plane`` and ``plot_izhikevich_gallery`` draw them.
"""

from __future__ import annotations

import numpy as np

from . import _common, _phase
from ._brain_text import words

TRAJECTORY = "#333333"
#: the patterns of Izhikevich 2003, Fig. 2, by protocol name
PATTERNS = {
    "RS": "regular spiking",
    "IB": "intrinsically bursting",
    "CH": "chattering",
    "FS": "fast spiking",
    "TC": "thalamo-cortical, tonic",
    "TC_rebound": "thalamo-cortical, rebound burst",
    "RZ": "resonator",
    "LTS": "low-threshold spiking",
}


def _izhikevich(neuron_or_preset):
    from ...brain import Izhikevich

    if isinstance(neuron_or_preset, str):
        return Izhikevich.preset(neuron_or_preset), neuron_or_preset
    if not isinstance(neuron_or_preset, Izhikevich):
        raise TypeError(
            "plot_phase_plane draws an Izhikevich neuron (a preset name such as "
            "'RS', or ng.brain.Izhikevich(...)) or a Hodgkin-Huxley one "
            f"(ng.brain.HodgkinHuxley()); got {type(neuron_or_preset).__name__}."
        )
    return neuron_or_preset, None


def _break_at_resets(v, u, v_peak):
    """``v`` clipped at ``v_peak`` with NaN after each overshoot, so that the
    line does not draw the reset jumps; and those jumps as (2, k) segments."""
    jumps = np.flatnonzero(v[:-1] >= v_peak)
    segments = np.array(
        [[np.minimum(v[jumps], v_peak), v[jumps + 1]], [u[jumps], u[jumps + 1]]]
    )
    v = np.insert(np.minimum(v, v_peak), jumps + 1, np.nan)
    u = np.insert(u, jumps + 1, np.nan)
    return v, u, segments


def _is_hh(neuron) -> bool:
    from ...brain import HodgkinHuxley

    return isinstance(neuron, HodgkinHuxley)


def phase_plane_data(
    neuron_or_preset,
    I,  # noqa: E741 -- Izhikevich's name for the input
    *,
    trajectory=True,
    duration=None,
    dt=None,
    v_range=None,
    u_range=None,
    n_grid=None,
    **hh_options,
) -> dict:
    """The numbers of :func:`plot_phase_plane`.

    A :class:`~neuroglass.brain.HodgkinHuxley` neuron gives
    :func:`~.brain_phase_hh.hh_phase_plane_data` (``I`` in µA/cm²; ``duration``
    50 ms and ``dt`` 0.01 ms by default; ``hh_options``: ``h_line``,
    ``full_model``, ``v_range``, ``n_range``, ``n_grid``).

    Parameters
    ----------
    neuron_or_preset : Izhikevich or str
        One Izhikevich neuron or a preset name ("RS", ...; published scheme).
    I : float
        The constant input current (dimensionless).
    trajectory : bool
        Also simulate (v, u) from the neuron's ``v0`` for ``duration`` ms
        (200 by default) at step ``dt`` ms (0.1) with the neuron's scheme
        (:func:`neuroglass.brain.simulate`).
    v_range, u_range : (float, float)
        The window (mV, (-85, 35) by default; u dimensionless). ``u_range``
        defaults to one holding the u-nullcline, the fixed points and the
        trajectory.
    n_grid : int
        The vector field's grid is ``n_grid x n_grid`` (21 by default).

    Returns
    -------
    dict
        ``plane`` (:class:`neuroglass.brain.PhasePlane`), ``v`` (200,) mV with
        ``v_nullcline`` and ``u_nullcline`` (200,), ``equilibria`` (list of
        :class:`~neuroglass.brain.Equilibrium`), ``field`` ``(V, U, dV, dU)``
        each (n_grid, n_grid), ``trajectory`` (``v``, ``u`` with NaN breaks at
        the resets, ``resets`` (2, 2, k) jump segments, ``t``) or None,
        ``v_range``, ``u_range``, ``name``, ``scheme``, ``dt``.
    """
    from ...brain import phase_plane, simulate

    if _is_hh(neuron_or_preset):
        from .brain_phase_hh import hh_phase_plane_data

        window = {"v_range": v_range, "n_grid": n_grid}
        options = _hh_options(trajectory, duration, dt, hh_options)
        options |= {k: v for k, v in window.items() if v is not None}
        return hh_phase_plane_data(neuron_or_preset, I, **options)
    if hh_options:
        raise TypeError(
            f"phase_plane_data of an Izhikevich neuron takes no {sorted(hh_options)} "
            "(those are for a HodgkinHuxley neuron)."
        )
    duration = 200.0 if duration is None else duration
    dt = 0.1 if dt is None else dt
    v_range = (-85.0, 35.0) if v_range is None else v_range
    n_grid = 21 if n_grid is None else n_grid
    neuron, name = _izhikevich(neuron_or_preset)
    plane = phase_plane(neuron, I)
    path = None
    if trajectory:
        trace = simulate(neuron, plane.I, duration, dt=dt, record=("v", "u"))
        v, u, resets = _break_at_resets(trace.v[:, 0], trace.u[:, 0], neuron.v_peak)
        path = {"t": trace.t, "v": v, "u": u, "resets": resets}
    v = np.linspace(*v_range, 200)
    if u_range is None:
        u_values = [plane.b * np.asarray(v_range)] + [[e.u] for e in plane.equilibria]
        if path is not None:
            u_values.append(path["u"][np.isfinite(path["u"])])
        u_values = np.concatenate([np.ravel(x) for x in u_values])
        low, high = float(u_values.min()), float(u_values.max())
        margin = max(0.1 * (high - low), 2.0)
        u_range = (low - margin, high + margin)
    return {
        "plane": plane,
        "v": v,
        "v_nullcline": plane.v_nullcline(v),
        "u_nullcline": plane.u_nullcline(v),
        "equilibria": list(plane.equilibria),
        "field": plane.grid(v_range, u_range, n=n_grid),
        "trajectory": path,
        "v_range": tuple(v_range),
        "u_range": tuple(u_range),
        "name": name or f"a={plane.a:g}, b={plane.b:g}",
        "scheme": neuron.scheme,
        "dt": dt,
    }


def _hh_options(trajectory, duration, dt, options) -> dict:
    """The HH figure's options from plot_phase_plane's (None: its defaults)."""
    given = {"trajectory": trajectory, "duration": duration, "dt": dt}
    return {k: v for k, v in given.items() if v is not None} | options


def plot_phase_plane(
    neuron_or_preset,
    I,  # noqa: E741 -- Izhikevich's name for the input
    *,
    ax=None,
    trajectory=True,
    duration=None,
    dt=None,
    title=None,
    lang=None,
    **window,
):
    """The (v, u) phase plane of an Izhikevich neuron at a constant current,
    or the (V, n) plane of a reduced Hodgkin-Huxley neuron
    (:func:`~.brain_phase_hh.plot_hh_phase_plane`, ``I`` in µA/cm²).

    Draws the v-nullcline (parabola) and the u-nullcline (line), the fixed
    points (filled: stable; open: unstable; named in the legend), the flow's
    direction as unit arrows, and a simulated trajectory with its resets
    (v_peak -> c, u -> u + d) dotted. The title gives ``I``, the saddle-node
    current ``I_SN`` and the Hopf current ``I_H`` (when there is one).

    Parameters
    ----------
    neuron_or_preset, I, trajectory, duration, dt
        See :func:`phase_plane_data` (``duration`` 200 ms and ``dt`` 0.1 ms
        by default; 50 and 0.01 for HH); ``window`` passes ``v_range``,
        ``u_range`` and ``n_grid`` on (for HH: ``n_range``, ``h_line``,
        ``full_model``).
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> ax = plot_phase_plane("RS", 10.0)
    """
    if _is_hh(neuron_or_preset):
        from .brain_phase_hh import plot_hh_phase_plane

        options = _hh_options(trajectory, duration, dt, window)
        return plot_hh_phase_plane(
            neuron_or_preset, I, ax=ax, title=title, lang=lang, **options
        )
    duration = 200.0 if duration is None else duration
    dt = 0.1 if dt is None else dt
    data = phase_plane_data(
        neuron_or_preset, I, trajectory=trajectory, duration=duration, dt=dt, **window
    )
    text = words(lang)
    ax = _common.get_ax(ax, figsize=(6.5, 4.8))
    _phase.draw_flow(
        ax,
        data["field"],
        data["v_range"],
        data["u_range"],
        data["v"],
        [
            (data["v_nullcline"], "v_nullcline", text["phase.v_nullcline"]),
            (data["u_nullcline"], "u_nullcline", text["phase.u_nullcline"]),
        ],
    )
    _draw_trajectory(ax, data, duration, text)
    _phase.draw_equilibria(ax, data["equilibria"], text)
    _phase.finish_axes(
        ax,
        data["v_range"],
        data["u_range"],
        text["membrane_v"],
        text["phase.u"],
        title or _phase_title(data, text),
    )
    return ax


def _draw_trajectory(ax, data, duration, text):
    """The trajectory, its resets (dotted) and its start."""
    path = data["trajectory"]
    if path is not None:
        ax.plot(
            path["v"],
            path["u"],
            color=TRAJECTORY,
            lw=1.1,
            gid="trajectory",
            label=text["phase.trajectory"].format(duration=duration),
        )
        ax.plot(
            path["resets"][0],
            path["resets"][1],
            color=TRAJECTORY,
            lw=0.7,
            ls=":",
            gid="resets",
        )
        ax.plot(path["v"][0], path["u"][0], "o", color=TRAJECTORY, ms=3, gid="start")


def _phase_title(data, text) -> str:
    plane = data["plane"]
    hopf = text["phase.no_hopf"] if plane.I_H is None else f"{plane.I_H:.3g}"
    line = text["phase.title"].format(
        name=data["name"], I=plane.I, I_SN=plane.I_SN, I_H=hopf
    )
    if data["trajectory"] is None:
        return line
    return line + text["phase.path"].format(scheme=data["scheme"], dt=data["dt"])


# -- the pattern gallery ----------------------------------------------------------
def izhikevich_gallery_data(names=tuple(PATTERNS)) -> dict:
    """Each protocol of ``izhi2003.m`` simulated as the script does
    (:meth:`neuroglass.brain.Izhikevich.protocol`: its scheme and step).

    Returns
    -------
    dict
        name -> ``t`` (k,) ms, ``v`` (k,) mV clipped at ``v_peak``, ``I`` (k,),
        ``spike_times``, ``pattern``, ``scheme``, ``dt``.
    """
    from ...brain import Izhikevich, simulate

    out = {}
    for name in names:
        p = Izhikevich.protocol(name)
        trace = simulate(
            p["neuron"],
            p["current"],
            p["duration"],
            dt=p["dt"],
            method=p["scheme"],
            record=("v", "I"),
        )
        out[name] = {
            "t": trace.t,
            "v": np.minimum(trace.v[:, 0], p["neuron"].v_peak),
            "I": trace.I[:, 0],
            "spike_times": trace.spike_times[0],
            "pattern": PATTERNS.get(name, name),
            "scheme": p["scheme"],
            "dt": p["dt"],
        }
    return out


def plot_izhikevich_gallery(names=tuple(PATTERNS), fig=None, *, lang=None):
    """Izhikevich's firing patterns (2003, Fig. 2), 4 panels a row: v(t)
    above, the protocol's input current I(t) in a strip below.

    Each panel's title names the pattern and the scheme it was simulated with
    (the protocols' own: ``izhi2003.m``'s sequential Euler, 0.25 ms).
    ``lang``: the language of the words (``"en"`` or ``"zh"``; default
    ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.figure.Figure
        Its ``axes`` alternate v(t) (titled) and I(t) per panel.

    Example
    -------
    >>> fig = plot_izhikevich_gallery()   # 2 x 4 panels
    """
    import matplotlib.pyplot as plt

    data = izhikevich_gallery_data(names)
    text = words(lang)
    rows = max(int(np.ceil(len(data) / 4)), 1)
    if fig is None:
        fig = plt.figure(figsize=(14, 3.3 * rows), layout="constrained")
    grid = fig.add_gridspec(rows, 4)
    for k, (name, panel) in enumerate(data.items()):
        sub = grid[k // 4, k % 4].subgridspec(2, 1, height_ratios=(3, 1), hspace=0.05)
        ax = fig.add_subplot(sub[0])
        current_ax = fig.add_subplot(sub[1], sharex=ax)
        ax.plot(panel["t"], panel["v"], color=TRAJECTORY, lw=0.9, gid="v")
        pattern = text.get(f"pattern.{name}", panel["pattern"])
        ax.set_title(
            text["gallery.panel"].format(
                name=name, pattern=pattern, scheme=panel["scheme"], dt=panel["dt"]
            ),
            fontsize=9,
        )
        ax.set_ylim(-90, 40)
        ax.tick_params(labelbottom=False, labelsize=7)
        ax.grid(alpha=0.3)
        current_ax.step(
            panel["t"], panel["I"], where="post", color="#009e73", lw=1.0, gid="current"
        )
        current_ax.tick_params(labelsize=7)
        current_ax.set_xlim(panel["t"][0], panel["t"][-1])
        current_ax.set_xlabel(text["time_ms"], fontsize=8)
        if k % 4 == 0:
            ax.set_ylabel(text["v_mv"], fontsize=8)
            current_ax.set_ylabel(text["current_name"], fontsize=8)
    fig.suptitle(text["gallery.title"], fontsize=11)
    return fig
