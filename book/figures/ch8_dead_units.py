"""FAQ: the activations of a 2-16-16-1 ReLU network on circle after training at
learning rate 3 (layer 2 dead) and at 0.1 (alive), as on the page."""

import matplotlib.pyplot as plt

import neuroglass as ng

TEXT = {
    "en": {
        3.0: "learning rate 3: layer 2 dead",
        0.1: "learning rate 0.1: layer 2 alive",
    },
    "zh": {
        3.0: "学习率3：第2层全部“死亡”",
        0.1: "学习率0.1：第2层仍然活跃",
    },
}


def draw(lang: str):
    X, y = ng.datasets.circle(n=200, seed=0)
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    for ax, lr in zip(axes, (3.0, 0.1)):
        net = ng.mlp(
            [2, 16, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0
        )
        net.fit(X, y, epochs=40, batch_size=10, lr=lr)
        ng.plot.activations(net, X=X, layer=1, ax=ax, lang=lang)
        ax.set_title(TEXT[lang][lr], pad=16)
    return figure
