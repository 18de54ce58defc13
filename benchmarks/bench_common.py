"""Shared pieces of the benchmarks: interleaved timing, result rows, machine info.

Timing is interleaved: every round runs each contender once, in the same order
(A, B, C, A, B, C, ...), so that slow phases of a shared, noisy machine hit all
contenders alike. Warm-up rounds run first and are not recorded. Only the
zero-argument callable a contender's ``setup`` returns is timed; building the
model, optimizer and tensors happens in ``setup``, outside the clock.

Quiet rounds: on this shared 2-core machine, other people's jobs (invisible to
``ps`` but counted in /proc/stat) can slow a multi-threaded BLAS epoch down 10-20x
for tens of seconds, which a median over 7 rounds does not survive. So every
timed call also records the *foreign* CPU load during it: CPU time the whole
machine spent busy (/proc/stat) minus this process's own (``os.times``), per
second of wall time. A round in which any call saw more than ``QUIET_LOAD``
foreign CPUs is rejected and another round is run, until ``repeats`` quiet
rounds are in or the benchmark's time budget is spent; then the least-loaded
rejected rounds fill the gap and the result is flagged ``noisy``. Every round,
rejected or not, is kept in the JSON report with its loads.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MB = 10**6
QUIET_LOAD = 0.25  # foreign CPUs (out of os.cpu_count()) a quiet call may see
TICK_SLACK_S = 0.03  # /proc/stat and os.times count in 10 ms ticks


@dataclass
class Config:
    """Settings every benchmark function receives."""

    quick: bool = False
    repeats: int = 7
    warmup: int = 1
    quiet_only: bool = True  # re-run rounds disturbed by foreign load


@dataclass
class Contender:
    """One side of a comparison.

    ``setup()`` returns the callable to time; it runs before every timed call.
    The value the timed callable returns is kept (from the last round) so that
    the benchmark can check afterwards that the contender really trained.
    """

    name: str
    setup: Callable[[], Callable[[], Any]]


@dataclass
class Timings:
    """Timings (seconds) of one contender in the rounds used, warm-up excluded."""

    name: str
    times: list[float]
    loads: list[float | None] = field(default_factory=list)
    last_result: Any = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def min(self) -> float:
        return min(self.times)


@dataclass
class Measurement:
    """What :func:`interleave` returns: timings of the rounds used, plus the log
    of every round (``seconds`` and ``load`` per contender, ``used``)."""

    timings: dict[str, Timings]
    rounds: list[dict[str, Any]]
    noisy: bool

    def __getitem__(self, name: str) -> Timings:
        return self.timings[name]

    def summary(self) -> dict[str, Any]:
        return {
            "rounds_run": len(self.rounds),
            "rounds_used": sum(r["used"] for r in self.rounds),
            "rounds_quiet": sum(r["quiet"] for r in self.rounds),
            "noisy": self.noisy,
            "quiet_load_threshold": QUIET_LOAD,
            "rounds": self.rounds,
        }


def _busy_cpu_seconds() -> float | None:
    """CPU-seconds the whole machine has spent busy since boot (Linux)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal: all but idle and iowait
    busy = sum(fields) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


def timed_call(fn: Callable[[], Any]) -> tuple[float, float | None, Any]:
    """Run ``fn`` once; return (seconds, foreign CPU load or None, result)."""
    busy0, own0 = _busy_cpu_seconds(), _own_cpu_seconds()
    t0 = time.perf_counter()
    result = fn()
    dt = time.perf_counter() - t0
    busy1, own1 = _busy_cpu_seconds(), _own_cpu_seconds()
    if busy0 is None or busy1 is None:
        return dt, None, result
    foreign = max(0.0, (busy1 - busy0) - (own1 - own0) - TICK_SLACK_S)
    return dt, foreign / dt, result


def interleave(
    contenders: list[Contender],
    cfg: Config,
    label: str = "",
    budget_s: float = 120.0,
) -> Measurement:
    """Time ``contenders`` round-robin: ``cfg.warmup`` unrecorded rounds, then
    recorded ones until ``cfg.repeats`` quiet rounds are in (or all rounds
    count, with ``cfg.quiet_only`` off). Past ``budget_s`` seconds (and at
    least ``cfg.repeats`` recorded rounds) it stops and fills up with the
    least-loaded rounds."""
    rounds: list[dict[str, Any]] = []
    results: dict[str, Any] = {}
    started = time.perf_counter()
    r = 0
    while True:
        warm = r < cfg.warmup
        entry: dict[str, Any] = {"seconds": {}, "load": {}}
        for c in contenders:
            fn = c.setup()
            gc.collect()
            dt, load, result = timed_call(fn)
            del fn
            entry["seconds"][c.name] = dt
            entry["load"][c.name] = load
            results[c.name] = result
        loads = [x for x in entry["load"].values() if x is not None]
        entry["max_load"] = max(loads) if loads else None
        entry["quiet"] = not loads or max(loads) <= QUIET_LOAD
        summary = "  ".join(f"{k}={v:.3f}s" for k, v in entry["seconds"].items())
        if warm:
            tag = "warm-up"
        else:
            entry["used"] = False
            rounds.append(entry)
            tag = f"round {len(rounds)}"
        note = "" if entry["quiet"] else f"  (foreign load {entry['max_load']:.2f})"
        print(f"  [{label}] {tag}: {summary}{note}", flush=True)
        r += 1
        if warm:
            continue
        n_quiet = sum(e["quiet"] for e in rounds)
        if not cfg.quiet_only and len(rounds) >= cfg.repeats:
            break
        if n_quiet >= cfg.repeats:
            break
        if len(rounds) >= cfg.repeats and time.perf_counter() - started > budget_s:
            break

    if cfg.quiet_only:
        ranked = sorted(rounds, key=lambda e: (not e["quiet"], e["max_load"] or 0.0))[
            : cfg.repeats
        ]
    else:
        ranked = rounds
    for e in ranked:
        e["used"] = True
    used = [e for e in rounds if e["used"]]
    noisy = cfg.quiet_only and not all(e["quiet"] for e in used)
    timings = {}
    for c in contenders:
        timings[c.name] = Timings(
            c.name,
            [e["seconds"][c.name] for e in used],
            [e["load"][c.name] for e in used],
            results[c.name],
        )
    if noisy:
        print(
            f"  [{label}] NOISY: only {sum(e['quiet'] for e in used)} of "
            f"{len(used)} rounds used were quiet",
            flush=True,
        )
    return Measurement(timings, rounds, noisy)


def paired_ratio(num: Timings, den: Timings) -> float:
    """Median over rounds of ``num`` time / ``den`` time in the same round."""
    return statistics.median(a / b for a, b in zip(num.times, den.times, strict=True))


@dataclass
class Row:
    """One line of the results table (and of the JSON report).

    ``median`` and ``best`` are in ``unit``; for rates (steps/s, GFLOP/s)
    ``best`` is the rate of the fastest run, for times it is the smallest time.
    ``passed`` is True/False for rows that carry a target, None otherwise.
    """

    benchmark: str
    contender: str
    unit: str
    median: float
    best: float | None = None
    ratio: float | None = None
    ratio_text: str = ""
    target_text: str = ""
    passed: bool | None = None
    noisy: bool = False  # some rounds used were not quiet (see interleave)
    raw_seconds: list[float] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def result_text(self) -> str:
        if self.passed is None:
            return ""
        return ("PASS" if self.passed else "MISSED") + (
            " (noisy)" if self.noisy else ""
        )


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "steps/s":
        return f"{value:,.0f} steps/s"
    if unit.startswith("s"):
        return f"{value:.3f} {unit}"
    if unit == "GFLOP/s":
        return f"{value:.1f} GFLOP/s"
    if unit == "MB":
        return f"{value:,.1f} MB"
    return f"{value:.4g} {unit}"


def format_table(rows: list[Row]) -> str:
    header = ["benchmark", "contender", "median", "best", "ratio", "target", "result"]
    lines = [
        [
            r.benchmark,
            r.contender,
            fmt_value(r.median, r.unit),
            fmt_value(r.best, r.unit),
            r.ratio_text,
            r.target_text,
            r.result_text,
        ]
        for r in rows
    ]
    widths = [max(len(x) for x in col) for col in zip(header, *lines, strict=True)]

    def line(cells):
        padded = (c.ljust(w) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), sep, *(line(cells) for cells in lines)])


def machine_info() -> dict[str, Any]:
    """CPU count, library versions and BLAS/OpenMP pools (via threadpoolctl)."""
    import numpy as np

    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "sched_affinity": (
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        ),
        "platform": platform.platform(),
        "processor": platform.processor() or _cpu_model(),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    for mod in ("torch", "sklearn", "threadpoolctl"):
        try:
            info[mod] = __import__(mod).__version__
        except ImportError:
            info[mod] = None
    try:
        import torch

        info["torch_default_threads"] = torch.get_num_threads()
    except ImportError:
        pass
    try:
        from threadpoolctl import threadpool_info

        info["threadpools"] = threadpool_info()
    except ImportError:
        info["threadpools"] = None
    return info


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""
