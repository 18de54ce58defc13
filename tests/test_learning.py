"""End to end: the networks the README promises really learn their datasets."""

import time

import pytest

import neuroglass as ng
from neuroglass import datasets


def playground_net(seed):
    """TF Playground's default: 2 inputs, hidden [4, 2] tanh (sigmoid output)."""
    return ng.mlp(
        [2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=seed
    )


@pytest.mark.parametrize("name", ["circle", "xor", "gauss"])
@pytest.mark.parametrize("seed", [0, 1])
def test_playground_default_net_learns(name, seed):
    X, y = datasets.load(name, seed=seed)
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, y, test_fraction=0.5, seed=seed
    )
    net = playground_net(seed)
    net.fit(X_train, y_train, epochs=500, batch_size=10, optimizer="sgd", lr=0.03)
    assert net.evaluate(X_test, y_test)["accuracy"] >= 0.95


@pytest.mark.parametrize("seed", [0, 1])
def test_spiral_with_the_readme_net(seed):
    """README: 2-16-16-1 tanh, Adam lr 0.01, batch 10, 300 epochs (as `demo`)."""
    X, y = datasets.spiral(seed=seed)
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, y, test_fraction=0.5, seed=seed
    )
    net = ng.mlp(
        [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=seed
    )
    net.fit(X_train, y_train, epochs=300, batch_size=10, optimizer="adam", lr=0.01)
    assert net.evaluate(X_test, y_test)["accuracy"] >= 0.90


def test_digits_small_mlp_in_a_few_seconds():
    X, y = datasets.digits()
    X_train, X_test, y_train, y_test = datasets.train_test_split(
        X, y, test_fraction=0.25, seed=0
    )
    net = ng.mlp([64, 64, 10], activation="relu", loss="cross_entropy", seed=0)
    start = time.perf_counter()
    net.fit(X_train, y_train, epochs=30, batch_size=32, optimizer="adam", lr=0.001)
    elapsed = time.perf_counter() - start
    assert net.evaluate(X_test, y_test)["accuracy"] >= 0.95
    # generous bound (a shared, noisy machine); it takes well under a second here
    assert elapsed < 30


def test_multiclass_spirals_and_iris():
    X, y = datasets.spirals(n=600, classes=3, seed=0)
    X_train, X_test, y_train, y_test = datasets.train_test_split(X, y, seed=0)
    net = ng.mlp([2, 32, 32, 3], activation="tanh", loss="cross_entropy", seed=0)
    net.fit(X_train, y_train, epochs=300, batch_size=16, optimizer="adam", lr=0.01)
    assert net.evaluate(X_test, y_test)["accuracy"] >= 0.85

    X, y = datasets.iris()
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    X_train, X_test, y_train, y_test = datasets.train_test_split(X, y, seed=0)
    net = ng.mlp([4, 8, 3], activation="relu", loss="cross_entropy", seed=0)
    net.fit(X_train, y_train, epochs=100, batch_size=8, optimizer="adam", lr=0.01)
    assert net.evaluate(X_test, y_test)["accuracy"] >= 0.9


def test_regression_plane_reaches_high_r2():
    X, y = datasets.plane(seed=0)
    X_train, X_test, y_train, y_test = datasets.train_test_split(X, y, seed=0)
    net = ng.mlp([2, 4, 1], activation="tanh", loss="mse", seed=0)
    net.fit(X_train, y_train, epochs=50, batch_size=10, lr=0.03)
    assert net.evaluate(X_test, y_test)["r2"] >= 0.98
