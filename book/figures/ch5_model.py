"""Chapter 5, what a trained network computes: its decision boundary, its
weights and activations for one sample, and one sample's computation graph.

One real run: TF Playground's spiral, a 2-16-16-1 tanh network trained by Adam
(the README's network, on 500 points).
"""

import inspect

import matplotlib.pyplot as plt
from matplotlib.text import Text

import neuroglass as ng

TEXT = {
    "en": {
        "a": "(a) decision_boundary",
        "b": "(b) network, for the test sample x_test[0]",
        "c": "(c) computation: a 2-3-1 network, one sample",
    },
    "zh": {
        "a": "(a) decision_boundary：决策边界",
        "b": "(b) network：网络（测试样本x_test[0]）",
        "c": "(c) computation：2-3-1网络的一个样本",
    },
}
#: words the figure functions may still write in English (until they take lang=)
WORDS = {
    "train": "训练",
    "test": "测试",
    "class 0": "类别0",
    "class 1": "类别1",
    "input": "输入",
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
    figure = plt.figure(figsize=(14, 11), layout="constrained")
    grid = figure.add_gridspec(2, 2, width_ratios=[1.0, 1.5], height_ratios=[1, 0.9])
    boundary = figure.add_subplot(grid[0, 0])
    _call(
        ng.plot.decision_boundary,
        net,
        X_train,
        y_train,
        X_test=X_test,
        y_test=y_test,
        ax=boundary,
        lang=lang,
    )
    boundary.set_title(text["a"])
    network = figure.add_subplot(grid[0, 1])
    _call(
        ng.plot.network,
        net,
        x=X_test[0],
        feature_names=["x1", "x2"],
        ax=network,
        lang=lang,
    )
    network.set_title(text["b"])
    small = ng.mlp([2, 3, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    graph = figure.add_subplot(grid[1, :])
    _call(ng.plot.computation, small, X_test[0], y_test[:1], ax=graph, lang=lang)
    graph.set_title(text["c"])
    _translate(figure, lang)
    return figure
