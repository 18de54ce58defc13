"""The mystery neuron: a model the learner probes, then names its excitability.

Hodgkin (1948) sorted axons by how they start to fire: **type I** (class 1)
starts at an arbitrarily low rate, the f-I curve rising continuously from
0 Hz (rest is lost in a saddle-node on an invariant circle); **type II**
(class 2) jumps to a nonzero rate at onset (rest is lost in a Hopf
bifurcation). The candidates, each checked by ``brain.fi_curve`` in
tests/playground/test_lab_mystery.py:

- ``class1``: Izhikevich (2004, Fig. 1 (G)) class-1 excitable parameters
  a=0.02, b=-0.1, c=-55, d=6 (here with the standard 0.04v²+5v+140; b < a, so
  no Hopf: rest ends in a saddle-node at I = 22.56), onset about 1 Hz;
- ``class1_adapting``: a=0.02, b=0, c=-65, d=8 (RS with b = 0), onset about 1 Hz;
- ``class2``: Izhikevich (2004, Fig. 1 (H)) class-2 a=0.2, b=0.26, c=-65, d=0:
  a Hopf at I_H = 0.4, a jump to about 20 Hz;
- ``hh``: the Hodgkin–Huxley squid axon, a jump to about 50 Hz at 6.2 µA/cm².

The LIF is type I in theory, but its rate leaves 0 Hz logarithmically
(f ≈ 1 / (τ ln(1/ε))): a probe would need a current within 1e-4 of the
rheobase to see a rate under 10 Hz, so it is not a fair mystery and is left out.

The page's current is in arbitrary units (a.u., 0 to 100): each candidate
scales it (``scale``, model units per a.u.) so that its onset falls mid-range
and the range does not give the model away. The session picks a type, then a
candidate of it, with its own generator (seeded per session); nothing of the
identity leaves the server before the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import brain

CURRENT = (0.0, 100.0, 0.5)  # a.u.: low, high, slider step
V_RANGE = (-90.0, 50.0)
WINDOW_MS = 100.0
FRAME_MS = 2.0
SAMPLE_MS = 0.1  # every model is sampled at 0.1 ms, whatever its dt
ANSWERS = ("I", "II")

#: key -> (type, label, model, preset, parameters, dt, scale, text en, text zh)
CANDIDATES = {
    "class1": (
        "I",
        "Izhikevich, class-1 parameters (a=0.02, b=-0.1, c=-55, d=6)",
        "izhikevich",
        {"a": 0.02, "b": -0.1, "c": -55.0, "d": 6.0},
        0.1,
        0.5,
        "Type I: the rate starts from 0 Hz and grows continuously with the "
        "current. With b < a the rest state has no Hopf bifurcation: it meets the "
        "saddle and vanishes (a saddle-node on an invariant circle, at I = 22.6 "
        "here), and just past that point the neuron creeps through the ghost of "
        "the lost rest state, so spikes can be arbitrarily far apart.",
        "I 型：放电频率从 0 Hz 开始，随电流连续增大。b < a 时静息态没有 Hopf 分岔："
        "它与鞍点相遇后消失（不变圆上的鞍结分岔，这里在 I = 22.6），刚越过这一点时，"
        "神经元会在消失的静息态的“幽灵”附近缓慢爬行，所以两次放电可以相隔任意长。",
    ),
    "class1_adapting": (
        "I",
        "Izhikevich, a=0.02, b=0, c=-65, d=8 (regular spiking with b = 0)",
        "izhikevich",
        {"a": 0.02, "b": 0.0, "c": -65.0, "d": 8.0},
        0.1,
        0.4,
        "Type I: the rate rises from 0 Hz. With b = 0 the recovery variable does "
        "not feed back below threshold, so rest is lost in a saddle-node on an "
        "invariant circle (I = 16.25): the period near onset grows without bound "
        "and the f-I curve is continuous.",
        "I 型：频率从 0 Hz 起连续上升。b = 0 时恢复变量在阈下没有反馈，"
        "静息态在不变圆上的鞍结分岔处消失（I = 16.25）：起始附近的周期可以无限长，"
        "f-I 曲线是连续的。",
    ),
    "class2": (
        "II",
        "Izhikevich, class-2 parameters (a=0.2, b=0.26, c=-65, d=0)",
        "izhikevich",
        {"a": 0.2, "b": 0.26, "c": -65.0, "d": 0.0},
        0.1,
        0.01,
        "Type II: the neuron is silent, then fires at once at about 20 Hz. With "
        "b > a the rest state loses its stability in a (subcritical) Hopf "
        "bifurcation at I_H = 0.40, before the saddle-node at 0.42: the neuron "
        "jumps onto a limit cycle of finite period, so rates near 0 Hz are missing.",
        "II 型：神经元先是静默，然后一下子以约 20 Hz 放电。b > a 时静息态在 "
        "I_H = 0.40 处经（亚临界）Hopf 分岔失稳，早于 0.42 处的鞍结分岔："
        "神经元跳到一个周期有限的极限环上，所以缺少接近 0 Hz 的频率。",
    ),
    "hh": (
        "II",
        "Hodgkin–Huxley (the squid giant axon)",
        "hh",
        {},
        0.025,
        0.15,
        "Type II: the squid axon fires nothing below about 6.2 µA/cm², then "
        "about 50 Hz at once. Its rest state loses stability in a subcritical Hopf "
        "bifurcation (the membrane rings before it fires), and between about 6 "
        "and 9.8 µA/cm² rest and repetitive firing coexist: which one you see "
        "depends on the history, as a pulse shows.",
        "II 型：乌贼轴突在约 6.2 µA/cm² 以下完全不放电，之后一下子约 50 Hz。"
        "它的静息态经亚临界 Hopf 分岔失稳（放电前膜电位会振荡），"
        "在约 6 到 9.8 µA/cm² 之间，静息和重复放电同时存在："
        "看到哪一个取决于历史，一个脉冲就能演示。",
    ),
}

#: the candidates' names in Chinese (the page shows them when its language is zh)
LABELS_ZH = {
    "class1": "Izhikevich 模型，1 类兴奋性参数（a=0.02, b=-0.1, c=-55, d=6）",
    "class1_adapting": "Izhikevich 模型，a=0.02, b=0, c=-65, d=8"
    "（b = 0 的规则放电神经元）",
    "class2": "Izhikevich 模型，2 类兴奋性参数（a=0.2, b=0.26, c=-65, d=0）",
    "hh": "Hodgkin–Huxley 模型（乌贼巨轴突）",
}


@dataclass
class Mystery:
    """The hidden neuron of one session: its candidate key and the answer."""

    key: str
    answer: str | None = None
    correct: bool | None = field(default=None)

    @property
    def kind(self) -> str:
        return CANDIDATES[self.key][0]

    @property
    def model(self) -> str:
        return CANDIDATES[self.key][2]

    @property
    def dt(self) -> float:
        return CANDIDATES[self.key][4]

    @property
    def scale(self) -> float:
        return CANDIDATES[self.key][5]

    @property
    def revealed(self) -> bool:
        return self.answer is not None

    def neuron(self) -> brain.Neuron:
        """The hidden neuron, with the lab's scheme."""
        params = CANDIDATES[self.key][3]
        if self.model == "hh":
            return brain.HodgkinHuxley(**params)
        return brain.Izhikevich(scheme="euler", **params)


def pick(rng: np.random.Generator) -> Mystery:
    """A mystery: type I or II with equal chance, then one of its candidates."""
    kind = ANSWERS[int(rng.integers(len(ANSWERS)))]
    keys = [k for k, c in CANDIDATES.items() if c[0] == kind]
    return Mystery(keys[int(rng.integers(len(keys)))])


def reveal(mystery: Mystery, neuron: brain.Neuron) -> dict:
    """``lab_reveal``: the answer checked, then the model, its parameters and
    the explanation (en, zh); the f-I curve follows as ``lab_fi``."""
    kind, label, model, _, dt, scale, en, zh = CANDIDATES[mystery.key]
    values = neuron.parameters()
    return {
        "type": "lab_reveal",
        "answer": mystery.answer,
        "truth": kind,
        "correct": mystery.correct,
        "model": model,
        "label": label,
        "label_zh": LABELS_ZH[mystery.key],
        "parameters": {k: float(np.ravel(v)[0]) for k, v in values.items()},
        "unit": neuron.current_unit,
        "scale": scale,
        "dt": dt,
        "explanation": {"en": en, "zh": zh},
    }


def fi_curve(mystery: Mystery, neuron: brain.Neuron, points: int) -> dict:
    """The f-I curve of the revealed neuron over the page's range (a.u.)."""
    low, high, _ = CURRENT
    currents = np.linspace(low, high, points)
    if mystery.model == "hh":
        duration, window = 300.0, (50.0, 300.0)
    else:
        duration, window = 1000.0, (200.0, 1000.0)
    model_currents = currents * mystery.scale
    rates = brain.fi_curve(neuron, model_currents, duration, window, dt=mystery.dt)
    return {"currents": currents.tolist(), "rates": rates.tolist()}
