"""The errors neuroglass raises: one family, and TrainingDiverged's fields."""

import math

import pytest

import neuroglass as ng
from neuroglass.engine.errors import DIVERGENCE_CAUSES


def test_an_unknown_cause_is_refused():
    with pytest.raises(ng.ConfigError, match="'bogus'"):
        ng.TrainingDiverged("x", epoch=0, step=0, loss=1.0, lr=0.1, cause="bogus")
    plain = ng.TrainingDiverged("x", epoch=0, step=0, loss=math.inf, lr=0.1)
    assert plain.cause == "loss" and plain.state is None


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (ng.ConfigError, ValueError),
        (ng.ShapeError, ValueError),
        (ng.DataError, ValueError),
        (ng.ModelFileError, ValueError),
        (ng.TrainingDiverged, RuntimeError),
    ],
)
def test_one_family_that_builtin_handlers_also_catch(error, builtin):
    assert issubclass(error, ng.NeuroglassError) and issubclass(error, builtin)


def test_training_diverged_keeps_what_happened():
    history = ng.History()
    err = ng.TrainingDiverged(
        "boom",
        epoch=2,
        step=17,
        loss=math.nan,
        lr=0.5,
        history=history,
        cause="optimizer state",
        state="v",
    )
    assert str(err) == "boom"
    assert (err.epoch, err.step, err.lr, err.cause, err.state) == (
        2,
        17,
        0.5,
        "optimizer state",
        "v",
    )
    assert err.history is history and math.isnan(err.loss)
    assert DIVERGENCE_CAUSES == ("loss", "gradient", "weights", "optimizer state")
