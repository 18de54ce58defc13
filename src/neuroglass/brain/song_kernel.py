"""The engine of :func:`neuroglass.brain.song.song_miller_abbott`: one
conductance-based integrate-and-fire neuron whose excitatory synapses learn by
all-to-all STDP, advanced a window of time steps at a time.

Why windows. The inputs do not depend on the neuron, and between two output
spikes the only weight changes are depressions at input spikes, read from the
postsynaptic trace, which is known until the next output spike. So over a
window of steps (100 ms) everything can be computed with whole-array NumPy
operations: each input spike's conductance jump (its weight after the
depressions before it, a grouped cumulative sum), the conductance (an
exponential filter, a scaled cumulative sum), and the membrane potential (the
affine recurrence ``v_k = a_k v_(k-1) + (1 - a_k) v_inf_k``, solved by a
cumulative product). The window is committed up to the first step where ``v``
reaches threshold; there the potentiation is applied and the next window starts
after the spike. The cost is a few dozen NumPy calls per output spike instead
of a Python loop over every 0.1 ms step.

The time grid, step by step (what a plain loop does, and what the test
transcribes): step ``k`` covers ``(k dt, (k+1) dt]``; the conductances decay by
``exp(-dt/tau)`` and are held over the step; ``v`` moves by the exact solution
for those conductances; ``v >= V_th`` is a spike at the end of the step (``v``
back to ``V_reset``, no refractory period); then the step's input spikes add
their weights to the conductance, and STDP updates the weights as
:meth:`neuroglass.brain.stdp.STDP.step` does (changes read from the traces
before the step's own spikes, then clipped to ``[0, g_max]``).

Units: ms, mV; conductances in units of the leak conductance (dimensionless).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: steps per window at most, and at least (the window adapts to the output's
#: intervals: twice the last one, doubled while no spike comes)
WINDOW_STEPS = 1000
MIN_WINDOW_STEPS = 50
#: the largest exponent of the window's cumulative decay (exp(600) < 1e308)
MAX_LOG_DECAY = 600.0


@dataclass
class Model:
    """The constants of one run (ms, mV, conductances / leak conductance)."""

    dt: float
    tau_m: float
    E_L: float
    V_th: float
    V_reset: float
    E_ex: float
    E_in: float
    tau_ex: float
    tau_in: float
    g_max: float
    g_in: float
    A_plus: float  # potentiation per pair, in the weights' unit
    A_minus: float  # depression per pair (a magnitude)
    tau_plus: float
    tau_minus: float

    def __post_init__(self):
        # decay factors over 0 .. WINDOW_STEPS + 1 steps, looked up, not recomputed
        steps = np.arange(WINDOW_STEPS + 2)
        self.d_ex = np.exp(-self.dt / self.tau_ex) ** steps
        self.d_in = np.exp(-self.dt / self.tau_in) ** steps
        self.d_plus = np.exp(-self.dt / self.tau_plus) ** steps
        self.d_minus = np.exp(-self.dt / self.tau_minus) ** steps


@dataclass
class State:
    """Everything carried from the end of one step to the next."""

    v: float  # mV, after the last step
    g_ex: float  # conductance of the last step plus that step's input jumps
    g_in: float
    weights: np.ndarray  # (n,), in [0, g_max]
    trace_pre: np.ndarray  # (n,), after the last step (its spikes added)
    trace_post: float  # <= 0, after the last step


def _filter(carry, jumps, decay):
    """Conductance held over each step: ``g_k = d (g_(k-1) + jumps_(k-1))``
    with ``g_(-1) + jumps_(-1) = carry``, as a scaled cumulative sum
    (``decay[j] = d ** j``)."""
    powers = decay[1 : jumps.size + 1]
    scaled = jumps / powers
    before = np.cumsum(scaled) - scaled  # the jumps of earlier steps only
    return powers * (carry + before)


def _weights_before(weights, synapse, depression):
    """Each input spike's weight when it arrives: its synapse's weight after the
    depressions of that synapse's earlier spikes in the window, floored at 0
    (all changes are <= 0 here, so one floor at the end equals one per spike)."""
    order = np.argsort(synapse, kind="stable")
    syn, dep = synapse[order], depression[order]
    total = np.cumsum(dep)
    first = np.ones(syn.size, dtype=bool)
    first[1:] = syn[1:] != syn[:-1]
    start = np.maximum.accumulate(np.where(first, np.arange(syn.size), 0))
    earlier = total - dep - (total[start] - dep[start])
    out = np.empty_like(depression)
    out[order] = np.maximum(weights[syn] + earlier, 0.0)
    return out


def _membrane(m: Model, v0, g_ex, g_in):
    """``v`` after each step of the window (mV) and the cumulative decay
    exponent; the exact solution for conductances held over each step."""
    g_total = 1.0 + g_ex + g_in
    log_decay = np.cumsum(m.dt * g_total / m.tau_m)
    v_inf = (m.E_L + g_ex * m.E_ex + g_in * m.E_in) / g_total
    drive = -np.expm1(-m.dt * g_total / m.tau_m) * v_inf
    growth = np.exp(log_decay)
    return (v0 + np.cumsum(drive * growth)) / growth, log_decay


def advance(m: Model, st: State, step, synapse, inhibitory) -> tuple[int, bool]:
    """Advance ``st`` over at most ``inhibitory.size`` steps.

    ``step`` (sorted) and ``synapse`` are the window's excitatory input spikes
    (step counted from the window's start); ``inhibitory`` the number of
    inhibitory input spikes in each step. Returns ``(steps_done, fired)``: the
    window is committed up to and including its first output spike, if any.
    """
    length = inhibitory.size
    depression = st.trace_post * m.d_minus[step + 1]
    arriving = _weights_before(st.weights, synapse, depression)
    jumps_ex = np.bincount(step, weights=arriving, minlength=length)
    jumps_in = m.g_in * inhibitory
    g_ex = _filter(st.g_ex, jumps_ex, m.d_ex)
    g_in = _filter(st.g_in, jumps_in, m.d_in)
    v, log_decay = _membrane(m, st.v, g_ex, g_in)
    if log_decay[-1] > MAX_LOG_DECAY:  # too long to solve at once: shorten
        short = max(1, int(np.searchsorted(log_decay, MAX_LOG_DECAY)))
        keep = int(np.searchsorted(step, short))
        return advance(m, st, step[:keep], synapse[:keep], inhibitory[:short])
    crossed = np.flatnonzero(v >= m.V_th)
    last = int(crossed[0]) if crossed.size else length - 1
    done = int(np.searchsorted(step, last, side="right"))
    syn_done, step_done = synapse[:done], step[:done]
    n = st.weights.size
    change = np.bincount(syn_done, weights=depression[:done], minlength=n)
    np.maximum(st.weights + change, 0.0, out=st.weights)
    st.trace_pre *= m.d_plus[last + 1]
    st.trace_pre += m.A_plus * np.bincount(
        syn_done, weights=m.d_plus[last - step_done], minlength=n
    )
    st.trace_post *= m.d_minus[last + 1]
    st.g_ex = g_ex[last] + jumps_ex[last]
    st.g_in = g_in[last] + jumps_in[last]
    st.v = float(v[last])
    if crossed.size:
        _output_spike(m, st, syn_done[step_done == last], arriving, depression, done)
    return last + 1, bool(crossed.size)


def _output_spike(m: Model, st: State, now, arriving, depression, done):
    """The output spike at the end of the window's last committed step: reset,
    potentiation by the presynaptic traces read before this step's input spikes,
    and the postsynaptic trace's jump. ``now``: the synapses with an input spike
    in this same step, whose depression and potentiation are added before one
    clip (as :meth:`STDP.step` does)."""
    st.v = m.V_reset
    read = st.trace_pre.copy()
    read[now] -= m.A_plus  # this step's own input spikes are not paired: W(0) = 0
    weights = st.weights + read
    first = done - now.size  # the spikes of this step are the last `now.size`
    weights[now] = arriving[first:done] + depression[first:done] + read[now]
    np.clip(weights, 0.0, m.g_max, out=st.weights)
    st.trace_post -= m.A_minus


def run(m: Model, st: State, chunks, on_chunk=None) -> list:
    """Advance ``st`` through ``chunks`` of input, each
    ``(n_steps, step, synapse, inhibitory)`` with steps counted from the chunk's
    start. Calls ``on_chunk(st)`` after each chunk. Returns the output spike
    times (ms)."""
    spikes, offset, window = [], 0, WINDOW_STEPS
    for n_steps, step, synapse, inhibitory in chunks:
        start = 0
        while start < n_steps:
            stop = min(start + window, n_steps)
            lo, hi = np.searchsorted(step, (start, stop))
            done, fired = advance(
                m, st, step[lo:hi] - start, synapse[lo:hi], inhibitory[start:stop]
            )
            start += done
            if fired:
                spikes.append((offset + start) * m.dt)
            window = 2 * (done if fired else window)
            window = min(max(window, MIN_WINDOW_STEPS), WINDOW_STEPS)
        offset += n_steps
        if on_chunk is not None:
            on_chunk(st)
    return spikes
