"""scikit-learn's own estimator checks, every one of them."""

import warnings

import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.estimator_checks import parametrize_with_checks

from neuroglass.estimators import MLPClassifier, MLPRegressor


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@parametrize_with_checks(
    [
        MLPClassifier(max_iter=100, random_state=0),
        MLPRegressor(max_iter=100, random_state=0),
    ]
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


@pytest.mark.parametrize("Estimator", [MLPClassifier, MLPRegressor])
def test_too_few_iterations_warn_with_sklearns_convergence_warning(Estimator):
    """Code that silences scikit-learn's ConvergenceWarning (GridSearchCV users
    do) must silence ours: it is that very class, raised when max_iter ends
    the fit before the stopping rule does, and only then."""
    X, y = load_iris(return_X_y=True)
    with pytest.warns(ConvergenceWarning, match=r"Maximum iterations \(2\)") as seen:
        Estimator((4,), max_iter=2, random_state=0).fit(X, y)
    assert all(w.category is ConvergenceWarning for w in seen)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # a huge tol: the loss "stops improving" at once, the fit converges
        est = Estimator((4,), max_iter=50, tol=1e9, n_iter_no_change=1)
        est.set_params(random_state=0).fit(X, y)
    assert est.n_iter_ < 50
