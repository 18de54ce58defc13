"""Chapter 2, plasticity: the STDP window (a synapse changes with the timing of
the spikes on both sides), beside Hebb's rule, whose weights grow without bound,
and Oja's, whose weight vector settles at length 1; then the engine's plasticity,
the first-layer weights of a network spreading out as gradient descent trains it
(a recorded run)."""

import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng

TITLE = {
    "en": "engine: the 2-8-1 XOR network's first-layer weights during training",
    "zh": "引擎：异或2-8-1网络第一层权重在训练中的变化",
}


def _engine(ax, lang):
    X, y = ng.datasets.xor(n=400, seed=0)
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plasticity.ngrun"
        recorder = ng.Recorder(path, snapshot_every=1)
        net.fit(X, y, epochs=50, batch_size=10, optimizer="adam", lr=0.03,
                callbacks=[recorder])  # fmt: skip
        ng.plot.distributions(ng.open_run(path), layer=0, ax=ax, lang=lang)
    ax.set_title(TITLE[lang], fontsize=10)


def draw(lang: str):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 2)) * [1.5, 0.4]
    with warnings.catch_warnings():
        # Hebb's divergence is the point: the figure marks where it stopped
        warnings.simplefilter("ignore", RuntimeWarning)
        hebb = ng.brain.hebb(X, lr=0.01, epochs=8, seed=1)
    oja = ng.brain.oja(X, lr=0.01, epochs=8, seed=1)
    figure, axes = plt.subplot_mosaic(
        [["stdp", "norms"], ["engine", "engine"]],
        figsize=(12, 8.4),
        layout="constrained",
    )
    left, middle, right = axes["stdp"], axes["norms"], axes["engine"]
    ng.plot.stdp_window(ax=left, lang=lang)
    ng.plot.weight_norms(hebb, oja, ax=middle, lang=lang)
    _engine(right, lang)
    return figure
