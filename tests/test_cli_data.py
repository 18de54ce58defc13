"""What `neuroglass train` does with data: the task rule, --target, --n, --save."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass import datasets
from neuroglass.cli import main


def _csv(path, header, rows):
    lines = [",".join(header)] + [",".join(map(str, row)) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


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


def test_integer_prices_are_regressed_not_a_huge_softmax(tmp_path, capsys):
    rng = np.random.default_rng(0)
    x = rng.uniform(size=200)
    price = (1 + x * 419_999).astype(int)
    path = _csv(tmp_path / "p.csv", ["x", "price"], zip(x, price))
    assert (
        main(["train", "--csv", path, "--layers", "4", "--epochs", "2", "--quiet"]) == 0
    )
    out = capsys.readouterr().out
    assert "task: regression: the target has 200 distinct whole-number values" in out
    assert "Network 1 -> 4 -> 1" in out and "R^2" in out
    argv = ["train", "--csv", path, "--task", "classify", "--quiet"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "too many to be classes" in err and "--task regress" in err


def test_labels_are_mapped_from_their_distinct_values(tmp_path, capsys):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(90, 2))
    labels = np.array([5, 7, 9])[np.argmax(X @ [[1, -1, 0], [0, 1, -1]], axis=1)]
    rows = [(a, b, t) for (a, b), t in zip(X, labels)]
    path = _csv(tmp_path / "l.csv", ["a", "b", "label"], rows)
    assert (
        main(["train", "--csv", path, "--epochs", "2", "--layers", "4", "--quiet"]) == 0
    )
    out = capsys.readouterr().out
    assert "task: classification, 3 classes (labels 5, 7, 9 -> classes 0, 1, 2)" in out
    assert "Network 2 -> 4 -> 3" in out
    argv = ["train", "--csv", path, "--task", "regress", "--epochs", "2", "--quiet"]
    assert main(argv) == 0
    assert "task: regression: asked for" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("target", "n_inputs"), [("0", 2), ("-1", 2), ("2", 2), ("b", 2), ("-3", 2)]
)
def test_target_by_name_or_index(target, n_inputs, tmp_path, capsys):
    rows = [(i % 2, i, i % 3) for i in range(30)]
    path = _csv(tmp_path / "t.csv", ["a", "b", "c"], rows)
    argv = ["train", "--csv", path, "--target", target, "--layers", "3"]
    assert main([*argv, "--epochs", "1", "--quiet"]) == 0
    assert f"Network {n_inputs} -> 3" in capsys.readouterr().out


def test_a_wrong_target_says_what_works(tmp_path, capsys):
    path = _csv(tmp_path / "t.csv", ["a", "b", "c"], [(i, i, i % 2) for i in range(9)])
    assert main(["train", "--csv", path, "--target", "3", "--quiet"]) == 2
    assert "pass an index from -3 to 2" in capsys.readouterr().err
    assert main(["train", "--csv", path, "--target", "z", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "['a', 'b', 'c']" in err and "index from 0 to 2" in err


def test_n_is_honoured(capsys):
    argv = ["train", "--dataset", "spiral", "--n", "40", "--epochs", "1", "--quiet"]
    assert main(argv) == 0
    assert "data: spiral, 20 train / 20 test samples" in capsys.readouterr().out


def test_save_reports_the_file_it_wrote(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = ["train", "--epochs", "1", "--quiet", "--save"]
    assert main([*argv, "mymodel"]) == 0
    assert "saved model to mymodel.npz" in capsys.readouterr().out
    assert ng.load("mymodel.npz").sizes == [2, 4, 2, 1]
    assert not (tmp_path / "mymodel").exists()
    (tmp_path / "models").mkdir()
    assert main([*argv, "models"]) == 2  # a folder: refused, before training
    err = capsys.readouterr().err
    assert "is a folder" in err and "models/model.npz" in err


@pytest.mark.slow
@pytest.mark.parametrize("name", datasets.NAMES)
def test_every_dataset_with_every_command_that_takes_one(name, tmp_path, capsys):
    """train, plot boundary/landscape and report, each with --dataset NAME."""
    model, runs = str(tmp_path / "m.npz"), tmp_path / "runs"
    argv = ["train", "--dataset", name, "--layers", "3", "--epochs", "1", "--quiet"]
    assert main([*argv, "--save", model, "--record", str(runs)]) == 0
    run = str(next(runs.glob("*.ngrun")))
    out = str(tmp_path / "f.png")
    assert main(["plot", "landscape", model, "-o", out, "--dataset", name]) == 0
    assert main(["plot", "landscape", run, "-o", out]) == 0  # the run's own data
    assert main(["report", run, "-o", str(tmp_path / "r.html"), "--dataset", name]) == 0
    # more than two inputs: a slice through the first two, the others fixed
    assert main(["plot", "boundary", model, "-o", out, "--dataset", name]) == 0
