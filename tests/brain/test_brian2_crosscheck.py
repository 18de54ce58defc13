"""Cross-check against Brian2 (an independent simulator), run in its own environment.

Brian2 2.9.0 needs NumPy < 2, so it is never a dependency of neuroglass: it lives
in ``benchmarks/.brian2-venv``, which ``python benchmarks/run.py --only brain``
creates, and runs ``benchmarks/brian2_models.py`` there (numpy code-generation
target). Without that environment these tests are skipped.

Brian2 stamps a spike at the *start* of the step whose update crossed the
threshold, neuroglass at its end, so Brian2's times + dt are compared.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
VENV = BENCHMARKS / ".brian2-venv"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (VENV / "bin" / "python").exists(),
        reason=f"no Brian2 environment at {VENV}: create it with "
        "'python benchmarks/run.py --only brain' (pip install brian2==2.9.0 "
        "'numpy<2' into its own venv)",
    ),
]


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench_brain
    finally:
        sys.path.remove(str(BENCHMARKS))
    python, why = bench_brain.brian2_python(create=False)
    if python is None:
        pytest.skip(why)
    return bench_brain, python


@pytest.mark.parametrize("current", [0.5, 1.2])
def test_lif_exact_spike_times_equal_brian2_within_dt(bench, current):
    bench_brain, python = bench
    check = bench_brain.crosscheck_lif(python, current=current, duration=200.0, dt=0.1)
    assert check["n_ours"] == check["n_brian2"] > 5
    assert check["max_abs_diff_ms"] <= 0.1 + 1e-9


def test_hh_rk4_spike_times_equal_brian2_rk4_within_0_05_ms(bench):
    from neuroglass.brain import HodgkinHuxley, simulate

    bench_brain, python = bench
    # 100 ms: Brian2's numpy target needs ~0.3 s of CPU per model ms
    ours = simulate(HodgkinHuxley(), 10.0, 100.0, dt=0.01, record=()).spike_times[0]
    task = bench_brain.hh_task([10.0], 100.0, method="rk4", dt=0.01)
    theirs = bench_brain.run_once(python, task)["spike_times_ms"][0]
    check = bench_brain.crosscheck_hh(ours, theirs, dt=0.01, until=100.0)
    # published: about 68 Hz at 10 µA/cm² for the squid axon at 6.3 °C
    assert check["n_ours"] == check["n_brian2"] >= 6
    assert check["max_abs_diff_ms"] <= 0.05
    assert np.all(np.diff(ours) > 10.0)
