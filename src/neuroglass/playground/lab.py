"""The neuron lab: one neuron model per page, stepped live under a current.

:class:`LabSession` holds one connection's model (LIF, an Izhikevich preset or
Hodgkin–Huxley, from :mod:`neuroglass.brain`), its state and the input current,
and advances it in chunks of model time (:meth:`LabSession.advance`) with the
model's own ``step``, exactly as :func:`neuroglass.brain.simulate` does, so a
run of chunks under a constant current gives simulate's trace. Commands come
checked by :mod:`.lab_validate`; checks that need the model (is that value safe
for it?) happen here and raise a :class:`~.lab_models.Refusal` naming the field
(in English and Chinese). The session may also hold a mystery neuron
(:mod:`.lab_mystery`): then its model, parameters, phase plane and f-I curve
stay on the server until the page answers. Messages are plain dicts
(docs/playground-protocol.md, "The neuron lab").

Example
-------
>>> lab = LabSession()
>>> lab.set_current(0.5)            # nA, the LIF's unit
>>> frame = lab.advance(100.0)      # 100 ms of model time
>>> frame["type"], len(frame["spikes"])
('lab_frame', 6)
"""

from __future__ import annotations

import math
import time

import numpy as np

from ..engine.errors import ConfigError
from . import lab_mystery
from .lab_fi import FI_POINTS, fi_curve, fi_message
from .lab_models import (
    LINES,
    MODELS,
    PARAMETER_NAMES,
    PARAMETERS,
    PRESETS,
    SPEEDS,
    ZH_MEANINGS,
    Refusal,
    build,
    diverged,
    out_of_range,
    pulse_refused,
    safe,
)
from .lab_samples import current_samples, grid_time, samples

__all__ = [
    "MODELS",
    "PARAMETERS",
    "PARAMETER_NAMES",
    "PRESETS",
    "SPEEDS",
    "LabSession",
    "build",
    "fi_curve",
    "fi_message",
    "hello",
]

MAX_SAMPLES = 400  # v samples in one frame at most
RATE_WINDOW_MS = 1000.0
RECOVERY = {"izhikevich": "u", "hh": "n"}  # the phase plane's second variable
CHECK_EVERY = 16  # steps between looks at the clock (a multiple of each sample)


class LabSession:
    """One page's neuron: model, state, current, speed, running or paused;
    ``seed`` seeds the choice of mystery neurons (None: from the OS)."""

    def __init__(self, model="lif", preset="RS", seed=None):
        self.speed = 1.0
        self.running = True
        self.rng = np.random.default_rng(seed)
        self.set_model(model, preset)

    # -- commands ----------------------------------------------------------------
    def set_model(self, model, preset="RS"):
        """Switch to ``model`` (and Izhikevich ``preset``), at rest, I = 0."""
        self.model, self.preset = model, preset
        self.mystery = None
        self.overrides = {}
        self.neuron = build(model, preset)
        self.reset()
        self.current = 0.0

    def start_mystery(self):
        """A hidden neuron (:func:`.lab_mystery.pick`), at rest, I = 0."""
        self.mystery = lab_mystery.pick(self.rng)
        self.model, self.preset = self.mystery.model, None
        self.overrides = {}
        self.neuron = self.mystery.neuron()
        self.reset()
        self.current = 0.0

    def answer(self, kind: str) -> dict:
        """Check the learner's ``kind`` ("I" or "II"); ``lab_reveal``."""
        if self.mystery is None:
            raise Refusal(
                "there is no mystery neuron to answer: press “Mystery neuron” first.",
                "value",
                "现在没有神秘神经元可回答：请先按“神秘神经元”。",
            )
        if self.mystery.revealed:
            raise Refusal(
                f"this mystery neuron was already answered ({self.mystery.answer}); "
                "press “Mystery neuron” for a new one.",
                "value",
                f"这个神秘神经元已经回答过了（{self.mystery.answer}）；"
                "按“神秘神经元”换一个新的。",
            )
        self.mystery.answer = kind
        self.mystery.correct = kind == self.mystery.kind
        return lab_mystery.reveal(self.mystery, self.neuron)

    def reset(self):
        """The neuron back to rest, time back to 0, the pulse and spikes gone."""
        self.state = self.neuron.initial_state(1)
        self.t = 0.0
        self.steps = 0
        self.pulse = (0.0, 0, 0)  # amplitude, first step, end step
        self.spike_times: list[float] = []
        self.since = 0.0  # when the current last changed (ms)

    @property
    def hidden(self) -> bool:
        """A mystery neuron not yet answered: its identity stays here."""
        return self.mystery is not None and not self.mystery.revealed

    @property
    def dt(self) -> float:
        return self.mystery.dt if self.mystery else MODELS[self.model]["dt"]

    def current_range(self) -> tuple:
        """(low, high, step) of the page's current, in the page's unit."""
        return lab_mystery.CURRENT if self.mystery else MODELS[self.model]["current"]

    def current_unit(self) -> str:
        return "a.u." if self.mystery else self.neuron.current_unit

    def set_current(self, value):
        low, high, _ = self.current_range()
        if not low <= value <= high:
            name = "the mystery neuron" if self.mystery else self.model
            unit = self.current_unit()
            raise Refusal(
                f"value must be from {low:g} to {high:g} {unit} for {name}; "
                f"got {value:g}.",
                "value",
                f"电流必须介于 {low:g} 与 {high:g} {unit} 之间；收到的是 {value:g}。",
            )
        if value != self.current:
            self.current = float(value)
            self.since = self.t

    def start_pulse(self, amplitude, duration):
        """Add ``amplitude`` to the current for the next ``duration`` ms;
        refused when the current during the pulse would leave the model's
        range (the range the lab keeps the model stable in)."""
        low, high, _ = self.current_range()
        if not low <= self.current + amplitude <= high:
            name = "the mystery neuron" if self.mystery else self.model
            unit = self.current_unit()
            raise pulse_refused(amplitude, self.current, low, high, unit, name)
        end = self.steps + max(1, round(duration / self.dt))
        self.pulse = (float(amplitude), self.steps, end)

    def set_parameter(self, name, value):
        """Rebuild the model with ``name = value``; the state is kept (the
        neuron feels the change from now on). Refused, naming ``name`` and the
        reason, when the value is out of the lab's range or the model refuses
        it; the model is then unchanged."""
        if self.mystery is not None:
            raise Refusal(
                "the mystery neuron's parameters are hidden; choose a model to "
                "edit parameters.",
                name,
                "神秘神经元的参数是隐藏的；请选择一个模型再修改参数。",
            )
        table = PARAMETERS[self.model]
        if name not in table:
            raise Refusal(
                f"{self.model} has no editable parameter {name!r}; its parameters "
                f"are {', '.join(table)}.",
                "name",
                f"{self.model} 没有可修改的参数 {name!r}；"
                f"它的参数是 {', '.join(table)}。",
            )
        unit, low, high, meaning = table[name]
        if not low <= value <= high:
            raise out_of_range(name, value, unit, low, high, meaning)
        overrides = {**self.overrides, name: value}
        safe(self.model, {**self.neuron.parameters(), name: value}, name)
        try:
            neuron = build(self.model, self.preset, overrides)
            neuron.check_dt(MODELS[self.model]["dt"])
        except ConfigError as exc:
            raise Refusal(
                f"{name}={value:g} refused: {exc}",
                name,
                f"{name}={value:g} 被拒绝：在实验室的时间步长下，模型不接受这个值"
                f"（{exc}）。",
            ) from None
        self.neuron, self.overrides = neuron, overrides

    # -- stepping ----------------------------------------------------------------
    def current_at(self, step: int) -> float:
        """The page's current over step ``step`` (a.u. for a mystery)."""
        amplitude, first, end = self.pulse
        return self.current + (amplitude if first <= step < end else 0.0)

    def advance(self, duration: float, budget_s: float | None = None) -> dict:
        """Step the model ``duration`` ms (whole steps); the frame to send.

        With ``budget_s``, stop early (on a sample) once that much wall time
        is spent: the frame then says ``cut`` and the ``speed`` it reached.
        A state that turns non-finite puts the neuron back to rest, with no
        current, paused, and raises a :class:`Refusal` saying so."""
        dt = self.dt
        n_steps = max(1, round(duration / dt))
        second = None if self.mystery else RECOVERY.get(self.model)
        v, w = np.empty(n_steps + 1), np.empty(n_steps + 1)
        currents = np.empty(n_steps + 1)
        v[0] = self.state["v"][0]
        w[0] = self.state[second][0] if second else 0.0
        currents[0] = self.current_at(self.steps)
        t0, first = self.t, self.steps
        deadline = None if budget_s is None else time.perf_counter() + budget_s
        with np.errstate(all="ignore"):  # a blow-up is caught in _steps
            taken, spikes = self._steps(n_steps, (v, w, currents), second, deadline)
        v, w, currents = v[: taken + 1], w[: taken + 1], currents[: taken + 1]
        self.t = self._time(self.steps)
        self.spike_times = [
            s for s in self.spike_times if s > self.t - RATE_WINDOW_MS
        ] + spikes
        every = max(-(-taken // MAX_SAMPLES), 1)
        if self.mystery:  # one sampling step for every hidden model
            every = max(every, round(lab_mystery.SAMPLE_MS / dt))
        frame = {
            "type": "lab_frame",
            "t0": t0,
            "t": self.t,
            "dt": self._time(every) if self.mystery else dt * every,
            "v": samples(v, every),
            "I": float(currents[-1]),
            "currents": current_samples(currents, every, self.current),
            "spikes": spikes,
            "rate": self.rate(),
            "running": self.running,
            "speed": round((self.steps - first) * dt / self._base_ms(), 4),
            "cut": taken < n_steps,
        }
        if second:
            frame[second] = samples(w, every)
        return frame

    def _steps(self, n_steps, arrays, second, deadline) -> tuple[int, list]:
        """Up to ``n_steps`` steps into ``arrays`` (v, w, currents); stops at
        ``deadline`` (a :func:`time.perf_counter` time). Returns the steps
        taken and the spike times."""
        v, w, currents = arrays
        dt, spikes = self.dt, []
        scale = self.mystery.scale if self.mystery else 1.0
        for k in range(n_steps):
            currents[k + 1] = self.current_at(self.steps)
            drive = np.array([currents[k + 1] * scale])
            spiked = self.neuron.step(self.state, drive, dt)
            self.steps += 1
            if spiked[0]:
                spikes.append(self._time(self.steps))
            v[k + 1] = self.state["v"][0]
            if second:
                w[k + 1] = self.state[second][0]
            if not math.isfinite(v[k + 1]):
                self._diverged(currents[k + 1])
            if (
                deadline is not None
                and (k + 1) % CHECK_EVERY == 0
                and time.perf_counter() > deadline
            ):
                return k + 1, spikes
        return n_steps, spikes

    def _time(self, steps: int) -> float:
        """The end of step ``steps`` in ms (a mystery's: on its sample grid)."""
        return grid_time(steps, self.dt) if self.mystery else steps * self.dt

    def _diverged(self, current: float):
        """The state went non-finite: back to rest, no current, paused."""
        t = self._time(self.steps)
        unit = self.current_unit()
        self.reset()
        self.current, self.running = 0.0, False
        raise diverged(t, current, unit)

    def rate(self) -> float:
        """Spikes per second over the last second of model time (or since the
        current last changed, when that is shorter and at least 50 ms)."""
        window = min(RATE_WINDOW_MS, max(self.t - self.since, 50.0), self.t or 1.0)
        count = sum(1 for s in self.spike_times if s > self.t - window)
        return 1000.0 * count / window

    def _base_ms(self) -> float:
        """Model time per animation frame at 1x."""
        return lab_mystery.FRAME_MS if self.mystery else MODELS[self.model]["frame_ms"]

    def frame_ms(self) -> float:
        """Model time per animation frame at this speed."""
        return self._base_ms() * self.speed

    # -- messages ----------------------------------------------------------------
    def model_message(self) -> dict:
        """``lab_model``: the model, its parameters table, the current's range
        (for a hidden mystery neuron: only what the page needs to probe it)."""
        if self.mystery is not None:
            return self._mystery_message()
        info = MODELS[self.model]
        values = self.neuron.parameters()
        rows = [
            {
                "name": k,
                "value": float(values[k]),
                "unit": unit,
                "low": low,
                "high": high,
                "meaning": meaning,
                "meaning_zh": ZH_MEANINGS[meaning],
            }
            for k, (unit, low, high, meaning) in PARAMETERS[self.model].items()
        ]
        return {
            **self._common(info["v_range"], info["window_ms"]),
            "model": self.model,
            "preset": self.preset if self.model == "izhikevich" else None,
            "label": info["label"],
            "scheme": self.neuron.scheme,
            "dt": info["dt"],
            "parameters": rows,
            "lines": list(LINES[self.model]),
            "mystery": None,
        }

    def _mystery_message(self) -> dict:
        revealed = self.mystery.revealed
        return {
            **self._common(lab_mystery.V_RANGE, lab_mystery.WINDOW_MS),
            "model": "mystery",
            "preset": None,
            "label": "Mystery neuron",
            "scheme": None,
            "dt": lab_mystery.SAMPLE_MS,
            "parameters": [],
            "lines": [],
            "mystery": {"state": "revealed" if revealed else "probing"},
        }

    def _common(self, v_range, window_ms) -> dict:
        low, high, step = self.current_range()
        return {
            "type": "lab_model",
            "current": {
                "low": low,
                "high": high,
                "step": step,
                "unit": self.current_unit(),
                "value": self.current,
            },
            "v_range": list(v_range),
            "window_ms": window_ms,
            "speed": self.speed,
            "running": self.running,
        }

    def fi_job(self):
        """``(key, compute)`` for the page's f-I curve, or None while hidden;
        ``compute()`` returns the ``lab_fi`` message (slow: call it in a thread)."""
        if self.hidden:
            return None
        neuron, model, mystery = self.neuron, self.model, self.mystery
        if mystery is not None:
            return neuron, lambda: fi_message(
                "mystery", lab_mystery.fi_curve(mystery, neuron, FI_POINTS)
            )
        return neuron, lambda: fi_message(model, fi_curve(neuron, model))


def hello() -> dict:
    """``lab_hello``: what the page may choose."""
    return {
        "type": "lab_hello",
        "models": {k: v["label"] for k, v in MODELS.items()},
        "presets": list(PRESETS),
        "speeds": list(SPEEDS),
    }
