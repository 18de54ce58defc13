"""Chapter 6, ANN to SNN: the page's ReLU network on the 8x8 digits, run as
integrate-and-fire neurons (ng.brain.to_spiking): test accuracy against the
simulated time, and the firing rates per layer."""

import numpy as np

import neuroglass as ng

_RUN = {}


def _converted():
    if not _RUN:
        X, y = ng.datasets.digits()
        order = np.random.default_rng(0).permutation(len(X))
        train, test = order[:1400], order[1400:]
        net = ng.mlp([64, 64, 10], activation="relu", loss="cross_entropy", seed=0)
        net.fit(X[train], y[train], epochs=20, optimizer="adam", lr=0.003)
        snn = ng.brain.to_spiking(net, X[train])
        _RUN.update(net=net, snn=snn, test=(X[test], y[test]))
    return _RUN


def draw(lang):
    run = _converted()
    X_test, y_test = run["test"]
    figure = ng.plot.snn_accuracy(
        run["snn"],
        X_test,
        y_test,
        ann=run["net"],
        duration=100.0,
        lang=lang,
    )
    return figure
