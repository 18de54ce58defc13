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
