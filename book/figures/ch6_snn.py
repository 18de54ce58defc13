"""Chapter 6, ANN to SNN: the page's ReLU network on the 8x8 digits, run as
integrate-and-fire neurons (ng.brain.to_spiking): test accuracy against the
simulated time, and the firing rates per layer."""

import inspect

import numpy as np
from matplotlib.text import Text

import neuroglass as ng

WORDS = {
    "simulated time (ms)": "仿真时间（ms）",
    "time (ms)": "时间（ms）",
    "accuracy": "准确率",
    "test accuracy": "测试准确率",
    "firing rate (Hz)": "发放率（Hz）",
    "layer": "层",
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
    figure = _call(
        ng.plot.snn_accuracy,
        run["snn"],
        X_test,
        y_test,
        ann=run["net"],
        duration=100.0,
        lang=lang,
    )
    _translate(figure, lang)
    return figure
