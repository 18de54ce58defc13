"""scikit-learn's own estimator checks, every one of them."""

import pytest
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


def test_convergence_warning_class_is_sklearns():
    assert issubclass(ConvergenceWarning, UserWarning)
