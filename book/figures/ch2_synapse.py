"""Chapter 2, the synapse: Izhikevich's network of 800 excitatory and 200
inhibitory neurons (brain: each neuron's synapses all of one sign), beside a
trained 2-8-1 network (engine: the weights of one unit take both signs)."""

import matplotlib.pyplot as plt

import neuroglass as ng

TEXT = {
    "en": {"raster": "1000 spiking neurons, 300 ms", "net": "a trained 2-8-1 network"},
    "zh": {"raster": "1000个脉冲神经元，300毫秒", "net": "训练好的2-8-1网络"},
}


def draw(lang: str):
    text = TEXT[lang]
    spikes = ng.brain.izhikevich_network(duration=300.0)
    X, y = ng.datasets.xor(n=400, seed=0)
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(X, y, epochs=50, batch_size=10, optimizer="adam", lr=0.03)
    figure = plt.figure(figsize=(13, 4.6), layout="constrained")
    left, right = figure.subfigures(1, 2, width_ratios=[1.2, 1])
    raster_ax, rate_ax = left.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    ng.plot.raster(
        spikes, ax=raster_ax, rate_ax=rate_ax, title=text["raster"], lang=lang
    )
    ng.plot.network(net, ax=right.subplots(), title=text["net"], lang=lang)
    return figure
