"""FAQ: the training loss of the same network at five learning rates, a factor
of 10 apart (the page's sweep, run again)."""

import matplotlib.pyplot as plt

import neuroglass as ng

RATES = [0.001, 0.01, 0.1, 1.0, 10.0]
TEXT = {
    "en": {
        "title": "learning rate {lr}",
        "epoch": "epoch",
        "loss": "training loss (bce)",
        "suptitle": "The same 2-8-1 network on circle, trained at five learning rates",
    },
    "zh": {
        "title": "学习率{lr}",
        "epoch": "轮（epoch）",
        "loss": "训练损失（bce）",
        "suptitle": "同一个2-8-1网络在圆形数据上以五种学习率训练",
    },
}


def draw(lang: str):
    text = TEXT[lang]
    X, y = ng.datasets.circle(n=200, seed=0)
    figure, axes = plt.subplots(
        1, len(RATES), figsize=(14, 3.4), sharey=True, layout="constrained"
    )
    for ax, lr in zip(axes, RATES):
        net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
        history = net.fit(X, y, epochs=50, batch_size=10, lr=lr)
        ng.plot.history(
            history, ax=ax, steps=False, title=text["title"].format(lr=lr), lang=lang
        )
        ax.set_xlabel(text["epoch"])
        ax.set_ylabel(text["loss"] if ax is axes[0] else "")
        legend = ax.get_legend()
        if legend is not None:
            legend.remove()
    figure.suptitle(text["suptitle"])
    return figure
