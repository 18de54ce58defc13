"""Learning-rate schedules: their values at given epochs, names and errors."""

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError
from neuroglass.engine.schedules import SCHEDULES, get_schedule


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


@pytest.mark.parametrize(
    ("schedule", "epochs", "factors"),
    [
        (ng.Schedule(), [0, 7, 99], [1, 1, 1]),
        (
            ng.StepDecay(step_size=3, gamma=0.1),
            [0, 2, 3, 5, 6, 9],
            [1, 1, 0.1, 0.1, 0.01, 0.001],
        ),
        (ng.ExponentialDecay(gamma=0.9), [0, 1, 3], [1, 0.9, 0.729]),
        # m + (1 - m) (1 + cos(pi e / 10)) / 2 with m = 0.1; clamped after the span
        (ng.CosineDecay(min_factor=0.1), [0, 5, 10, 15], [1, 0.55, 0.1, 0.1]),
        # its own span of 4 epochs, whatever the fit's length
        (ng.CosineDecay(epochs=4), [0, 2, 4, 8], [1, 0.5, 0, 0]),
    ],
    ids=repr,
)
def test_values_at_given_epochs(schedule, epochs, factors):
    rates = [schedule(epoch, 0.2, 10) for epoch in epochs]
    np.testing.assert_allclose(rates, [0.2 * f for f in factors], atol=1e-15)


def test_names_configs_and_errors():

    assert type(get_schedule(None)) is ng.Schedule
    for name, cls in SCHEDULES.items():
        assert type(get_schedule(name.upper())) is cls
    step = ng.StepDecay(step_size=4, gamma=0.3)
    assert get_schedule(step) is step
    assert step.config() == {"name": "step", "step_size": 4, "gamma": 0.3}
    assert repr(step) == "StepDecay(step_size=4, gamma=0.3)"
    with pytest.raises(ConfigError, match=r"Unknown learning-rate schedule 'linear'"):
        get_schedule("linear")
    with pytest.raises(ConfigError, match="step_size must be a positive integer"):
        ng.StepDecay(step_size=0)
    with pytest.raises(ConfigError, match="min_factor must be in"):
        ng.CosineDecay(min_factor=2)
