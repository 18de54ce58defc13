"""The confusion matrix and the regression fit draw the counts and the
predictions."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.views.figures import metrics


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"nothing drawn with gid {gid!r}"
    return found[0]


@pytest.fixture(scope="module")
def three_classes():
    X, y = ng.datasets.spirals(n=150, classes=3, seed=0)
    net = ng.mlp([2, 8, 3], activation="tanh", loss="cross_entropy", seed=0)
    net.fit(X, y, epochs=5, batch_size=16, lr=0.05, verbose=0)
    return net, X, y


def cell_texts(ax, k):
    return np.array(
        [[by_gid(ax, f"cell-{i}-{j}").get_text() for j in range(k)] for i in range(k)]
    )


def test_confusion_matrix_cells_are_the_counts(three_classes):
    net, X, y = three_classes
    predicted = net.predict(X).argmax(axis=1)
    counts = np.zeros((3, 3), dtype=int)
    for true, pred in zip(y, predicted):
        counts[true, pred] += 1
    assert counts.trace() < len(y)  # some mistakes, so off-diagonal cells count
    ax = metrics.plot_confusion_matrix(net, X, y)
    np.testing.assert_array_equal(cell_texts(ax, 3), counts.astype(str))
    np.testing.assert_array_equal(by_gid(ax, "matrix").get_array(), counts)
    assert ax.get_xlabel() == "predicted class"
    assert ax.get_ylabel() == "true class"
    assert f"{counts.trace() / len(y):.1%}" in ax.get_title()

    ax = metrics.plot_confusion_matrix(
        net, X, y, normalize="true", class_names=["a", "b", "c"]
    )
    rows = counts / counts.sum(axis=1, keepdims=True)
    np.testing.assert_array_equal(
        cell_texts(ax, 3), np.vectorize(lambda v: f"{v:.2f}")(rows)
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    one_hot = np.eye(3)[y]
    data = metrics.confusion_matrix_data(net, X, one_hot, normalize="pred")
    np.testing.assert_array_equal(data["counts"], counts)
    np.testing.assert_allclose(data["matrix"].sum(axis=0), 1.0)
    with pytest.raises(ValueError, match="one name per class"):
        metrics.plot_confusion_matrix(net, X, y, class_names=["a", "b"])


class FittedEstimator:
    """What the views see of a fitted classifier: network_, predict, classes_."""

    def __init__(self, net):
        self.network_ = net
        self.classes_ = np.array(["cat", "dog", "eel"])

    def predict(self, X):
        return self.classes_[self.network_.predict(X).argmax(axis=1)]


def test_confusion_matrix_of_an_estimator_and_a_run(three_classes, recorded):
    net, X, y = three_classes
    estimator = FittedEstimator(net)
    labels = estimator.classes_[y]
    data = metrics.confusion_matrix_data(estimator, X, labels)
    assert data["labels"].tolist() == ["cat", "dog", "eel"]
    np.testing.assert_array_equal(
        data["counts"], metrics.confusion_matrix_data(net, X, y)["counts"]
    )
    ax = metrics.plot_confusion_matrix(estimator, X, labels)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog", "eel"]

    run, _, Xc, yc = recorded  # a run: its final network
    final = run.network().predict_classes(Xc)
    counts = metrics.confusion_matrix_data(run, Xc, yc)["counts"]
    assert counts[1, 1] == np.count_nonzero((yc == 1) & (final == 1))
    assert counts[0, 1] == np.count_nonzero((yc == 0) & (final == 1))
    assert counts.sum() == len(yc)


def test_regression_fit_scatter_is_true_against_predicted():
    X, y = ng.datasets.plane(n=120, noise=0.1, seed=0)
    net = ng.mlp([2, 6, 1], loss="mse", seed=0)
    net.fit(X, y, epochs=5, batch_size=16, lr=0.01, verbose=0)
    predicted = net.predict(X)[:, 0]
    ax = metrics.plot_regression_fit(net, X, y)
    np.testing.assert_allclose(
        by_gid(ax, "points-0").get_offsets(), np.column_stack([y, predicted])
    )
    identity = by_gid(ax, "identity")
    np.testing.assert_array_equal(identity.get_xdata(), identity.get_ydata())
    r2 = 1 - np.sum((y - predicted) ** 2) / np.sum((y - y.mean()) ** 2)
    assert f"R² = {r2:.3f}" in ax.get_title()
    assert ax.get_xlim() == ax.get_ylim()
    with pytest.raises(ValueError, match="plot_regression_fit"):
        metrics.plot_confusion_matrix(net, X, y)


def test_regression_fit_refuses_a_classifier(three_classes):
    net, X, y = three_classes
    with pytest.raises(ValueError, match="plot_confusion_matrix"):
        metrics.plot_regression_fit(net, X, y)
