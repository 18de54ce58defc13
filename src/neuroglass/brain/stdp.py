"""Pair-based spike-timing-dependent plasticity (STDP), all-to-all, in trace form.

Sign convention (the one of Brian2 and most texts): ``delta_t = t_post - t_pre``
in ms. Pre before post (``delta_t > 0``) potentiates, post before pre depresses:

    W(delta_t) = +A_plus  * exp(-delta_t / tau_plus)    for delta_t > 0  (LTP)
    W(delta_t) = -A_minus * exp(+delta_t / tau_minus)   for delta_t < 0  (LTD)
    W(0) = 0   (simultaneous spikes are not paired; see below)

``A_plus`` and ``A_minus`` are both magnitudes (>= 0): the sign is the rule's.
(Song & Abbott's MATLAB-style code writes ``dT = t_pre - t_post``; the curve is
the same, mirrored.) With all-to-all pairing each synapse changes by the sum of
``W`` over every (pre, post) pair of its spikes; nearest-neighbour variants
(NEST's ``stdp_nn_*``) differ and are not offered here.

:class:`STDP` computes that sum online with two traces per synapse (the form
of Brian2's ``examples/synapses/STDP.py``): a presynaptic trace ``a_pre`` that
jumps by ``A_plus`` at each pre spike and decays with ``tau_plus``, and a
postsynaptic trace ``a_post`` that jumps by ``-A_minus`` at each post spike and
decays with ``tau_minus``. At a pre spike ``w += a_post``; at a post spike
``w += a_pre``; with hard bounds ``w`` is then clipped to ``[0, w_max]``.
Within one step both changes are read from the traces *before* the step's own
spikes are added, which is what makes ``W(0) = 0``; the decay between steps is
the exact exponential, so without bounds the trace form equals the all-to-all
pair sum up to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.errors import ConfigError, ShapeError
from ..engine.validation import (
    as_numeric_array,
    check_bool,
    non_negative,
    positive_number,
)


def stdp_window(delta_t, A_plus=0.01, A_minus=0.0105, tau_plus=20.0, tau_minus=20.0):
    """The STDP window ``W(delta_t)``: the weight change of one spike pair.

    Parameters
    ----------
    delta_t : float or array
        ``t_post - t_pre`` in ms (positive: pre before post, potentiation).
    A_plus, A_minus : float
        Magnitudes (>= 0) of potentiation and depression at ``delta_t -> 0``.
        The defaults (A_minus = 1.05 A_plus, in units of w_max) are those of
        Brian2's example adapted from Song, Miller & Abbott (2000).
    tau_plus, tau_minus : float
        Time constants (ms, > 0) of the potentiation and depression sides.

    Returns
    -------
    float or array like ``delta_t``
        ``A_plus exp(-delta_t/tau_plus)`` for ``delta_t > 0``,
        ``-A_minus exp(delta_t/tau_minus)`` for ``delta_t < 0``, 0 at 0.

    Examples
    --------
    >>> round(float(stdp_window(10.0)), 6)  # pre 10 ms before post
    0.006065
    """
    params = _check_params(A_plus, A_minus, tau_plus, tau_minus)
    delta = as_numeric_array(delta_t, "delta_t").astype(np.float64)
    if not np.all(np.isfinite(delta)):
        raise ConfigError(
            "delta_t (t_post - t_pre, ms) must hold finite numbers; got "
            f"{delta[~np.isfinite(delta)].ravel()[0]!r}."
        )
    return _window(delta, *params)


def _window(delta, A_plus, A_minus, tau_plus, tau_minus):
    # exp of a clipped argument only: the other side's exponent may overflow
    ltp = A_plus * np.exp(-np.where(delta > 0, delta, 0.0) / tau_plus)
    ltd = -A_minus * np.exp(np.where(delta < 0, delta, 0.0) / tau_minus)
    out = np.where(delta > 0, ltp, np.where(delta < 0, ltd, 0.0))
    return out[()] if out.ndim == 0 else out


def _check_params(A_plus, A_minus, tau_plus, tau_minus):
    hint = "A_plus and A_minus are magnitudes; the rule applies the sign."
    return (
        non_negative(A_plus, "A_plus", hint=hint),
        non_negative(A_minus, "A_minus", hint=hint),
        positive_number(tau_plus, "tau_plus", hint="It is in ms, e.g. 20.0."),
        positive_number(tau_minus, "tau_minus", hint="It is in ms, e.g. 20.0."),
    )


@dataclass
class STDPResult:
    """What :meth:`STDP.run` and :meth:`STDP.run_times` return.

    Attributes
    ----------
    weights : array (n_synapses,)
        The weights after the last spike.
    t : array (n_records,) or None
        With ``record=True``: the times (ms) of the recorded weights, the start
        first (the grid's steps, or each distinct spike time for ``run_times``).
    history : array (n_records, n_synapses) or None
        With ``record=True``: the weights at those times.
    """

    weights: np.ndarray
    t: np.ndarray | None = None
    history: np.ndarray | None = None


class STDP:
    """Pair-based, all-to-all STDP over many synapses at once, in trace form.

    ``delta_t = t_post - t_pre`` (ms): pre before post potentiates. See the
    module docstring for the window, the traces and the treatment of
    simultaneous spikes.

    Parameters
    ----------
    A_plus, A_minus : float
        Magnitudes (>= 0) of the window, in the units of the weights.
    tau_plus, tau_minus : float
        Decay times (ms, > 0) of the pre and post traces.
    w_max : float
        Upper hard bound (> 0); the lower bound is 0.
    bounded : bool
        Clip the weights to ``[0, w_max]`` after every change (True), or not
        (False: the plain all-to-all pair sum, for tests and demonstrations).

    Examples
    --------
    >>> rule = STDP(w_max=1.0)
    >>> out = rule.run_times([np.array([10.0])], np.array([15.0]), w0=0.5)
    >>> round(float(out.weights[0]), 6)  # 0.5 + 0.01 exp(-5/20)
    0.507788
    """

    def __init__(
        self,
        A_plus=0.01,
        A_minus=0.0105,
        tau_plus=20.0,
        tau_minus=20.0,
        w_max=1.0,
        bounded=True,
    ):
        params = _check_params(A_plus, A_minus, tau_plus, tau_minus)
        self.A_plus, self.A_minus, self.tau_plus, self.tau_minus = params
        self.w_max = positive_number(w_max, "w_max", hint="The upper weight bound.")
        self.bounded = check_bool(bounded, "bounded")
        self.trace_pre = None
        self.trace_post = None

    def window(self, delta_t):
        """:func:`stdp_window` with this rule's parameters."""
        return stdp_window(
            delta_t, self.A_plus, self.A_minus, self.tau_plus, self.tau_minus
        )

    def config(self) -> dict:
        """The parameters, by name."""
        return {
            "A_plus": self.A_plus,
            "A_minus": self.A_minus,
            "tau_plus": self.tau_plus,
            "tau_minus": self.tau_minus,
            "w_max": self.w_max,
            "bounded": self.bounded,
            "pairing": "all-to-all",
            "delta_t": "t_post - t_pre",
        }

    # -- online use, one step at a time ----------------------------------------
    def reset(self, n_synapses) -> None:
        """Zero the traces of ``n_synapses`` synapses (call before :meth:`step`)."""
        n = int(n_synapses)
        self.trace_pre = np.zeros(n)
        self.trace_post = np.zeros(n)

    def step(self, weights, pre, post, dt) -> np.ndarray:
        """Advance by one step of ``dt`` ms, updating ``weights`` in place.

        ``pre`` is the boolean mask (n_synapses,) of the synapses whose
        presynaptic neuron spiked at the end of this step; ``post`` a mask of the
        same shape, or one bool when all synapses share a postsynaptic neuron.
        ``dt`` is the time since the previous step (ms, > 0; not re-checked here,
        for speed). Returns ``weights``.
        """
        if self.trace_pre is None or self.trace_pre.shape != weights.shape:
            self.reset(weights.shape[0])
        self.trace_pre *= np.exp(-dt / self.tau_plus)
        self.trace_post *= np.exp(-dt / self.tau_minus)
        # changes read from the traces before this step's spikes: W(0) = 0
        weights += np.where(pre, self.trace_post, 0.0)
        weights += np.where(post, self.trace_pre, 0.0)
        if self.bounded:
            np.clip(weights, 0.0, self.w_max, out=weights)
        self.trace_pre += np.where(pre, self.A_plus, 0.0)
        self.trace_post -= np.where(post, self.A_minus, 0.0)
        return weights

    # -- whole trains ----------------------------------------------------------
    def run(self, pre, post, dt, w0=None, record=False) -> STDPResult:
        """Apply the rule to boolean rasters on a time grid of step ``dt`` (ms).

        Parameters
        ----------
        pre : bool array (n_steps, n_synapses)
            ``pre[k, i]``: synapse i's presynaptic neuron spikes at ``(k+1) dt``.
        post : bool array (n_steps,) or (n_steps, n_synapses)
            The postsynaptic spikes: one train shared by all synapses, or one
            per synapse.
        dt : float
            The time step (ms, > 0).
        w0 : float or array (n_synapses,), optional
            Initial weights (default ``w_max / 2``); within ``[0, w_max]`` when
            bounded. Not modified.
        record : bool
            Also return the weights at every step (``(n_steps + 1, n)``).
        """
        pre = _check_raster(pre, "pre")
        post = _check_raster(post, "post", ndim=(1, 2))
        if post.shape[0] != pre.shape[0] or (
            post.ndim == 2 and post.shape != pre.shape
        ):
            raise ShapeError(
                f"post has shape {post.shape} but pre has shape {pre.shape}; post "
                f"must be ({pre.shape[0]},) (one shared train) or {pre.shape}."
            )
        dt = positive_number(dt, "dt", hint="The time step is in ms, e.g. dt=0.1.")
        weights = self._initial(w0, pre.shape[1])
        self.reset(pre.shape[1])
        history = [weights.copy()] if record else None
        for k in range(pre.shape[0]):
            self.step(weights, pre[k], post[k], dt)
            if record:
                history.append(weights.copy())
        return _result(weights, history, dt * np.arange(pre.shape[0] + 1))

    def run_times(self, pre_times, post_times, w0=None, record=False) -> STDPResult:
        """Apply the rule to spike times (ms), exactly (no time grid).

        Parameters
        ----------
        pre_times : list of n_synapses 1-D arrays
            The presynaptic spike times of each synapse (ms).
        post_times : 1-D array, or list of n_synapses 1-D arrays
            The postsynaptic spike times (ms): one train shared by all synapses,
            or one per synapse.
        w0, record
            As in :meth:`run`; the records are taken at each distinct spike time.

        The synapses advance together from one distinct spike time to the next
        (a Python loop over those times, NumPy over the synapses).
        """
        pre_t, pre_i = _flatten_times(pre_times, "pre_times")
        n = len(pre_times)
        if isinstance(post_times, (list, tuple)) and not _numbers(post_times):
            if len(post_times) != n:
                raise ShapeError(
                    f"post_times holds {len(post_times)} trains but pre_times "
                    f"{n}; give one post train per synapse, or one shared array."
                )
            post_t, post_i = _flatten_times(post_times, "post_times")
        else:
            post_t, _ = _flatten_times([post_times], "post_times")
            post_i = np.full(post_t.shape, -1)  # -1: every synapse
        weights = self._initial(w0, n)
        self.reset(n)
        times = np.unique(np.concatenate([pre_t, post_t]))
        pre_groups = _group(pre_t, pre_i, times)
        post_groups = _group(post_t, post_i, times)
        history = [weights.copy()] if record else None
        previous = times[0] if times.size else 0.0
        for k, now in enumerate(times):
            pre = np.zeros(n, dtype=bool)
            post = np.zeros(n, dtype=bool)
            pre[pre_groups[k]] = True
            group = post_groups[k]
            post[group if not (group.size and group[0] < 0) else slice(None)] = True
            self.step(weights, pre, post, now - previous)
            previous = now
            if record:
                history.append(weights.copy())
        start = times[:1] if times.size else np.zeros(1)
        return _result(weights, history, np.concatenate([start, times]))

    def _initial(self, w0, n) -> np.ndarray:
        if w0 is None:
            return np.full(n, self.w_max / 2.0)
        w = as_numeric_array(w0, "w0").astype(np.float64)
        if w.ndim == 0:
            w = np.full(n, float(w))
        if w.shape != (n,):
            raise ShapeError(
                f"w0 has shape {w.shape}; expected one weight per synapse, ({n},), "
                "or a single number."
            )
        low, high = (0.0, self.w_max) if self.bounded else (-np.inf, np.inf)
        bad = np.flatnonzero(~np.isfinite(w) | (w < low) | (w > high))
        if bad.size:
            i = int(bad[0])
            raise ConfigError(
                f"w0[{i}] must be a finite weight in [0, w_max={self.w_max:g}] "
                f"(hard bounds on); got {w[i]!r}. Clip it, or pass bounded=False."
            )
        return w.copy()


def _result(weights, history, t) -> STDPResult:
    if history is None:
        return STDPResult(weights=weights)
    return STDPResult(weights=weights, t=t, history=np.array(history))


def _check_raster(raster, what, ndim=(2,)) -> np.ndarray:
    array = np.asarray(raster)
    if array.dtype != bool and not (
        array.dtype.kind in "iuf" and np.isin(array, (0, 1)).all()
    ):
        raise ConfigError(
            f"{what} must be a boolean spike raster (True where a spike occurs); "
            f"got dtype {array.dtype}. Spike times go to run_times instead."
        )
    if array.ndim not in ndim:
        shapes = " or ".join(
            "(n_steps,)" if d == 1 else "(n_steps, n_synapses)" for d in ndim
        )
        raise ShapeError(f"{what} must have shape {shapes}; got {array.shape}.")
    return array.astype(bool)


def _flatten_times(trains, what):
    """All spike times of ``trains`` as one array, with the train of each."""
    if not isinstance(trains, (list, tuple)) or not trains:
        raise ShapeError(
            f"{what} must be a non-empty list of 1-D arrays of spike times (ms), "
            f"one per synapse; got {type(trains).__name__}."
        )
    if _numbers(trains):
        raise ShapeError(
            f"{what} is a flat list of numbers {list(trains)[:5]!r}; give one "
            f"train per synapse, a list of lists: [{list(trains)!r}] for one "
            "synapse, or [[t1], [t2], ...] for one spike at each of several."
        )
    arrays = []
    for i, train in enumerate(trains):
        array = as_numeric_array(train, f"{what}[{i}]").astype(np.float64)
        if array.ndim != 1 or not np.all(np.isfinite(array)):
            raise ShapeError(
                f"{what}[{i}] must be a 1-D array of finite spike times (ms); got "
                f"shape {array.shape}"
                + ("" if array.ndim != 1 else " with NaN/inf")
                + "."
            )
        if np.unique(array).size != array.size:
            raise ConfigError(
                f"{what}[{i}] holds the same spike time twice; a neuron spikes at "
                "most once at a given time. Remove the repeated times."
            )
        arrays.append(array)
    lengths = [a.size for a in arrays]
    return np.concatenate(arrays), np.repeat(np.arange(len(arrays)), lengths)


def _numbers(values) -> bool:
    """Whether ``values`` (a list or tuple) holds only numbers (a flat train)."""
    return len(values) > 0 and all(np.ndim(v) == 0 for v in values)


def _group(times, index, grid):
    """For each time of ``grid``, the indices whose spike falls on it."""
    slot = np.searchsorted(grid, times)
    order = np.argsort(slot, kind="stable")
    bounds = np.searchsorted(slot[order], np.arange(grid.size + 1))
    sorted_index = index[order]
    return [sorted_index[bounds[k] : bounds[k + 1]] for k in range(grid.size)]
