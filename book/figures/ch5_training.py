"""Chapter 5, watching training: the views of a recorded run.

One real run: the spiral network of ch5_model.py, recorded by ng.Recorder to a
temporary file and read back with ng.open_run.
"""

import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

import neuroglass as ng

TEXT = {
    "en": {
        "history": "(a) history (log scale)",
        "distributions": "(b) distributions: weights of layer 0",
        "gradient_flow": "(c) gradient_flow",
        "update_ratios": "(d) update_ratios",
        "activations": "(e) activations (probe batch)",
        "unit_activity": "(f) unit_activity",
        "gradients": "(g) network, mode='gradients'",
        "landscape": "(h) loss_landscape with the optimizer's path",
    },
    "zh": {
        "history": "(a) history：损失曲线（对数坐标）",
        "distributions": "(b) distributions：第0层权重的分布",
        "gradient_flow": "(c) gradient_flow：各层梯度大小",
        "update_ratios": "(d) update_ratios：更新量与权重之比",
        "activations": "(e) activations：探针批量上的激活",
        "unit_activity": "(f) unit_activity：单元活跃比例",
        "gradients": "(g) network：梯度视图",
        "landscape": "(h) loss_landscape：损失地形与优化路径",
    },
}
_RUN = {}


def _recorded():
    if not _RUN:
        X, y = ng.datasets.spiral(n=500, noise=0.0, seed=0)
        X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
        net = ng.mlp(
            [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
        )
        path = Path(tempfile.mkdtemp()) / "spiral.ngrun"
        net.fit(
            X_train,
            y_train,
            epochs=200,
            batch_size=10,
            optimizer="adam",
            lr=0.01,
            validation_data=(X_test, y_test),
            callbacks=[ng.Recorder(path, dataset="spiral")],
        )
        _RUN.update(run=ng.open_run(path), data=(X_train, y_train))
    return _RUN["run"], _RUN["data"]


def draw(lang):
    run, (X_train, y_train) = _recorded()
    text = TEXT[lang]
    # two columns: the page shows a figure about 7 inches wide, and four
    # columns of panels shrank their text to a third of its size there
    figure, axes = plt.subplots(4, 2, figsize=(12.5, 17), layout="constrained")
    (a, b), (c, d), (e, f), (g, h) = axes
    ng.plot.history(run, ax=a, log=True, lang=lang)
    ng.plot.distributions(run, layer=0, ax=b, lang=lang)
    ng.plot.gradient_flow(run, ax=c, lang=lang)
    ng.plot.update_ratios(run, ax=d, lang=lang)
    ng.plot.activations(run, ax=e, lang=lang)
    ng.plot.unit_activity(run, ax=f, lang=lang)
    ng.plot.network(run, mode="gradients", ax=g, legend=False, lang=lang)
    ng.plot.loss_landscape(run, X_train, y_train, ax=h, steps=15, lang=lang)
    for ax, key in zip(axes.flat, TEXT["en"]):
        ax.set_title(text[key])
    return figure
