"""Chapter 6, spiking neurons: a LIF neuron's membrane potential under a step
of current, its f-I curve beside the engine's activation functions, and
Hodgkin-Huxley's gates over one spike."""

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng

TEXT = {
    "en": {
        "a": "(a) membrane: LIF under 0.6 nA from 20 to 150 ms",
        "b": "(b) fi_curve: LIF rate against the input current",
        "c": "(c) hh_gates: Hodgkin-Huxley's ion channels",
    },
    "zh": {
        "a": "(a) membrane：LIF神经元的膜电位（20–150 ms输入0.6 nA）",
        "b": "(b) fi_curve：LIF的发放率与输入电流",
        "c": "(c) hh_gates：霍奇金-赫胥黎模型的离子通道门控变量",
    },
}
_RUN = {}


def draw(lang):
    text = TEXT[lang]
    lif = ng.brain.LIF()
    current = ng.brain.step_current(0.6, start=20.0, stop=150.0)
    trace = ng.brain.simulate(lif, current, duration=200.0, record=("v", "I"))
    figure = plt.figure(figsize=(12, 10), layout="constrained")
    top, bottom = figure.subfigures(2, 1, height_ratios=[1.1, 1.0])
    grid = top.add_gridspec(2, 2, height_ratios=[3, 1])
    v_ax = top.add_subplot(grid[0, 0])
    i_ax = top.add_subplot(grid[1, 0], sharex=v_ax)
    ng.plot.membrane(trace, ax=v_ax, current_ax=i_ax, lang=lang)
    v_ax.set_title(text["a"])
    fi_ax = top.add_subplot(grid[:, 1])
    ng.plot.fi_curve(
        lif,
        np.linspace(0.0, 2.0, 21),
        duration=500.0,
        ax=fi_ax,
        lang=lang,
    )
    fi_ax.set_title(text["b"])
    ng.plot.hh_gates(fig=bottom, lang=lang)
    bottom.suptitle(text["c"])
    return figure
