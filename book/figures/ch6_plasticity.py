"""Chapter 6, learning without backprop: the STDP window, the start of Song,
Miller & Abbott's weight split (a short run: 20 s of model time at 40 Hz), Hebb's
diverging weight norm against Oja's, and Oja's rule beside a linear autoencoder
trained by backprop."""

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng

TEXT = {
    "en": {
        "a": "(a) stdp_window: Δw against Δt = t_post − t_pre",
        "b": "(b) song: w / g_max, 20 s at 40 Hz (short run)",
        "c": "(c) weight_norms: Hebb against Oja",
        "d": "(d) oja_vs_backprop: the weight paths",
        "e": "(e) angle to the first principal component",
    },
    "zh": {
        "a": "(a) stdp_window：Δw与Δt = t_post − t_pre",
        "b": "(b) song：w / g_max的分布（40 Hz，20 s的短仿真）",
        "c": "(c) weight_norms：赫布规则与Oja规则的权重范数",
        "d": "(d) oja_vs_backprop：权重的轨迹",
        "e": "(e) 与第一主成分的夹角",
    },
}
_RUN = {}


def _runs():
    if not _RUN:
        rng = np.random.default_rng(0)
        X = rng.multivariate_normal([0.0, 0.0], [[3.0, 1.2], [1.2, 1.0]], size=500)
        _RUN.update(
            song=[
                ng.brain.song_miller_abbott(rate_hz=40.0, duration_ms=20_000.0, seed=0)
            ],
            hebb=ng.brain.hebb(X, lr=0.01, epochs=8, seed=1),
            oja=ng.brain.oja(X, lr=0.01, epochs=8, seed=1),
            bridge=ng.brain.oja_vs_backprop(X, epochs=8, lr=0.01, seed=1),
        )
    return _RUN


def draw(lang):
    runs = _runs()
    text = TEXT[lang]
    # two columns (the page shows a figure about 7 inches wide): (a) (b),
    # (c) (d), then (e) across
    figure = plt.figure(figsize=(12, 13), layout="constrained")
    grid = figure.add_gridspec(3, 2, height_ratios=[1, 1, 0.7])
    axes = [figure.add_subplot(grid[row, col]) for row in (0, 1) for col in (0, 1)]
    axes.append(figure.add_subplot(grid[2, :]))
    a, b, c, d, e = axes
    ng.plot.stdp_window(ax=a, lang=lang)
    ng.plot.song(runs["song"], ax=b, lang=lang)
    ng.plot.weight_norms(runs["hebb"], runs["oja"], ax=c, lang=lang)
    ng.plot.oja_vs_backprop(runs["bridge"], axes=(d, e), lang=lang)
    for ax, key in zip(axes, "abcde"):
        ax.set_title(text[key])
    return figure
