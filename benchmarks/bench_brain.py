"""Benchmark: neuroglass.brain against Brian2's numpy target and plain NumPy.

Brian2 never becomes a dependency of neuroglass: it lives in its own virtual
environment, ``benchmarks/.brian2-venv`` (Brian2 2.9.0 with NumPy < 2, made once
by :func:`brian2_python`), and runs benchmarks/brian2_models.py there, in a
worker process that answers one JSON task per line (so Brian2's caches are warm
after the warm-up round, as in a user's session). If the environment cannot be
made, the table says why and the other rows still run.

Rows:

* ``izh-net``: Izhikevich's ``net.m`` network, 800 + 200 neurons, all-to-all,
  1000 steps of 1 ms. ``ng.brain.izhikevich_network`` vs Brian2 (numpy target,
  net.m's own half-step scheme written as a ``run_regularly`` block, so the same
  arithmetic; its own random numbers) vs :func:`net_m_numpy`, a plain NumPy
  transcription of net.m drawing the same random numbers as neuroglass (so its
  firings must be identical). Targets: >= 3x faster than Brian2, <= 1.5x the
  NumPy loop. Brian2's time is ``net.run`` (including its per-run code
  preparation; building the groups and synapses is not timed); neuroglass's and
  the loop's include drawing the parameters and the weights.
* ``hh-fi``: the HH f-I sweep, 50 neurons (0..49 µA/cm²), dt = 0.01 ms, RK4,
  1 s of model time (:data:`HH_MS`): ``simulate(HodgkinHuxley(), currents,
  record=())`` (what ``fi_curve`` runs) vs Brian2's numpy target, method
  ``'rk4'``, same constants and spike rule. Brian2 needs about 300 s per model
  second here, so each round times it over 100 and 200 ms
  (:data:`HH_BRIAN_SPANS`) and its 1 s time is extrapolated along the straight
  line through both (its fixed cost counted once); the row says so, and gives
  the ratio of the two spans' costs per model ms (linear within 15 %, else the
  row says NOT LINEAR). Target >= 4x.
* ``izh-10k``: 8000 + 2000 neurons, 1000 synapses per neuron (scipy.sparse),
  1 s, each side in a fresh process once: time and peak RSS (report only).
* ``xcheck``: LIF (exact) and HH (rk4, 0.01 ms, 10 µA/cm², 200 ms) spike times
  against Brian2 (tests/brain/test_brian2_crosscheck.py asserts the same).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench_common import (
    QUIET_LOAD,
    Config,
    Measurement,
    Row,
    Timings,
    paired_ratio,
    timed_call,
)

NAME = "brain"
HERE = Path(__file__).resolve().parent
VENV = HERE / ".brian2-venv"
MODELS = HERE / "brian2_models.py"
BRIAN2_REQUIREMENTS = ("brian2==2.9.0", "numpy<2")
HH_CURRENTS = np.arange(50.0)  # µA/cm², one neuron each; 10.0 is the cross-check's
HH_MS = 1000.0  # model time of neuroglass's timed HH round (ms); 100 with --quick
# Brian2's numpy target needs ~300 s per model second for the HH sweep: it is timed
# over two shorter spans (ms) and extrapolated along the line through both
HH_BRIAN_SPANS, HH_BRIAN_SPANS_QUICK = (100.0, 200.0), (20.0, 40.0)
HH_LINEARITY = 0.15  # the two spans' costs per model ms agree within 15 %
XCHECK_HH_MS = 200.0
TARGET_BRIAN_IZH, TARGET_NUMPY_IZH, TARGET_BRIAN_HH = 3.0, 1.5, 4.0
LIF_PARAMS = {"E_L": -70.0, "R": 40.0, "tau_m": 10.0, "V_th": -55.0}
LIF_PARAMS |= {"V_reset": -70.0, "t_ref": 2.0}


# -- the Brian2 environment ---------------------------------------------------------
def venv_python(venv: Path = VENV) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def brian2_python(create: bool = True, venv: Path = VENV) -> tuple[Path | None, str]:
    """The Brian2 environment's Python (made once), or ``(None, reason)``."""
    python = venv_python(venv)
    check = [str(python), "-c", "import brian2, numpy; print(brian2.__version__)"]
    if python.exists():
        done = subprocess.run(check, capture_output=True, text=True, timeout=120)
        if done.returncode == 0:
            return python, f"brian2 {done.stdout.strip()}"
        if not create:
            return None, f"{venv} has no working brian2"
    elif not create:
        return None, f"{venv} does not exist (run benchmarks/run.py --only brain)"
    print(f"  creating {venv} with {' '.join(BRIAN2_REQUIREMENTS)} ...", flush=True)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "-q", *BRIAN2_REQUIREMENTS],
        check,
    ]
    for cmd in steps:
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"{cmd[2]}: {type(exc).__name__}"
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["?"]
            return None, f"{' '.join(cmd[1:3])} failed: {last[0][:120]}"
    return python, f"brian2 {done.stdout.strip()}"


class Brian2Worker:
    """brian2_models.py as a long-lived process: one JSON task in, one answer out."""

    def __init__(self, python: Path):
        self.proc = subprocess.Popen(
            [str(python), str(MODELS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def __call__(self, task: dict) -> dict:
        self.proc.stdin.write(json.dumps(task) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the Brian2 worker stopped on task {task['task']!r}")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"Brian2 task {task['task']!r}: {answer['error']}")
        return answer

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def run_once(python: Path, task: dict) -> dict:
    """One task in a fresh Brian2 process (peak memory of that task alone)."""
    done = subprocess.run(
        [str(python), str(MODELS), json.dumps(task)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    lines = [x for x in done.stdout.splitlines() if x.startswith("{")]
    if not lines:
        raise RuntimeError(f"Brian2 task {task['task']!r} failed: {done.stderr[-300:]}")
    answer = json.loads(lines[-1])
    if "error" in answer:
        raise RuntimeError(f"Brian2 task {task['task']!r}: {answer['error']}")
    return answer


# -- the tasks ---------------------------------------------------------------------
def net_m_numpy(ne=800, ni=200, steps=1000, seed=0):
    """net.m transcribed into plain NumPy, drawing neuroglass's random numbers."""
    rng = np.random.default_rng(seed)
    re, ri = rng.random(ne), rng.random(ni)
    a = np.r_[np.full(ne, 0.02), 0.02 + 0.08 * ri]
    b = np.r_[np.full(ne, 0.2), 0.25 - 0.05 * ri]
    c = np.r_[-65 + 15 * re**2, np.full(ni, -65.0)]
    d = np.r_[8 - 6 * re**2, np.full(ni, 2.0)]
    S = np.hstack([0.5 * rng.random((ne + ni, ne)), -rng.random((ne + ni, ni))])
    v = np.full(ne + ni, -65.0)
    u = b * v
    firings = []
    for t in range(1, steps + 1):
        current = np.r_[5 * rng.standard_normal(ne), 2 * rng.standard_normal(ni)]
        fired = np.flatnonzero(v >= 30)
        firings += [(t, i) for i in fired]
        v[fired] = c[fired]
        u[fired] += d[fired]
        current += S[:, fired].sum(axis=1)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + current)
        v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + current)
        u += a * (b * v - u)
    return np.array(firings, dtype=float).reshape(-1, 2)


def hh_task(currents, duration, method="rk4", dt=0.01) -> dict:
    """The Brian2 task for neuroglass's default HodgkinHuxley (constants, rest)."""
    from neuroglass.brain import HodgkinHuxley

    hh = HodgkinHuxley()
    rest = hh.initial_state(1)
    return {
        "task": "hodgkin_huxley",
        "currents": list(map(float, currents)),
        "duration": duration,
        "dt": dt,
        "method": method,
        "params": {k: float(v) for k, v in hh.parameters().items()},
        "initial": {k: float(rest[k][0]) for k in ("v", "m", "h", "n")},
    }


def lif_task(current=0.5, duration=200.0, dt=0.1) -> dict:
    return {
        "task": "lif",
        "current": current,
        "duration": duration,
        "dt": dt,
        "params": dict(LIF_PARAMS),
    }


def crosscheck_lif(python: Path, current=0.5, duration=200.0, dt=0.1) -> dict:
    """LIF spike times, neuroglass vs Brian2 'exact' (stamped at the step's start)."""
    from neuroglass.brain import LIF, simulate

    ours = simulate(LIF(**LIF_PARAMS), current, duration, dt=dt).spike_times[0]
    theirs = np.asarray(
        run_once(python, lif_task(current, duration, dt))["spike_times_ms"]
    )
    return _compare(ours, theirs, dt)


def crosscheck_hh(ours_times, theirs_times, dt=0.01, until=XCHECK_HH_MS) -> dict:
    ours = np.asarray(ours_times)
    theirs = np.asarray(theirs_times)
    return _compare(ours[ours <= until], theirs[theirs + dt <= until], dt)


def _compare(ours, theirs, dt) -> dict:
    same = ours.size == theirs.size
    diff = float(np.max(np.abs(ours - (theirs + dt)))) if same and ours.size else None
    return {
        "n_ours": int(ours.size),
        "n_brian2": int(theirs.size),
        "max_abs_diff_ms": diff,
        "ours_ms": ours.tolist(),
        "brian2_plus_dt_ms": (theirs + dt).tolist(),
    }


# -- timing: in-process callables and Brian2 tasks, interleaved ----------------------
def interleave_mixed(contenders, cfg: Config, label: str, budget_s: float, warmup=None):
    """bench_common.interleave for contenders that are either an in-process
    callable (``("local", fn)``) or a Brian2 task (``("brian2", worker, task)``),
    whose time and foreign load the worker measures itself (its CPU would count
    as foreign load here)."""
    warmup = cfg.warmup if warmup is None else warmup
    rounds, results, started, r = [], {}, time.perf_counter(), 0
    while True:
        entry = {"seconds": {}, "load": {}}
        for name, how in contenders.items():
            gc.collect()
            if how[0] == "local":
                seconds, load, result = timed_call(how[1])
            else:
                result = how[1](how[2])
                seconds, load = result["seconds"], result["load"]
            entry["seconds"][name], entry["load"][name] = seconds, load
            results[name] = result
        loads = [x for x in entry["load"].values() if x is not None]
        entry["max_load"] = max(loads) if loads else None
        entry["quiet"] = not loads or max(loads) <= QUIET_LOAD
        warm = r < warmup
        r += 1
        text = "  ".join(f"{k}={v:.3f}s" for k, v in entry["seconds"].items())
        note = "" if entry["quiet"] else f"  (foreign load {entry['max_load']:.2f})"
        tag = "warm-up" if warm else f"round {len(rounds) + 1}"
        print(f"  [{label}] {tag}: {text}{note}", flush=True)
        if warm:
            continue
        entry["used"] = False
        rounds.append(entry)
        n_quiet = sum(e["quiet"] for e in rounds)
        if n_quiet >= cfg.repeats or (
            len(rounds) >= cfg.repeats and not cfg.quiet_only
        ):
            break
        if len(rounds) >= cfg.repeats and time.perf_counter() - started > budget_s:
            break
    key = (lambda e: (not e["quiet"], e["max_load"] or 0.0)) if cfg.quiet_only else None
    used = sorted(rounds, key=key)[: cfg.repeats] if key else rounds
    for e in used:
        e["used"] = True
    used = [e for e in rounds if e["used"]]
    noisy = cfg.quiet_only and not all(e["quiet"] for e in used)
    timings = {
        name: Timings(
            name,
            [e["seconds"][name] for e in used],
            [e["load"][name] for e in used],
            results[name],
        )
        for name in contenders
    }
    return Measurement(timings, rounds, noisy)


def _row(bench, label, t: Timings, noisy, **kw) -> Row:
    return Row(
        benchmark=bench,
        contender=label,
        unit="s",
        median=t.median,
        best=t.min,
        noisy=noisy,
        raw_seconds=t.times,
        **kw,
    )


# -- the rows ----------------------------------------------------------------------
def izh_rows(cfg: Config, worker) -> list[Row]:
    from neuroglass.brain import izhikevich_network

    contenders = {
        "neuroglass": ("local", lambda: izhikevich_network(800, 200, 1000.0)),
        "numpy": ("local", lambda: net_m_numpy(800, 200, 1000)),
    }
    if worker is not None:
        task = {"task": "izhikevich", "n_excitatory": 800, "n_inhibitory": 200}
        contenders["brian2"] = ("brian2", worker, task | {"duration": 1000.0})
    t = interleave_mixed(contenders, cfg, "izh-net", budget_s=60)
    ours, loop = t["neuroglass"], t["numpy"]
    same = np.array_equal(ours.last_result.firings, loop.last_result)
    vs_loop = paired_ratio(ours, loop)
    rows = [
        _row(
            "izh-net 1000x1s",
            "neuroglass izhikevich_network",
            ours,
            t.noisy,
            ratio=vs_loop,
            ratio_text=f"{vs_loop:.2f}x numpy loop",
            target_text=f"<= {TARGET_NUMPY_IZH:g}x numpy loop",
            passed=vs_loop <= TARGET_NUMPY_IZH,
            details={
                "rate_hz": float(ours.last_result.rate().mean()),
                "firings_equal_numpy_loop": bool(same),
                "timing": t.summary(),
            },
        ),
        _row(
            "izh-net 1000x1s",
            "plain numpy net.m (20 lines)",
            loop,
            t.noisy,
            ratio_text="same firings" if same else "FIRINGS DIFFER",
        ),
    ]
    if worker is not None:
        brian = t["brian2"]
        speedup = paired_ratio(brian, ours)
        rows[0].details["speedup_vs_brian2"] = speedup
        rows.append(
            _row(
                "izh-net 1000x1s",
                "brian2 numpy (net.m half-steps)",
                brian,
                t.noisy,
                ratio=speedup,
                ratio_text=f"ours {speedup:.2f}x faster",
                target_text=f"ours >= {TARGET_BRIAN_IZH:g}x faster",
                passed=speedup >= TARGET_BRIAN_IZH,
                details={
                    "rate_hz": brian.last_result["mean_rate_hz"],
                    "build_seconds": brian.last_result["build_seconds"],
                },
            )
        )
    return rows


def extrapolate(short_s: float, long_s: float, spans, ms: float) -> float:
    """Brian2's time for ``ms`` of model time from its times over the two
    ``spans`` (ms): the straight line through both (a fixed cost, counted once,
    plus a cost per model ms)."""
    short_ms, long_ms = spans
    return short_s + (long_s - short_s) * (ms - short_ms) / (long_ms - short_ms)


def linearity(short_s: float, long_s: float, spans) -> dict:
    """How linear Brian2's time is in model time: the cost per model ms of
    each span, their ratio, and the fixed part of the line through both."""
    short_ms, long_ms = spans
    per_ms = (short_s / short_ms, long_s / long_ms)
    slope = (long_s - short_s) / (long_ms - short_ms)
    return {
        "seconds_per_model_ms": per_ms,
        "ratio_long_to_short": per_ms[1] / per_ms[0],
        "fixed_seconds": short_s - slope * short_ms,
        "linear": abs(per_ms[1] / per_ms[0] - 1.0) <= HH_LINEARITY,
    }


def hh_rows(cfg: Config, worker) -> tuple[list[Row], dict]:
    from neuroglass.brain import HodgkinHuxley, simulate

    ms = 100.0 if cfg.quick else HH_MS
    spans = HH_BRIAN_SPANS_QUICK if cfg.quick else HH_BRIAN_SPANS
    hh = HodgkinHuxley()
    index = int(np.flatnonzero(HH_CURRENTS == 10)[0])

    def ours():
        trace = simulate(hh, HH_CURRENTS, ms, record=())
        return trace.rate(), trace.spike_times[index], trace.rate(0.0, spans[1])

    contenders = {"neuroglass": ("local", ours)}
    from neuroglass.brain.hh_numba import available

    if available():
        fast = HodgkinHuxley(compiled=True)
        simulate(fast, HH_CURRENTS, 1.0, record=())  # compiles (or loads) the kernel

        def compiled():
            trace = simulate(fast, HH_CURRENTS, ms, record=())
            return trace.rate(), trace.spikes

        contenders["numba"] = ("local", compiled)
    if worker is not None:
        for name, span in zip(("brian2 short", "brian2 long"), spans):
            contenders[name] = ("brian2", worker, hh_task(HH_CURRENTS, span))
    quick_cfg = Config(cfg.quick, min(cfg.repeats, 3), 0, cfg.quiet_only)
    t = interleave_mixed(contenders, quick_cfg, "hh-fi", budget_s=60, warmup=0)
    label = f"hh-fi 50x{ms:g}ms rk4"
    mine = t["neuroglass"]
    row = _row(label, "neuroglass simulate/fi_curve", mine, t.noisy)
    row.details = {"model_ms": ms, "per_model_second_s": mine.median * 1000 / ms}
    rows, xcheck = [row], {}
    if "numba" in t.timings:
        compiled = t["numba"]
        same = np.array_equal(compiled.last_result[0], mine.last_result[0])
        vs_numpy = paired_ratio(mine, compiled)
        rows.append(
            _row(
                label,
                "neuroglass compiled=True (numba, optional)",
                compiled,
                t.noisy,
                ratio=vs_numpy,
                ratio_text=f"{vs_numpy:.1f}x faster than numpy path"
                + ("" if same else ", RATES DIFFER"),
                details={"rates_equal_numpy_path": bool(same)},
            )
        )
    if worker is None:
        return rows, xcheck
    short, long = t["brian2 short"], t["brian2 long"]
    estimate = Timings(
        "brian2",
        [extrapolate(a, b, spans, ms) for a, b in zip(short.times, long.times)],
        long.loads,
        long.last_result,
    )
    checks = [linearity(a, b, spans) for a, b in zip(short.times, long.times)]
    speedup = paired_ratio(estimate, mine)
    row.ratio, row.passed = speedup, speedup >= TARGET_BRIAN_HH
    row.ratio_text = f"{speedup:.1f}x faster than brian2"
    row.target_text = f">= {TARGET_BRIAN_HH:g}x brian2"
    rates_ours = mine.last_result[2]
    rates_brian = np.asarray(long.last_result["rates_hz"])
    row.details["max_rate_diff_hz_first_span"] = float(
        np.max(np.abs(rates_ours - rates_brian))
    )
    fixed = float(np.median([c["fixed_seconds"] for c in checks]))
    ratio = float(np.median([c["ratio_long_to_short"] for c in checks]))
    linear = all(c["linear"] for c in checks)
    if "numba" in t.timings:
        fast_speedup = paired_ratio(estimate, t["numba"])
        rows[1].details["speedup_vs_brian2"] = fast_speedup
        rows[1].ratio_text += f"; {fast_speedup:.0f}x faster than brian2"
    rows.append(
        _row(
            label,
            f"brian2 numpy rk4: {ms:g} ms extrapolated from "
            f"{spans[0]:g} and {spans[1]:g} ms runs",
            estimate,
            t.noisy,
            ratio_text=f"per-ms cost {spans[1]:g}/{spans[0]:g} ms: {ratio:.2f}"
            + ("" if linear else " NOT LINEAR"),
            target_text=f"fixed part {fixed:.1f} s",
            details={
                "spans_ms": list(spans),
                "seconds_short": short.times,
                "seconds_long": long.times,
                "linearity": checks,
                "linear_within": HH_LINEARITY,
            },
        )
    )
    xcheck = crosscheck_hh(
        mine.last_result[1],
        long.last_result["spike_times_ms"][index],
        until=min(spans[1], XCHECK_HH_MS),
    )
    return rows, xcheck


OURS_10K = """
import json, resource, time, sys
from neuroglass.brain import izhikevich_network
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter()
r = izhikevich_network(8000, 2000, 1000.0, n_synapses=1000)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "mean_rate_hz": float(r.rate().mean()),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "base_rss_mb": base}))
"""


def big_rows(python) -> list[Row]:
    """10,000 sparse neurons, 1 s: one fresh process each (time includes building)."""
    done = subprocess.run(
        [sys.executable, "-c", OURS_10K], capture_output=True, text=True, timeout=900
    )
    ours = json.loads(done.stdout.strip().splitlines()[-1])
    sides = [("neuroglass (scipy.sparse, build + run)", ours)]
    if python is not None:
        task = {"task": "izhikevich", "n_excitatory": 8000, "n_inhibitory": 2000}
        t0 = time.perf_counter()
        brian = run_once(python, task | {"duration": 1000.0, "n_synapses": 1000})
        brian["seconds_with_build"] = brian["build_seconds"] + brian["seconds"]
        brian["process_seconds"] = time.perf_counter() - t0
        sides.append(("brian2 numpy (build + run)", brian))
    rows = []
    for label, res in sides:
        seconds = res.get("seconds_with_build", res["seconds"])
        rows.append(
            Row(
                "izh-10k sparse 1s",
                f"{label} time",
                "s",
                seconds,
                ratio_text=f"{res['mean_rate_hz']:.1f} Hz mean",
                target_text="(report)",
                details=res,
            )
        )
        rows.append(
            Row(
                "izh-10k sparse 1s",
                f"{label} peak RSS",
                "MB",
                res["peak_rss_mb"] * 1.048576,
                target_text="(report)",
                details=res,
            )
        )
    return rows


def xcheck_rows(lif: dict, hh: dict) -> list[Row]:
    rows = []
    for name, check, tol in (("LIF exact", lif, None), ("HH rk4 10uA", hh, 0.05)):
        if not check:
            continue
        diff = check["max_abs_diff_ms"]
        ok = check["n_ours"] == check["n_brian2"] and diff is not None
        limit = 0.1 + 1e-9 if tol is None else tol  # LIF: within dt = 0.1 ms
        ok = ok and diff <= limit
        rows.append(
            Row(
                "xcheck brian2",
                f"{name}: {check['n_ours']} vs {check['n_brian2']} spikes",
                "ms",
                diff if diff is not None else float("nan"),
                ratio_text="max |t_ours - (t_brian2 + dt)|",
                target_text=f"<= {limit:.2g} ms",
                passed=bool(ok),
                details=check,
            )
        )
    return rows


def run(cfg: Config) -> list[Row]:
    python, why = brian2_python(create=True)
    rows = []
    if python is None:
        rows.append(Row(NAME, f"brian2: not available ({why})", "s", float("nan")))
        worker = None
    else:
        print(f"  {why} in {VENV.name}", flush=True)
        worker = Brian2Worker(python)
    try:
        rows += izh_rows(cfg, worker)
        hh, hh_check = hh_rows(cfg, worker)
        rows += hh
    finally:
        if worker is not None:
            worker.close()
    rows += big_rows(python)
    if python is not None:
        rows += xcheck_rows(crosscheck_lif(python), hh_check)
    rows[0].details["self_peak_rss_mb"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    return rows
