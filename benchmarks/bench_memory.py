"""Benchmark 3: peak memory of the neuroglass MNIST-sized fit.

Runs ``memory_child.py`` in fresh interpreters that import only NumPy and
neuroglass, so that torch, scikit-learn and this runner's own data do not
inflate the numbers (see that file for why it is two processes deep).
Target: peak RSS - RSS before X <= X.nbytes + 300 MB (MB = 10**6 bytes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import bench_mnist
from bench_common import MB, Config, Row

NAME = "memory"
ALLOWANCE = 300 * MB
HERE = Path(__file__).resolve().parent


def child_env() -> dict[str, str]:
    """The environment for the child: make neuroglass importable there the way
    it was found here (installed, or the source tree on sys.path)."""
    import neuroglass

    env = dict(os.environ)
    pkg_parent = str(Path(neuroglass.__file__).resolve().parent.parent)
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if pkg_parent not in paths:
        env["PYTHONPATH"] = os.pathsep.join([pkg_parent, *paths])
    return env


def run(cfg: Config) -> list[Row]:
    n = bench_mnist.N_QUICK if cfg.quick else bench_mnist.N_FULL
    proc = subprocess.run(
        [sys.executable, str(HERE / "memory_child.py"), str(n)],
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"memory child failed:\n{proc.stderr}")
    m = json.loads(proc.stdout.strip().splitlines()[-1])
    peak = m["peak_rss"]
    # ru_maxrss would carry a peak inherited from the parent if the launcher
    # failed to isolate it; it then already exceeds the RSS before X.
    inherited = m["peak_before_x"] > m["rss_before_x"] + 16 * 2**20
    if inherited and m["vm_hwm"] is not None:
        peak = m["vm_hwm"]
    growth = peak - m["rss_before_x"]
    budget = m["x_nbytes"] + ALLOWANCE
    print(
        f"  [{NAME}] RSS before X {m['rss_before_x'] / MB:.1f} MB, "
        f"X {m['x_nbytes'] / MB:.1f} MB, after X {m['rss_after_x'] / MB:.1f} MB, "
        f"peak {m['peak_rss'] / MB:.1f} MB (VmHWM {(m['vm_hwm'] or 0) / MB:.1f} MB)",
        flush=True,
    )
    bench = NAME if n == bench_mnist.N_FULL else f"{NAME} (n={n:,})"
    peak_label = "peak RSS (VmHWM)" if inherited else "peak RSS (ru_maxrss)"
    details = {
        **m,
        "growth": growth,
        "budget": budget,
        "ru_maxrss_inherited": inherited,
    }
    return [
        Row(
            bench,
            "peak - RSS before X",
            "MB",
            growth / MB,
            ratio=growth / budget,
            ratio_text=f"X + {(growth - m['x_nbytes']) / MB:.1f} MB",
            target_text=f"<= X + {ALLOWANCE / MB:.0f} MB",
            passed=growth <= budget,
            details=details,
        ),
        Row(bench, "RSS before X", "MB", m["rss_before_x"] / MB),
        Row(bench, "X.nbytes", "MB", m["x_nbytes"] / MB),
        Row(bench, "RSS after X", "MB", m["rss_after_x"] / MB),
        Row(bench, peak_label, "MB", peak / MB),
    ]
