"""The errors neuroglass raises: one family, and TrainingDiverged's fields."""

import math

import pytest

import neuroglass as ng


def test_an_unknown_cause_is_refused():
    with pytest.raises(ng.ConfigError, match="'bogus'"):
        ng.TrainingDiverged("x", epoch=0, step=0, loss=1.0, lr=0.1, cause="bogus")
    plain = ng.TrainingDiverged("x", epoch=0, step=0, loss=math.inf, lr=0.1)
    assert plain.cause == "loss" and plain.state is None
