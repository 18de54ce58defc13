"""Run the neuroglass benchmarks and compare against PyTorch, scikit-learn, NumPy.

Usage::

    python benchmarks/run.py                  # full run, a few minutes
    python benchmarks/run.py --quick          # smoke run: fewer repeats, less data
    python benchmarks/run.py --only tiny,mnist --json out.json

Prints a table and writes a JSON report with every raw timing. Benchmarks are
not tests: the exit status is 0 even when a target is missed (shown MISSED).
See benchmarks/README.md for what each benchmark measures and its target.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # when imported rather than run as a script
    sys.path.insert(0, str(HERE))
try:
    import neuroglass  # noqa: F401
except ImportError:  # not installed: use the source tree next to benchmarks/
    sys.path.insert(0, str(HERE.parent / "src"))

import bench_brain  # noqa: E402
import bench_estimator  # noqa: E402
import bench_memory  # noqa: E402
import bench_mnist  # noqa: E402
import bench_playground  # noqa: E402
import bench_recorder  # noqa: E402
import bench_tiny  # noqa: E402
import bench_torch  # noqa: E402
import bench_views  # noqa: E402
from bench_common import Config, Row, format_table, machine_info  # noqa: E402


@dataclass
class Benchmark:
    name: str
    description: str
    fn: Callable[[Config], list[Row]]


# The registry: each entry is a function ``fn(cfg) -> list[Row]``; they run in
# this order. Add new benchmarks here and document them in README.md.
BENCHMARKS: list[Benchmark] = [
    Benchmark("tiny", "2-8-8-1 tanh net, batch 10: steps/s vs torch", bench_tiny.run),
    Benchmark(
        "mnist",
        "784-256-128-10 relu net, batch 128: epoch time vs torch, sklearn",
        bench_mnist.run,
    ),
    Benchmark("memory", "peak RSS of the MNIST-sized fit", bench_memory.run),
    Benchmark(
        "recorder",
        "Recorder overhead (playground, MNIST-sized) and reading a long run",
        bench_recorder.run,
    ),
    Benchmark(
        "estimator",
        "MLPClassifier fit on digits vs scikit-learn's",
        bench_estimator.run,
    ),
    Benchmark("views", "drawing speed of the figures and animations", bench_views.run),
    Benchmark(
        "playground",
        "live updates/s, message size and page load of the playground",
        bench_playground.run,
    ),
    Benchmark(
        "torch",
        "neuroglass.torch.Recorder vs plain loop and TensorBoard (MLP, CNN, DDP)",
        bench_torch.run,
    ),
    Benchmark(
        "brain",
        "neuroglass.brain vs Brian2 numpy target (own venv) and plain NumPy",
        bench_brain.run,
    ),
]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--quick", action="store_true", help="fewer repeats and 12,800 MNIST samples"
    )
    p.add_argument(
        "--only",
        default="",
        help="comma-separated benchmarks to run: "
        + ",".join(b.name for b in BENCHMARKS),
    )
    p.add_argument(
        "--json",
        default=str(HERE / "results.json"),
        metavar="PATH",
        help="where to write the JSON report (default: benchmarks/results.json)",
    )
    p.add_argument("--repeats", type=int, default=None, help="override repeats")
    p.add_argument(
        "--all-rounds",
        action="store_true",
        help="use every round, also those disturbed by foreign CPU load",
    )
    return p.parse_args(argv)


def select(only: str) -> list[Benchmark]:
    if not only:
        return list(BENCHMARKS)
    names = [s.strip() for s in only.split(",") if s.strip()]
    known = {b.name: b for b in BENCHMARKS}
    unknown = [s for s in names if s not in known]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {unknown}; choose from {list(known)}")
    return [known[s] for s in names]


def main(argv=None) -> int:
    args = parse_args(argv)
    cfg = Config(
        quick=args.quick,
        repeats=3 if args.quick else 7,
        warmup=1,
        quiet_only=not args.all_rounds,
    )
    if args.repeats is not None:
        cfg.repeats = max(1, args.repeats)
    selected = select(args.only)

    started = time.perf_counter()
    machine = machine_info()
    print(
        f"neuroglass benchmarks{' (QUICK)' if cfg.quick else ''}: "
        f"{cfg.repeats} interleaved repeats after {cfg.warmup} warm-up; "
        f"{machine['cpu_count']} CPUs, numpy {machine['numpy']}, "
        f"torch {machine['torch']}, sklearn {machine['sklearn']}",
        flush=True,
    )
    rows: list[Row] = []
    errors: dict[str, str] = {}
    for bench in selected:
        print(f"\n== {bench.name}: {bench.description}", flush=True)
        t0 = time.perf_counter()
        try:
            rows.extend(bench.fn(cfg))
        except Exception as exc:  # report and go on with the other benchmarks
            errors[bench.name] = f"{type(exc).__name__}: {exc}"
            print(f"  ERROR {errors[bench.name]}", flush=True)
        print(f"  ({time.perf_counter() - t0:.1f} s)", flush=True)

    wall = time.perf_counter() - started
    title = "Results" + (" (QUICK run: fewer repeats, less data)" if cfg.quick else "")
    print(f"\n{title}\n")
    print(format_table(rows))
    if any(r.noisy for r in rows):
        print(
            "\n(noisy): the machine stayed busy with other jobs; some rounds used "
            "saw foreign CPU load (see 'timing' in the JSON report)."
        )
    missed = [r for r in rows if r.passed is False]
    print(
        f"\n{sum(r.passed is True for r in rows)} target(s) met, {len(missed)} "
        f"MISSED; total {wall:.0f} s"
    )

    report = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "quick": cfg.quick,
        "config": dataclasses.asdict(cfg),
        "argv": sys.argv[1:] if argv is None else list(argv),
        "machine": machine,
        "wall_time_s": wall,
        "errors": errors,
        "rows": [
            {**dataclasses.asdict(r), "result": r.result_text or None} for r in rows
        ],
    }
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"JSON report: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
