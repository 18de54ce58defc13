"""The getting-started page's figure: the network of its example, trained as there."""

import matplotlib.pyplot as plt

import neuroglass as ng

TEXT = {
    "en": {
        "boundary": "what the network learned (circle data)",
        "loss": "loss during training",
        "epoch": "epoch",
    },
    "zh": {
        "boundary": "网络学到的决策边界（圆形数据）",
        "loss": "训练过程中的损失",
        "epoch": "轮（epoch）",
    },
}


def draw(lang: str):
    # the same code as the page's example
    X, y = ng.datasets.circle(n=200, seed=0)
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    history = net.fit(X, y, epochs=100, batch_size=10, optimizer="adam", lr=0.01)

    text = TEXT[lang]
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 4), layout="constrained")
    ng.plot.decision_boundary(net, X, y, ax=left, title=text["boundary"])
    ng.plot.history(history, ax=right, title=text["loss"])
    right.set_xlabel(text["epoch"])
    right.set_ylabel({"en": "loss", "zh": "损失（loss）"}[lang])
    return figure
