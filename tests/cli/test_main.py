"""`main`: one error line per failure, and the command as `python -m`."""

import subprocess
import sys

import pytest

from neuroglass import datasets
from neuroglass.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--lr", "-1", "--quiet"], "--lr: must be a finite number >= 0"),
        (["train", "--epochs", "0", "--quiet"], "--epochs: must be a whole number"),
        (["train", "--activation", "relu7", "--quiet"], "Unknown activation 'relu7'"),
        (["info", "missing.npz"], "no model file"),
    ],
)
def test_errors_are_one_clear_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_python_dash_m_runs_the_demo():
    result = subprocess.run(
        [sys.executable, "-m", "neuroglass", "demo", "--epochs", "40", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test accuracy" in result.stdout
    assert "decision regions" in result.stdout and "+" in result.stdout


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


def test_python_dash_m_neuroglass_cli_is_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "neuroglass.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: neuroglass")
    assert "examples:" in result.stdout
