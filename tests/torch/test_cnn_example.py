"""examples/torch_cnn_digits.py trains, records and draws what it says."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import neuroglass as ng

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "torch_cnn_digits.py"


@pytest.mark.slow
def test_cnn_digits_example(tmp_path):
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr, result.stderr
    accuracy = float(re.search(r"test accuracy: ([0-9.]+)", result.stdout).group(1))
    assert accuracy > 0.85
    for name in ("history.png", "layers.png", "filters.png", "feature_maps.png"):
        assert (tmp_path / name).stat().st_size > 5_000, name
    run = ng.open_run(tmp_path / "cnn_digits.ngrun")
    assert run.config["network"]["format"] == "torch.module"
    assert len(run.epochs) == 8
    assert "maps: (1, 8, 8, 8)" in result.stdout
