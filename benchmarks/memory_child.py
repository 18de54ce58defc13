"""Child process of the memory benchmark; prints one JSON object.

Imports only NumPy and neuroglass (never torch), then reports the resident set
size before and after creating X, and the peak after one epoch of the
MNIST-sized fit. Run by ``bench_memory.py``; usable alone:
``python benchmarks/memory_child.py 60000``.

Why two processes: on Linux a process started from a large parent inherits the
parent's peak RSS in ``ru_maxrss`` (the high-water mark survives fork + exec),
so a child of the benchmark runner would report the runner's ~500 MB. This
script therefore starts as a small launcher that imports almost nothing and
runs the real measurement (``--inner``) as its own child; whatever that one
inherits is the launcher's few MB, below its own RSS before X. ``VmHWM`` from
/proc (the high-water mark of the current address space only) is reported as
a cross-check.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

SIZES = [784, 256, 128, 10]


def current_rss() -> int:
    """Resident set size now, in bytes (Linux /proc; peak RSS elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return peak_rss()


def peak_rss() -> int:
    """Peak resident set size so far, in bytes (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def vm_hwm() -> int | None:
    """Peak RSS of this address space from /proc/self/status, in bytes."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def measure(n: int) -> dict:
    import numpy as np

    import neuroglass as ng

    rss_before = current_rss()
    peak_before = peak_rss()
    rng = np.random.default_rng(0)
    X = rng.random((n, SIZES[0]), dtype=np.float32)
    y = rng.integers(0, SIZES[-1], size=n)
    rss_after_x = current_rss()
    net = ng.mlp(
        SIZES, activation="relu", loss="cross_entropy", seed=0, dtype="float32"
    )
    net.fit(X, y, epochs=1, batch_size=128, optimizer="sgd", lr=0.01)
    return {
        "n_samples": n,
        "x_nbytes": int(X.nbytes),
        "y_nbytes": int(y.nbytes),
        "rss_before_x": rss_before,
        "peak_before_x": peak_before,
        "rss_after_x": rss_after_x,
        "rss_after_fit": current_rss(),
        "peak_rss": peak_rss(),
        "vm_hwm": vm_hwm(),
        "torch_imported": "torch" in sys.modules,
        "sklearn_imported": "sklearn" in sys.modules,
    }


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0] != "--inner" else 60_000
    if "--inner" in argv:
        print(json.dumps(measure(n)), flush=True)
        return 0
    proc = subprocess.run([sys.executable, __file__, str(n), "--inner"], check=False)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
