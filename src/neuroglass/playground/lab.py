"""The neuron lab: one neuron model per page, stepped live under a current.

:class:`LabSession` holds one connection's model (LIF, an Izhikevich preset or
Hodgkin–Huxley, from :mod:`neuroglass.brain`), its state and the input current,
and advances it in chunks of model time (:meth:`LabSession.advance`) with the
model's own ``step``, exactly as :func:`neuroglass.brain.simulate` does, so a
run of chunks under a constant current gives simulate's trace. Commands come
checked by :mod:`.lab_validate`; checks that need the model (is that value safe
for it?) happen here and raise :class:`ConfigMessageError` naming the field.
Messages are plain dicts (docs/playground-protocol.md, "The neuron lab").

Example
-------
>>> lab = LabSession()
>>> lab.set_current(0.5)            # nA, the LIF's unit
>>> frame = lab.advance(100.0)      # 100 ms of model time
>>> frame["type"], len(frame["spikes"])
('lab_frame', 6)
"""

from __future__ import annotations

import numpy as np

from .. import brain
from ..engine.errors import ConfigError
from .fields import ConfigMessageError

#: the models a page can pick, and what the lab shows of each
MODELS = {
    "lif": {
        "label": "Leaky integrate-and-fire",
        "dt": 0.1,
        "current": (-0.5, 2.0, 0.01),  # nA: low, high, slider step
        "v_range": (-80.0, -40.0),
        "window_ms": 200.0,
        "frame_ms": 5.0,
    },
    "izhikevich": {
        "label": "Izhikevich",
        "dt": 0.1,
        "current": (-10.0, 40.0, 0.5),
        "v_range": (-90.0, 40.0),
        "window_ms": 200.0,
        "frame_ms": 5.0,
    },
    "hh": {
        "label": "Hodgkin–Huxley",
        "dt": 0.025,
        "current": (-5.0, 60.0, 0.5),  # µA/cm²
        "v_range": (-90.0, 60.0),
        "window_ms": 60.0,
        "frame_ms": 1.0,
    },
}
PRESETS = tuple(brain.PRESETS)
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)

#: the parameters a page may edit: (unit, low, high, meaning); a value outside
#: [low, high] is refused before the model sees it (the model's own checks,
#: such as V_th above V_reset, come after)
PARAMETERS = {
    "lif": {
        "tau_m": ("ms", 1.0, 200.0, "membrane time constant"),
        "E_L": ("mV", -100.0, 0.0, "resting potential"),
        "V_th": ("mV", -100.0, 20.0, "spike threshold"),
        "V_reset": ("mV", -100.0, 0.0, "potential after a spike"),
        "R": ("MΩ", 1.0, 1000.0, "membrane resistance"),
        "t_ref": ("ms", 0.0, 50.0, "refractory period"),
    },
    "izhikevich": {
        "a": ("1/ms", 0.001, 1.0, "recovery time scale"),
        "b": ("", -1.0, 1.0, "recovery sensitivity"),
        "c": ("mV", -100.0, 30.0, "reset potential"),
        "d": ("", -20.0, 20.0, "recovery jump at a spike"),
        "v_peak": ("mV", 0.0, 50.0, "spike cut-off"),
    },
    "hh": {
        "C_m": ("µF/cm²", 0.1, 10.0, "membrane capacitance"),
        "g_Na": ("mS/cm²", 0.0, 300.0, "maximal Na conductance"),
        "g_K": ("mS/cm²", 0.0, 150.0, "maximal K conductance"),
        "g_L": ("mS/cm²", 0.0, 5.0, "leak conductance"),
        "E_Na": ("mV", 0.0, 100.0, "Na reversal potential"),
        "E_K": ("mV", -120.0, 0.0, "K reversal potential"),
        "E_L": ("mV", -100.0, 0.0, "leak reversal potential"),
    },
}
PARAMETER_NAMES = tuple(sorted({k for table in PARAMETERS.values() for k in table}))
FI_POINTS = 41
MAX_SAMPLES = 400  # v samples in one frame at most
RATE_WINDOW_MS = 1000.0
_FI_CACHE: dict = {}
_FI_CACHE_SIZE = 32


def build(model: str, preset: str = "RS", overrides=None) -> brain.Neuron:
    """The lab's neuron for ``model`` (and ``preset``), with ``overrides``."""
    overrides = dict(overrides or {})
    if model == "lif":
        return brain.LIF(**overrides)
    if model == "izhikevich":
        return brain.Izhikevich.preset(preset, scheme="euler", **overrides)
    return brain.HodgkinHuxley(**overrides)


def fi_curve(neuron: brain.Neuron, model: str) -> dict:
    """The f-I curve of ``neuron`` over the lab's current range (cached by the
    model's config): ``{"currents": [...], "rates": [...]}`` (Hz)."""
    low, high, _ = MODELS[model]["current"]
    key = repr(neuron.config())
    if key not in _FI_CACHE:
        currents = np.linspace(low, high, FI_POINTS)
        if model == "hh":  # RK4 at 25 µs is slow in Python: a shorter sweep
            duration, window = 250.0, (50.0, 250.0)
        else:
            duration, window = 1000.0, (200.0, 1000.0)
        rates = brain.fi_curve(
            neuron, currents, duration=duration, window=window, dt=MODELS[model]["dt"]
        )
        if len(_FI_CACHE) >= _FI_CACHE_SIZE:
            _FI_CACHE.pop(next(iter(_FI_CACHE)))
        _FI_CACHE[key] = {"currents": currents.tolist(), "rates": rates.tolist()}
    return _FI_CACHE[key]


class LabSession:
    """One page's neuron: model, state, current, speed, running or paused."""

    def __init__(self, model="lif", preset="RS"):
        self.speed = 1.0
        self.running = True
        self.set_model(model, preset)

    # -- commands ----------------------------------------------------------------
    def set_model(self, model, preset="RS"):
        """Switch to ``model`` (and Izhikevich ``preset``), at rest, I = 0."""
        self.model, self.preset = model, preset
        self.overrides = {}
        self.neuron = build(model, preset)
        self.reset()
        self.current = 0.0

    def reset(self):
        """The neuron back to rest, time back to 0, the pulse and spikes gone."""
        self.state = self.neuron.initial_state(1)
        self.t = 0.0
        self.steps = 0
        self.pulse = (0.0, 0, 0)  # amplitude, first step, end step
        self.spike_times: list[float] = []
        self.since = 0.0  # when the current last changed (ms)

    def set_current(self, value):
        low, high, _ = MODELS[self.model]["current"]
        if not low <= value <= high:
            raise ConfigMessageError(
                f"value must be from {low:g} to {high:g} "
                f"{self.neuron.current_unit} for {self.model}; got {value:g}.",
                "value",
            )
        if value != self.current:
            self.current = float(value)
            self.since = self.t

    def start_pulse(self, amplitude, duration):
        """Add ``amplitude`` to the current for the next ``duration`` ms."""
        dt = MODELS[self.model]["dt"]
        self.pulse = (float(amplitude), self.steps, self.steps + round(duration / dt))

    def set_parameter(self, name, value):
        """Rebuild the model with ``name = value``; the state is kept (the
        neuron feels the change from now on). Refused, naming ``name`` and the
        reason, when the value is out of the lab's range or the model refuses
        it; the model is then unchanged."""
        table = PARAMETERS[self.model]
        if name not in table:
            raise ConfigMessageError(
                f"{self.model} has no editable parameter {name!r}; its parameters "
                f"are {', '.join(table)}.",
                "name",
            )
        unit, low, high, meaning = table[name]
        if not low <= value <= high:
            raise ConfigMessageError(
                f"{name} ({meaning}) must be from {low:g} to {high:g} {unit} in the "
                f"lab; got {value:g}.",
                name,
            )
        overrides = {**self.overrides, name: value}
        try:
            neuron = build(self.model, self.preset, overrides)
            neuron.check_dt(MODELS[self.model]["dt"])
        except ConfigError as exc:
            raise ConfigMessageError(f"{name}={value:g} refused: {exc}", name) from None
        self.neuron, self.overrides = neuron, overrides

    # -- stepping ----------------------------------------------------------------
    def current_at(self, step: int) -> float:
        amplitude, first, end = self.pulse
        return self.current + (amplitude if first <= step < end else 0.0)

    def advance(self, duration: float) -> dict:
        """Step the model ``duration`` ms (whole steps); the frame to send."""
        dt = MODELS[self.model]["dt"]
        n_steps = max(1, round(duration / dt))
        v = np.empty(n_steps + 1)
        currents = np.empty(n_steps)
        v[0] = self.state["v"][0]
        t0, spikes = self.t, []
        for k in range(n_steps):
            currents[k] = self.current_at(self.steps)
            spiked = self.neuron.step(self.state, np.array([currents[k]]), dt)
            self.steps += 1
            if spiked[0]:
                spikes.append(self.steps * dt)
            v[k + 1] = self.state["v"][0]
        self.t = self.steps * dt
        self.spike_times = [
            s for s in self.spike_times if s > self.t - RATE_WINDOW_MS
        ] + spikes
        every = max(1, -(-n_steps // MAX_SAMPLES))
        return {
            "type": "lab_frame",
            "t0": t0,
            "t": self.t,
            "dt": dt * every,
            "v": [float(x) for x in np.clip(v[::every], -1e3, 1e3)],
            "I": float(currents[-1]),
            "spikes": spikes,
            "rate": self.rate(),
            "running": self.running,
        }

    def rate(self) -> float:
        """Spikes per second over the last second of model time (or since the
        current last changed, when that is shorter and at least 50 ms)."""
        window = min(RATE_WINDOW_MS, max(self.t - self.since, 50.0), self.t or 1.0)
        count = sum(1 for s in self.spike_times if s > self.t - window)
        return 1000.0 * count / window

    def frame_ms(self) -> float:
        """Model time per animation frame at this speed."""
        return MODELS[self.model]["frame_ms"] * self.speed

    # -- messages ----------------------------------------------------------------
    def model_message(self) -> dict:
        """``lab_model``: the model, its parameters table, the current's range."""
        info = MODELS[self.model]
        values = self.neuron.parameters()
        table = PARAMETERS[self.model]
        rows = [
            {
                "name": k,
                "value": float(values[k]),
                "unit": unit,
                "low": low,
                "high": high,
                "meaning": meaning,
            }
            for k, (unit, low, high, meaning) in table.items()
        ]
        low, high, step = info["current"]
        return {
            "type": "lab_model",
            "model": self.model,
            "preset": self.preset if self.model == "izhikevich" else None,
            "label": info["label"],
            "scheme": self.neuron.scheme,
            "dt": info["dt"],
            "parameters": rows,
            "current": {
                "low": low,
                "high": high,
                "step": step,
                "unit": self.neuron.current_unit,
                "value": self.current,
            },
            "v_range": list(info["v_range"]),
            "window_ms": info["window_ms"],
            "speed": self.speed,
            "running": self.running,
        }


def fi_message(model: str, curve: dict) -> dict:
    """``lab_fi``: the f-I curve of :func:`fi_curve` for ``model``."""
    return {"type": "lab_fi", "model": model, **curve}


def hello() -> dict:
    """``lab_hello``: what the page may choose."""
    return {
        "type": "lab_hello",
        "models": {k: v["label"] for k, v in MODELS.items()},
        "presets": list(PRESETS),
        "speeds": list(SPEEDS),
    }
