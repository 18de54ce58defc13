"""`neuroglass brain ...`: each subcommand runs, prints what it says, draws its
figure, and refuses bad input with one line and exit status 2."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.brain.izhikevich import PRESETS
from neuroglass.cli import main

PNG = b"\x89PNG\r\n\x1a\n"


def _run(capsys, *argv):
    code = main(["brain", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(capsys, *argv) -> str:
    code, out, err = _run(capsys, *argv)
    assert code == 2, (argv, out, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "error:" in lines[0], err
    assert lines[0].startswith("neuroglass brain")
    return lines[0]


def test_help_lists_the_subcommands(capsys):
    assert main(["brain", "--help"]) == 0
    out = capsys.readouterr().out
    for word in ("simulate", "fi", "network", "presets"):
        assert word in out
    assert main(["--help"]) == 0
    assert "neuroglass brain simulate" in capsys.readouterr().out


def test_presets_lists_every_preset_with_its_parameters(capsys):
    code, out, _ = _run(capsys, "presets")
    assert code == 0
    for name, (a, b, c, d) in PRESETS.items():
        row = next(line for line in out.splitlines() if line.startswith(name + " "))
        assert row.split()[1:5] == [f"{a:g}", f"{b:g}", f"{c:g}", f"{d:g}"]


def test_simulate_lif_prints_the_library_s_spikes_and_the_closed_form(capsys):
    code, out, _ = _run(
        capsys, "simulate", "lif", "--current", "0.5", "--duration", "100"
    )
    assert code == 0
    trace = ng.brain.simulate(ng.brain.LIF(), 0.5, 100.0)
    times = trace.spike_times[0]
    assert f"spikes: {times.size}, rate {trace.rate()[0]:.2f} Hz" in out
    assert f"{ng.brain.LIF().rate(0.5):.2f} Hz" in out  # the closed form, 63.04
    first = out.split("first spike times (ms): ")[1].splitlines()[0]
    assert [float(t) for t in first.split(", ")] == pytest.approx(times)


def test_simulate_izhikevich_preset_step_current_and_plot(tmp_path, capsys):
    path = tmp_path / "ch.png"
    code, out, _ = _run(
        capsys,
        "simulate",
        "izhikevich",
        "ch",  # any case
        "--current",
        "10:20:100",
        "--duration",
        "100",
        "--scheme",
        "euler",
        "--dt",
        "0.1",
        "--plot",
        str(path),
    )
    assert code == 0
    assert "Izhikevich CH (euler scheme), dt = 0.1 ms" in out
    expected = ng.brain.simulate(
        ng.brain.Izhikevich.preset("CH", scheme="euler"),
        ng.brain.step_current(10.0, 20.0, 100.0),
        100.0,
        dt=0.1,
    )
    assert f"spikes: {expected.spike_times[0].size}," in out
    assert expected.spike_times[0][0] > 20.0  # nothing before the step
    assert path.read_bytes().startswith(PNG)
    assert f"wrote {path}" in out


def test_simulate_hh_runs_briefly(capsys):
    code, out, _ = _run(capsys, "simulate", "hh", "--current", "10", "--duration", "10")
    assert code == 0
    assert "Hodgkin-Huxley (rk4 scheme), dt = 0.01 ms" in out
    times = ng.brain.simulate(ng.brain.HodgkinHuxley(), 10.0, 10.0).spike_times[0]
    assert times.size >= 1 and f"spikes: {times.size}," in out
    assert f"first spike times (ms): {times[0]:g}" in out


def test_fi_prints_the_table_of_the_library_s_rates(tmp_path, capsys):
    path = tmp_path / "fi.png"
    argv = ["fi", "lif", "--from", "0", "--to", "1", "--steps", "5"]
    code, out, _ = _run(capsys, *argv, "--duration", "500", "--plot", str(path))
    assert code == 0
    currents = np.linspace(0, 1, 5)
    rates = ng.brain.fi_curve(ng.brain.LIF(), currents, duration=500.0)
    rows = [
        line.split() for line in out.splitlines() if line[:18].strip()[:1].isdigit()
    ]
    assert len(rows) == 5
    assert [float(r[0]) for r in rows] == pytest.approx(currents)
    assert [float(r[1]) for r in rows] == pytest.approx(rates, abs=0.005)
    assert [float(r[2]) for r in rows] == pytest.approx(
        ng.brain.LIF().rate(currents), abs=0.005
    )
    assert path.read_bytes().startswith(PNG)


def test_network_prints_rates_and_draws_the_raster(tmp_path, capsys):
    path = tmp_path / "raster.png"
    argv = ["network", "--n-excitatory", "80", "--n-inhibitory", "20"]
    code, out, _ = _run(capsys, *argv, "--duration", "100", "--plot", str(path))
    assert code == 0
    result = ng.brain.izhikevich_network(80, 20, duration=100.0, seed=0)
    assert f"spikes: {len(result.firings)}, mean rate {result.rate().mean():.2f}" in out
    assert "80 excitatory + 20 inhibitory" in out and "dense" in out
    assert path.read_bytes().startswith(PNG)
    code, out, _ = _run(capsys, *argv, "--duration", "20", "--sparse", "--seed", "3")
    assert code == 0 and "sparse weights, seed 3" in out


def test_unknown_preset_lists_the_valid_ones(capsys):
    line = _one_line_error(capsys, "simulate", "izhikevich", "XX")
    assert "'XX'" in line
    for name in PRESETS:
        assert name in line


@pytest.mark.parametrize("dt", ["0", "-0.1", "nan", "inf"])
def test_dt_must_be_positive_and_finite(capsys, dt):
    line = _one_line_error(capsys, "simulate", "lif", "--dt", dt)
    assert "--dt" in line and repr(dt) in line


def test_an_unstable_dt_for_hh_is_refused_with_the_bound(capsys):
    line = _one_line_error(capsys, "simulate", "hh", "--dt", "0.1")
    assert "dt=0.1" in line and "0.05" in line
    line = _one_line_error(capsys, "fi", "hh", "--scheme", "euler", "--dt", "0.04")
    assert "dt=0.04" in line and "0.025" in line


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["simulate", "lif", "--current", "abc"], "'abc'"),
        (["simulate", "lif", "--current", "1:50:20"], "'1:50:20'"),
        (["simulate", "lif", "--current", "1:2"], "'1:2'"),
        (["simulate", "lif", "--duration", "-5"], "'-5'"),
        (["simulate", "lif", "--duration", "100.05"], "100.05"),
        (["simulate", "lif", "--scheme", "rk4"], "'rk4'"),
        (["simulate", "lif", "RS"], "'RS'"),
        (["simulate", "neuron"], "'neuron'"),
        (["simulate", "lif", "--plot", "out.txt"], "'out.txt'"),
        (["simulate", "lif", "--plot", "no/such/folder/a.png"], "no/such/folder"),
        (["fi", "lif", "--from", "2", "--to", "1"], "--from 2 --to 1"),
        (["fi", "lif", "--steps", "2"], "'2'"),
        (["network", "--n-excitatory", "-1"], "'-1'"),
        (["network", "--n-excitatory", "0", "--n-inhibitory", "0"], "at least one"),
        (["network", "--duration", "1.5"], "'1.5'"),
        (["network", "--seed", "x"], "'x'"),
    ],
)
def test_bad_values_are_one_line_naming_the_value(capsys, argv, needle):
    assert needle in _one_line_error(capsys, *argv)


def test_a_huge_run_is_refused_before_it_starts(capsys):
    line = _one_line_error(capsys, "simulate", "hh", "--duration", "200000")
    assert "20,000,000 steps" in line and "--duration" in line
