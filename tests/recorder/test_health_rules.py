"""Each diagnostic rule fires on a run built to trigger it, and stays quiet on
healthy runs."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder.diagnostics import Diagnoser, SnapshotSummary


def diagnose(tmp_path, net, X, y, snapshot_every="auto", **fit):
    path = tmp_path / "run.ngrun"
    try:
        net.fit(
            X, y, callbacks=[ng.Recorder(path, snapshot_every=snapshot_every)], **fit
        )
    except ng.TrainingDiverged:
        pass
    with ng.open_run(path) as run:
        return {d.rule: d for d in run.diagnostics()}, run.status


@pytest.fixture(scope="module")
def circle():
    return ng.datasets.circle(n=300, seed=0)


def check(diagnostic, *words):
    assert diagnostic.message and diagnostic.suggestion
    assert diagnostic.epoch is not None and diagnostic.step is not None
    for word in words:
        assert word in diagnostic.message + diagnostic.suggestion


def test_vanishing_gradients_in_a_deep_sigmoid_net(tmp_path, circle):
    X, y = circle
    net = ng.mlp(
        [2, *[16] * 10, 1], activation="sigmoid", output="sigmoid", loss="bce", seed=0
    )
    found, _ = diagnose(tmp_path, net, X, y, epochs=4, batch_size=30, lr=0.1)
    check(found["vanishing_gradients"], "first layer", "relu")
    assert found["vanishing_gradients"].evidence["ratio"] < 1e-3


def test_exploding_gradients_before_the_loss_becomes_nan(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4)) * 3
    net = ng.mlp([4, 16, 16, 1], activation="identity", loss="mse", seed=0)
    found, status = diagnose(
        tmp_path,
        net,
        X,
        X.sum(axis=1),
        snapshot_every=1,
        epochs=40,
        batch_size=200,
        lr=0.02,
    )
    assert status == "diverged"
    check(found["exploding_gradients"], "clip_norm")
    check(found["loss_not_finite"], "learning rate")
    assert found["exploding_gradients"].epoch < found["loss_not_finite"].epoch
    # the inputs' scale makes the gradient dwarf the weights from the first
    # snapshot on (||dW|| / ||W|| about 30, then 50): no need to wait for growth
    assert found["exploding_gradients"].epoch == 0
    assert found["exploding_gradients"].evidence["grad_to_weight"] > 10
    assert "Standardize the inputs" in found["exploding_gradients"].suggestion


def test_learning_rate_too_high(tmp_path, circle):
    X, y = circle
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _ = diagnose(tmp_path, net, X, y, epochs=10, batch_size=10, lr=10.0)
    check(found["learning_rate_high"], "10 times lower")
    assert found["learning_rate_high"].evidence["median_update_ratio"] > 0.1


def test_learning_rate_too_low(tmp_path, circle):
    X, y = circle
    net = ng.mlp([2, 8, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _ = diagnose(tmp_path, net, X, y, epochs=5, batch_size=10, lr=1e-8)
    check(found["learning_rate_low"], "higher")
    assert found["learning_rate_low"].epoch == 0
    assert found["learning_rate_low"].evidence["median_update_ratio"] < 1e-6


def test_dead_relu_units(tmp_path, circle):
    X, y = circle
    net = ng.mlp([2, 16, 1], activation="relu", output="sigmoid", loss="bce", seed=0)
    net.layers[0].bias = np.full(16, -50.0)  # no input can switch them on
    found, _ = diagnose(tmp_path, net, X, y, epochs=4, batch_size=10, lr=0.01)
    check(found["dead_units"], "layer 1", "dead")
    assert found["dead_units"].layer == 0
    assert found["dead_units"].evidence["dead_fraction"] == 1.0


def test_saturated_tanh_units(tmp_path, circle):
    X, y = circle
    net = ng.mlp([2, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    found, _ = diagnose(tmp_path, net, X * 100, y, epochs=4, batch_size=10, lr=0.01)
    check(found["saturated_units"], "saturated", "Standardize")
    assert found["saturated_units"].evidence["saturated_fraction"] >= 0.5


def test_overfitting_noise(tmp_path):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 10)), rng.integers(0, 2, 40)  # labels are noise
    X_val, y_val = rng.normal(size=(200, 10)), rng.integers(0, 2, 200)
    net = ng.mlp(
        [10, 64, 64, 1], activation="relu", output="sigmoid", loss="bce", seed=0
    )
    found, _ = diagnose(
        tmp_path,
        net,
        X,
        y,
        epochs=120,
        batch_size=8,
        optimizer="adam",
        lr=0.01,
        validation_data=(X_val, y_val),
    )
    check(found["overfitting"], "early_stopping")
    evidence = found["overfitting"].evidence
    assert evidence["val_loss"] > 1.25 * evidence["best_val_loss"]


def test_loss_not_finite(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2)) * 10
    net = ng.mlp([2, 16, 1], activation="relu", loss="mse", seed=0)
    found, status = diagnose(
        tmp_path, net, X, X @ np.array([3.0, -2.0]), epochs=50, batch_size=10, lr=5.0
    )
    assert status == "diverged"
    check(found["loss_not_finite"], "NaN")


@pytest.mark.parametrize("case", ["playground_circle", "spiral_adam", "digits_relu"])
def test_healthy_runs_stay_quiet(tmp_path, case):
    if case == "playground_circle":
        X, y = ng.datasets.circle(seed=0)
        net = ng.mlp(
            [2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
        )
        fit = {"epochs": 100, "batch_size": 10, "lr": 0.03}
    elif case == "spiral_adam":
        X, y = ng.datasets.spiral(seed=0)
        net = ng.mlp(
            [2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce", seed=0
        )
        fit = {"epochs": 300, "batch_size": 10, "optimizer": "adam", "lr": 0.01}
    else:
        X, y = ng.datasets.digits()
        net = ng.mlp([64, 64, 10], activation="relu", loss="cross_entropy", seed=0)
        fit = {"epochs": 30, "batch_size": 32, "optimizer": "adam", "lr": 0.001}
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
    found, status = diagnose(
        tmp_path, net, X_train, y_train, validation_data=(X_test, y_test), **fit
    )
    assert status == "finished"
    assert found == {}


def summary(
    epoch,
    grad_rms,
    update_ratio=(1e-3, 1e-3, 1e-3),
    grad_norm=1.0,
    dead=(None, None, None),
    saturated=(None, None, None),
):
    return SnapshotSummary(
        epoch=epoch,
        step=epoch * 10,
        layer_names=["a", "b", "c"],
        activations=["relu", "relu", "sigmoid"],
        grad_rms=list(grad_rms),
        update_ratio=list(update_ratio),
        grad_norm=grad_norm,
        dead_fraction=list(dead),
        saturated_fraction=list(saturated),
    )


def test_each_rule_fires_once_not_at_every_snapshot():
    diagnoser = Diagnoser()
    fired = []
    for epoch in range(10):
        diagnoser.add_epoch(
            {"epoch": epoch, "step": epoch * 10, "loss": 1.0, "val_loss": None}
        )
        fired += diagnoser.add_snapshot(
            summary(
                epoch,
                grad_rms=(1e-9, 1e-3, 1.0),
                update_ratio=(0.5, 0.5, 0.5),
                dead=(0.9, 0.0, None),
            )
        )
    rules = [d.rule for d in fired]
    assert sorted(rules) == ["dead_units", "learning_rate_high", "vanishing_gradients"]
    first = {d.rule: d for d in fired}
    assert first["vanishing_gradients"].epoch == 0  # started at the first of the run


def test_one_bad_snapshot_is_not_a_diagnosis():
    diagnoser = Diagnoser()
    fired = diagnoser.add_snapshot(summary(0, grad_rms=(1e-9, 1e-3, 1.0)))
    fired += diagnoser.add_snapshot(summary(1, grad_rms=(1.0, 1.0, 1.0)))
    assert fired == []
