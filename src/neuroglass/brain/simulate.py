"""Run a neuron model over time: :func:`simulate` and the f-I curve :func:`fi_curve`.

The time loop is in Python; each step is a few NumPy operations on arrays of
shape ``(n,)``, so thousands of neurons cost little more than one. The input is
evaluated at the start of each step (``t = k * dt``) and held over the step; a
spike's time is the end of the step in which the model reported it.

Besides the state variables, ``record`` may name ``"I"``: the input current,
one row per time of ``t`` like the states (``I[k]`` is the input at ``t[k]``,
held over the step that starts there; the last row repeats the last step's
input, so ``step(t, I, where="post")`` draws the input as applied; the current
is never evaluated at the end time).
"""

from __future__ import annotations

import numpy as np

from ..engine.errors import ConfigError
from ..engine.memory import BYTES_PER_VALUE, check_bytes
from ..engine.validation import (
    check_instance,
    describe,
    did_you_mean,
    finite_number,
    positive_int,
)
from .currents import as_current
from .neuron import Neuron
from .trace import Trace

__all__ = ["CURRENT", "fi_curve", "simulate"]

#: the name under which ``record`` asks for the input current
CURRENT = "I"
#: the state is checked for overflow (inf, NaN) every this many steps
DIVERGENCE_EVERY = 100
#: float64 temporaries per state variable a step may hold (RK4: 4 slopes ...)
WORKSPACE_PER_STATE = 10


def _steps(duration, dt: float) -> int:
    """The number of steps of ``dt`` in ``duration`` (both ms), which must be whole."""
    if dt > duration:
        raise ConfigError(
            f"dt={dt:g} ms is longer than the duration {duration:g} ms; use a "
            "smaller dt or a longer duration."
        )
    steps = round(duration / dt)
    if abs(steps * dt - duration) > 1e-9 * max(duration, 1.0):
        raise ConfigError(
            f"duration={duration:g} ms is not a whole number of steps of dt={dt:g} ms "
            f"({duration / dt:g} steps); use duration={steps * dt:g} or a dt that "
            "divides it."
        )
    return steps


def _record_names(record, neuron: Neuron) -> tuple:
    valid = (*neuron.state_names, CURRENT)
    if isinstance(record, str):
        record = neuron.state_names if record == "all" else (record,)
    try:
        names = tuple(record)
    except TypeError:
        names = (record,)
    unknown = [name for name in names if not isinstance(name, str) or name not in valid]
    if unknown:
        raise ConfigError(
            f"record names {unknown!r}, which {neuron.name} does not have; choose "
            f"from {', '.join(map(repr, valid))} ({CURRENT!r} is the input current; "
            "record='all' for every state variable, record=() for spikes only)."
            + did_you_mean(unknown[0], valid)
        )
    return tuple(dict.fromkeys(names))


def _size_of_current(current):
    """The number of neurons a current names (None: a number or a function)."""
    size = getattr(current, "n", None) if callable(current) else None
    if size is None and not callable(current) and np.ndim(current) == 1:
        size = len(current)
    return size


def _neurons(neuron: Neuron, current, n) -> int:
    """The number of neurons: the neuron's, the current's and ``n`` must agree."""
    sized = any(np.ndim(v) == 1 for v in neuron.parameters().values())
    sources = {}
    if sized:
        sources["the neuron's parameters"] = neuron.n
    size = _size_of_current(current)
    if size == 0:
        raise ConfigError(
            "the current is an empty array, which describes no neuron; give one "
            "value per neuron or one number for all."
        )
    if size is not None:
        sources["the current"] = size
    if n is not None:
        sources["n"] = positive_int(n, "n (the number of neurons)")
    if len(set(sources.values())) > 1:
        shown = ", ".join(f"{k}: {v}" for k, v in sources.items())
        raise ConfigError(
            f"the numbers of neurons disagree ({shown}); give per-neuron "
            "parameters, current and n for the same number of neurons."
        )
    return next(iter(sources.values()), 1)


def _initial(neuron: Neuron, n: int, initial) -> dict:
    state = neuron.initial_state(n)
    if initial is not None and not isinstance(initial, dict):
        raise ConfigError(
            f"initial must be a dict {{name: number or ({n},) array}}, such as "
            f"{{'v': -65.0}}; got {describe(initial)}."
        )
    for name, value in (initial or {}).items():
        if name not in state:
            raise ConfigError(
                f"initial names {name!r}, which {neuron.name} does not have; choose "
                f"from {', '.join(map(repr, neuron.state_names))}."
            )
        array = np.asarray(value, dtype=np.float64)
        if array.ndim > 1 or (array.ndim == 1 and array.size != n):
            raise ConfigError(
                f"initial[{name!r}] must be a number or {n} values; got "
                f"{describe(value)}."
            )
        if not np.isfinite(array).all():
            raise ConfigError(
                f"initial[{name!r}] must be finite; got {describe(value)}."
            )
        state[name][...] = array
    return state


def simulate(
    neuron: Neuron,
    current,
    duration: float,
    dt: float | None = None,
    method: str | None = None,
    record=("v",),
    n: int | None = None,
    initial=None,
) -> Trace:
    """Simulate ``n`` neurons of a model under an input current.

    Parameters
    ----------
    neuron : Neuron
        The model (``LIF``, ``Izhikevich``, ``HodgkinHuxley`` ...), whose
        parameters are numbers or arrays ``(n,)``.
    current : float, ndarray (n,), callable or Current
        The input in the model's unit (``neuron.current_unit``): a constant, one
        value per neuron, ``f(t_ms) -> number or (n,)``, or a helper of
        :mod:`~neuroglass.brain.currents` (``step_current``, ``pulse``, ...).
    duration : float
        Simulated time (ms), > 0 and a whole number of steps.
    dt : float, optional
        Time step (ms); ``neuron.default_dt`` by default; checked by
        ``neuron.check_dt`` (a step too large to be stable is refused).
    method : str, optional
        An integration scheme overriding the neuron's (``neuron.schemes``).
    record : str or sequence of str
        State variables to record (``neuron.state_names``), ``"I"`` for the
        input current, shape (n_steps + 1, n) like the states (``I[k]`` the
        input held over the step from ``t[k]``; the last row repeats the last
        step's), ``"all"`` (every state variable, not ``"I"``), or ``()`` for
        spikes only.
    n : int, optional
        Number of neurons, when neither the parameters nor the current say.
    initial : dict, optional
        Starting values ``{name: number or (n,)}`` replacing the rest state.

    Returns
    -------
    Trace
        ``t`` (n_steps + 1,) in ms, the recorded variables (n_steps + 1, n),
        the spikes and the neuron's config.

    Example
    -------
    >>> from neuroglass.brain.lif import LIF
    >>> trace = simulate(LIF(), 0.5, duration=100.0)
    >>> trace.v.shape, len(trace.spike_times[0])
    ((1001, 1), 6)
    """
    check_instance(neuron, Neuron, "neuron", "a neuron model such as LIF()")
    if method is not None:
        neuron = neuron.with_scheme(method)
    duration = finite_number(duration, "duration (ms)", low=0, low_open=True)
    dt = neuron.check_dt(neuron.default_dt if dt is None else dt)
    n_steps = _steps(duration, dt)
    names = _record_names(record, neuron)
    n = _neurons(neuron, current, n)
    _check_memory(neuron, n, n_steps, names, dt)
    source = as_current(current, n, neuron.current_unit)
    state = _initial(neuron, n, initial)
    recorded = {name: np.empty((n_steps + 1, n)) for name in names}
    spikes = _run(neuron, source, state, recorded, n_steps, dt)
    units = {**neuron.state_units, CURRENT: neuron.current_unit}
    units = {name: units[name] for name in names}
    t = np.arange(n_steps + 1) * dt
    return Trace(t, recorded, spikes, n, dt, config=neuron.config(), units=units)


def _run(neuron, source, state, recorded, n_steps: int, dt: float) -> np.ndarray:
    """The time loop: fills ``recorded`` and returns the spikes (k, 2)."""
    states = [name for name in recorded if name != CURRENT]
    for name in states:
        recorded[name][0] = state[name]
    inputs = recorded.get(CURRENT)
    spike_steps, spike_neurons = [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(n_steps):
            current_k = source(k * dt)
            if inputs is not None:
                inputs[k] = current_k
            spiked = neuron.step(state, current_k, dt)
            for name in states:
                recorded[name][k + 1] = state[name]
            if spiked.any():
                index = np.flatnonzero(spiked)
                spike_steps.append(np.full(index.size, k + 1))
                spike_neurons.append(index)
            if k % DIVERGENCE_EVERY == 0 or k == n_steps - 1:
                _check_finite(neuron, state, current_k, (k + 1) * dt, dt)
    if inputs is not None:
        inputs[n_steps] = inputs[n_steps - 1]
    steps = np.concatenate(spike_steps) if spike_steps else np.zeros(0)
    index = np.concatenate(spike_neurons) if spike_neurons else np.zeros(0)
    return np.column_stack([steps * dt, index]).astype(np.float64)


def _check_finite(neuron, state: dict, current, t: float, dt: float) -> None:
    """Refuse a state that overflowed to inf or NaN (an input far too large)."""
    for name, values in state.items():
        bad = ~np.isfinite(values)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ConfigError(
                f"the simulation of {neuron.name} diverged: {name} of neuron {i} "
                f"became {float(values[i])!r} by t={t:g} ms under the input "
                f"{float(np.broadcast_to(current, values.shape)[i]):g} "
                f"{neuron.current_unit}. The input (or dt={dt:g} ms) is far too "
                "large for the model; use a smaller current or a smaller dt."
            )


def _check_memory(neuron, n: int, n_steps: int, names, dt: float) -> None:
    """Refuse, before allocating, a recording or a state too large for memory."""
    workspace = WORKSPACE_PER_STATE * len(neuron.state_names) + 4  # temporaries
    values = (n_steps + 1) * n * len(names) + n * workspace
    check_bytes(
        values * BYTES_PER_VALUE,
        f"simulating {n:,} neurons for {n_steps:,} steps of dt={dt:g} ms",
        f"the state and the {len(names)} recorded variables "
        f"({', '.join(names) or 'spikes only'})",
        "Record fewer variables (record=() keeps only the spikes), or simulate "
        "fewer neurons, a shorter duration or a larger dt.",
    )


def fi_curve(
    neuron: Neuron,
    currents,
    duration: float = 1000.0,
    window=None,
    dt: float | None = None,
    method: str | None = None,
) -> np.ndarray:
    """The firing rate (Hz) of a model under each of several constant currents.

    One neuron per current, all simulated together (vectorised).

    Parameters
    ----------
    neuron : Neuron
        The model; its parameters are numbers, or arrays with one value per current.
    currents : array-like of shape (k,)
        Constant input currents in the model's unit.
    duration : float
        Simulated time (ms).
    window : (float, float), optional
        The interval ``(t0, t1]`` (ms) over which spikes are counted; by
        default the whole run. Start after the transient to measure the
        steady rate.
    dt, method
        As for :func:`simulate`.

    Returns
    -------
    ndarray of shape (k,)
        The rates (Hz).

    Example
    -------
    >>> from neuroglass.brain.lif import LIF
    >>> fi_curve(LIF(), [0.3, 0.5, 1.0], window=(100.0, 1000.0))  # nA -> Hz
    array([  0.        ,  63.33333333, 146.66666667])
    """
    numeric = np.ndim(currents) == 1 and np.asarray(currents).dtype.kind in "iuf"
    values = np.asarray(currents, dtype=np.float64) if numeric else None
    if values is None or values.size == 0:
        raise ConfigError(
            f"currents must be a 1-d array of numbers (one simulated neuron each), "
            f"such as np.linspace(0.0, 1.0, 11); got {describe(currents)}."
        )
    duration = finite_number(duration, "duration (ms)", low=0, low_open=True)
    t0, t1 = (0.0, duration) if window is None else _window(window, duration)
    trace = simulate(neuron, values, duration, dt=dt, method=method, record=())
    return trace.rate(t0, t1)


def _window(window, duration: float) -> tuple:
    """``(t0, t1)`` checked against the run's ``(0, duration]``, before running."""
    try:
        t0, t1 = window
    except (TypeError, ValueError):
        raise ConfigError(
            "window must be a pair (t0, t1) in ms, such as "
            f"({min(200.0, duration / 2):g}, {duration:g}); got {describe(window)}."
        ) from None
    hint = f"The window must lie inside the run, 0 to duration={duration:g} ms."
    t0 = finite_number(t0, "window start t0 (ms)", low=0, high=duration, hint=hint)
    t1 = finite_number(
        t1, "window end t1 (ms)", low=t0, high=duration, low_open=True, hint=hint
    )
    return t0, t1
