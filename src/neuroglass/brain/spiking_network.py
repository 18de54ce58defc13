"""The spiking network :func:`~neuroglass.brain.to_spiking` builds, and its runs.

Non-leaky integrate-and-fire neurons in layers, simulated clock-driven with
all samples together: one step is a matrix product per layer on
``(n_samples, n_units)`` arrays. See :mod:`neuroglass.brain.ann_to_snn` for
the model and the normalisation. Time is in ms, rates in Hz.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.errors import ConfigError, DataError, ShapeError
from ..engine.memory import BYTES_PER_VALUE, check_bytes
from ..engine.validation import as_numeric_array, check_inputs, positive_number

__all__ = ["SpikingNetwork", "SpikingRun"]

#: The longest run, in steps (the per-step predictions are kept).
MAX_STEPS = 100_000


def check_non_negative(X, what) -> None:
    """Refuse negative values, which Poisson input cannot encode."""
    if (X < 0).any():
        row, col = np.argwhere(X < 0)[0]
        raise DataError(
            f"{what} holds {X[row, col]} at row {row}, column {col}; Poisson input "
            "encodes each value as a spike probability and needs X >= 0. Scale the "
            "data to [0, 1] or use encoding='analog'."
        )


@dataclass(frozen=True)
class SpikingRun:
    """What one simulation of a :class:`SpikingNetwork` produced.

    Attributes
    ----------
    t : ndarray, shape (n_steps,)
        The end of each step (ms).
    predictions : ndarray or None
        Shape ``(n_steps, n_samples)``: the class read at the end of each step
        (for multi-label sigmoid outputs ``(n_steps, n_samples, n_outputs)``);
        None for a regression network.
    output : ndarray, shape (n_samples, n_outputs)
        The decoded output: the output drive averaged over the run and scaled
        back by ``lambda_L / v_th``, an estimate of the ANN's output pre-activation.
    spike_counts : list of ndarray
        Per spiking layer (hidden, then the output when it spikes), spikes per
        neuron, shape ``(n_samples, n_units)``.
    dt : float
        Step (ms).
    """

    t: np.ndarray
    predictions: np.ndarray | None
    output: np.ndarray
    spike_counts: list
    dt: float

    @property
    def duration(self) -> float:
        """Simulated time (ms)."""
        return float(self.t[-1])

    def rates(self) -> list:
        """Firing rates (Hz) per spiking layer, shape ``(n_samples, n_units)``."""
        return [counts * (1000.0 / self.duration) for counts in self.spike_counts]

    def accuracy(self, y) -> np.ndarray:
        """Accuracy after each step, shape ``(n_steps,)``, against labels ``y``
        (class indices, or one-hot rows)."""
        if self.predictions is None:
            raise ConfigError(
                "accuracy is for classifiers; this network's loss is 'mse'. "
                "Compare run.output with the ANN's output instead."
            )
        y = _labels(y, self.predictions.shape[1:])
        hits = self.predictions == y
        if hits.ndim == 3:
            hits = hits.all(axis=2)
        return hits.mean(axis=1)


def _labels(y, shape) -> np.ndarray:
    y = as_numeric_array(y, "y")
    if len(shape) == 1 and y.ndim == 2 and y.shape[1] > 1:
        y = y.argmax(axis=1)  # one-hot rows
    if y.ndim == 2 and len(shape) == 1:
        y = y[:, 0]
    if y.shape != shape:
        raise ShapeError(
            f"y must hold one label per sample, shape {shape}; got shape {y.shape}."
        )
    return y


def _tie_break(v, v_th) -> np.ndarray:
    """A value in [0, 1) increasing with the membrane: added to integer spike
    counts, it orders equal counts by membrane and never overturns a count."""
    return 0.4995 * (1.0 + np.tanh(v / v_th))


class SpikingNetwork:
    """Layers of integrate-and-fire neurons converted from a ReLU network.

    Built by :func:`~neuroglass.brain.to_spiking`; the attributes are read-only
    by convention.

    Attributes
    ----------
    weights, biases : list of ndarray
        The normalised parameters ``W'_l`` (shape ``(n_in, n_out)``) and
        ``b'_l`` (added every step).
    scales : ndarray, shape (n_layers + 1,)
        ``lambda_0`` (the input) to ``lambda_L`` (the output).
    v_th, reset, dt, encoding, output :
        As passed to :func:`~neuroglass.brain.to_spiking`.
    task : str
        The ANN's loss: ``"cross_entropy"`` (argmax), ``"bce"`` (output > 0)
        or ``"mse"`` (no classes; decode :attr:`SpikingRun.output`).

    Examples
    --------
    >>> import neuroglass as ng
    >>> from neuroglass.brain import to_spiking
    >>> net = ng.mlp([2, 8, 2], activation="relu", loss="cross_entropy", seed=0)
    >>> snn = to_spiking(net, np.random.default_rng(0).random((50, 2)))
    >>> snn.sizes, snn.run([[0.2, 0.7]], duration=20.0).t[-1]    # widths; ms
    ([2, 8, 2], np.float64(20.0))
    """

    def __init__(
        self, weights, biases, scales, *, v_th, reset, dt, encoding, output, task,
        seed=None,
    ):  # fmt: skip
        self.weights = list(weights)
        self.biases = list(biases)
        self.scales = scales
        self.v_th, self.reset, self.dt = v_th, reset, dt
        self.encoding, self.output, self.task = encoding, output, task
        self._rng = np.random.default_rng(seed)

    @property
    def sizes(self) -> list:
        """Layer widths, inputs first."""
        return [self.weights[0].shape[0]] + [W.shape[1] for W in self.weights]

    def __repr__(self) -> str:
        return (
            f"SpikingNetwork({'-'.join(map(str, self.sizes))}, IF reset="
            f"{self.reset!r}, v_th={self.v_th}, dt={self.dt} ms, {self.encoding} "
            f"input, {self.output} output)"
        )

    def n_steps(self, duration, dt=None) -> int:
        """Steps in ``duration`` ms, refusing a duration that is not a whole
        number of steps of ``dt`` ms (default :attr:`dt`)."""
        dt = self.dt if dt is None else positive_number(dt, "dt")
        duration = positive_number(
            duration, "duration", hint=f"The simulated time in ms, e.g. {100 * dt:g}."
        )
        steps = duration / dt
        whole = round(steps)
        if whole < 1 or abs(steps - whole) > 1e-9 * max(1.0, steps):
            raise ConfigError(
                f"duration={duration:g} ms is not a whole number of dt={dt:g} ms "
                f"steps; use {max(whole, 1) * dt:g} ms or change dt."
            )
        if whole > MAX_STEPS:
            raise ConfigError(
                f"duration={duration:g} ms is {whole} steps of dt={dt:g} ms; at most "
                f"{MAX_STEPS} are simulated in one run. Use a larger dt or a shorter "
                "duration."
            )
        return whole

    def run(self, X, duration, *, dt=None) -> SpikingRun:
        """Simulate ``X`` (shape ``(n_samples, n_inputs)``) for ``duration`` ms,
        all samples together; the class after every step is kept, so one run
        gives accuracy against time (:meth:`SpikingRun.accuracy`)."""
        n_steps = self.n_steps(duration, dt)
        dt = self.dt if dt is None else float(dt)
        X = check_inputs(X, self.sizes[0], np.float64, "X")
        if self.encoding == "poisson":
            check_non_negative(X, "X")
        width = sum(self.sizes) * 4  # potentials, counts, drives, input spikes
        check_bytes(
            X.shape[0] * (n_steps + width) * BYTES_PER_VALUE,
            f"running {X.shape[0]:,} samples for {n_steps:,} steps",
            "the class after every step and the layers' state",
            "Run fewer samples at a time (in batches) or a shorter duration.",
        )
        return self._simulate(X, n_steps, dt)

    def predict(self, X, duration, *, dt=None) -> np.ndarray:
        """Classes after ``duration`` ms, shape ``(n_samples,)`` (the decoded
        output, shape ``(n_samples, n_outputs)``, for a regression network)."""
        run = self.run(X, duration, dt=dt)
        return run.output if run.predictions is None else run.predictions[-1]

    def accuracy_vs_time(self, X, y, durations, *, dt=None) -> np.ndarray:
        """Accuracy on ``(X, y)`` after each of ``durations`` (ms), from one
        run as long as the longest; shape ``(len(durations),)``."""
        durations = as_numeric_array(durations, "durations").reshape(-1)
        if durations.size == 0:
            raise ConfigError("durations is empty; pass times in ms, e.g. [10, 50].")
        steps = [self.n_steps(d, dt) for d in durations]
        run = self.run(X, max(steps) * (self.dt if dt is None else dt), dt=dt)
        return run.accuracy(y)[np.array(steps) - 1]

    # -- simulation -------------------------------------------------------------
    def _fire(self, v) -> np.ndarray:
        """Spikes (0/1 floats) where ``v >= v_th``, resetting ``v`` in place."""
        fired = v >= self.v_th
        if self.reset == "subtract":
            np.subtract(v, self.v_th, out=v, where=fired)
        else:
            v[fired] = 0.0
        return fired.astype(v.dtype)

    def _classes(self, v_out, counts_out) -> np.ndarray | None:
        if self.task == "mse":
            return None
        spikes = self.output == "spikes"
        if self.task == "cross_entropy":
            score = counts_out + _tie_break(v_out, self.v_th) if spikes else v_out
            return score.argmax(axis=1)
        positive = (counts_out > 0) | (v_out > 0) if spikes else v_out > 0
        labels = positive.astype(np.int64)
        return labels[:, 0] if labels.shape[1] == 1 else labels

    def _input(self, X):
        """The first layer's input each step: ``x`` itself (analog), or
        Poisson spikes with probability ``x / lambda_0`` per step."""
        if self.encoding == "analog":
            while True:
                yield None
        probability = np.minimum(X / self.scales[0], 1.0)
        while True:
            yield (self._rng.random(X.shape) < probability).astype(np.float64)

    def _simulate(self, X, n_steps, dt) -> SpikingRun:
        n, last = X.shape[0], len(self.weights) - 1
        n_spiking = last + 1 if self.output == "spikes" else last
        v = [np.zeros((n, W.shape[1])) for W in self.weights]
        counts = [np.zeros_like(layer) for layer in v[:n_spiking]]
        counts_out = counts[-1] if self.output == "spikes" else np.zeros_like(v[-1])
        constant = X @ self.weights[0] + self.biases[0]  # analog drive, every step
        total_out = np.zeros_like(v[-1])
        predictions = None
        inputs = self._input(X)
        for step in range(n_steps):
            spikes = next(inputs)
            for index, (W, b) in enumerate(zip(self.weights, self.biases)):
                drive = constant if spikes is None else spikes @ W + b
                v[index] += drive
                spikes = self._fire(v[index]) if index < n_spiking else None
                if spikes is not None:
                    counts[index] += spikes
            total_out += drive
            classes = self._classes(v[-1], counts_out)
            if classes is not None:
                if predictions is None:
                    predictions = np.empty((n_steps, *classes.shape), np.int64)
                predictions[step] = classes
        return SpikingRun(
            t=dt * np.arange(1, n_steps + 1),
            predictions=predictions,
            output=total_out * (self.scales[-1] / (n_steps * self.v_th)),
            spike_counts=[c.astype(np.int64) for c in counts],
            dt=dt,
        )
