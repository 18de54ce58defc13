"""Izhikevich's random network of spiking neurons (``net.m``, 2003), dense or sparse.

The algorithm is ``net.m``'s, step for step (reference/brain.md §2.3): 1 ms steps;
in each, the thalamic input ``I = [5 randn (exc); 2 randn (inh)]`` is drawn, the
neurons with ``v >= 30`` are recorded and reset, the weights of their outgoing
synapses are added to ``I`` (no delay), then ``v`` takes two 0.5 ms half-steps
and ``u`` one 1 ms step (the ``"published"`` scheme of :class:`Izhikevich`).

NumPy's generator is not MATLAB's, so "exactly" means the same algorithm given the
same random numbers. They are drawn from ``np.random.default_rng(seed)`` in this
order: ``re`` (n_excitatory uniforms), ``ri`` (n_inhibitory uniforms), then the
weights (dense: ``0.5 * rand(N, Ne)`` then ``-rand(N, Ni)``, each row-major, row =
postsynaptic neuron; sparse: see :func:`_sparse_weights`), then, each ms,
``5 * randn(Ne)`` followed by ``2 * randn(Ni)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse as sp

from ..engine.errors import ConfigError
from ..engine.memory import BYTES_PER_VALUE, check_bytes
from ..engine.validation import (
    check_bool,
    check_choice,
    check_seed,
    finite_number,
    integer,
)
from .izhikevich import Izhikevich

#: above this many neurons the weights are sparse unless sparse=False is given
SPARSE_ABOVE = 2000


@dataclass
class NetworkResult:
    """What :func:`izhikevich_network` returns.

    ``firings`` (k, 2): rows of (time in ms, neuron index), as ``net.m``'s
    ``firings`` (times 1..duration, neurons 0-based, excitatory first); ``v``
    (duration, N) in mV at the end of each ms when asked for (not clipped:
    clip at 30 mV to plot), else None; ``config`` says how it was made.
    """

    firings: np.ndarray
    n_excitatory: int
    n_inhibitory: int
    duration: float
    v: np.ndarray | None = None
    config: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return self.n_excitatory + self.n_inhibitory

    def rate(self) -> np.ndarray:
        """Each neuron's mean firing rate (Hz) over the run, shape (N,)."""
        counts = np.bincount(self.firings[:, 1].astype(int), minlength=self.n)
        return counts / (self.duration / 1000.0)


def izhikevich_network(
    n_excitatory=800,
    n_inhibitory=200,
    duration=1000.0,
    seed=0,
    scheme="published",
    sparse=None,
    n_synapses=1000,
    record_v=False,
) -> NetworkResult:
    """Run ``net.m``'s network for ``duration`` ms (whole ms, 1 ms steps).

    ``scheme`` is the :class:`Izhikevich` scheme of each 1 ms step
    (``"published"`` is ``net.m``'s). ``sparse``: None chooses sparse weights
    above :data:`SPARSE_ABOVE` neurons; True/False forces it. Sparse weights
    give every neuron ``n_synapses`` distinct presynaptic neurons (``net.m``'s
    in-degree at 1000 neurons, so the input a neuron sees keeps ``net.m``'s
    statistics) with ``net.m``'s weight laws; the dense matrix is all-to-all.

    Examples
    --------
    >>> result = izhikevich_network(duration=100.0)       # 100 ms of net.m
    >>> result.firings.shape                              # (time ms, neuron)
    (1087, 2)
    """
    ne = integer(n_excitatory, "n_excitatory", minimum=0)
    ni = integer(n_inhibitory, "n_inhibitory", minimum=0)
    n = ne + ni
    if n == 0:
        raise ConfigError("izhikevich_network needs at least one neuron; got 0 + 0.")
    steps = _whole_ms(finite_number(duration, "duration (ms)", low=1))
    seed = check_seed(seed)
    scheme = check_choice(scheme, Izhikevich.schemes, "scheme")
    record_v = check_bool(record_v, "record_v")
    use_sparse = n > SPARSE_ABOVE if sparse is None else check_bool(sparse, "sparse")
    k = min(integer(n_synapses, "n_synapses", minimum=1), n)

    _check_memory(n, k if use_sparse else None, steps if record_v else 0)
    rng = np.random.default_rng(seed)
    neuron = _population(rng, ne, ni, scheme)
    weights = (
        _sparse_weights(rng, ne, ni, k) if use_sparse else _dense_weights(rng, ne, ni)
    )
    firings, trace = _run(neuron, weights, rng, ne, steps, record_v)
    config = {
        "model": "izhikevich_network",
        "scheme": scheme,
        "seed": seed,
        "n_excitatory": ne,
        "n_inhibitory": ni,
        "dt": 1.0,
        "sparse": bool(use_sparse),
        "n_synapses": k if use_sparse else n,
    }
    return NetworkResult(firings, ne, ni, float(steps), trace, config)


def _run(neuron: Izhikevich, weights, rng, ne: int, steps: int, record_v: bool):
    """The time loop: ``firings`` (k, 2) and the v trace (or None).

    Per step only a few NumPy calls on (N,) arrays: the noise is one draw of N
    normals times a per-neuron scale (the same numbers as 5 randn(Ne) followed
    by 2 randn(Ni)), the reset is done here on the full c, d arrays, and the
    spikes are stacked once at the end.
    """
    n = neuron.n
    scale = np.r_[np.full(ne, 5.0), np.full(n - ne, 2.0)]
    state = neuron.initial_state(n)
    v, u, v_peak = state["v"], state["u"], neuron.v_peak
    c, d = np.broadcast_to(neuron.c, (n,)), np.broadcast_to(neuron.d, (n,))
    synaptic = _sparse_input(weights) if sp.issparse(weights) else None
    times, spikes = [], []
    trace = np.empty((steps, n)) if record_v else None
    for t in range(1, steps + 1):
        current = rng.standard_normal(n) * scale
        fired = np.flatnonzero(v >= v_peak)
        if fired.size:
            times.append(t)
            spikes.append(fired)
            v[fired] = c[fired]
            u[fired] += d[fired]
            if synaptic is None:
                current += weights[:, fired].sum(axis=1)
            else:
                current += synaptic(fired)
        neuron.integrate(state, current, 1.0)
        if trace is not None:
            trace[t - 1] = v
    if not spikes:
        return np.empty((0, 2)), trace
    counts = [len(f) for f in spikes]
    firings = np.column_stack([np.repeat(times, counts), np.concatenate(spikes)])
    return firings.astype(float), trace


def _sparse_input(weights):
    """``f(fired) -> (N,)``: the summed CSC columns of ``fired``, without scipy's
    per-call overhead of slicing (a gather of their entries and one bincount)."""
    n = weights.shape[0]
    indptr, indices, data = weights.indptr, weights.indices, weights.data

    def synaptic(fired):
        starts, stops = indptr[fired], indptr[fired + 1]
        lengths = stops - starts
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        entries = np.arange(lengths.sum()) + offsets
        return np.bincount(indices[entries], weights=data[entries], minlength=n)

    return synaptic


def _check_memory(n: int, n_synapses, recorded_steps: int) -> None:
    """Refuse, before drawing them, weights or a v trace too large for memory."""
    if n_synapses is None:  # dense: N x N float64
        values, what = n * n, f"its dense {n:,} x {n:,} weight matrix"
        fix = "Pass sparse=True (n_synapses inputs per neuron) or fewer neurons."
    else:  # CSC data + indices and the draws that build them
        values, what = 3 * n * n_synapses, f"{n:,} x {n_synapses:,} sparse weights"
        fix = "Use fewer neurons or a smaller n_synapses."
    values += 12 * n + recorded_steps * n
    if recorded_steps:
        what += f" and its v trace ({recorded_steps:,} ms x {n:,} neurons)"
        fix += " Or record_v=False (the spikes only), or a shorter duration."
    check_bytes(values * BYTES_PER_VALUE, "izhikevich_network", what, fix)


def _whole_ms(duration: float) -> int:
    if duration != int(duration):
        raise ConfigError(
            f"duration must be a whole number of ms >= 1 (net.m steps 1 ms); "
            f"got {duration!r}."
        )
    return int(duration)


def _population(rng, ne: int, ni: int, scheme: str) -> Izhikevich:
    """``net.m``'s heterogeneous parameters from ``re`` then ``ri``."""
    re, ri = rng.random(ne), rng.random(ni)
    return Izhikevich(
        a=np.concatenate([np.full(ne, 0.02), 0.02 + 0.08 * ri]),
        b=np.concatenate([np.full(ne, 0.2), 0.25 - 0.05 * ri]),
        c=np.concatenate([-65 + 15 * re**2, np.full(ni, -65.0)]),
        d=np.concatenate([8 - 6 * re**2, np.full(ni, 2.0)]),
        scheme=scheme,
    )


def _dense_weights(rng, ne: int, ni: int) -> np.ndarray:
    """``S = [0.5 rand(N, Ne), -rand(N, Ni)]``; S[i, j] is the weight j -> i."""
    n = ne + ni
    return np.hstack([0.5 * rng.random((n, ne)), -rng.random((n, ni))])


def _sparse_weights(rng, ne: int, ni: int, k: int, chunk: int = 256) -> sp.csc_matrix:
    """A fixed in-degree ``k``: each neuron's ``k`` distinct sources, uniformly.

    For each block of ``chunk`` postsynaptic neurons, the sources are the ``k``
    smallest of ``N`` uniforms per row; then one uniform per synapse (in row
    order) gives its weight, ``0.5 u`` from an excitatory source, ``-u`` from an
    inhibitory one. Stored column-wise (CSC) so a spike reads its column.
    """
    n = ne + ni
    sources = np.empty((n, k), dtype=np.int64)
    for start in range(0, n, chunk):
        block = rng.random((min(chunk, n - start), n))
        picked = np.argpartition(block, k - 1, axis=1)[:, :k]
        sources[start : start + block.shape[0]] = picked
    sources.sort(axis=1)
    weights = rng.random((n, k))
    weights[sources >= ne] *= -2.0  # -u from an inhibitory source, 0.5 u after *0.5
    weights *= 0.5
    # rows hold k sorted sources each: the CSR arrays directly, no COO copies
    indices = sources.astype(np.int32).ravel()
    del sources
    indptr = np.arange(0, n * k + 1, k, dtype=np.int64)
    matrix = sp.csr_matrix((weights.ravel(), indices, indptr), shape=(n, n))
    return matrix.tocsc()
