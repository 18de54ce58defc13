"""MLPClassifier and MLPRegressor in scikit-learn workflows (labels, pipelines,
search, partial_fit, multi-output), and against scikit-learn's own MLP."""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits, make_regression
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.neural_network import MLPClassifier as SklearnMLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import neuroglass as ng
from neuroglass.estimators import MLPClassifier, MLPRegressor

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def test_importable_from_the_package():
    assert ng.MLPClassifier is MLPClassifier and ng.MLPRegressor is MLPRegressor


def test_pipeline_with_scaler(digits):
    X, y = digits
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    model = make_pipeline(StandardScaler(), MLPClassifier((32,), random_state=0))
    model.fit(X_train, y_train)
    assert model.score(X_test, y_test) > 0.93
    clf = model[-1]
    assert isinstance(clf.network_, ng.Network)
    assert clf.network_.sizes == [64, 32, 10]
    assert [w.shape for w in clf.coefs_] == [(64, 32), (32, 10)]
    assert [b.shape for b in clf.intercepts_] == [(32,), (10,)]
    assert clf.n_iter_ == len(clf.loss_curve_) and clf.n_layers_ == 3
    assert clf.out_activation_ == "softmax" and clf.n_outputs_ == 10
    proba = model.predict_proba(X_test)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_grid_search_and_cross_val_score(digits):
    X, y = digits
    X, y = X[:600], y[:600]
    search = GridSearchCV(
        make_pipeline(StandardScaler(), MLPClassifier(max_iter=30, random_state=0)),
        {
            "mlpclassifier__hidden_layer_sizes": [(8,), (32,)],
            "mlpclassifier__alpha": [1e-4, 1e-2],
        },
        cv=3,
    )
    search.fit(X, y)
    assert search.best_params_["mlpclassifier__hidden_layer_sizes"] == (32,)
    scores = cross_val_score(
        MLPClassifier((16,), max_iter=50, learning_rate_init=0.01, random_state=0),
        X / 16,
        y,
        cv=3,
    )
    assert scores.shape == (3,) and scores.mean() > 0.85


def test_string_labels_binary_and_multiclass():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    names = np.where(X[:, 0] > 0, "cat", "dog")
    clf = MLPClassifier(
        (8,), max_iter=200, learning_rate_init=0.02, random_state=0
    ).fit(X, names)
    assert list(clf.classes_) == ["cat", "dog"]
    assert clf.network_.loss_fn.name == "bce" and clf.network_.n_outputs == 1
    assert set(clf.predict(X)) <= {"cat", "dog"}
    assert clf.score(X, names) > 0.95
    assert clf.predict_proba(X).shape == (200, 2)
    three = np.array(["a", "b", "c"])[(X[:, 0] > 0).astype(int) + (X[:, 1] > 0)]
    clf3 = MLPClassifier((8,), max_iter=200, random_state=0).fit(X, three)
    assert clf3.network_.loss_fn.name == "cross_entropy" and clf3.n_outputs_ == 3


def test_multilabel_is_supported():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3))
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] > 0, X[:, 0] + X[:, 2] > 0]).astype(int)
    clf = MLPClassifier((16,), max_iter=300, random_state=0).fit(X, Y)
    assert clf.predict(X).shape == (300, 3)
    assert clf.predict_proba(X).shape == (300, 3)
    assert clf.score(X, Y) > 0.8  # subset accuracy


def test_partial_fit_needs_classes_then_learns():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 2))
    y = (X[:, 0] > 0).astype(int)
    clf = MLPClassifier((8,), random_state=0, learning_rate_init=0.01)
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X, y)
    clf = MLPClassifier((8,), random_state=0, learning_rate_init=0.01)
    for start in range(0, 300, 50):
        clf.partial_fit(X[start : start + 50], y[start : start + 50], classes=[0, 1])
    assert clf.n_iter_ == 6 and clf.score(X, y) > 0.9
    with pytest.raises(ValueError, match="not seen before"):
        clf.partial_fit(X[:5], [0, 1, 2, 0, 1])


def test_regressor_single_and_multi_output():
    X, y = make_regression(n_samples=300, n_features=4, noise=1.0, random_state=0)
    model = make_pipeline(
        StandardScaler(),
        MLPRegressor((32,), max_iter=300, learning_rate_init=0.01, random_state=0),
    )
    model.fit(X, y / y.std())
    assert model.score(X, y / y.std()) > 0.95
    assert model.predict(X).shape == (300,)
    Y = np.column_stack([y, -y]) / y.std()
    reg = MLPRegressor(
        (16,), max_iter=200, learning_rate_init=0.01, random_state=0
    ).fit(X, Y)
    assert reg.predict(X).shape == (300, 2)


@pytest.mark.parametrize("loader", [load_digits, load_breast_cancer])
@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_accuracy_within_two_points_of_sklearn(loader, solver):
    X, y = loader(return_X_y=True)
    ours, theirs = [], []
    for seed in range(3):
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=0.3, random_state=seed, stratify=y
        )
        for scores, cls in ((ours, MLPClassifier), (theirs, SklearnMLPClassifier)):
            model = make_pipeline(
                StandardScaler(),
                cls(
                    hidden_layer_sizes=(64,),
                    solver=solver,
                    max_iter=200,
                    random_state=seed,
                ),
            )
            scores.append(model.fit(X_train, y_train).score(X_test, y_test))
    assert np.mean(ours) >= np.mean(theirs) - 0.02
