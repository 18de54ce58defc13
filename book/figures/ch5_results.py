"""Chapter 5, judging the predictions: three classes (decision boundary and
confusion matrix) and a regression (predicted against true values).

Two real runs: four overlapping blobs (2-16-4, softmax, cross-entropy)
and TF Playground's plane regression (2-8-1, MSE).
"""

import matplotlib.pyplot as plt

import neuroglass as ng

TEXT = {
    "en": {
        "a": "(a) decision_boundary, 4 classes",
        "b": "(b) confusion_matrix (test set)",
        "c": "(c) regression_fit, plane (test set)",
    },
    "zh": {
        "a": "(a) decision_boundary：四个类别",
        "b": "(b) confusion_matrix：混淆矩阵（测试集）",
        "c": "(c) regression_fit：回归拟合（测试集）",
    },
}
_RUN = {}


def _trained():
    if not _RUN:
        X, y = ng.datasets.blobs(n=400, classes=4, noise=0.3, seed=0)
        split = ng.datasets.train_test_split(X, y, seed=0)
        net = ng.mlp([2, 16, 4], activation="tanh", loss="cross_entropy", seed=0)
        net.fit(split[0], split[2], epochs=60, batch_size=16, optimizer="adam", lr=0.01)
        Xr, yr = ng.datasets.plane(n=300, noise=0.1, seed=0)
        rsplit = ng.datasets.train_test_split(Xr, yr, seed=0)
        reg = ng.mlp([2, 8, 1], activation="tanh", loss="mse", seed=0)
        reg.fit(
            rsplit[0], rsplit[2], epochs=100, batch_size=10, optimizer="adam", lr=0.01
        )
        _RUN.update(net=net, split=split, reg=reg, rsplit=rsplit)
    return _RUN


def draw(lang):
    run = _trained()
    X_train, X_test, y_train, y_test = run["split"]
    text = TEXT[lang]
    figure, (a, b, c) = plt.subplots(1, 3, figsize=(14, 4.8), layout="constrained")
    ng.plot.decision_boundary(
        run["net"],
        X_train,
        y_train,
        X_test=X_test,
        y_test=y_test,
        ax=a,
        lang=lang,
    )
    ng.plot.confusion_matrix(run["net"], X_test, y_test, ax=b, lang=lang)
    _, Xr_test, _, yr_test = run["rsplit"]
    ng.plot.regression_fit(run["reg"], Xr_test, yr_test, ax=c, lang=lang)
    fit = c.get_title()  # the function's title gives R^2: kept as a second line
    for ax, key in zip((a, b, c), "abc"):
        ax.set_title(text[key])
    c.set_title(f"{text['c']}\n{fit}")
    return figure
