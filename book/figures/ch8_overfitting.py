"""FAQ: the overfitting run of the page (60 noisy XOR points, 2-32-32-1, 300
epochs of Adam), recorded: its losses with the diagnostics marked, and what the
overfitted network learned."""

import tempfile

import matplotlib.pyplot as plt

import neuroglass as ng

TEXT = {
    "en": {
        "history": "training and validation loss",
        "boundary": "what the overfitted network learned",
    },
    "zh": {
        "history": "训练损失与验证损失",
        "boundary": "过拟合网络学到的划分",
    },
}


def draw(lang: str):
    text = TEXT[lang]
    X_train, y_train = ng.datasets.xor(n=60, noise=0.3, seed=1)
    X_val, y_val = ng.datasets.xor(n=200, noise=0.3, seed=2)
    net = ng.mlp(
        [2, 32, 32, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    recorder = ng.Recorder(tempfile.mkdtemp())
    net.fit(
        X_train, y_train, epochs=300, batch_size=10, optimizer="adam", lr=0.01,
        validation_data=(X_val, y_val), callbacks=[recorder],
    )  # fmt: skip
    run = ng.open_run(recorder.path)

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.3), layout="constrained")
    ng.plot.history(run, ax=left, steps=False, title=text["history"], lang=lang)
    if lang == "zh":  # the markers name the diagnostic rule
        for mark in left.texts:
            if mark.get_text().strip() == "overfitting":
                mark.set_text(" 过拟合（overfitting）")
    ng.plot.decision_boundary(
        net, X_train, y_train, ax=right, title=text["boundary"], lang=lang
    )
    return figure
