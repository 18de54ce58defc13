"""Chapter 7, interpretability: a 2-input network trained on the spiral, every
unit drawn over the whole input plane (for two inputs, the views show all)."""

import neuroglass as ng


def draw(lang: str):
    X, y = ng.datasets.spiral(n=300, seed=0)
    net = ng.mlp([2, 8, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(X, y, epochs=200, batch_size=10, optimizer="adam", lr=0.03)
    return ng.plot.neuron_maps(net, lang=lang)
