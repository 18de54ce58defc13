"""A run whose optimizer state overflows (with a finite loss) is recorded as
diverged, with the network and optimizer state of the last finite loss."""

import numpy as np
import pytest

import neuroglass as ng


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop"])
def test_an_overflowing_optimizer_state_is_recorded_as_a_divergence(
    tmp_path, optimizer
):
    # gradients near 1e160: finite, their squares are not; Adam's and RMSProp's
    # steps became 0 and the run read "finished" with weights that never moved
    X, y = ng.datasets.plane(n=200)
    y = (y > np.median(y)).astype(float)
    net = ng.mlp([2, 4, 1], activation="relu", output="sigmoid", loss="bce", seed=0)
    before = net.parameters_vector()
    path = tmp_path / "state.ngrun"
    with pytest.raises(ng.TrainingDiverged):
        net.fit(
            X * 1e160,
            y,
            epochs=3,
            batch_size=10,
            optimizer=optimizer,
            lr=1e-3,
            callbacks=[ng.Recorder(path)],
        )
    with ng.open_run(path) as run:
        assert run.status == "diverged"
        (found,) = [d for d in run.diagnostics() if d.rule == "loss_not_finite"]
        assert found.severity == "error"
        assert "optimizer's state" in found.message
        assert np.array_equal(run.network().parameters_vector(), before)


def _diverge(kind):
    """``(net, X, y, fit keywords)`` of a fit that diverges by ``kind``."""
    if kind == "loss":
        X, y = ng.datasets.plane()
        net = ng.mlp([2, 1], activation="linear", output="linear", seed=5)
        return net, X / 100, y, {"epochs": 100, "lr": 1e4}
    if kind == "gradient":  # float32: loss 2.3e38 finite, gradient 4.5e38 not
        net = ng.mlp([1, 1], activation="linear", output="linear", dtype="float32")
        net.layers[0].weights[:] = 1
        net.layers[0].bias[:] = 0
        fit = {"epochs": 1, "batch_size": 1, "lr": 1e-3}
        return net, np.full((1, 1), 1.5e19), np.zeros(1), fit
    if kind == "weights":  # a finite gradient, an update that overflows
        X, y = ng.datasets.plane(n=20)
        net = ng.mlp([2, 1], activation="linear", output="linear", seed=0)
        return net, X, y, {"epochs": 1, "batch_size": None, "lr": 1e308}
    X, y = ng.datasets.plane(n=200)  # Adam's average of squared gradients
    net = ng.mlp([2, 1], output="sigmoid", loss="bce", seed=0)
    fit = {"epochs": 3, "batch_size": 10, "optimizer": "adam", "lr": 1e-3}
    return net, X * 1e160, (y > np.median(y)).astype(float), fit


@pytest.mark.parametrize(
    "cause, words",
    [
        ("loss", "the loss became NaN or infinite"),
        ("gradient", "a gradient became NaN or infinite while the loss was"),
        ("weights", "the weights became NaN or infinite while the loss was"),
        ("optimizer state", "the optimizer's state (such as Adam's average"),
    ],
)
def test_loss_not_finite_says_what_became_non_finite(tmp_path, cause, words):
    """Not "the loss, the weights or the optimizer's state" for every
    divergence: the engine's TrainingDiverged.cause, in words."""
    net, X, y, fit = _diverge(cause)
    path = tmp_path / "run.ngrun"
    with pytest.raises(ng.TrainingDiverged) as info:
        net.fit(X, y, callbacks=[ng.Recorder(path)], **fit)
    assert info.value.cause == cause
    with ng.open_run(path) as run:
        (found,) = [d for d in run.diagnostics() if d.rule == "loss_not_finite"]
    assert found.message.startswith(words), found.message
    assert found.evidence["cause"] == cause
    others = {"loss", "gradient", "weights", "optimizer state"} - {cause}
    assert not any(found.message.startswith(f"the {o} became") for o in others)
