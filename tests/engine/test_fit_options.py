"""The arguments of a fit, checked and turned into a plan: errors, validation
sets, early-stopping shortcuts, resume objects."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError, DataError
from neuroglass.engine.fit_options import (
    as_early_stopping,
    plan_fit,
    restore_from,
    validation_set,
)


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


def test_the_plan_caps_the_batch_and_counts_the_steps(rng):
    net = ng.mlp([2, 3, 1], loss="bce", seed=0)
    X, y = rng.normal(size=(25, 2)), rng.integers(0, 2, 25)
    options = dict(
        callbacks=None,
        shuffle=True,
        verbose=True,
        resume=None,
        lr_schedule=None,
        clip_norm=None,
        l1=None,
        l2=0.5,
        validation_data=None,
        validation_split=0.2,
        early_stopping=3,
    )
    plan = plan_fit(net, X, y, 2, 64, "adam", None, options)
    assert plan.X.shape == (20, 2) and plan.X_val.shape == (5, 2)
    assert (plan.batch_size, plan.steps_per_epoch) == (20, 1)
    assert isinstance(plan.optimizer, ng.Adam) and plan.base_lr == 0.001
    assert net.l2 == 0.5
    kinds = [type(c).__name__ for c in plan.callbacks]
    assert kinds == ["EarlyStopping", "ProgressPrinter"]
    assert plan.callbacks[0].patience == 3
    plan = plan_fit(net, X, y, 1, 10, "sgd", 0.3, options | {"validation_split": 0})
    assert (plan.batch_size, plan.steps_per_epoch, plan.base_lr) == (10, 3, 0.3)


def test_a_validation_split_is_a_seeded_partition():
    net = ng.mlp([2, 1], seed=4)
    X = np.arange(20.0).reshape(10, 2)
    targets = X[:, :1] * 10  # each target says which row it belongs to
    Xt, Tt, Xv, Tv = validation_set(net, X, targets, None, 0.3)
    assert len(Xt) == 7 and len(Xv) == 3
    assert sorted(np.vstack([Xt, Xv])[:, 0]) == list(X[:, 0])  # a partition
    np.testing.assert_array_equal(Tt, Xt[:, :1] * 10)
    np.testing.assert_array_equal(Tv, Xv[:, :1] * 10)
    again = validation_set(ng.mlp([2, 1], seed=4), X, targets, None, 0.3)
    np.testing.assert_array_equal(again[2], Xv)  # the network's seed decides
    with pytest.raises(DataError, match="leaves 10 for training and 0 for validation"):
        validation_set(net, X, targets, None, 0.01)
    with pytest.raises(ConfigError, match="either validation_data or validation_split"):
        validation_set(net, X, targets, (X, targets), 0.5)
    assert validation_set(net, X, targets, None, 0.0)[2:] == (None, None)


def test_resume_takes_an_object_that_restores():
    seen = []

    class Resume:
        def restore(self, net):
            seen.append(net)
            return ng.Callback()

    net = ng.mlp([2, 1], seed=0)
    assert isinstance(restore_from(Resume(), net), ng.Callback) and seen == [net]
    with pytest.raises(ConfigError, match=r"Write resume=ng.Resume\('x.ngrun'\)"):
        restore_from("x.ngrun", net)
    with pytest.raises(ConfigError, match=r"restore\(net\) method.*got 3 of type int"):
        restore_from(3, net)


def test_early_stopping_values():
    assert as_early_stopping(None) is None and as_early_stopping(False) is None
    assert as_early_stopping(np.bool_(True)).patience == 10
    assert as_early_stopping(4).patience == 4
    stopper = ng.EarlyStopping(patience=2)
    assert as_early_stopping(stopper) is stopper
