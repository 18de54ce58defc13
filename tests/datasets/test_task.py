"""Classification or regression: the rule for a target column."""

import numpy as np
import pytest

from neuroglass import datasets


@pytest.mark.parametrize(
    ("y", "task", "n_classes"),
    [
        (np.arange(1, 421), "regression", 0),  # prices: 420 distinct whole numbers
        (np.tile([5, 7, 9], 20), "classification", 3),
        (np.tile([0, 1, 2_000_000_000], 20), "classification", 3),
        (np.tile([-1, 1], 30), "classification", 2),
        (np.tile(np.arange(12), 5), "classification", 12),  # labels 0..11
        (np.tile(np.arange(60), 2), "regression", 0),  # more than 50 values
        (np.arange(40) % 25, "regression", 0),  # more than half the rows
        (np.tile([0.5, 1.5], 20), "regression", 0),  # fractions
    ],
)
def test_the_auto_rule(y, task, n_classes):
    choice = datasets.choose_task(y)
    assert choice.task == task and choice.n_classes == n_classes
    assert choice.reason
    if task == "classification":
        assert choice.y.dtype == np.int64
        assert set(choice.y.tolist()) == set(range(n_classes))
        assert np.array_equal(choice.classes[choice.y], y)  # the mapping is exact
    else:
        assert choice.y.dtype == np.float64


def test_overrides_and_refusals():
    assert datasets.choose_task(np.tile([0.5, 1.5], 20), "classify").n_classes == 2
    assert datasets.choose_task(np.tile([0, 1], 20), "regress").task == "regression"
    with pytest.raises(ValueError, match="too many to be classes"):
        datasets.choose_task(np.arange(1, 421), "classify")
    with pytest.raises(ValueError, match="at most 1000"):
        datasets.choose_task(np.arange(3000) % 1500, "classify")
    with pytest.raises(ValueError, match="single value"):
        datasets.choose_task(np.full(10, 3))
    with pytest.raises(ValueError, match="task must be one of"):
        datasets.choose_task(np.arange(4), "guess")


@pytest.mark.parametrize(
    ("y", "loss", "n_outputs"),
    [
        (np.linspace(0, 1, 40), "mse", 1),
        (np.tile([0, 1], 20), "bce", 1),
        (np.tile([0, 1, 2], 20), "cross_entropy", 3),
    ],
)
def test_default_loss(y, loss, n_outputs):
    assert datasets.choose_task(y).default_loss() == (loss, n_outputs)


def test_a_built_in_set_is_what_it_was_made_for():
    # whole numbers the rule would regress (too many distinct values) ...
    y = np.arange(200) % 60
    assert datasets.choose_task(y).task == "regression"
    # ... are the classes of a classification set
    choice = datasets.choose_named_task("spiral", y)
    assert choice.task == "classification" and choice.n_classes == 60
    assert choice.reason == "spiral is a classification data set"
    choice = datasets.choose_named_task("plane", np.tile([0.0, 1.0], 20))
    assert choice.task == "regression"
    assert choice.reason == "plane is a regression data set"
    # an explicit task overrides, with the usual reason and messages
    assert datasets.choose_named_task("plane", y, "classify").task == "classification"
    with pytest.raises(ValueError, match="the circle data set holds a single value"):
        datasets.choose_named_task("circle", np.zeros(10), "classify")
