"""Chapter 5, what a trained network computes: its decision boundary, and its
weights and activations for one sample (the computation graph of one sample is
ch5_computation.py, at the function's own size, where its text is readable).

One real run: TF Playground's spiral, a 2-16-16-1 tanh network trained by Adam
(the README's network, on 500 points).
"""

import matplotlib.pyplot as plt

import neuroglass as ng

TEXT = {
    "en": {
        "a": "(a) decision_boundary",
        "b": "(b) network, for the test sample x_test[0]",
    },
    "zh": {
        "a": "(a) decision_boundary：决策边界",
        "b": "(b) network：网络（测试样本x_test[0]）",
    },
}
_RUN = {}


def _trained():
    if not _RUN:
        X, y = ng.datasets.spiral(n=500, noise=0.0, seed=0)
        split = ng.datasets.train_test_split(X, y, seed=0)
        net = ng.mlp(
            [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
        )
        net.fit(
            split[0], split[2], epochs=200, batch_size=10, optimizer="adam", lr=0.01
        )
        _RUN.update(net=net, split=split)
    return _RUN["net"], _RUN["split"]


def draw(lang):
    net, (X_train, X_test, y_train, y_test) = _trained()
    text = TEXT[lang]
    figure = plt.figure(figsize=(12.5, 6), layout="constrained")
    grid = figure.add_gridspec(1, 2, width_ratios=[1.0, 1.5])
    boundary = figure.add_subplot(grid[0, 0])
    ng.plot.decision_boundary(
        net, X_train, y_train, X_test=X_test, y_test=y_test, ax=boundary, lang=lang
    )
    boundary.set_title(text["a"])
    network = figure.add_subplot(grid[0, 1])
    ng.plot.network(net, x=X_test[0], feature_names=["x1", "x2"], ax=network, lang=lang)
    network.set_title(text["b"])
    return figure
