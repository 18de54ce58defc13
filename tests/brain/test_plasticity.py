"""Rate rules against linear algebra: Oja's weight reaches the first principal
component of the data (numpy.linalg.eigh of the covariance, sign-free) with unit
norm; Hebb's norm grows as exp(lr * lambda_1 * t) and the run stops, loudly, at
max_norm; BCM becomes selective to one of two patterns."""

import warnings

import numpy as np
import pytest

from neuroglass.brain.plasticity import bcm, hebb, oja
from neuroglass.engine.errors import ConfigError, DataError, ShapeError


def make_cloud(n=2000, ratio=0.3, angle=60.0, seed=0):
    """The elliptic Gaussian cloud of the Neuronal Dynamics exercise (neurodynex3
    ``ojas_rule.oja.make_cloud``): unit spread along ``angle`` degrees, ``ratio``
    across it."""
    rng = np.random.default_rng(seed)
    a = np.deg2rad(angle)
    rotation = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return (rng.normal(size=(n, 2)) * [1.0, ratio]) @ rotation.T


def first_pc(X):
    values, vectors = np.linalg.eigh(np.cov(X.T))
    return values[-1], vectors[:, -1]


def test_oja_reaches_the_first_principal_component_with_unit_norm():
    X = make_cloud()
    result = oja(X, lr=0.005, epochs=5, seed=1)
    _, e1 = first_pc(X)
    w = result.weights
    assert abs(np.linalg.norm(w) - 1.0) < 0.01
    assert abs(w @ e1) / np.linalg.norm(w) > 0.999  # sign-free
    assert result.history.shape == (5 * 2000 + 1, 2)
    np.testing.assert_allclose(result.norms, np.linalg.norm(result.history, axis=1))
    assert result.norms[0] == pytest.approx(0.5)  # the default start
    assert not result.diverged and result.stop_reason == ""


def test_oja_in_five_dimensions_from_a_given_start():
    rng = np.random.default_rng(2)
    mixing = rng.normal(size=(5, 5))
    X = (rng.normal(size=(3000, 5)) * [3.0, 2.0, 1.0, 0.5, 0.3]) @ mixing.T / 3.0
    X += 4.0  # centred by the rule (center=True)
    w0 = np.full(5, 0.1)
    result = oja(X, w0=w0, lr=0.002, epochs=5, seed=3)
    np.testing.assert_array_equal(w0, 0.1)  # not modified
    np.testing.assert_array_equal(result.history[0], w0)
    _, e1 = first_pc(X)
    w = result.weights
    assert abs(np.linalg.norm(w) - 1.0) < 0.02
    assert abs(w @ e1) / np.linalg.norm(w) > 0.998


def test_oja_follows_a_direct_transcription_in_order():
    # neurodynex3's loop: for x in data: y = w.x; w += eta * y * (x - y * w)
    X = make_cloud(n=50, seed=4)
    w = np.array([0.3, -0.2])
    result = oja(X, w0=w, lr=0.04, epochs=1, center=False, shuffle=False)
    for k, x in enumerate(X):
        y = w @ x
        w = w + 0.04 * y * (x - y * w)
        np.testing.assert_allclose(result.history[k + 1], w, rtol=1e-13)


def test_hebb_norm_grows_as_exp_lr_lambda1_t():
    X = make_cloud(n=2000, seed=5)
    lam1, e1 = first_pc(X)
    lr = 0.001
    result = hebb(X, lr=lr, epochs=2, seed=6)
    norms = result.norms
    assert np.all(np.diff(norms) >= 0)  # y x . w = y^2 >= 0: never shrinks
    assert norms[-1] > 10 * norms[0]
    half = norms.size // 2  # aligned with e1 by then
    slope = np.polyfit(np.arange(half, norms.size), np.log(norms[half:]), 1)[0]
    assert slope == pytest.approx(lr * lam1, rel=0.1)
    w = result.weights
    assert abs(w @ e1) / np.linalg.norm(w) > 0.999  # direction: e1 too


def test_hebb_divergence_is_stopped_with_a_message_not_an_overflow():
    X = make_cloud(seed=7)
    with pytest.warns(RuntimeWarning, match="hebb: the weight norm reached"):
        result = hebb(X, lr=0.05, epochs=10, max_norm=1e6)
    assert result.diverged
    assert "Use oja()" in result.stop_reason
    assert np.isfinite(result.history).all()
    assert result.norms[-1] <= 1e6 < result.norms[-1] * 100
    assert result.n_updates < 10 * len(X)


def test_oja_with_too_large_a_step_diverges_loudly():
    with pytest.warns(RuntimeWarning, match="oja: .*Lower lr"):
        result = oja(make_cloud(seed=8), lr=2.0, epochs=2)
    assert result.diverged and np.isfinite(result.history).all()


def test_bcm_becomes_selective_to_one_of_two_patterns():
    # two patterns shown with probability 1/2 each: the selective fixed point
    # responds y = theta = <y^2> = y^2 / 2, i.e. y = 2, to one and 0 to the other
    rng = np.random.default_rng(9)
    patterns = np.eye(2)[rng.integers(0, 2, size=4000)]
    for w0, winner in (([0.5, 0.45], 0), ([0.45, 0.5], 1)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = bcm(patterns, w0=w0, lr=0.005, epochs=3, tau_theta=20, seed=10)
        w = result.weights
        assert w[winner] == pytest.approx(2.0, abs=0.3)
        assert abs(w[1 - winner]) < 1e-3
        assert result.thresholds.shape == (result.n_updates + 1,)
        assert result.thresholds[-1] == pytest.approx(2.0, abs=0.6)


def test_seed_and_shuffle():
    X = make_cloud(n=100, seed=11)
    a, b = oja(X, seed=3), oja(X, seed=3)
    np.testing.assert_array_equal(a.history, b.history)
    assert not np.array_equal(a.history, oja(X, seed=4).history)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"X": np.ones(5)}, ShapeError, "2-D"),
        ({"X": np.ones((3, 2, 2))}, ShapeError, "2-D"),
        ({"X": [[1.0, np.nan], [0.0, 1.0]]}, DataError, "nan"),
        ({"X": np.empty((0, 2))}, DataError, "empty"),
        ({"X": [[1.0, 2.0], [3.0]]}, DataError, "same length"),
        ({"lr": 0.0}, ConfigError, "lr"),
        ({"lr": -0.1}, ConfigError, "lr"),
        ({"epochs": 0}, ConfigError, "epochs"),
        ({"w0": [1.0, 2.0, 3.0]}, ShapeError, "w0"),
        ({"w0": [1.0, np.inf]}, DataError, "w0"),
        ({"seed": -1}, ConfigError, "seed"),
        ({"max_norm": 0.0}, ConfigError, "max_norm"),
        ({"center": "no"}, ConfigError, "center"),
    ],
)
@pytest.mark.parametrize("rule", [hebb, oja, bcm])
def test_bad_input_is_named(rule, kwargs, error, words):
    args = {"X": [[1.0, 0.0], [0.0, 1.0]]} | kwargs
    with pytest.raises(error, match=words):
        rule(**args)


def test_bcm_bad_threshold_parameters():
    with pytest.raises(ConfigError, match="tau_theta"):
        bcm(np.eye(2), tau_theta=0.0)
    with pytest.raises(ConfigError, match="theta0"):
        bcm(np.eye(2), theta0=-1.0)
