"""What the neuron lab offers: its models, their editable parameters, the
lines a page may drag on the trace, and the lab's refusals in two languages.

:func:`build` makes the lab's neuron of :mod:`neuroglass.brain` for a model
key; :class:`Refusal` is a :class:`ConfigMessageError` that also carries the
Chinese wording of its reason (``zh``), which the page shows when its language
is Chinese (``error`` messages then have a ``zh`` field).
"""

from __future__ import annotations

from .. import brain
from .fields import ConfigMessageError

#: the models a page can pick, and what the lab shows of each
MODELS = {
    "lif": {
        "label": "Leaky integrate-and-fire",
        "dt": 0.1,
        "current": (-0.5, 2.0, 0.01),  # nA: low, high, slider step
        "v_range": (-95.0, -40.0),  # down to E_L + R I at -0.5 nA
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
SPEEDS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)

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

#: the parameters drawn as horizontal lines on the trace (in mV), which the
#: page lets the mouse drag: the threshold, the reset and the rest
LINES = {
    "lif": ("V_th", "V_reset", "E_L"),
    "izhikevich": ("v_peak", "c"),
    "hh": ("E_L",),
}


class Refusal(ConfigMessageError):
    """A refused command, with its reason in Chinese too (``zh``)."""

    def __init__(self, message: str, field: str | None, zh: str):
        super().__init__(message, field)
        self.zh = zh


def build(model: str, preset: str = "RS", overrides=None) -> brain.Neuron:
    """The lab's neuron for ``model`` (and ``preset``), with ``overrides``."""
    overrides = dict(overrides or {})
    if model == "lif":
        return brain.LIF(**overrides)
    if model == "izhikevich":
        return brain.Izhikevich.preset(preset, scheme="euler", **overrides)
    return brain.HodgkinHuxley(**overrides)


def safe(model: str, values: dict, name: str):
    """Refuse ``values`` (the model's parameters with ``name`` just changed)
    where the model would misbehave, naming ``name`` in both languages: a LIF
    threshold not above its reset, an Izhikevich reset not below its peak."""
    value = values[name]
    if model == "lif" and values["V_th"] <= values["V_reset"]:
        raise Refusal(
            f"{name}={value:g} mV refused: V_th must be above V_reset "
            f"(now V_th={values['V_th']:g}, V_reset={values['V_reset']:g} mV), or "
            "the neuron would fire at every step. Keep the threshold above the reset.",
            name,
            f"{name}={value:g} mV 被拒绝：阈值 V_th 必须高于复位电位 V_reset"
            f"（现在 V_th={values['V_th']:g}，V_reset={values['V_reset']:g} mV），"
            "否则神经元每一步都会放电。请让阈值保持在复位电位之上。",
        )
    if model == "izhikevich" and values["c"] >= values["v_peak"]:
        raise Refusal(
            f"{name}={value:g} mV refused: the reset c={values['c']:g} mV must lie "
            f"below v_peak={values['v_peak']:g} mV, or a reset neuron would fire "
            "again at once. Keep c below v_peak.",
            name,
            f"{name}={value:g} mV 被拒绝：复位电位 c={values['c']:g} mV 必须低于峰值 "
            f"v_peak={values['v_peak']:g} mV，否则复位后的神经元会立刻再次放电。"
            "请让 c 保持在 v_peak 之下。",
        )


def out_of_range(name, value, unit, low, high, meaning) -> Refusal:
    """The refusal of ``value`` outside the lab's range for ``name``."""
    return Refusal(
        f"{name} ({meaning}) must be from {low:g} to {high:g} {unit} in the lab; "
        f"got {value:g}.",
        name,
        f"{name}（{ZH_MEANINGS.get(meaning, meaning)}）在实验室中必须介于 {low:g} 与 "
        f"{high:g} {unit} 之间；收到的是 {value:g}。",
    )


def pulse_refused(amplitude, current, low, high, unit, name) -> Refusal:
    """The refusal of a pulse taking the current outside [low, high]."""
    during = current + amplitude
    return Refusal(
        f"amplitude {amplitude:g} would take the current to {during:g} {unit}; "
        f"during a pulse it must stay from {low:g} to {high:g} {unit} for {name}, "
        f"so the amplitude must be from {low - current:g} to {high - current:g} now.",
        "amplitude",
        f"脉冲幅度 {amplitude:g} 会使电流变为 {during:g} {unit}；脉冲期间电流必须介于 "
        f"{low:g} 与 {high:g} {unit} 之间，所以现在幅度必须介于 {low - current:g} 与 "
        f"{high - current:g} 之间。",
    )


def diverged(t, current, unit) -> Refusal:
    """What the page is told when the model's state went non-finite."""
    return Refusal(
        f"the neuron's potential became infinite at t = {t:.1f} ms with a current "
        f"of {current:g} {unit}: at the lab's time step the model cannot follow "
        "that input with these parameters. It was put back to rest (t = 0) with no "
        "current, and paused; use a smaller current or pulse.",
        "current",
        f"在 t = {t:.1f} ms、电流为 {current:g} {unit} 时，膜电位变成了无穷大："
        "在实验室的时间步长下，这组参数的模型跟不上这个输入。"
        "神经元已回到静息（t = 0）、电流归零并暂停；请使用更小的电流或脉冲。",
    )


#: the parameters' meanings in Chinese (the page's table shows them)
ZH_MEANINGS = {
    "membrane time constant": "膜时间常数",
    "resting potential": "静息电位",
    "spike threshold": "放电阈值",
    "potential after a spike": "放电后的电位（复位）",
    "membrane resistance": "膜电阻",
    "refractory period": "不应期",
    "recovery time scale": "恢复变量的时间尺度",
    "recovery sensitivity": "恢复变量的敏感度",
    "reset potential": "复位电位",
    "recovery jump at a spike": "放电时恢复变量的跳变",
    "spike cut-off": "放电截断电位",
    "membrane capacitance": "膜电容",
    "maximal Na conductance": "最大钠电导",
    "maximal K conductance": "最大钾电导",
    "leak conductance": "漏电导",
    "Na reversal potential": "钠反转电位",
    "K reversal potential": "钾反转电位",
    "leak reversal potential": "漏反转电位",
}
