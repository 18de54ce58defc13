"""Chapter 1's figure: the page's example (XOR, 2-8-1) drawn as it trained:
the network with its weights, what it learned over the plane, and the loss."""

import matplotlib.pyplot as plt

import neuroglass as ng

TEXT = {
    "en": {
        "network": "after training, first test point x = ({x1:.2f}, {x2:.2f})",
        "boundary": "what it learned (XOR)",
        "loss": "loss during training",
    },
    "zh": {
        "network": "训练后的网络，第一个测试样本x = ({x1:.2f}, {x2:.2f})",
        "boundary": "网络学到的划分（异或）",
        "loss": "训练过程中的损失",
    },
}


def draw(lang: str):
    # the same code as the page's example
    X, y = ng.datasets.xor(n=400, seed=0)
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    history = net.fit(
        X_train, y_train, epochs=100, batch_size=10, optimizer="adam", lr=0.03
    )

    text = TEXT[lang]
    figure, axes = plt.subplots(
        1, 3, figsize=(15, 4.8), layout="constrained", width_ratios=[1.4, 1, 1]
    )
    title = text["network"].format(x1=X_test[0, 0], x2=X_test[0, 1])
    ng.plot.network(net, x=X_test[0], ax=axes[0], title=title, lang=lang)
    ng.plot.decision_boundary(
        net, X_train, y_train, X_test=X_test, y_test=y_test, ax=axes[1],
        title=text["boundary"], lang=lang,
    )  # fmt: skip
    ng.plot.history(history, ax=axes[2], title=text["loss"], lang=lang)
    return figure
