"""Chapter 2, the weight: a LIF neuron driven by the same 100 Poisson input
trains through synapses of three strengths (brain: the output rate grows with
the weight), beside one sigmoid unit's output against its input for three
weights (engine: the slope grows with the weight)."""

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng

WEIGHTS = (0.5, 1.0, 2.0)
TEXT = {
    "en": {
        "lif": "LIF neuron, 100 Poisson inputs at 20 Hz",
        "time": "time (ms)", "v": "membrane potential (mV)",
        "w": "synaptic weight ×{w}: {n} spike{s} in 300 ms",
        "unit": "sigmoid unit: a = σ(w·x)", "x": "input x", "a": "activation a",
        "ww": "weight w = {w}",
    },
    "zh": {
        "lif": "LIF神经元，100路20 Hz泊松输入",
        "time": "时间（ms）", "v": "膜电位（mV）",
        "w": "突触权重 ×{w}：300毫秒内{n}个脉冲",
        "unit": "sigmoid单元：a = σ(w·x)", "x": "输入x", "a": "激活值a",
        "ww": "权重w = {w}",
    },
}  # fmt: skip


def draw(lang: str):
    text = TEXT[lang]
    # 100 inputs, 20 Hz each, 300 ms; each spike adds a pulse of current
    dt, duration = 0.1, 300.0
    spikes = ng.brain.poisson_spikes(20.0, duration, n=100, dt=dt, seed=0)
    drive = spikes.sum(axis=1) * 0.2 / dt  # nA: 0.2 nA·ms of charge per spike
    last = len(drive) - 1
    figure = plt.figure(figsize=(12, 5), layout="constrained")
    left_fig, right_fig = figure.subfigures(1, 2, width_ratios=[1.3, 1])
    rows = left_fig.subplots(len(WEIGHTS), 1, sharex=True, sharey=True)
    for ax, scale in zip(rows, WEIGHTS):
        trace = ng.brain.simulate(
            ng.brain.LIF(), lambda t, s=scale: s * drive[min(int(t / dt), last)],
            duration, dt=dt, record=("v",),
        )  # fmt: skip
        n = len(trace.spike_times[0])
        plural = "" if n == 1 else "s"  # the Chinese title has no plural
        ng.plot.membrane(trace, ax=ax, lang=lang,
                         title=text["w"].format(w=scale, n=n, s=plural))  # fmt: skip
        ax.get_legend().remove()
        ax.set_xlabel("")
        ax.set_ylabel("")
    rows[-1].set_xlabel(text["time"])
    rows[1].set_ylabel(text["v"])
    left_fig.suptitle(text["lif"])
    right = right_fig.subplots()
    x = np.linspace(-4, 4, 200)
    for k, w in enumerate(WEIGHTS):
        unit = ng.mlp([1, 1], output="sigmoid", loss="bce", seed=0)
        unit.layers[0].weights[:] = w
        unit.layers[0].bias[:] = 0.0
        right.plot(x, unit.predict(x[:, None]).ravel(), color=f"C{k}",
                   label=text["ww"].format(w=w))  # fmt: skip
    right.set_title(text["unit"])
    right.set_xlabel(text["x"])
    right.set_ylabel(text["a"])
    right.legend(fontsize=8)
    right.grid(alpha=0.3)
    return figure
