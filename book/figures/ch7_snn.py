"""Chapter 7: the page's 64-64-10 ReLU network on digits, converted to
integrate-and-fire neurons: test accuracy against simulated time, and the
hidden layer's firing rates (the bridge figure)."""

import matplotlib.pyplot as plt

import neuroglass as ng


def draw(lang: str):
    X, y = ng.datasets.digits()
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(
        X, y, test_fraction=0.2, seed=0
    )
    net = ng.mlp([64, 64, 10], activation="relu", loss="cross_entropy", seed=0)
    net.fit(X_train, y_train, epochs=15, batch_size=32, optimizer="adam", lr=0.003)
    snn = ng.brain.to_spiking(net, X_train)
    figure = ng.plot.snn_accuracy(
        snn, X_test, y_test, ann=net, duration=100.0, lang=lang
    )
    return figure if isinstance(figure, plt.Figure) else figure.figure
