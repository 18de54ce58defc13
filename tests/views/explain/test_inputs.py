"""What ng.explain accepts: networks and fitted estimators, one sample and its
target, with a clear error for anything else."""

from types import SimpleNamespace

import numpy as np
import pytest

import neuroglass as ng


def test_estimators_are_duck_typed(seed):
    net, X, y = seed
    fitted = SimpleNamespace(network_=net)
    np.testing.assert_array_equal(
        ng.explain.backward(fitted, X[0], y[0]).value("dW", 1),
        ng.explain.backward(net, X[0], y[0]).value("dW", 1),
    )

    class Unfitted:
        def fit(self, X, y):
            return self

        def get_params(self):
            return {}

    with pytest.raises(TypeError, match="call fit"):
        ng.explain.forward(Unfitted(), X[0])


# -- errors ----------------------------------------------------------------------------
def test_bad_input_gets_a_clear_error(seed):
    net, X, y = seed
    with pytest.raises(ng.ShapeError, match=r"3 feature\(s\).*got shape \(2,\)"):
        ng.explain.forward(net, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"got shape \(3, 2\)"):
        ng.explain.backward(net, X[:, :2], y)
    with pytest.raises(ng.DataError, match="finite"):
        ng.explain.forward(net, [1.0, np.nan, 2.0])
    with pytest.raises(ng.DataError, match="numeric"):
        ng.explain.forward(net, ["a", "b", "c"])
    with pytest.raises(ng.DataError, match="empty"):
        ng.explain.forward(net, np.empty((0, 3)))
    with pytest.raises(ng.ShapeError, match=r"x is one sample.*X\[i\] and y\[i\]"):
        ng.explain.backward(net, X[0], y)  # all three labels for one sample
    with pytest.raises(ng.ShapeError, match="match row for row"):
        ng.explain.backward(net, X, y[:2])
    with pytest.raises(ng.DataError, match="target y"):
        ng.explain.backward(net, X[0], None)
    with pytest.raises(ng.ConfigError, match=r"lr, the learning rate.* >= 0; got -1"):
        ng.explain.backward(net, X[0], y[0], lr=-1)
    with pytest.raises(ng.ConfigError, match=r"lr, the learning rate.*got .0\.1."):
        ng.explain.backward(net, X[0], y[0], lr="0.1")
    with pytest.raises(ng.ShapeError, match="sample=5 is out of range"):
        ng.explain.forward(net, X, sample=5)
    with pytest.raises(ng.ConfigError, match=r"sample, the row number.*got 1.0"):
        ng.explain.forward(net, X, sample=1.0)
    with pytest.raises(TypeError, match="neuroglass Network"):
        ng.explain.forward("net", X[0])


def test_targets_must_fit_the_loss():
    binary = ng.mlp([2, 3, 1], loss="bce", seed=0)
    with pytest.raises(ng.DataError, match="labels 0 or 1"):
        ng.explain.backward(binary, [0.1, 0.2], 2)
    classifier = ng.mlp([2, 3, 3], loss="cross_entropy", seed=0)
    with pytest.raises(ng.DataError, match="out of range"):
        ng.explain.backward(classifier, [0.1, 0.2], 5)
    with pytest.raises(ng.DataError, match="one-hot"):
        ng.explain.backward(classifier, [0.1, 0.2], [0.5, 0.9, 0.4])
    with pytest.raises(ng.ShapeError, match=r"class index 0\.\.2 or a one-hot row"):
        ng.explain.backward(classifier, [0.1, 0.2], [0, 1])
    regressor = ng.mlp([2, 3, 2], loss="mse", seed=0)
    with pytest.raises(ng.ShapeError, match="2 values, one real number per output"):
        ng.explain.backward(regressor, [0.1, 0.2], 0.5)
