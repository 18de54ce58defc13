"""Chapter 5, panel (c) of "what a trained network computes": one sample's
computation graph through a tiny 2-3-1 network (untrained, seed 0), the first
test sample of the chapter's spiral split. Drawn at the function's own size, where
its text is 9 pt: shrunk into a wider figure it could not be read on the page."""

import neuroglass as ng

TEXT = {
    "en": "(c) computation: a 2-3-1 network, x_test[0]; each box: value | gradient",
    "zh": "(c) computation：2-3-1网络、样本x_test[0]的计算图；每个框是“值 | 梯度”",
}


def draw(lang):
    X, y = ng.datasets.spiral(n=500, noise=0.0, seed=0)
    _, X_test, _, y_test = ng.datasets.train_test_split(X, y, seed=0)
    small = ng.mlp([2, 3, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    ax = ng.plot.computation(small, X_test[0], y_test[:1], lang=lang)
    ax.set_title(TEXT[lang])
    return ax.figure
