"""Checks on every message the neuron lab's page sends (``/ws/lab``).

:func:`command` parses one websocket text message and returns the checked
command, or raises :class:`ConfigMessageError` naming the field; each field is
checked by :mod:`.fields`. Checks that need the model (is this current in the
model's range, is this parameter safe for it) happen in :mod:`.lab`.

>>> command('{"type": "current", "value": 1}')
{'type': 'current', 'value': 1.0}
"""

from __future__ import annotations

from .fields import ConfigMessageError, choice, number, signed_number
from .lab_models import MODELS, PARAMETER_NAMES, PRESETS, SPEEDS, Refusal
from .lab_mystery import ANSWERS
from .validate import checked_message

MAX_MESSAGE_BYTES = 4 * 1024
MAX_CURRENT = 1000.0  # any model's unit; each model's own range is checked in lab
MAX_PARAMETER = 1e4
MAX_PULSE_MS = 1000


def _model(msg):
    msg["model"] = choice("model", msg.get("model"), tuple(MODELS))
    if msg["model"] == "izhikevich":
        msg["preset"] = choice("preset", msg.get("preset", "RS"), PRESETS)
    elif "preset" in msg:
        raise ConfigMessageError(
            f"preset is only for the izhikevich model; got {msg['preset']!r} with "
            f"{msg['model']!r}.",
            "preset",
            f"预设只适用于 izhikevich 模型；收到的是 {msg['model']!r} 模型的预设 "
            f"{msg['preset']!r}。",
        )


def _current(msg):
    msg["value"] = signed_number("value", msg.get("value"), MAX_CURRENT)


def _pulse(msg):
    msg["amplitude"] = signed_number("amplitude", msg.get("amplitude"), MAX_CURRENT)
    msg["duration"] = number(
        "duration", msg.get("duration"), MAX_PULSE_MS, positive=True
    )


def _speed(msg):
    value = msg.get("value")
    if isinstance(value, bool):  # True == 1.0: not a speed
        value = repr(value)
    elif isinstance(value, int) and abs(value) <= 8:  # 10**400: no float
        value = float(value)
    msg["value"] = choice("value", value, SPEEDS)


def _parameter(msg):
    msg["name"] = choice("name", msg.get("name"), PARAMETER_NAMES)
    try:
        msg["value"] = signed_number(msg["name"], msg.get("value"), MAX_PARAMETER)
    except ConfigMessageError as exc:  # typed in the page's table: say it in zh too
        raise Refusal(
            str(exc),
            msg["name"],
            f"{msg['name']} 必须是 {-MAX_PARAMETER:g} 到 {MAX_PARAMETER:g} "
            "之间的有限数字；"
            f"收到的是 {msg.get('value')!r}。",
        ) from None


def _answer(msg):
    msg["value"] = choice("value", msg.get("value"), ANSWERS)


#: type -> (allowed keys besides "type", check)
SCHEMA = {
    "model": ({"model", "preset"}, _model),
    "current": ({"value"}, _current),
    "pulse": ({"amplitude", "duration"}, _pulse),
    "speed": ({"value"}, _speed),
    "parameter": ({"name", "value"}, _parameter),
    "play": (set(), None),
    "pause": (set(), None),
    "reset": (set(), None),
    "mystery": (set(), None),
    "answer": ({"value"}, _answer),
}


def command(text) -> dict:
    """The checked lab command in websocket message ``text``."""
    return checked_message(text, SCHEMA, max_bytes=MAX_MESSAGE_BYTES, of="the lab's")
