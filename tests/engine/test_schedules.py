"""Learning-rate schedules: their values at given epochs, names and errors."""

import math

import numpy as np
import pytest

import neuroglass as ng


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (ng.StepDecay(step_size=2, gamma=0.5), [0.1, 0.1, 0.05, 0.05, 0.025]),
        (ng.ExponentialDecay(gamma=0.5), [0.1, 0.05, 0.025, 0.0125, 0.00625]),
        ("cosine", [0.1 * (1 + math.cos(math.pi * e / 5)) / 2 for e in range(5)]),
    ],
)
def test_learning_rate_schedules(schedule, expected, rng, blobs):
    X, y = blobs(rng, 20)
    history = ng.mlp([2, 2, 1], loss="bce", seed=0).fit(
        X, y, epochs=5, lr=0.1, lr_schedule=schedule
    )
    np.testing.assert_allclose(history.lr, expected)
