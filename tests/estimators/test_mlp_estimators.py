"""The estimators in scikit-learn workflows, and against scikit-learn's own MLP."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits, make_regression
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.neural_network import MLPClassifier as SklearnMLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import neuroglass as ng
from neuroglass.estimators import MLPClassifier, MLPRegressor

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def digits():
    return load_digits(return_X_y=True)


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


def test_early_stopping_and_convergence():
    X, y = load_digits(return_X_y=True)
    clf = MLPClassifier(
        (16,), early_stopping=True, n_iter_no_change=3, max_iter=500, random_state=0
    ).fit(X / 16, y)
    assert clf.n_iter_ < 500
    assert len(clf.validation_scores_) == clf.n_iter_
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        with pytest.raises(ConvergenceWarning, match="Maximum iterations \\(3\\)"):
            MLPClassifier((4,), max_iter=3, random_state=0).fit(X / 16, y)


def test_random_state_makes_fits_repeatable(digits):
    X, y = digits
    a = MLPClassifier((8,), max_iter=5, random_state=3).fit(X / 16, y)
    b = MLPClassifier((8,), max_iter=5, random_state=3).fit(X / 16, y)
    np.testing.assert_array_equal(a.coefs_[0], b.coefs_[0])


def test_pickle_round_trip(digits):
    X, y = digits
    clf = MLPClassifier((8,), max_iter=5, random_state=0).fit(X / 16, y)
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(
        again.predict_proba(X / 16), clf.predict_proba(X / 16)
    )
    assert np.shares_memory(again.network_.layers[0].weights, again.network_._params)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"solver": "lbfgs"},
            "'solver' parameter of MLPClassifier must be a str among",
        ),
        ({"activation": "relu6"}, "'activation' parameter"),
        (
            {"hidden_layer_sizes": (8, 0)},
            r"hidden_layer_sizes=\(8, 0\) .* must be a positive integer; got 0",
        ),
        ({"learning_rate_init": -1.0}, "'learning_rate_init' parameter"),
        ({"loss": "mse"}, "'loss' parameter of MLPClassifier"),
        ({"dtype": "float16"}, "'dtype' parameter"),
        ({"alpha": -1}, "'alpha' parameter"),
    ],
)
def test_bad_parameters_get_clear_errors(params, message):
    X, y = np.zeros((10, 2)), np.arange(10) % 2
    with pytest.raises(ValueError, match=message):
        MLPClassifier(**params).fit(X, y)


def test_bad_input():
    clf = MLPClassifier((4,), max_iter=5)
    with pytest.raises(NotFittedError):
        clf.predict(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="NaN"):
        clf.fit(np.array([[0.0, np.nan], [1.0, 1.0]]), [0, 1])
    clf.fit(np.random.default_rng(0).normal(size=(20, 3)), np.arange(20) % 2)
    with pytest.raises(
        ValueError, match="X has 5 features, but MLPClassifier is expecting 3"
    ):
        clf.predict(np.zeros((2, 5)))
    sparse = pytest.importorskip("scipy.sparse")
    with pytest.raises(TypeError, match="dense data is required"):
        clf.fit(sparse.csr_matrix(np.eye(4)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="continuous"):
        MLPClassifier().fit(np.zeros((4, 2)), [0.1, 0.2, 0.3, 0.4])


def test_record_writes_a_run(tmp_path, monkeypatch):
    X, y = load_digits(return_X_y=True)
    path = tmp_path / "clf.ngrun"
    clf = MLPClassifier((8,), max_iter=5, random_state=0, record=str(path))
    clf.fit(X / 16, y)
    clf.fit(X / 16, y)  # refitting replaces the run
    with ng.open_run(path) as run:
        assert run.status == "finished" and len(run.epochs) == 5
        np.testing.assert_allclose(run.metrics(format="dict")["loss"], clf.loss_curve_)
        np.testing.assert_array_equal(
            run.network().predict(X / 16), clf.network_.predict(X / 16)
        )
    monkeypatch.chdir(tmp_path)
    MLPRegressor((4,), max_iter=2, record=True).fit(X[:50], y[:50] / 9.0)
    runs = list((tmp_path / "neuroglass-runs").glob("*.ngrun"))
    assert len(runs) == 1


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


@pytest.mark.parametrize("solver", ["sgd", "plain_sgd", "momentum", "adam", "rmsprop"])
@pytest.mark.parametrize("early_stopping", [False, True])
def test_divergence_leaves_the_weights_of_the_last_finite_loss(
    monkeypatch, solver, early_stopping
):
    """The engine's promise holds through the estimators: after
    TrainingDiverged, coefs_ are exactly the weights at which the last finite
    loss was computed (recorded here by a batch hook on the monitor)."""
    from neuroglass.estimators import base

    class Recording(base._ConvergenceMonitor):
        wants_batches = True

        def on_fit_start(self, net, fit):
            self.before = self.last = net.parameters_vector()
            self.steps = 0

        def on_batch_end(self, net, step):
            if step.step == 12:  # adaptive solvers rarely diverge by themselves
                net.layers[0].weights[0, 0] = 1e300
            self.last, self.before = self.before, net.parameters_vector()
            self.steps += 1

    monitors = []
    monkeypatch.setattr(
        base,
        "_ConvergenceMonitor",
        lambda *a: monitors.append(Recording(*a)) or monitors[-1],
    )
    X, y = ng.datasets.plane(n=200)
    reg = MLPRegressor(
        (4, 2),
        activation="identity",
        solver=solver,
        batch_size=10,
        learning_rate_init=1e-3,
        early_stopping=early_stopping,
        random_state=0,
    )
    with pytest.raises(ng.TrainingDiverged):
        reg.fit(X, y)
    (monitor,) = monitors
    assert monitor.steps == 13
    assert np.array_equal(reg.network_.parameters_vector(), monitor.last)
    flat = np.concatenate(
        [a.ravel() for w, b in zip(reg.coefs_, reg.intercepts_) for a in (w, b)]
    )
    assert np.array_equal(flat, monitor.last)
