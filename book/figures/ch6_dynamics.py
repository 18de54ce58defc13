"""Chapter 6, dynamics: the phase planes of an Izhikevich RS neuron and of
Hodgkin-Huxley (reduced to V and n) at a constant current, and the raster of
Izhikevich's 1000-neuron network (net.m), half a second."""

import inspect

import matplotlib.pyplot as plt
from matplotlib.text import Text

import neuroglass as ng

TEXT = {
    "en": {
        "a": "(a) phase_plane: Izhikevich RS, I = 10",
        "b": "(b) hh_phase_plane: Hodgkin-Huxley, I = 10 µA/cm²",
        "c": "(c) raster: 800 excitatory + 200 inhibitory neurons",
    },
    "zh": {
        "a": "(a) phase_plane：Izhikevich RS神经元的相平面（I = 10）",
        "b": "(b) hh_phase_plane：霍奇金-赫胥黎模型（I = 10 µA/cm²）",
        "c": "(c) raster：800个兴奋性 + 200个抑制性神经元",
    },
}
WORDS = {
    "time (ms)": "时间（ms）",
    "neuron": "神经元",
    "rate (Hz)": "发放率（Hz）",
    "v-nullcline": "v零斜线",
    "u-nullcline": "u零斜线",
    "V-nullcline": "V零斜线",
    "n-nullcline": "n零斜线",
    "trajectory": "轨迹",
    "stable": "稳定",
    "unstable": "不稳定",
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
    if not _RUN:
        _RUN["network"] = ng.brain.izhikevich_network(duration=500.0, seed=0)
    text = TEXT[lang]
    figure = plt.figure(figsize=(18, 5.5), layout="constrained")
    grid = figure.add_gridspec(4, 3)
    a = figure.add_subplot(grid[:, 0])
    _call(ng.plot.phase_plane, "RS", 10.0, duration=200.0, ax=a, lang=lang)
    a.set_title(text["a"])
    b = figure.add_subplot(grid[:, 1])
    _call(ng.plot.hh_phase_plane, ng.brain.HodgkinHuxley(), 10.0, ax=b, lang=lang)
    b.set_title(text["b"])
    c = figure.add_subplot(grid[:3, 2])
    rate = figure.add_subplot(grid[3, 2], sharex=c)
    _call(ng.plot.raster, _RUN["network"], ax=c, rate_ax=rate, lang=lang)
    c.set_title(text["c"], loc="left", pad=18)
    _translate(figure, lang)
    return figure
