"""Chapter 2, the bias: two LIF neurons given the same 0.3 nA, one with an extra
constant 0.15 nA (brain: a background drive lifts it over its threshold), beside
one sigmoid unit's decision boundary with bias b and b + 3 (engine: the line
moves, its direction stays)."""

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng

TEXT = {
    "en": {
        "lif": "LIF, 0.3 nA{extra}: {n} spikes",
        "extra": " + 0.15 nA",
        "b": "bias b = {b:.2f}",
    },
    "zh": {
        "lif": "LIF，0.3 nA{extra}：{n}个脉冲",
        "extra": " + 0.15 nA",
        "b": "偏置b = {b:.2f}",
    },
}


def draw(lang: str):
    text = TEXT[lang]
    currents = np.array([0.3, 0.45])  # nA, one per neuron; rheobase 0.375 nA
    trace = ng.brain.simulate(ng.brain.LIF(), currents, 150.0, record=("v", "I"))
    X, y = ng.datasets.gauss(n=200, seed=0)
    unit = ng.mlp([2, 1], output="sigmoid", loss="bce", seed=0)
    unit.fit(X, y, epochs=30, batch_size=10, optimizer="adam", lr=0.03)
    shifted = unit.copy()
    shifted.layers[0].bias[:] += 3.0
    figure, axes = plt.subplots(2, 2, figsize=(11, 7.5), layout="constrained")
    for k, ax in enumerate(axes[:, 0]):
        n = len(trace.spike_times[k])
        extra = text["extra"] if k else ""
        ng.plot.membrane(trace, neuron=k, ax=ax, lang=lang,
                         title=text["lif"].format(extra=extra, n=n))  # fmt: skip
    for ax, net in zip(axes[:, 1], (unit, shifted)):
        b = float(net.layers[0].bias[0])
        ng.plot.decision_boundary(net, X, y, ax=ax, lang=lang,
                                  title=text["b"].format(b=b))  # fmt: skip
    return figure
