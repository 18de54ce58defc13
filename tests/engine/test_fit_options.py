"""The arguments of a fit, checked and turned into a plan: errors, validation
sets, early-stopping shortcuts, resume objects."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError


def test_early_stopping_shortcuts(rng, blobs):
    X, y = blobs(rng, 40)
    net = ng.mlp([2, 3, 1], loss="bce", seed=0)
    history = net.fit(X, y, epochs=3, early_stopping=True)
    assert history.status == "finished"
    with pytest.raises(ConfigError, match="early_stopping must be"):
        net.fit(X, y, epochs=1, early_stopping="yes")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epochs": 0}, "epochs must be a positive integer; got 0"),
        ({"epochs": 2.5}, "epochs must be a positive integer; got 2.5"),
        ({"batch_size": 0}, "batch_size must be a positive integer; got 0"),
        ({"batch_size": -4}, "batch_size must be a positive integer; got -4"),
        ({"lr": -0.1}, "learning rate must be a finite number >= 0; got -0.1"),
        ({"lr": float("nan")}, "got nan"),
        ({"optimizer": "lbfgs"}, "Unknown optimizer 'lbfgs'. Valid names: sgd"),
        ({"validation_split": 1.5}, "validation_split must be a fraction"),
        ({"lr_schedule": "linear"}, "Unknown learning-rate schedule 'linear'"),
        ({"clip_norm": -1}, "clip_norm must be a finite number >= 0"),
        ({"validation_data": (np.zeros((3, 2)),)}, "validation_data must be a pair"),
    ],
)
def test_bad_fit_arguments(kwargs, message, rng, blobs):
    X, y = blobs(rng, 20)
    net = ng.mlp([2, 2, 1], loss="bce", seed=0)
    with pytest.raises(ConfigError, match=message):
        net.fit(X, y, **kwargs)
