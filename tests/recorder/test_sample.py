"""The rows of a fit's data a Recorder keeps (sample.py): the training sample
stored in the run, and the validation rows an mse classification's accuracy
is computed on. Both pick evenly spaced rows, no randomness: the same data
gives the same rows."""

from types import SimpleNamespace

import numpy as np
import pytest

import neuroglass as ng
from neuroglass import datasets
from neuroglass.recorder import schema
from neuroglass.recorder.sample import (
    DATA_VALUES_LIMIT,
    VAL_ACCURACY_ROWS,
    data_sample,
    labelled_validation,
    val_accuracy,
)


def _kept(fit, k):
    """{name: array} of what data_sample keeps."""
    return {name: schema.unpack(blob) for name, blob in data_sample(fit, k)}


def _fit(n, width=2, outputs=1, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, width))
    T = rng.normal(size=(n, outputs)) if outputs > 1 else rng.normal(size=n)
    return SimpleNamespace(X=X, targets=T)


def test_the_sample_keeps_the_rows_it_names():
    fit = _fit(1000)
    kept = _kept(fit, 50)
    rows = kept["data_rows"]
    assert len(rows) == 50 and rows.dtype == np.int64
    # evenly spaced from the first row to the last
    assert rows[0] == 0 and rows[-1] == 999
    assert np.all(np.diff(rows) > 0) and np.ptp(np.diff(rows)) <= 1
    # the inputs and targets stored are those rows', in that order
    np.testing.assert_array_equal(kept["data_inputs"], fit.X[rows])
    np.testing.assert_array_equal(kept["data_targets"], fit.targets[rows])
    # the same data, the same sample
    again = _kept(fit, 50)
    for name in kept:
        np.testing.assert_array_equal(again[name], kept[name])


def test_the_sample_is_at_most_the_data_and_the_value_limit():
    # more rows asked than there are: every row, once
    small = _fit(7)
    np.testing.assert_array_equal(_kept(small, 1000)["data_rows"], np.arange(7))
    # wide data: inputs and targets together hold at most DATA_VALUES_LIMIT
    wide = _fit(5000, width=97, outputs=3)
    kept = _kept(wide, 1000)
    assert len(kept["data_rows"]) == DATA_VALUES_LIMIT // 100
    assert kept["data_inputs"].size + kept["data_targets"].size <= DATA_VALUES_LIMIT
    np.testing.assert_array_equal(kept["data_targets"], wide.targets[kept["data_rows"]])


@pytest.mark.parametrize(
    "fit",
    [
        SimpleNamespace(X=None, targets=None),
        SimpleNamespace(X=np.zeros((0, 2)), targets=np.zeros(0)),
    ],
)
def test_no_data_no_sample(fit):
    assert data_sample(fit, 1000) == []


def test_data_samples_0_keeps_none():
    assert data_sample(_fit(10), 0) == []


def _val(T, n_in=2, seed=0):
    T = np.asarray(T, dtype=float)
    X = np.random.default_rng(seed).normal(size=(len(T), n_in))
    return SimpleNamespace(X_val=X, targets_val=T)


@pytest.mark.parametrize("labels, threshold", [((0.0, 1.0), 0.5), ((-1.0, 1.0), 0.0)])
def test_labelled_validation_splits_at_the_midpoint(labels, threshold):
    T = np.array([labels[1], labels[0], labels[0], labels[1]])
    fit = _val(T)
    X, truth, at = labelled_validation(fit, labels)
    assert at == threshold
    np.testing.assert_array_equal(truth, [True, False, False, True])
    np.testing.assert_array_equal(X, fit.X_val)
    X[...] = 0  # a copy: the caller's validation inputs are untouched
    assert np.all(fit.X_val != 0)


def test_labelled_validation_keeps_at_most_the_row_limit():
    n = VAL_ACCURACY_ROWS + 5_001
    T = np.tile([0.0, 1.0], n // 2 + 1)[:n]
    fit = _val(T)
    X, truth, _ = labelled_validation(fit, (0.0, 1.0))
    assert len(X) == len(truth) == VAL_ACCURACY_ROWS
    # evenly spaced from the first row to the last, inputs matching their labels
    np.testing.assert_array_equal(X[0], fit.X_val[0])
    np.testing.assert_array_equal(X[-1], fit.X_val[-1])
    rows = np.linspace(0, n - 1, VAL_ACCURACY_ROWS).round().astype(int)
    np.testing.assert_array_equal(X, fit.X_val[rows])
    np.testing.assert_array_equal(truth, T[rows] > 0.5)


@pytest.mark.parametrize(
    "fit, labels",
    [
        (_val([0.0, 1.0, 0.5]), (0.0, 1.0)),  # a value that is no label: regression
        (_val([0.0, 1.0]), None),  # not an mse classification
        (SimpleNamespace(X_val=None, targets_val=None), (0.0, 1.0)),  # no validation
        (SimpleNamespace(), (0.0, 1.0)),
    ],
)
def test_no_labelled_validation(fit, labels):
    assert labelled_validation(fit, labels) is None


def test_val_accuracy_of_an_mse_classification():
    net = ng.mlp([2, 4, 1], activation="tanh", output="tanh", loss="mse", seed=0)
    T = np.where(np.random.default_rng(1).random(200) < 0.5, -1.0, 1.0)
    fit = _val(T)
    held = labelled_validation(fit, (-1.0, 1.0))
    engine_has_none = SimpleNamespace(val_accuracy=None)
    expected = np.mean((net.predict(fit.X_val)[:, 0] > 0) == (T > 0))
    assert 0 < expected < 1  # neither all right nor all wrong: a real check
    assert val_accuracy(net, engine_has_none, held) == pytest.approx(expected)
    # the engine's own accuracy, where it reports one, is kept as it is
    assert val_accuracy(net, SimpleNamespace(val_accuracy=0.75), held) == 0.75
    assert val_accuracy(net, engine_has_none, None) is None


# -- what a Recorder keeps (moved from tests/playground/test_replay_data.py) --
def test_the_recorder_keeps_a_bounded_training_sample(tmp_path):
    X, y = datasets.digits()
    path = tmp_path / "d.ngrun"
    ng.mlp([64, 8, 10], loss="cross_entropy", seed=0).fit(
        X, y, epochs=1, callbacks=[ng.Recorder(path)]
    )
    with ng.open_run(path) as run:
        rows, inputs, targets = run.data_sample()
    assert inputs.size + targets.size <= DATA_VALUES_LIMIT
    assert len(rows) == DATA_VALUES_LIMIT // 74
    np.testing.assert_array_equal(inputs, X[rows])
    np.testing.assert_array_equal(targets.argmax(axis=1), y[rows])


@pytest.mark.parametrize("bad", [-1, 1.5, "x", None, True])
def test_data_samples_is_checked_at_construction(tmp_path, bad):
    with pytest.raises(ng.NeuroglassError, match="data_samples"):
        ng.Recorder(tmp_path / "r.ngrun", data_samples=bad)
