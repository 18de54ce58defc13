"""Chapter 6, spiking neurons: a LIF neuron's membrane potential under a step
of current, its f-I curve beside the engine's activation functions, and
Hodgkin-Huxley's gates over one spike."""

import inspect

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.text import Text

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
WORDS = {
    "time (ms)": "时间（ms）",
    "t (ms)": "时间（ms）",
    "v (mV)": "膜电位v（mV）",
    "V (mV)": "膜电位V（mV）",
    "threshold": "阈值",
    "spike": "脉冲",
    "spikes": "脉冲",
    "rate (Hz)": "发放率（Hz）",
    "firing rate (Hz)": "发放率（Hz）",
    "simulated": "仿真",
    "closed form": "闭式解",
}
_RUN = {}


def _call(function, *args, lang, **kwargs):
    """``function`` in ``lang``: with ``lang=`` once it takes one, else inside
    ``ng.language(lang)``, the default the figure functions follow."""
    if "lang" in inspect.signature(function).parameters:
        kwargs["lang"] = lang
    with ng.language(lang):
        return function(*args, **kwargs)


def _translate(figure, lang):
    """Words a figure function still writes in English, in Chinese (a no-op
    once the functions draw in the language they are asked for)."""
    if lang == "zh":
        for text in figure.findobj(Text):
            if text.get_text() in WORDS:
                text.set_text(WORDS[text.get_text()])


def draw(lang):
    text = TEXT[lang]
    lif = ng.brain.LIF()
    current = ng.brain.step_current(0.6, start=20.0, stop=150.0)
    trace = ng.brain.simulate(lif, current, duration=200.0, record=("v", "I"))
    figure = plt.figure(figsize=(14, 9), layout="constrained")
    top, bottom = figure.subfigures(2, 1, height_ratios=[1.1, 1.0])
    grid = top.add_gridspec(2, 2, height_ratios=[3, 1])
    v_ax = top.add_subplot(grid[0, 0])
    i_ax = top.add_subplot(grid[1, 0], sharex=v_ax)
    _call(ng.plot.membrane, trace, ax=v_ax, current_ax=i_ax, lang=lang)
    v_ax.set_title(text["a"])
    fi_ax = top.add_subplot(grid[:, 1])
    _call(
        ng.plot.fi_curve,
        lif,
        np.linspace(0.0, 2.0, 21),
        duration=500.0,
        ax=fi_ax,
        lang=lang,
    )
    fi_ax.set_title(text["b"])
    _call(ng.plot.hh_gates, fig=bottom, lang=lang)
    bottom.suptitle(text["c"])
    _translate(figure, lang)
    return figure
