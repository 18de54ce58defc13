"""Brian2 side of the brain benchmark and cross-check (run by benchmarks/.brian2-venv).

This file is executed by the Python of ``benchmarks/.brian2-venv`` (Brian2 2.9.0,
NumPy < 2), never imported by neuroglass. Tasks are JSON objects; the answer is
one JSON object per task on stdout:

    python brian2_models.py '{"task": "lif", ...}'   # one task, then exit
    python brian2_models.py                            # a worker: one task per
                                                       # stdin line, one answer each

Every model uses ``prefs.codegen.target = "numpy"`` (Brian2's pure-NumPy runtime
target, no compiler). Numbers are in the units neuroglass uses (mV, ms, µA/cm²,
nA, MΩ) as dimensionless Brian2 variables, with time derivatives divided by
``ms``. Spike times are Brian2's: the *start* of the step whose update crossed
the threshold (neuroglass stamps the end of that step, one ``dt`` later).

Timings: ``seconds`` is the wall time of ``net.run(...)`` (which includes
Brian2's code preparation for the run), ``build_seconds`` building the objects;
``load`` is the foreign CPU load during the run, measured as benchmarks/
bench_common.py does (busy CPU of the machine minus this process's, per second).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

import numpy as np

TICK_SLACK_S = 0.03


def _busy():
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def _own():
    t = os.times()
    return t.user + t.system


def _timed(fn):
    busy0, own0 = _busy(), _own()
    t0 = time.perf_counter()
    fn()
    seconds = time.perf_counter() - t0
    busy1, own1 = _busy(), _own()
    load = None
    if busy0 is not None and busy1 is not None:
        foreign = max(0.0, (busy1 - busy0) - (own1 - own0) - TICK_SLACK_S)
        load = foreign / seconds
    return seconds, load


def _brian():
    import brian2 as b2

    b2.prefs.codegen.target = "numpy"
    b2.prefs.logging.file_log = False
    b2.prefs.logging.delete_log_on_exit = True
    return b2


# -- Izhikevich's net.m ------------------------------------------------------------
def _net_m_parameters(rng, ne, ni):
    re, ri = rng.random(ne), rng.random(ni)
    a = np.concatenate([np.full(ne, 0.02), 0.02 + 0.08 * ri])
    b = np.concatenate([np.full(ne, 0.2), 0.25 - 0.05 * ri])
    c = np.concatenate([-65 + 15 * re**2, np.full(ni, -65.0)])
    d = np.concatenate([8 - 6 * re**2, np.full(ni, 2.0)])
    return a, b, c, d


def _net_m_synapses(rng, ne, ni, k):
    """(pre, post, w): all-to-all (k None) or a fixed in-degree k, net.m's weights."""
    n = ne + ni
    if k is None:
        post, pre = np.divmod(np.arange(n * n), n)
        w = np.hstack([0.5 * rng.random((n, ne)), -rng.random((n, ni))]).ravel()
        return pre, post, w
    sources = np.empty((n, k), dtype=np.int64)
    for start in range(0, n, 256):
        block = rng.random((min(256, n - start), n))
        sources[start : start + block.shape[0]] = np.argpartition(block, k - 1, axis=1)[
            :, :k
        ]
    sources.sort(axis=1)
    draws = rng.random((n, k))
    w = np.where(sources < ne, 0.5 * draws, -draws).ravel()
    return sources.ravel(), np.repeat(np.arange(n), k), w


def izhikevich(task):
    """net.m in Brian2, with net.m's own scheme (two 0.5 ms half-steps of v, then
    u from the new v), written as a run_regularly block after the resets; the
    order of one 1 ms step is net.m's: noise, threshold, synaptic input (no
    delay), reset, integration."""
    b2 = _brian()
    ne, ni = task["n_excitatory"], task["n_inhibitory"]
    n, duration = ne + ni, task["duration"]
    b2.start_scope()
    b2.seed(task.get("seed", 0))
    b2.defaultclock.dt = 1 * b2.ms
    rng = np.random.default_rng(task.get("seed", 0))
    t0 = time.perf_counter()
    a, b, c, d = _net_m_parameters(rng, ne, ni)
    group = b2.NeuronGroup(
        n,
        "a : 1\nb : 1\nc : 1\nd : 1\nsigma : 1\nv : 1\nu : 1\nI : 1",
        threshold="v >= 30",
        reset="v = c; u += d",
    )
    group.a, group.b, group.c, group.d = a, b, c, d
    group.sigma = np.concatenate([np.full(ne, 5.0), np.full(ni, 2.0)])
    group.v = -65.0
    group.u = b * -65.0
    group.run_regularly("I = sigma * randn()", when="before_thresholds")
    group.run_regularly(
        "v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)\n"
        "v += 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)\n"
        "u += a * (b * v - u)",
        when="after_resets",
    )
    pre, post, w = _net_m_synapses(rng, ne, ni, task.get("n_synapses"))
    synapses = b2.Synapses(group, group, "w : 1", on_pre="I_post += w")
    synapses.connect(i=pre, j=post)
    synapses.w = w
    del pre, post, w
    monitor = b2.SpikeMonitor(group)
    net = b2.Network(group, synapses, monitor)
    build = time.perf_counter() - t0
    seconds, load = _timed(lambda: net.run(duration * b2.ms))
    return {
        "seconds": seconds,
        "load": load,
        "build_seconds": build,
        "n_spikes": int(monitor.num_spikes),
        "mean_rate_hz": monitor.num_spikes / n / (duration / 1000.0),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }


# -- Hodgkin-Huxley ------------------------------------------------------------------
HH_EQS = """
dv/dt = (I - g_Na * m**3 * h * (v - E_Na) - g_K * n**4 * (v - E_K)
         - g_L * (v - E_L)) / C_m / ms : 1
dm/dt = (alpha_m * (1 - m) - beta_m * m) / ms : 1
dh/dt = (alpha_h * (1 - h) - beta_h * h) / ms : 1
dn/dt = (alpha_n * (1 - n) - beta_n * n) / ms : 1
alpha_m = 1 / exprel(-(v + 40) / 10) : 1
beta_m = 4 * exp(-(v + 65) / 18) : 1
alpha_h = 0.07 * exp(-(v + 65) / 20) : 1
beta_h = 1 / (1 + exp(-(v + 35) / 10)) : 1
alpha_n = 0.1 / exprel(-(v + 55) / 10) : 1
beta_n = 0.125 * exp(-(v + 65) / 80) : 1
I : 1 (constant)
v_before : 1
"""


def hodgkin_huxley(task):
    """Squid-axon HH with neuroglass's constants (task["params"]); one neuron per
    current; spikes as neuroglass/NEST count them: v >= 0 mV and falling (v below
    its value before the step), then 2 ms in which none is counted."""
    b2 = _brian()
    p = task["params"]
    currents = np.asarray(task["currents"], dtype=float)
    b2.start_scope()
    b2.defaultclock.dt = task["dt"] * b2.ms
    t0 = time.perf_counter()
    group = b2.NeuronGroup(
        currents.size,
        HH_EQS,
        threshold="v >= v_spike and v < v_before",
        refractory=p["t_ref"] * b2.ms,
        method=task.get("method", "rk4"),
        namespace={k: p[k] for k in ("C_m", "g_Na", "g_K", "g_L", "E_Na", "E_K")}
        | {"E_L": p["E_L"], "v_spike": p["v_spike"]},
    )
    group.I = currents
    for name in ("v", "m", "h", "n"):
        setattr(group, name, task["initial"][name])
    group.run_regularly("v_before = v", when="before_groups")
    monitor = b2.SpikeMonitor(group)
    net = b2.Network(group, monitor)
    build = time.perf_counter() - t0
    seconds, load = _timed(lambda: net.run(task["duration"] * b2.ms))
    return {
        "seconds": seconds,
        "load": load,
        "build_seconds": build,
        "rates_hz": (monitor.count[:] / (task["duration"] / 1000.0)).tolist(),
        "spike_times_ms": [list(map(float, x / b2.ms)) for x in _trains(monitor)],
    }


def _trains(monitor):
    trains = monitor.spike_trains()
    return [np.asarray(trains[i]) for i in range(len(trains))]


# -- LIF -------------------------------------------------------------------------------
def lif(task):
    """LIF with method 'exact'. Brian2 clamps for ``refractory`` counted from the
    start of the spike's step; neuroglass (as NEST) holds V_reset for
    round(t_ref/dt) whole steps *after* the spike's step, so the same model in
    Brian2 has refractory = t_ref + dt."""
    b2 = _brian()
    p = task["params"]
    b2.start_scope()
    dt = task["dt"]
    b2.defaultclock.dt = dt * b2.ms
    group = b2.NeuronGroup(
        1,
        "dv/dt = (E_L - v + R * I) / (tau_m * ms) : 1 (unless refractory)",
        threshold="v >= V_th",
        reset="v = V_reset",
        refractory=(p["t_ref"] + dt) * b2.ms,
        method="exact",
        namespace={k: p[k] for k in ("E_L", "R", "tau_m", "V_th", "V_reset")}
        | {"I": task["current"]},
    )
    group.v = p["E_L"]
    monitor = b2.SpikeMonitor(group)
    net = b2.Network(group, monitor)
    seconds, load = _timed(lambda: net.run(task["duration"] * b2.ms))
    return {
        "seconds": seconds,
        "load": load,
        "spike_times_ms": list(map(float, monitor.t / b2.ms)),
    }


def version(task):
    import brian2 as b2

    return {"brian2": b2.__version__, "numpy": np.__version__}


TASKS = {
    "izhikevich": izhikevich,
    "hodgkin_huxley": hodgkin_huxley,
    "lif": lif,
    "version": version,
}


def answer(line: str) -> str:
    try:
        task = json.loads(line)
        result = TASKS[task["task"]](task)
    except Exception as exc:  # reported to the caller, who decides
        result = {"error": f"{type(exc).__name__}: {exc}"}
    return json.dumps(result)


def main(argv) -> int:
    if len(argv) > 1:
        print(answer(argv[1]), flush=True)
        return 0
    for line in sys.stdin:
        if line.strip():
            print(answer(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
