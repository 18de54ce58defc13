"""examples/brain_stdp_song.py --quick runs and prints what it claims (the full
run, ~1000 s of model time, is tests/test_examples.py's slow test)."""

import re
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "brain_stdp_song.py"


def test_quick_mode_runs_and_reports_the_rates():
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--quick"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    low, high = map(
        int, re.search(r"(\d+)% of the weights below.*?(\d+)% above", out).groups()
    )
    assert 5 <= low <= 20 and 5 <= high <= 20  # 20 s: still near the uniform 10%
    rates = re.findall(r"inputs at +(\d+) Hz -> output +([0-9.]+) Hz", out)
    assert [r for r, _ in rates] == ["10", "40"]
    assert "without STDP" in out and "--quick" in out
