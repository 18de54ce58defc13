"""FAQ: the activations of a 2-16-16-1 ReLU network on circle after training at
learning rate 3 (layer 2 dead) and at 0.1 (alive), as on the page."""

import re

import matplotlib.pyplot as plt
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, FuncFormatter

import neuroglass as ng

TEXT = {
    "en": {
        3.0: "learning rate 3: layer 2 dead",
        0.1: "learning rate 0.1: layer 2 alive",
    },
    "zh": {
        3.0: "学习率 3：第2层全部“死亡”",
        0.1: "学习率 0.1：第2层仍然活跃",
    },
}
ZH = {"samples": "样本", "sample": "样本", "unit": "单元", "units": "单元"}
ZH_PATTERNS = [
    (r"\bdead\b", "死亡"),
    (r"\bsaturated\b", "饱和"),
    (r"\bsamples\b", "样本"),
    (r"\bunits\b", "单元"),
    (r"\bunit\b", "单元"),
    (r"never > 0", "从不 > 0"),
    (r"of 样本", "的样本"),
    (r"([\d.]) to ([\d.])", r"\1 到 \2"),
]


def _chinese(figure, table, patterns=()):
    """Every text of the figure in Chinese: exact matches from ``table``, then
    the ``(pattern, replacement)`` substitutions; tick labels too."""

    def translate(value):
        value = table.get(value, value)
        for pattern, replacement in patterns:
            value = re.sub(pattern, replacement, value)
        return value

    for text in figure.findobj(Text):
        text.set_text(translate(text.get_text()))
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            old = axis.get_major_formatter()
            if isinstance(old, (FixedFormatter, FuncFormatter)):  # set_ticklabels
                axis.set_major_formatter(
                    FuncFormatter(lambda x, pos, old=old: translate(old(x, pos)))
                )


def draw(lang: str):
    X, y = ng.datasets.circle(n=200, seed=0)
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    for ax, lr in zip(axes, (3.0, 0.1)):
        net = ng.mlp(
            [2, 16, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0
        )
        net.fit(X, y, epochs=40, batch_size=10, lr=lr)
        ng.plot.activations(net, X=X, layer=1, ax=ax)
        ax.set_title(TEXT[lang][lr], pad=16)
    if lang == "zh":
        _chinese(figure, ZH, ZH_PATTERNS)
    return figure
