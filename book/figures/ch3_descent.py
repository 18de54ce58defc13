"""Chapter 3's gradient descent figure: two recorded runs of full-batch gradient
descent on a one-weight, one-bias model, drawn on their loss landscape."""

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng

LEARNING_RATES = (0.05, 0.18)
TITLES = {
    "en": {
        0.05: "lr = 0.05: small steps, slow progress",
        0.18: "lr = 0.18: each step overshoots the valley",
    },
    "zh": {
        0.05: "学习率0.05：步子小，进展慢",
        0.18: "学习率0.18：每一步都越过谷底",
    },
}


def _data():
    # y = 3 - x plus noise; x centred at 2, so weight and bias are coupled
    # and the valley of the loss is long and narrow
    rng = np.random.default_rng(0)
    X = 2 + rng.normal(size=(40, 1))
    y = 3 - X[:, 0] + 0.3 * rng.normal(size=40)
    return X, y


def _panel(ax, X, y, lr, lang):
    net = ng.mlp([1, 1], loss="mse", seed=0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "descent.ngrun"
        recorder = ng.Recorder(path, snapshot_every=1)
        net.fit(
            X, y, epochs=30, batch_size=len(X), optimizer="sgd", lr=lr,
            shuffle=False, callbacks=[recorder],
        )  # fmt: skip
        ng.plot.loss_landscape(ng.open_run(path), X, y, ax=ax, log=True, lang=lang)
    ax.set_title(TITLES[lang][lr], fontsize=10)


def draw(lang: str):
    X, y = _data()
    figure, axes = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
    for ax, lr in zip(axes, LEARNING_RATES):
        _panel(ax, X, y, lr, lang)
    return figure
