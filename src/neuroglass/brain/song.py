"""Song, Miller & Abbott (2000): STDP makes the inputs of a neuron compete.

One conductance-based integrate-and-fire neuron receives ``n_inputs``
excitatory Poisson inputs whose conductances learn by additive, all-to-all STDP
with hard bounds ``[0, g_max]``, and 200 fixed inhibitory Poisson inputs. With
depression slightly stronger than potentiation (``A_minus / A_plus = 1.05``,
``tau_plus = tau_minus = 20 ms``), the weights leave their uniform start and
split into two groups, one near 0 and one near ``g_max`` (a bimodal
distribution), and the output rate settles at a value that hardly depends on
the input rate: STDP regulates the neuron's firing.

Why the split. With uncorrelated inputs an input and the output meet at
random, and random pairs change a weight on average by
``r_pre r_post (A_plus tau_plus - A_minus tau_minus)`` per ms (rates in spikes
per ms), negative here: every weight drifts down. But each input's own spikes
also *cause* output spikes a few ms later (pre before post, potentiation), an
extra ``r_pre * integral of W(s) * delta_r(s) ds`` that grows with the weight.
Strong synapses win, weak ones lose: an unstable split that only the bounds
stop. As the weights fall the output rate drops, and with it the depression,
until the two balance: that fixes the output rate (see :func:`stdp_drift_hz`).

Parameters ([lit] Song, Miller & Abbott 2000, Nat. Neurosci. 3:919, Methods;
corroborated by two secondary reproductions, see ``shared/reference/brain.md``
section 4.1): tau_m = 20 ms, E_L = -70 mV, V_th = -54 mV, V_reset = -60 mV, no
refractory period; E_ex = 0 mV, E_in = -70 mV, tau_ex = tau_in = 5 ms;
g_max = 0.015 and g_in = 0.05 (units of the leak conductance); A_plus =
0.005 g_max, A_minus = 1.05 A_plus; 1000 excitatory inputs at 10-40 Hz and
200 inhibitory at 10 Hz. The initial weights are uniform in ``[0, g_max]`` (as
in Brian's versions of the experiment). Sign convention ``delta_t = t_post -
t_pre``, as in :mod:`neuroglass.brain.stdp`.

The simulation is exact on the time grid (see :mod:`.song_kernel` for how it
runs a window of steps at once); 200 s of model time take a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..engine.errors import ConfigError
from ..engine.memory import BYTES_PER_VALUE, check_bytes
from ..engine.validation import (
    as_numeric_array,
    integer,
    non_negative,
    positive_int,
    positive_number,
)
from . import song_kernel
from .poisson import _rng, n_grid_steps

__all__ = ["SongResult", "song_miller_abbott", "stdp_drift_hz"]

#: Song, Miller & Abbott (2000), Methods ([lit]; see the module docstring)
NEURON = {
    "tau_m": 20.0,
    "E_L": -70.0,
    "V_th": -54.0,
    "V_reset": -60.0,
    "E_ex": 0.0,
    "E_in": -70.0,
    "tau_ex": 5.0,
    "tau_in": 5.0,
}


@dataclass
class SongResult:
    """What :func:`song_miller_abbott` returns.

    Attributes
    ----------
    t_ms : ndarray (n_records,)
        Times (ms) of the weight snapshots, 0 first.
    weights : ndarray (n_records, n_inputs)
        The excitatory conductances at those times, in units of the leak
        conductance (``weights / g_max`` is in [0, 1]).
    post_spike_times_ms : ndarray (n_spikes,)
        The output neuron's spike times (ms).
    duration_ms : float
        The simulated time (ms).
    config : dict
        Every parameter of the run (ms, mV, Hz, conductances / leak).
    """

    t_ms: np.ndarray
    weights: np.ndarray
    post_spike_times_ms: np.ndarray
    duration_ms: float
    config: dict = field(default_factory=dict)

    @property
    def g_max(self) -> float:
        """The upper bound of the weights (units of the leak conductance)."""
        return float(self.config["g_max"])

    @property
    def weights_fraction(self) -> np.ndarray:
        """``weights / g_max`` (n_records, n_inputs), in [0, 1]."""
        return self.weights / self.g_max

    def output_rate_hz(self, bin_ms: float = 1000.0):
        """The output rate (Hz) in consecutive bins of ``bin_ms`` ms.

        Returns ``(t_ms, rate_hz)``: the bins' centres (ms) and the rates.
        """
        bin_ms = positive_number(bin_ms, "bin_ms", hint="A bin width in ms.")
        n_bins = max(1, int(self.duration_ms // bin_ms))
        edges = np.arange(n_bins + 1) * bin_ms
        counts, _ = np.histogram(self.post_spike_times_ms, bins=edges)
        return edges[:-1] + bin_ms / 2.0, counts * 1000.0 / bin_ms

    def rate_hz(self, t_start_ms: float = 0.0, t_stop_ms: float | None = None):
        """The mean output rate (Hz) over ``[t_start_ms, t_stop_ms)``."""
        stop = self.duration_ms if t_stop_ms is None else float(t_stop_ms)
        if not 0.0 <= t_start_ms < stop <= self.duration_ms:
            raise ConfigError(
                f"need 0 <= t_start_ms < t_stop_ms <= {self.duration_ms:g} ms; got "
                f"t_start_ms={t_start_ms!r}, t_stop_ms={t_stop_ms!r}."
            )
        times = self.post_spike_times_ms
        count = np.count_nonzero((times >= t_start_ms) & (times < stop))
        return count * 1000.0 / (stop - t_start_ms)

    def fraction_near_bounds(self, edge: float = 0.1, record: int = -1):
        """The shares of weights below ``edge g_max`` and above
        ``(1 - edge) g_max`` in snapshot ``record`` (the last by default)."""
        w = self.weights_fraction[record]
        return float(np.mean(w < edge)), float(np.mean(w > 1.0 - edge))


def stdp_drift_hz(rate_pre_hz, rate_post_hz, A_plus, A_minus, tau_plus, tau_minus):
    """The mean weight change per second of a synapse whose pre- and
    postsynaptic spikes are independent Poisson trains (no causal link):
    ``r_pre r_post (A_plus tau_plus - A_minus tau_minus)``, with the rates in
    Hz and the time constants in ms (so the result is in weight units per s).

    Example
    -------
    >>> round(stdp_drift_hz(10.0, 20.0, 0.005, 0.00525, 20.0, 20.0), 6)
    -0.001
    """
    rate_pre_hz = non_negative(rate_pre_hz, "rate_pre_hz", hint="In Hz.")
    rate_post_hz = non_negative(rate_post_hz, "rate_post_hz", hint="In Hz.")
    A_plus = non_negative(A_plus, "A_plus", hint="A magnitude, e.g. 0.005.")
    A_minus = non_negative(A_minus, "A_minus", hint="A magnitude, e.g. 0.00525.")
    tau_plus = positive_number(tau_plus, "tau_plus", hint="In ms, e.g. 20.")
    tau_minus = positive_number(tau_minus, "tau_minus", hint="In ms, e.g. 20.")
    window_ms = A_plus * tau_plus - A_minus * tau_minus  # weight * ms per pair
    return rate_pre_hz * rate_post_hz * window_ms / 1000.0


def song_miller_abbott(
    n_inputs=1000,
    rate_hz=10.0,
    duration_ms=200_000.0,
    *,
    dt=0.1,
    seed=0,
    g_max=0.015,
    A_plus=0.005,
    ratio=1.05,
    tau_plus=20.0,
    tau_minus=20.0,
    w0=None,
    n_inhibitory=200,
    rate_inhibitory_hz=10.0,
    g_in=0.05,
    record_every_ms=1000.0,
) -> SongResult:
    """Run Song, Miller & Abbott's (2000) experiment: one neuron, many Poisson
    inputs, STDP on every excitatory synapse.

    Parameters
    ----------
    n_inputs : int
        Excitatory inputs (Poisson, independent).
    rate_hz : float
        Their rate (Hz); the paper used 10-40 Hz.
    duration_ms : float
        Model time (ms), a whole number of ``record_every_ms``.
    dt : float
        Time step (ms); 0.1 ms as in the paper.
    seed : None, int or numpy.random.Generator
        The inputs' randomness and the initial weights.
    g_max : float
        Upper weight bound, in units of the leak conductance.
    A_plus : float
        Potentiation of one pair at ``delta_t -> 0+``, as a fraction of ``g_max``;
        0 freezes the weights (a control without plasticity).
    ratio : float
        ``A_minus / A_plus`` (1.05 in the paper).
    tau_plus, tau_minus : float
        The window's time constants (ms).
    w0 : None, float or ndarray (n_inputs,)
        Initial weights (units of the leak conductance); default uniform in
        ``[0, g_max]``.
    n_inhibitory, rate_inhibitory_hz, g_in : int, float, float
        The fixed inhibitory inputs: their number (0 for none), rate (Hz) and
        conductance jump (units of the leak conductance).
    record_every_ms : float
        Interval (ms) between weight snapshots.

    Returns
    -------
    SongResult

    Example
    -------
    >>> out = song_miller_abbott(n_inputs=200, duration_ms=2000.0, seed=1)
    >>> out.weights.shape  # one snapshot per second, the start first
    (3, 200)
    """
    n = positive_int(n_inputs, "n_inputs", hint="e.g. 1000, as in the paper.")
    duration = positive_number(duration_ms, "duration_ms", hint="In ms.")
    record_ms = positive_number(record_every_ms, "record_every_ms", hint="In ms.")
    n_records = round(duration / record_ms)
    if n_records < 1 or abs(n_records * record_ms - duration) > 1e-9 * duration:
        raise ConfigError(
            f"duration_ms={duration!r} must be a whole number of "
            f"record_every_ms={record_ms!r}; e.g. duration_ms="
            f"{max(1, round(duration / record_ms)) * record_ms:g}."
        )
    chunk_steps = n_grid_steps(record_ms, dt)
    model = _model(dt, g_max, A_plus, ratio, tau_plus, tau_minus, g_in)
    rate = non_negative(rate_hz, "rate_hz", hint="The inputs' rate, in Hz.")
    rate_in = non_negative(rate_inhibitory_hz, "rate_inhibitory_hz", hint="In Hz.")
    n_in = integer(
        n_inhibitory, "n_inhibitory", minimum=0, hint="0 for no inhibitory inputs."
    )
    _check_probability(rate, dt, "rate_hz")
    _check_probability(rate_in, dt, "rate_inhibitory_hz")
    check_bytes(
        ((n_records + 1) * n + 3 * chunk_steps * n * min(1.0, rate * dt / 1e3 * 2))
        * BYTES_PER_VALUE,
        f"song_miller_abbott with {n:,} inputs over {n_records:,} records",
        "its weight snapshots and one record_every_ms of input spikes",
        "Use a larger record_every_ms, fewer inputs or a shorter duration_ms.",
    )
    rng = _rng(seed)
    weights = _initial_weights(w0, n, model.g_max, rng)
    state = song_kernel.State(
        v=NEURON["E_L"], g_ex=0.0, g_in=0.0, weights=weights,
        trace_pre=np.zeros(n), trace_post=0.0,
    )  # fmt: skip
    history = [weights.copy()]
    chunks = (
        _chunk(rng, chunk_steps, n, rate * dt / 1000.0, n_in, rate_in * dt / 1000.0)
        for _ in range(n_records)
    )
    spikes = song_kernel.run(
        model, state, chunks, on_chunk=lambda st: history.append(st.weights.copy())
    )
    config = dict(NEURON) | {
        "n_inputs": n, "rate_hz": rate, "duration_ms": duration, "dt": model.dt,
        "g_max": model.g_max, "A_plus": A_plus, "ratio": ratio,
        "tau_plus": model.tau_plus, "tau_minus": model.tau_minus,
        "n_inhibitory": n_in, "rate_inhibitory_hz": rate_in, "g_in": model.g_in,
        "record_every_ms": record_ms, "pairing": "all-to-all",
        "delta_t": "t_post - t_pre",
    }  # fmt: skip
    return SongResult(
        t_ms=record_ms * np.arange(n_records + 1),
        weights=np.array(history),
        post_spike_times_ms=np.array(spikes, dtype=np.float64),
        duration_ms=duration,
        config=config,
    )


def _model(dt, g_max, A_plus, ratio, tau_plus, tau_minus, g_in) -> song_kernel.Model:
    dt = positive_number(dt, "dt", hint="The time step in ms, e.g. 0.1.")
    g_max = positive_number(g_max, "g_max", hint="e.g. 0.015 (units of g_leak).")
    a_plus = non_negative(A_plus, "A_plus", hint="A fraction of g_max, e.g. 0.005.")
    ratio = non_negative(ratio, "ratio", hint="A_minus / A_plus, e.g. 1.05.")
    return song_kernel.Model(
        dt=dt, **NEURON, g_max=g_max,
        g_in=non_negative(g_in, "g_in", hint="e.g. 0.05 (units of g_leak)."),
        A_plus=a_plus * g_max, A_minus=ratio * a_plus * g_max,
        tau_plus=positive_number(tau_plus, "tau_plus", hint="In ms, e.g. 20."),
        tau_minus=positive_number(tau_minus, "tau_minus", hint="In ms, e.g. 20."),
    )  # fmt: skip


def _check_probability(rate, dt, what):
    if rate * dt / 1000.0 > 0.1:
        raise ConfigError(
            f"{what}={rate!r} Hz with dt={dt!r} ms gives {rate * dt / 1000:.3g} "
            "spikes per step; keep rate * dt below 100 Hz·ms (a smaller dt)."
        )


def _initial_weights(w0, n, g_max, rng) -> np.ndarray:
    if w0 is None:
        return rng.uniform(0.0, g_max, n)
    w = as_numeric_array(w0, "w0").astype(np.float64)
    w = np.full(n, float(w)) if w.ndim == 0 else w.copy()
    if w.shape != (n,) or not np.all(np.isfinite(w) & (w >= 0) & (w <= g_max)):
        raise ConfigError(
            f"w0 must be one weight or {n} weights, each in [0, g_max={g_max:g}]; "
            f"got shape {w.shape}, range [{np.nanmin(w):g}, {np.nanmax(w):g}]."
        )
    return w


def _chunk(rng, n_steps, n, p, n_in, p_in):
    """One chunk of input: the excitatory spikes as (step, synapse) sorted by
    step, each (step, synapse) cell independently a spike with probability
    ``p`` (the gaps between spikes on the flattened grid are geometric), and
    the number of inhibitory spikes in each step (binomial)."""
    cells = n_steps * n
    positions, total = [], 0
    while True:
        extra = int(cells * p * 1.05 + 10.0 * np.sqrt(cells * p + 1.0) + 10)
        gaps = rng.geometric(p, extra) if p > 0 else np.array([cells + 1])
        cum = total + np.cumsum(gaps)
        positions.append(cum)
        total = int(cum[-1])
        if total > cells:
            break
    flat = np.concatenate(positions) - 1
    flat = flat[flat < cells]
    inhibitory = rng.binomial(n_in, p_in, n_steps).astype(np.float64)
    index = np.int16 if n <= np.iinfo(np.int16).max else np.int32
    # small integer synapse indices: NumPy's stable argsort is a radix sort
    return n_steps, flat // n, (flat % n).astype(index), inhibitory
