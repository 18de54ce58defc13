"""FAQ: the overfitting run of the page (60 noisy XOR points, 2-32-32-1, 300
epochs of Adam), recorded: its losses with the diagnostics marked, and what the
overfitted network learned."""

import re
import tempfile

import matplotlib.pyplot as plt
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, FuncFormatter

import neuroglass as ng

TEXT = {
    "en": {
        "history": "training and validation loss",
        "boundary": "what the overfitted network learned",
        "epoch": "epoch",
    },
    "zh": {
        "history": "训练损失与验证损失",
        "boundary": "过拟合网络学到的划分",
        "epoch": "轮（epoch）",
    },
}
ZH = {
    "loss": "损失",
    "train loss": "训练损失",
    "training loss": "训练损失",
    "train": "训练",
    "validation": "验证",
    "val loss": "验证损失",
    "validation loss": "验证损失",
    "step loss": "每步损失",
    "class 0": "类别 0",
    "class 1": "类别 1",
    "training set (white edge)": "训练集（白边）",
}
ZH_PATTERNS = [(r"\boverfitting\b", "过拟合")]


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
    text = TEXT[lang]
    X_train, y_train = ng.datasets.xor(n=60, noise=0.3, seed=1)
    X_val, y_val = ng.datasets.xor(n=200, noise=0.3, seed=2)
    net = ng.mlp(
        [2, 32, 32, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    recorder = ng.Recorder(tempfile.mkdtemp())
    net.fit(
        X_train, y_train, epochs=300, batch_size=10, optimizer="adam", lr=0.01,
        validation_data=(X_val, y_val), callbacks=[recorder],
    )  # fmt: skip
    run = ng.open_run(recorder.path)

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.3), layout="constrained")
    ng.plot.history(run, ax=left, steps=False, title=text["history"])
    left.set_xlabel(text["epoch"])
    ng.plot.decision_boundary(net, X_train, y_train, ax=right, title=text["boundary"])
    if lang == "zh":
        _chinese(figure, ZH, ZH_PATTERNS)
    return figure
