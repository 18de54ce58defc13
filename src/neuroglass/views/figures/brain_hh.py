"""Hodgkin-Huxley's gates: m, h, n over a spike, and their steady states and
time constants against V.

``hh_gates_data`` computes the numbers (simulated with
:func:`neuroglass.brain.simulate`, the curves from :mod:`neuroglass.brain`'s
``m_inf`` ... ``tau_n``); ``plot_hh_gates`` draws them.
"""

from __future__ import annotations

import numpy as np

from ._brain_text import words

GATES = {"m": "#d55e00", "h": "#0072b2", "n": "#009e73"}


def hh_gates_data(
    neuron=None, *, amplitude=10.0, width=1.0, duration=20.0, v_range=(-100.0, 50.0)
) -> dict:
    """The numbers of :func:`plot_hh_gates`.

    A Hodgkin-Huxley neuron (default squid axon, rk4) gets a pulse of
    ``amplitude`` µA/cm² for ``width`` ms at 2 ms and is simulated for
    ``duration`` ms with every state variable recorded; the steady states
    ``m_inf``, ``h_inf``, ``n_inf`` and time constants ``tau_*`` (ms) are
    evaluated on 300 voltages of ``v_range`` (mV).

    Returns
    -------
    dict
        ``t`` (k,) ms, ``v``, ``m``, ``h``, ``n`` (k,), ``spike_times``;
        ``voltages`` (300,) mV, ``m_inf``, ``h_inf``, ``n_inf``, ``tau_m``,
        ``tau_h``, ``tau_n`` (300,); ``scheme``, ``dt``, ``amplitude``, ``width``.
    """
    from ... import brain

    neuron = brain.HodgkinHuxley() if neuron is None else neuron
    trace = brain.simulate(
        neuron, brain.pulse(amplitude, 2.0, width), duration, record="all"
    )
    voltages = np.linspace(*v_range, 300)
    # ``trace.n`` is the number of neurons, which shadows the gate n: ask
    # by name: trace.n is the number of neurons, trace["n"] the gate
    out = {name: trace[name][:, 0] for name in ("v", "m", "h", "n")}
    for name in ("m_inf", "h_inf", "n_inf", "tau_m", "tau_h", "tau_n"):
        out[name] = getattr(brain, name)(voltages)
    return {
        **out,
        "t": trace.t,
        "spike_times": trace.spike_times[0],
        "voltages": voltages,
        "scheme": neuron.scheme,
        "dt": trace.dt,
        "amplitude": amplitude,
        "width": width,
    }


def plot_hh_gates(neuron=None, *, fig=None, lang=None, **stimulus):
    """Hodgkin-Huxley's gates: m, h, n over one spike (left; v on a twin
    axis) and their steady states ``x_inf(V)`` with time constants
    ``tau_x(V)`` (right; tau dashed on a twin axis).

    ``stimulus`` passes ``amplitude``, ``width``, ``duration`` and ``v_range``
    to :func:`hh_gates_data`; ``lang`` is the language of the words (``"en"``
    or ``"zh"``; default ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.figure.Figure
        ``axes[0]`` the gates over time, ``axes[1]`` the steady states (their
        twins follow).

    Example
    -------
    >>> fig = plot_hh_gates()
    """
    import matplotlib.pyplot as plt

    data = hh_gates_data(neuron, **stimulus)
    text = words(lang)
    if fig is None:
        fig = plt.figure(figsize=(12, 4.2), layout="constrained")
    time_ax, curve_ax = fig.subplots(1, 2)
    volt_ax, tau_ax = time_ax.twinx(), curve_ax.twinx()
    volt_ax.plot(
        data["t"],
        data["v"],
        color="#999999",
        lw=1.0,
        gid="v",
        label=text["gates.v"],
    )
    volt_ax.set_ylabel(text["v_mv"], color="#777777")
    for gate, colour in GATES.items():
        time_ax.plot(data["t"], data[gate], color=colour, lw=1.6, gid=gate, label=gate)
        curve_ax.plot(
            data["voltages"],
            data[f"{gate}_inf"],
            color=colour,
            lw=1.6,
            gid=f"{gate}_inf",
            label=f"{gate}_inf(V)",
        )
        tau_ax.plot(
            data["voltages"],
            data[f"tau_{gate}"],
            color=colour,
            lw=1.1,
            ls="--",
            gid=f"tau_{gate}",
            label=text["gates.tau"].format(gate=gate),
        )
    _finish_time_panel(time_ax, volt_ax, data, text)
    _finish_curve_panel(curve_ax, tau_ax, text)
    for ax in (time_ax, curve_ax):
        ax.grid(alpha=0.3)
    return fig


def _finish_time_panel(time_ax, volt_ax, data, text):
    """Labels, limits and the shared legend of the gates over time."""
    time_ax.set_zorder(volt_ax.get_zorder() + 1)
    time_ax.patch.set_visible(False)
    time_ax.set(
        xlabel=text["time_ms"],
        ylabel=text["gates.ylabel"],
        ylim=(-0.02, 1.02),
        xlim=(data["t"][0], data["t"][-1]),
    )
    time_ax.set_title(text["gates.title"].format(**data), fontsize=10)
    lines = time_ax.get_lines() + volt_ax.get_lines()
    time_ax.legend(
        lines, [ln.get_label() for ln in lines], fontsize=8, loc="upper right"
    )


def _finish_curve_panel(curve_ax, tau_ax, text):
    """Labels and the shared legend (below) of the steady-state curves."""
    curve_ax.set(
        xlabel=text["membrane_V"],
        ylabel=text["gates.steady"],
        ylim=(-0.02, 1.02),
    )
    tau_ax.set_ylabel(text["gates.tau_axis"])
    curve_ax.set_title(text["gates.curves"], fontsize=10)
    lines = curve_ax.get_lines() + tau_ax.get_lines()
    curve_ax.legend(
        lines,
        [ln.get_label() for ln in lines],
        fontsize=7.5,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=3,
    )
