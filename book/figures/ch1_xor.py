"""Chapter 1's figure: the page's example (XOR, 2-8-1) drawn as it trained:
the network with its weights, what it learned over the plane, and the loss."""

import re

import matplotlib.pyplot as plt
from matplotlib.text import Text

import neuroglass as ng

# Chinese for the text the figure functions write (until they take lang=)
ZH = {
    "the network after training (one test point)": "训练后的网络（一个测试样本）",
    "what it learned (XOR)": "网络学到的划分（XOR）",
    "loss during training": "训练过程中的损失",
    "epoch": "轮（epoch）",
    "loss": "损失",
    "train": "训练",
    "training": "训练",
    "train loss": "训练损失",
    "step loss": "每步损失",
    "test": "测试",
    "class 0": "类别 0",
    "class 1": "类别 1",
    "training set (white edge)": "训练集（白边）",
    "test set (black edge)": "测试集（黑边）",
    "weight (orange < 0 < blue)": "权重（橙 < 0 < 蓝）",
}
# texts with numbers in them: (pattern, replacement)
ZH_PATTERNS = [(r"^input\n", "输入层\n")]


def _chinese(figure, table, patterns=()):
    """Every text of the figure in Chinese: exact matches from ``table``, then
    the ``(pattern, replacement)`` substitutions."""
    for text in figure.findobj(Text):
        value = table.get(text.get_text(), text.get_text())
        for pattern, replacement in patterns:
            value = re.sub(pattern, replacement, value)
        text.set_text(value)


def draw(lang: str):
    # the same code as the page's example
    X, y = ng.datasets.xor(n=400, seed=0)
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    history = net.fit(
        X_train, y_train, epochs=100, batch_size=10, optimizer="adam", lr=0.03
    )

    figure, axes = plt.subplots(
        1, 3, figsize=(14, 4.4), layout="constrained", width_ratios=[1.3, 1, 1]
    )
    ng.plot.network(
        net, x=X_test[0], ax=axes[0],
        title="the network after training (one test point)",
    )  # fmt: skip
    ng.plot.decision_boundary(
        net, X_train, y_train, X_test=X_test, y_test=y_test, ax=axes[1],
        title="what it learned (XOR)",
    )  # fmt: skip
    ng.plot.history(history, ax=axes[2], title="loss during training")
    axes[2].set_xlabel("epoch")
    if lang == "zh":
        _chinese(figure, ZH, ZH_PATTERNS)
    return figure
