"""Chapter 7, interpretability: the hidden activations of the page's 64-64-10
digits network on the test images, sorted by digit (for 64 inputs, the views
summarize: which units respond to which digit, not what they detect)."""

from itertools import pairwise

import numpy as np

import neuroglass as ng

TEXT = {
    "en": {
        "title": "hidden activations of the digits network",
        "rows": "test images, sorted by digit",
    },
    "zh": {
        "title": "数字识别网络的隐藏层激活值",
        "rows": "测试图像（按数字排序）",
    },
}


def draw(lang: str):
    X, y = ng.datasets.digits()
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(
        X, y, test_fraction=0.2, seed=0
    )
    net = ng.mlp([64, 64, 10], activation="relu", loss="cross_entropy", seed=0)
    net.fit(X_train, y_train, epochs=15, batch_size=32, optimizer="adam", lr=0.003)
    order = np.argsort(y_test, kind="stable")
    ax = ng.plot.activations(net, X=X_test[order], layer=0, lang=lang)
    ax.figure.set_size_inches(9, 6)
    sorted_labels = y_test[order]
    starts = [int(np.searchsorted(sorted_labels, d)) for d in range(11)]
    for start in starts[1:-1]:
        ax.axhline(start - 0.5, color="black", lw=0.6)
    ax.set_yticks([(a + b) / 2 for a, b in pairwise(starts)], range(10))
    ax.set_ylabel(TEXT[lang]["rows"])
    ax.set_title(TEXT[lang]["title"], pad=16)
    return ax.figure
