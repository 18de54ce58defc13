"""`neuroglass brain ... --plot`: the figure's title names the model as the
printed header does (the preset, the scheme, dt), and user errors that the
library raises late (overflow, dt for the scheme) stay one line, status 2."""

import matplotlib.pyplot as plt
import pytest

from neuroglass.cli import brain as cli_brain
from neuroglass.cli import main


@pytest.fixture
def titles(monkeypatch):
    """The titles of the figures the command saves (instead of saving them)."""
    seen = []

    def keep(ax, path):
        seen.append(ax.get_title())
        plt.close(ax.figure)

    monkeypatch.setattr(cli_brain, "_save", keep)
    return seen


def test_simulate_title_names_the_preset_scheme_and_dt(tmp_path, titles, capsys):
    argv = ["brain", "simulate", "izhikevich", "CH", "--duration", "50"]
    assert main([*argv, "--plot", str(tmp_path / "a.png")]) == 0
    assert titles == ["Izhikevich CH (published scheme), dt = 1 ms"]
    assert capsys.readouterr().out.startswith(titles[0])


def test_fi_title_names_the_preset_and_scheme(tmp_path, titles, capsys):
    argv = ["brain", "fi", "izhikevich", "FS", "--duration", "100", "--steps", "3"]
    assert main([*argv, "--scheme", "rk4", "--plot", str(tmp_path / "a.png")]) == 0
    assert titles == ["f-I curve of Izhikevich FS (rk4 scheme) and ANN activations"]
    header = capsys.readouterr().out.splitlines()[1]
    assert header == "current (dimensionless)   rate (Hz)"  # aligned with its rows


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["simulate", "hh", "--current", "1e6", "--duration", "1"], "diverged"),
        (["simulate", "hh", "--scheme", "rk5"], "Did you mean 'rk4'?"),
        (["simulate", "izhikevich", "--dt", "5"], "Use dt <= 1."),
    ],
)
def test_late_user_errors_are_one_line(capsys, argv, expected):
    assert main(["brain", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert expected in err and "Traceback" not in err
