"""`neuroglass train`: its options, its data (the task rule, --target, --n), --save."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.cli import main


def test_train_help_lists_options(capsys):
    assert main(["train", "--help"]) == 0
    out = capsys.readouterr().out
    for option in (
        "--dataset",
        "--layers",
        "--activation",
        "--lr",
        "--epochs",
        "--batch-size",
        "--seed",
        "--save",
        "spiral",
    ):
        assert option in out


def test_train_saves_a_model_that_loads(tmp_path, capsys):
    path = tmp_path / "model.npz"
    code = main(
        [
            "train",
            "--dataset",
            "circle",
            "--layers",
            "4,2",
            "--epochs",
            "200",
            "--lr",
            "0.03",
            "--batch-size",
            "10",
            "--seed",
            "0",
            "--save",
            str(path),
            "--quiet",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "test accuracy" in out and "epochs in" in out
    accuracy = float(out.split("test accuracy ")[1].split("%")[0])
    assert accuracy >= 95
    net = ng.load(path)
    assert net.sizes == [2, 4, 2, 1] and net.epochs_trained == 200
    assert main(["info", str(path)]) == 0
    assert "2 -> 4 -> 2 -> 1" in capsys.readouterr().out


def test_train_regression_multiclass_and_features(capsys):
    assert (
        main(
            ["train", "--dataset", "plane", "--layers", "4", "--epochs", "5", "--quiet"]
        )
        == 0
    )
    assert "R^2" in capsys.readouterr().out
    assert (
        main(
            [
                "train",
                "--dataset",
                "spirals",
                "--layers",
                "8",
                "--epochs",
                "3",
                "--quiet",
            ]
        )
        == 0
    )
    assert "cross_entropy" in capsys.readouterr().out
    assert (
        main(
            [
                "train",
                "--dataset",
                "circle",
                "--features",
                "x1^2,x2^2",
                "--layers",
                "none",
                "--epochs",
                "3",
                "--quiet",
            ]
        )
        == 0
    )
    assert "Network 2 -> 1" in capsys.readouterr().out


def test_train_on_csv(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = (X[:, 0] > 0).astype(int)
    path = tmp_path / "data.csv"
    rows = ["a,b,c,label"] + [f"{a},{b},{c},{t}" for (a, b, c), t in zip(X, y)]
    path.write_text("\n".join(rows) + "\n")
    assert (
        main(
            [
                "train",
                "--csv",
                str(path),
                "--target",
                "label",
                "--layers",
                "4",
                "--epochs",
                "20",
                "--quiet",
            ]
        )
        == 0
    )
    assert "CSV" in capsys.readouterr().out


def _csv(path, header, rows):
    lines = [",".join(header)] + [",".join(map(str, row)) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


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


def test_train_shows_a_progress_bar_unless_quiet(capsys):
    argv = ["train", "--dataset", "xor", "--n", "40", "--layers", "3", "--epochs", "2"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    # tqdm's bar on stderr: 2 epochs x 2 steps of 10 from 20 training samples
    assert "training: 100%|" in captured.err and "4/4" in captured.err
    assert "epoch=2/2" in captured.err
    assert "100%|" not in captured.out  # the metrics stay clean on stdout
    assert main([*argv, "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "test loss" in captured.out
