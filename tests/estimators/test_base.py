"""What both estimators share (estimators/base.py): parameter checks, stopping
rules, repeatable fits, pickling, recording, divergence."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning, NotFittedError

import neuroglass as ng
from neuroglass.estimators import MLPClassifier, MLPRegressor

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


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


def test_verbose_shows_a_progress_bar(capsys):
    X, y = np.random.default_rng(0).normal(size=(20, 2)), np.arange(20) % 2
    MLPClassifier((3,), max_iter=2, batch_size=10, random_state=0).fit(X, y)
    assert capsys.readouterr().err == ""
    MLPClassifier((3,), max_iter=2, batch_size=10, random_state=0, verbose=True).fit(
        X, y
    )
    captured = capsys.readouterr()
    assert "training: 100%|" in captured.err and "4/4" in captured.err
    assert captured.out == ""  # not the engine's plain-text lines
