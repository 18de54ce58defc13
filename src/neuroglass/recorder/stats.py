"""Summaries of arrays and the health of a layer's units: computed once here,
used by the recorder, the figures and the playground.

A unit is **dead** when it can die (``CAN_DIE``: relu) and is not active
(output > 0) on a single sample; it is **saturated** when it squashes
(``SQUASHING``: tanh, sigmoid), is not in the output layer (there its
saturation is confidence, not a problem) and sits beyond ``SATURATION`` (tanh
``|a|``, sigmoid ``|2a - 1|``) on more than ``SATURATED_SAMPLES`` of the
samples. The health rules flag a layer when at least ``DEAD_FRACTION`` /
``SATURATED_FRACTION`` of its units are dead / saturated. :func:`unit_health`
measures and flags a batch; :func:`flags_from_fractions` applies the same rule
to fractions a run file stored.

Example
-------
>>> import numpy as np
>>> health = unit_health(np.array([[0.0, 0.5], [0.0, 1.0]]), "relu")
>>> health.dead.tolist(), health.dead_fraction
([True, False], 0.5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..engine.activations import ALIASES

#: |a| beyond which a tanh unit counts as saturated on a sample (sigmoid: |2a - 1|)
SATURATION = 0.97
#: a unit is saturated when saturated on MORE than this fraction of the samples
SATURATED_SAMPLES = 0.9
#: the dead_units rule fires when at least this fraction of a layer is dead
DEAD_FRACTION = 0.5
#: the saturated_units rule fires when at least this fraction is saturated
SATURATED_FRACTION = 0.5
#: activations whose units are "active" when their output is positive
RELU_LIKE = ("relu", "leaky_relu", "elu", "gelu", "swish", "softplus")
#: activations whose units can die: output 0 (and gradient 0) for every input.
#: leaky_relu, elu, gelu and swish keep a gradient for negative inputs.
CAN_DIE = ("relu",)
#: activations with flat ends where a unit can saturate
SQUASHING = ("tanh", "sigmoid")


@dataclass(frozen=True)
class UnitHealth:
    """The health of one layer's units on a batch of samples.

    Attributes
    ----------
    activation : str
        The layer's activation function.
    mean : ndarray (n_units,)
        Each unit's mean activation.
    active : ndarray (n_units,)
        Fraction of the samples where the unit's output is > 0; NaN unless the
        activation is ReLU-like (``RELU_LIKE``).
    saturation : ndarray (n_units,)
        Fraction of the samples where the unit is beyond ``SATURATION``; NaN
        unless a hidden layer's activation squashes (``SQUASHING``).
    dead, saturated : ndarray (n_units,) of bool
        The units that are dead / saturated (see the module's docstring).
    dead_fraction : float or None
        Fraction of the layer's units that are dead; None where units cannot
        die (or there are no samples).
    saturated_fraction : float or None
        Fraction of the layer's units that are saturated; None unless a hidden
        layer squashes (or there are no samples).
    """

    activation: str
    mean: np.ndarray
    active: np.ndarray
    saturation: np.ndarray
    dead: np.ndarray
    saturated: np.ndarray
    dead_fraction: float | None
    saturated_fraction: float | None


class UnitStats:
    """Unit health of a network's layers, laid out once and computed with a
    few NumPy calls per batch (the recorder measures it at every snapshot).

    Parameters
    ----------
    activation_names : sequence of str
        Each layer's activation.
    widths : sequence of int
        Each layer's number of units.
    output : bool
        The last layer is the network's output layer (never saturated).
    """

    def __init__(self, activation_names, widths, *, output=True):
        names = [ALIASES.get(name, name) for name in activation_names]
        widths = [int(w) for w in widths]
        self.activation_names = names
        self.widths = widths
        #: layer i owns rows bounds[i]:bounds[i + 1] of a (units, samples) array
        self.bounds = np.cumsum([0, *widths]).tolist()
        hidden = [True] * len(names)
        if output and names:
            hidden[-1] = False
        self._relu_like = [n in RELU_LIKE for n in names]
        self._can_die = [n in CAN_DIE for n in names]
        self._squash = [n in SQUASHING and h for n, h in zip(names, hidden)]
        self._relu_rows = _rows(self._relu_like, self.bounds)
        self._squash_rows = _rows(self._squash, self.bounds)
        self._mortal = np.repeat(self._can_die, widths)
        self._squashing = np.repeat(self._squash, widths)
        sigmoid = np.repeat([n == "sigmoid" for n in names], widths)
        sigmoid = sigmoid[self._squash_rows] if self._squash_rows is not None else []
        self._sigmoid = sigmoid[:, None] if np.any(sigmoid) else None
        self._starts = np.array(self.bounds[:-1], dtype=np.intp)
        self._nan_table = np.full((3, self.bounds[-1]), np.nan)

    def measure(self, by_unit):
        """Every layer's unit health on a batch, in a few NumPy calls.

        Parameters
        ----------
        by_unit : ndarray (n_units, n_samples)
            Every layer's activations, a row per unit, layer after layer.

        Returns
        -------
        table : ndarray (3, n_units)
            Rows mean, active, saturation (see :class:`UnitHealth`).
        dead, saturated : ndarray (n_units,) of bool
        dead_fraction, saturated_fraction : list
            Per layer, a float or None (see :class:`UnitHealth`).
        """
        table = self._nan_table.copy()
        n_samples = by_unit.shape[1]
        n_layers = len(self.widths)
        if n_samples == 0:
            none = np.zeros(self.bounds[-1], dtype=bool)
            return table, none, none.copy(), [None] * n_layers, [None] * n_layers
        table[0] = np.add.reduce(by_unit, axis=1) / n_samples
        # counts divided by n (correctly rounded: exactly 90% is never "more
        # than 90%"); np.add.reduce of bools is cheaper than np.count_nonzero
        if self._relu_rows is not None:
            rows = self._relu_rows
            table[1, rows] = np.add.reduce(by_unit[rows] > 0, axis=1) / n_samples
        if self._squash_rows is not None:
            squashed = by_unit[self._squash_rows]
            if self._sigmoid is not None:
                squashed = np.where(self._sigmoid, 2 * squashed - 1, squashed)
            beyond = np.add.reduce(np.abs(squashed) > SATURATION, axis=1)
            table[2, self._squash_rows] = beyond / n_samples
        dead, saturated = _flags(table[1], table[2], self._mortal, self._squashing)
        counts = np.add.reduceat(
            np.stack((dead, saturated)), self._starts, axis=1, dtype=np.intp
        ).tolist()
        dead_fraction = [
            count / width if applies else None
            for count, width, applies in zip(counts[0], self.widths, self._can_die)
        ]
        saturated_fraction = [
            count / width if applies else None
            for count, width, applies in zip(counts[1], self.widths, self._squash)
        ]
        return table, dead, saturated, dead_fraction, saturated_fraction

    def health(self, by_unit) -> list[UnitHealth]:
        """A :class:`UnitHealth` per layer of ``by_unit`` (n_units, n_samples)."""
        table, dead, saturated, dead_fraction, saturated_fraction = self.measure(
            by_unit
        )
        out = []
        for i, name in enumerate(self.activation_names):
            rows = slice(self.bounds[i], self.bounds[i + 1])
            out.append(
                UnitHealth(
                    activation=name,
                    mean=table[0, rows],
                    active=table[1, rows],
                    saturation=table[2, rows],
                    dead=dead[rows],
                    saturated=saturated[rows],
                    dead_fraction=dead_fraction[i],
                    saturated_fraction=saturated_fraction[i],
                )
            )
        return out


def _rows(flags, bounds):
    """The rows of the layers whose flag is set: a slice where contiguous (a
    view, not a copy), else an index array; None when no layer's is."""
    layers = [i for i, flag in enumerate(flags) if flag]
    if not layers:
        return None
    rows = np.concatenate([np.arange(bounds[i], bounds[i + 1]) for i in layers])
    if rows.size and rows[-1] - rows[0] + 1 == rows.size:
        return slice(int(rows[0]), int(rows[-1]) + 1)
    return rows


def _flags(active, saturation, can_die, squashes):
    """The one rule for dead and saturated units (see the module's docstring),
    on per-unit fractions: dead where a unit can die and was never active,
    saturated where it squashes and is saturated on more than
    ``SATURATED_SAMPLES`` of the samples. ``can_die`` and ``squashes`` are
    bools or per-unit bool arrays; a NaN fraction (not measured) flags nothing."""
    dead = (active == 0) & can_die
    saturated = (saturation > SATURATED_SAMPLES) & squashes
    return dead, saturated


def flags_from_fractions(active, saturation, activation_name, *, output=False):
    """The dead and saturated units of a layer, from fractions measured before.

    The rule :func:`unit_health` applies, for a run file's stored per-unit
    fractions (``Snapshot.layers[i].units``) when its activations were not kept.

    Parameters
    ----------
    active : array-like (n_units,)
        Fraction of the samples where each unit's output is > 0 (NaN where not
        measured), as in :attr:`UnitHealth.active`.
    saturation : array-like (n_units,)
        Fraction of the samples where each unit is beyond ``SATURATION`` (NaN
        where not measured), as in :attr:`UnitHealth.saturation`.
    activation_name : str
        The layer's activation function.
    output : bool
        The layer is the network's output layer (never saturated).

    Returns
    -------
    dead, saturated : ndarray (n_units,) of bool

    Example
    -------
    >>> dead, saturated = flags_from_fractions([0.0, 0.4], [np.nan] * 2, "relu")
    >>> dead.tolist(), saturated.tolist()
    ([True, False], [False, False])
    """
    active = np.asarray(active, dtype=np.float64)
    saturation = np.asarray(saturation, dtype=np.float64)
    if active.ndim != 1 or saturation.shape != active.shape:
        raise ValueError(
            f"active and saturation must be two (n_units,) arrays of the same "
            f"length; got shapes {active.shape} and {saturation.shape}. Pass one "
            "layer's per-unit fractions."
        )
    name = ALIASES.get(activation_name, activation_name)
    squashes = name in SQUASHING and not output
    return _flags(active, saturation, name in CAN_DIE, squashes)


def unit_health(activations, activation_name, *, output=False) -> UnitHealth:
    """The health of one layer's units on a batch.

    Parameters
    ----------
    activations : array-like (n_samples, n_units)
        The layer's outputs on the batch.
    activation_name : str
        The layer's activation function (``layer.activation_name``).
    output : bool
        The layer is the network's output layer (its units are never
        saturated: there saturation is confidence).

    Returns
    -------
    UnitHealth
    """
    values = np.asarray(activations)
    if values.dtype.kind != "f":  # float32 stays float32: compared as recorded
        values = values.astype(np.float64)
    if values.ndim != 2:
        raise ValueError(
            f"activations must be (n_samples, n_units), got shape {values.shape}; "
            "pass one layer's outputs on a batch."
        )
    stats = UnitStats([activation_name], [values.shape[1]], output=output)
    return stats.health(values.T)[0]


def network_health(activations, activation_names) -> list[UnitHealth]:
    """:func:`unit_health` of every layer of a network (the last is the output
    layer): ``activations`` is a list of (n_samples, n_units_i) arrays."""
    values = [np.asarray(a) for a in activations]
    values = [v if v.dtype.kind == "f" else v.astype(np.float64) for v in values]
    if not values:
        return []
    stats = UnitStats(activation_names, [v.shape[1] for v in values])
    return stats.health(np.concatenate([v.T for v in values]))


#: float32 values beyond this are summarized in float64 (squares overflow)
_FLOAT32_SQUARES = 1e18


def summarize(values, bins: int) -> dict:
    """Norm, moments, TensorBoard-style bands and a histogram of ``values``.

    The finite values only (NaN and infinities are counted by the callers);
    moments accumulated in float64 (float32 values are not copied to float64
    for it: a snapshot summarizes every layer's arrays). The histogram has
    ``bins`` equal bins from the minimum to the maximum (``np.histogram``'s
    edges): a value goes to bin ``floor((v - min) / (max - min) * bins)``,
    the maximum to the last.
    """
    values = np.asarray(values)
    if values.dtype != np.float32:
        values = values.astype(np.float64, copy=False)
    values = values.ravel()
    low = float(values.min()) if values.size else math.nan
    high = float(values.max()) if values.size else math.nan
    if not (math.isfinite(low) and math.isfinite(high)):  # NaN propagates
        finite = values[np.isfinite(values)] if values.size else values
        values = finite if finite.size else np.zeros(1)
        low, high = float(values.min()), float(values.max())
    if max(-low, high) > _FLOAT32_SQUARES:  # their squares would overflow
        values = values.astype(np.float64)
    mean, std, norm = _moments(values)
    bands = np.array(
        [low]
        + [mean + k * std for k in (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5)]
        + [high]
    )
    bands[1:-1] = np.clip(bands[1:-1], low, high)
    if high > low:
        counts = _equal_bins(values, bins, low, high)
        edges = np.linspace(low, high, bins + 1)
    else:
        counts, edges = np.array([values.size]), np.array([low - 0.5, high + 0.5])
    return {
        "size": int(values.size),
        "norm": norm,
        "mean": mean,
        "std": std,
        "min": low,
        "max": high,
        "bands": bands,
        "hist": counts.astype(np.int64),
        "edges": edges,
    }


def _moments(values):
    """``(mean, std, norm)`` of a float64 or float32 array, in float64."""
    n = values.size
    if values.dtype == np.float64:
        return (
            float(values.mean()),
            float(values.std()),
            float(np.sqrt(np.dot(values, values))),
        )
    total = float(np.add.reduce(values, dtype=np.float64))
    mean = total / n
    center = np.float32(mean)  # deviations from it, in float32 (one pass)
    deviation = values - center
    squares = float(
        np.add.reduce(np.square(deviation, out=deviation), dtype=np.float64)
    )
    c = float(center)
    shift = mean - c
    variance = max(squares / n - shift * shift, 0.0)
    # sum of v^2 = sum of (v - c)^2 + 2 c (sum of v - n c) + n c^2
    norm_squared = squares + 2 * c * (total - n * c) + n * c * c
    return mean, math.sqrt(variance), math.sqrt(max(norm_squared, 0.0))


def _equal_bins(values, bins, low, high) -> np.ndarray:
    """Counts of ``values`` (all within [low, high], high > low) in ``bins``
    equal bins: one subtraction, one scaling, one cast and a bincount."""
    position = values - low
    position /= high - low
    position *= bins
    index = position.astype(np.intp)
    np.minimum(index, bins - 1, out=index)
    return np.bincount(index, minlength=bins)
