"""The brain examples in examples/ run in seconds and print what they claim."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _run(name: str) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr, result.stderr
    return result.stdout


def test_lif_fi_matches_the_grid_corrected_closed_form():
    out = _run("brain_lif_fi.py")
    gap = float(re.search(r"closed form: ([0-9.e+-]+) Hz", out).group(1))
    assert gap < 1.0  # a spike count over 1 s is whole Hz
    assert "rheobase (V_th - E_L) / R = 0.375 nA" in out


def test_izhikevich_patterns_lists_every_protocol():
    out = _run("brain_izhikevich_patterns.py")
    for name in ("RS", "IB", "CH", "FS", "TC", "TC_rebound", "RZ", "LTS"):
        assert re.search(rf"^{name} +\d+", out, flags=re.M), name


@pytest.mark.slow
def test_hodgkin_huxley_rest_threshold_and_rates():
    out = _run("brain_hodgkin_huxley.py")
    assert "resting potential: -65.00 mV" in out
    onset = float(re.search(r"from I = ([0-9.]+) uA/cm2", out).group(1))
    assert 6.0 <= onset <= 10.0  # between the cycles' saddle-node and the Hopf


def test_plasticity_hebb_diverges_and_oja_finds_pc1():
    out = _run("brain_plasticity.py")
    assert "diverged: True" in out
    assert float(re.search(r"\|w\| = ([0-9.]+)", out).group(1)) == pytest.approx(
        1.0, abs=0.02
    )
    assert float(re.search(r"PC1: ([0-9.]+) deg", out).group(1)) < 5.0


def test_ann_to_snn_answers_as_the_relu_network_after_tens_of_ms():
    out = _run("brain_ann_to_snn.py")
    ann = float(re.search(r"ReLU network: ([0-9.]+)%", out).group(1))
    rows = dict(re.findall(r"^ +(\d+) +([0-9.]+)%$", out, flags=re.M))
    assert float(rows["1"]) < ann - 20  # 1 ms: too few spikes to tell
    assert float(rows["20"]) >= ann - 2  # the target: within 2 points
    assert float(rows["100"]) >= ann - 2


def test_network_example_prints_rates_and_draws_its_raster(tmp_path):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "brain_network.py"), str(tmp_path / "r.png")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rates = re.findall(r"(excitatory|inhibitory) rate: ([0-9.]+) Hz", result.stdout)
    assert len(rates) == 2 and all(1 < float(r) < 50 for _, r in rates)
    assert "10,000 neurons, 200 ms, sparse synapses" in result.stdout
    assert (tmp_path / "r.png").stat().st_size > 10_000


@pytest.mark.slow
def test_stdp_song_moves_the_weights_to_the_bounds():
    out = _run("brain_stdp_song.py")
    low, high = map(
        int, re.search(r"(\d+)% of the weights below.*?(\d+)% above", out).groups()
    )
    assert low > 20 and high > 20


def test_torch_mlp_records_and_rebuilds_the_model(tmp_path):
    pytest.importorskip("torch")
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "torch_mlp.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    assert "recorded 10 epochs, 150 steps" in out
    assert float(re.search(r"validation accuracy: ([0-9.]+)%", out).group(1)) > 85
    gap = float(re.search(r"largest output difference ([0-9.e+-]+)", out).group(1))
    assert gap < 1e-5  # float32 softmax probabilities
    assert (tmp_path / "history.png").stat().st_size > 0


@pytest.mark.slow
def test_torch_ddp_example_under_torchrun_writes_one_run(tmp_path):
    """The DDP example as its docstring says to run it: torchrun, 2 processes."""
    pytest.importorskip("torch")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            "--nproc_per_node=2",
            str(EXAMPLES / "torch_ddp.py"),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "ranks: 2" in out.stdout
    assert re.search(r"epochs: 10, .*status finished", out.stdout), out.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["ddp_digits.ngrun"]


def test_seed_walkthrough_shows_the_tutorials_real_error():
    """The tutorial's (4, 1) bias against a (3, 4) output raises; it does not
    broadcast into wrong numbers, and the walkthrough says so."""
    out = _run("seed_walkthrough.py")
    assert (
        "ValueError: operands could not be broadcast together with shapes (3,4) (4,1)"
        in out
    )
    assert "nonsense" not in (EXAMPLES / "seed_walkthrough.py").read_text()
    assert "gives the same weights: True" in out
