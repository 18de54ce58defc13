"""Input currents for :func:`~neuroglass.brain.simulate`: helpers and the check.

A current is anything :func:`simulate` accepts as ``current``: a number (the
same for every neuron), an array of shape ``(n,)`` (one value per neuron), a
function ``f(t_ms) -> number or (n,)``, or one of the helpers below, which are
such functions with a readable repr. The current's unit is the model's
(``Neuron.current_unit``: nA for LIF, µA/cm² for Hodgkin-Huxley, dimensionless
for Izhikevich). It is evaluated at the start of each step, ``t = k * dt``, and
held constant over the step.

Helpers add up: ``constant(0.2) + pulse(0.5, start=100.0, width=5.0)``.

Example
-------
>>> I = step_current(0.5, start=100.0, stop=300.0)
>>> I
step_current(amplitude=0.5, start=100, stop=300)
>>> I(50.0), I(100.0), I(300.0)
(0.0, 0.5, 0.0)
"""

from __future__ import annotations

import numbers

import numpy as np

from ..engine.errors import ConfigError
from ..engine.validation import describe, finite_number

__all__ = [
    "Current",
    "as_current",
    "constant",
    "pulse",
    "pulse_train",
    "ramp",
    "step_current",
]


def _amplitude(value, what: str = "amplitude"):
    """A finite number (float) or a 1-d finite array (one value per neuron)."""
    if np.ndim(value) == 0:
        return finite_number(value, what)
    array = np.asarray(value, dtype=np.float64) if _is_numeric(value) else None
    if array is None or array.ndim != 1 or not np.isfinite(array).all():
        raise ConfigError(
            f"{what} must be a finite number or a 1-d array of finite numbers "
            f"(one per neuron); got {describe(value)}."
        )
    return array


def _is_numeric(value) -> bool:
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        return False
    return array.dtype.kind in "biuf" and array.dtype.kind != "b"


def _show(value) -> str:
    return f"{value:g}" if np.ndim(value) == 0 else f"<{np.size(value)} values>"


class Current:
    """A current as a function of time: ``current(t_ms)`` -> number or ``(n,)``.

    Subclasses implement :meth:`__call__`; ``+`` adds two currents (or a
    current and a number). The unit is the model's (nA, µA/cm², ...).

    >>> I = step_current(1.0, start=10.0) + 0.5    # a step on an offset
    >>> isinstance(I, Current), I(0.0), I(10.0)    # at t = 0 and 10 ms
    (True, 0.5, 1.5)
    """

    #: number of neurons the amplitudes imply (None: one value for all)
    n: int | None = None

    def __call__(self, t: float):
        raise NotImplementedError

    def __add__(self, other):
        if isinstance(other, numbers.Real) and not isinstance(other, bool):
            other = constant(other)
        if not isinstance(other, Current):
            return NotImplemented
        return _Sum(self, other)

    __radd__ = __add__


class _Sum(Current):
    def __init__(self, first: Current, second: Current):
        self.parts = (first, second)
        sizes = {p.n for p in self.parts if p.n is not None}
        if len(sizes) > 1:
            raise ConfigError(
                f"cannot add {first!r} and {second!r}: their amplitudes are for "
                f"{sorted(sizes)} neurons; give both one value per neuron or a number."
            )
        self.n = sizes.pop() if sizes else None

    def __call__(self, t: float):
        return self.parts[0](t) + self.parts[1](t)

    def __repr__(self) -> str:
        return f"{self.parts[0]!r} + {self.parts[1]!r}"


class _Shaped(Current):
    """A current defined by an amplitude and some times (ms)."""

    def __init__(self, amplitude, **times):
        self.amplitude = _amplitude(amplitude)
        self.n = None if np.ndim(self.amplitude) == 0 else self.amplitude.size
        self._times = times

    def __repr__(self) -> str:
        shown = [f"amplitude={_show(self.amplitude)}"] + [
            f"{k}={'None' if v is None else _show(v)}" for k, v in self._times.items()
        ]
        return f"{self.label}({', '.join(shown)})"

    def _on(self, on: bool):
        return self.amplitude if on else 0.0 * self.amplitude


class _Constant(_Shaped):
    label = "constant"

    def __call__(self, t: float):
        return self.amplitude


class _Step(_Shaped):
    label = "step_current"

    def __call__(self, t: float):
        stop = self._times["stop"]
        return self._on(t >= self._times["start"] and (stop is None or t < stop))


class _Pulse(_Shaped):
    label = "pulse"

    def __call__(self, t: float):
        start = self._times["start"]
        return self._on(start <= t < start + self._times["width"])


class _PulseTrain(_Shaped):
    label = "pulse_train"

    def __call__(self, t: float):
        start, width, period = (self._times[k] for k in ("start", "width", "period"))
        stop = self._times["stop"]
        if t < start or (stop is not None and t >= stop):
            return self._on(False)
        return self._on((t - start) % period < width)


class _Ramp(_Shaped):
    label = "ramp"

    def __call__(self, t: float):
        start, stop = self._times["start"], self._times["stop"]
        fraction = min(max((t - start) / (stop - start), 0.0), 1.0)
        return fraction * self.amplitude


def _time(value, what: str, low=0.0, low_open=False) -> float:
    return finite_number(value, f"{what} (ms)", low=low, low_open=low_open)


def constant(amplitude) -> Current:
    """The same current at every time: ``amplitude`` (number or ``(n,)``), in
    the model's current unit.

    >>> constant([1.0, 2.0])(3.0)     # one value per neuron, at t = 3 ms
    array([1., 2.])
    """
    return _Constant(amplitude)


def step_current(amplitude, start: float, stop: float | None = None) -> Current:
    """``amplitude`` from ``start`` (ms, included) to ``stop`` (ms, excluded).

    ``stop=None`` keeps the current on for ever; it is 0 before ``start``.
    Currents add to each other and to numbers (an offset).

    >>> I = step_current(10.0, start=50.0, stop=150.0)
    >>> I(0.0), I(50.0), I(149.9), I(150.0)
    (0.0, 10.0, 10.0, 0.0)
    >>> (step_current(10.0, start=0.0) + 2.0)(5.0)
    12.0
    """
    start = _time(start, "start")
    if stop is not None:
        stop = _time(stop, "stop", low=start, low_open=True)
    return _Step(amplitude, start=start, stop=stop)


def pulse(amplitude, start: float, width: float) -> Current:
    """``amplitude`` for ``width`` ms from ``start`` (ms), 0 elsewhere.

    >>> p = pulse(5.0, start=10.0, width=2.0)
    >>> p(9.9), p(10.0), p(11.9), p(12.0)
    (0.0, 5.0, 5.0, 0.0)
    """
    start = _time(start, "start")
    width = _time(width, "width", low_open=True)
    return _Pulse(amplitude, start=start, width=width)


def pulse_train(
    amplitude, start: float, width: float, period: float, stop: float | None = None
) -> Current:
    """Pulses of ``width`` ms every ``period`` ms from ``start`` until ``stop`` (ms).

    >>> train = pulse_train(1.0, start=0.0, width=1.0, period=10.0, stop=30.0)
    >>> [train(t) for t in (0.5, 5.0, 10.5, 30.5)]
    [1.0, 0.0, 1.0, 0.0]
    """
    start = _time(start, "start")
    width = _time(width, "width", low_open=True)
    period = _time(period, "period", low=width, low_open=True)
    if stop is not None:
        stop = _time(stop, "stop", low=start, low_open=True)
    return _PulseTrain(amplitude, start=start, width=width, period=period, stop=stop)


def ramp(amplitude, start: float, stop: float) -> Current:
    """0 until ``start``, rising linearly to ``amplitude`` at ``stop`` (ms), held.

    >>> r = ramp(4.0, start=0.0, stop=100.0)
    >>> r(50.0), r(200.0)
    (2.0, 4.0)
    """
    start = _time(start, "start")
    stop = _time(stop, "stop", low=start, low_open=True)
    return _Ramp(amplitude, start=start, stop=stop)


def _checked(value, n: int, what: str) -> np.ndarray:
    """``value`` (number or array) as a finite float64 array of shape (n,)."""
    if not _is_numeric(value) or np.ndim(value) > 1:
        raise ConfigError(
            f"{what} must be a number or a 1-d array of numbers; got {describe(value)}."
        )
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 1 and array.size != n:
        raise ConfigError(
            f"{what} has {array.size} values but there are {n} neurons; give one "
            f"value per neuron (an array of length {n}) or one number for all."
        )
    if not np.isfinite(array).all():
        bad = float(array[~np.isfinite(array)].flat[0]) if array.ndim else float(array)
        raise ConfigError(
            f"{what} must be finite; got {bad!r}"
            + (
                f" at neuron {int(np.flatnonzero(~np.isfinite(array))[0])}"
                if array.ndim
                else ""
            )
            + ". Replace NaN and infinite values by numbers."
        )
    return np.broadcast_to(array, (n,)).copy()


def as_current(current, n: int, unit: str = ""):
    """``current`` as a function ``source(t_ms) -> ndarray (n,)`` of finite floats.

    Parameters
    ----------
    current : float, array of shape (n,), callable or Current
        The input, in the model's unit (``unit``, shown in errors).
    n : int
        The number of neurons.

    Returns
    -------
    callable
        ``source(t)`` gives the current at time ``t`` (ms) as a float64 array
        ``(n,)``. A number or an array is checked here once; a function's first
        result is checked in full (shape and values), later ones for finiteness.

    Raises
    ------
    ConfigError
        NaN or infinite values (named), an array of the wrong length, or a
        function whose result is not a number or ``(n,)``.
    """
    what = "current" + (
        "" if not unit else f" ({unit})" if unit == "dimensionless" else f" (in {unit})"
    )
    if callable(current):
        return _FunctionSource(current, n, what)
    values = _checked(current, n, what)
    values.setflags(write=False)
    return lambda t: values


class _FunctionSource:
    def __init__(self, function, n: int, what: str):
        self.function, self.n, self.what = function, n, what
        self.first = True

    def __call__(self, t: float) -> np.ndarray:
        value = self.function(t)
        where = f"{self.what} returned by {self.function!r} at t={t:g} ms"
        if self.first:
            self.first = False
            return _checked(value, self.n, where)
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            array = None
        if array is None or array.shape not in ((), (self.n,)):
            return _checked(value, self.n, where)  # raises, naming the value
        if not np.isfinite(array).all():
            return _checked(value, self.n, where)
        return np.broadcast_to(array, (self.n,))
