"""Chapter 3's gradient descent figure: two recorded runs of full-batch gradient
descent on a one-weight, one-bias model, drawn on their loss landscape."""

import re
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng

LEARNING_RATES = (0.05, 0.18)
TEXT = {
    "en": {
        0.05: "lr = 0.05: small steps, slow progress",
        0.18: "lr = 0.18: each step overshoots the valley",
        "axis": "PC{k} ({share}% of the path)",
        "bar": "log10 loss",
        "legend": ["start", "after 30 steps"],
    },
    "zh": {
        0.05: "学习率0.05：步子小，进展慢",
        0.18: "学习率0.18：每一步都越过谷底",
        "axis": "主成分{k}（占路径方差的{share}%）",
        "bar": "log10（损失）",
        "legend": ["起点", "30步之后"],
    },
}


def _data():
    # y = 3 - x plus noise; x centred at 2, so weight and bias are coupled
    # and the valley of the loss is long and narrow
    rng = np.random.default_rng(0)
    X = 2 + rng.normal(size=(40, 1))
    y = 3 - X[:, 0] + 0.3 * rng.normal(size=40)
    return X, y


def _panel(ax, X, y, lr, text):
    net = ng.mlp([1, 1], loss="mse", seed=0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "descent.ngrun"
        recorder = ng.Recorder(path, snapshot_every=1)
        net.fit(
            X, y, epochs=30, batch_size=len(X), optimizer="sgd", lr=lr,
            shuffle=False, callbacks=[recorder],
        )  # fmt: skip
        ng.plot.loss_landscape(ng.open_run(path), X, y, ax=ax, log=True)
    ax.set_title(text[lr], fontsize=10)
    for k, get, put in (
        (1, ax.get_xlabel, ax.set_xlabel),
        (2, ax.get_ylabel, ax.set_ylabel),
    ):
        share = re.search(r"\(([0-9.]+)%", get()).group(1)
        put(text["axis"].format(k=k, share=share), fontsize=9)
    for bar in ax.child_axes:
        bar.set_ylabel(text["bar"])
    for label, new in zip(ax.get_legend().get_texts(), text["legend"]):
        label.set_text(new)


def draw(lang: str):
    X, y = _data()
    figure, axes = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
    for ax, lr in zip(axes, LEARNING_RATES):
        _panel(ax, X, y, lr, TEXT[lang])
    return figure
