"""Chapter 6, dynamics: the phase planes of an Izhikevich RS neuron and of
Hodgkin-Huxley (reduced to V and n) at a constant current, and the raster of
Izhikevich's 1000-neuron network (net.m), half a second."""

import matplotlib.pyplot as plt

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
_RUN = {}


def draw(lang):
    if not _RUN:
        _RUN["network"] = ng.brain.izhikevich_network(duration=500.0, seed=0)
    text = TEXT[lang]
    # the two phase planes side by side, the raster under them: in one row of
    # three the page shrank the text to a third of its size
    figure = plt.figure(figsize=(12, 12), layout="constrained")
    grid = figure.add_gridspec(6, 2, height_ratios=[1, 1, 1, 1, 1.6, 0.7])
    a = figure.add_subplot(grid[:4, 0])
    ng.plot.phase_plane("RS", 10.0, duration=200.0, ax=a, lang=lang)
    a.set_title(text["a"])
    b = figure.add_subplot(grid[:4, 1])
    ng.plot.hh_phase_plane(ng.brain.HodgkinHuxley(), 10.0, ax=b, lang=lang)
    b.set_title(text["b"])
    c = figure.add_subplot(grid[4, :])
    rate = figure.add_subplot(grid[5, :], sharex=c)
    ng.plot.raster(_RUN["network"], ax=c, rate_ax=rate, lang=lang)
    c.set_title(text["c"], loc="left", pad=18)
    return figure
