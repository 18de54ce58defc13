"""Chapter 5: every neuron's output over the input plane (TF Playground's
thumbnails), of the spiral network of ch5_model.py, trained the same way."""

import inspect

from matplotlib.text import Text

import neuroglass as ng

TEXT = {
    "en": "neuron_maps: what each neuron computes over the plane (x1, x2)",
    "zh": "neuron_maps：每个神经元在输入平面(x1, x2)上的输出",
}
WORDS = {"input": "输入", "output": "输出"}
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
        X_train, _, y_train, _ = ng.datasets.train_test_split(X, y, seed=0)
        net = ng.mlp(
            [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
        )
        net.fit(X_train, y_train, epochs=200, batch_size=10, optimizer="adam", lr=0.01)
        _RUN["net"] = net
    return _RUN["net"]


def draw(lang):
    figure = _call(ng.plot.neuron_maps, _trained(), lang=lang)
    figure.suptitle(TEXT[lang])
    _translate(figure, lang)
    return figure
