"""Chapter 6: Izhikevich's firing patterns (the 2003 paper's presets and
protocols), each simulated by ng.brain with the published scheme."""

import inspect

from matplotlib.text import Text

import neuroglass as ng

TEXT = {
    "en": "Izhikevich (2003): eight firing patterns, four parameters (a, b, c, d)",
    "zh": "Izhikevich（2003）：四个参数(a, b, c, d)给出八种发放模式",
}
WORDS = {"time (ms)": "时间（ms）", "t (ms)": "时间（ms）", "v (mV)": "膜电位v（mV）"}


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


def draw(lang):
    figure = _call(ng.plot.izhikevich_gallery, lang=lang)
    figure.suptitle(TEXT[lang])
    _translate(figure, lang)
    return figure
