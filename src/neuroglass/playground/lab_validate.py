"""Checks on every message the neuron lab's page sends (``/ws/lab``).

:func:`command` parses one websocket text message and returns the checked
command, or raises :class:`ConfigMessageError` naming the field; each field is
checked by :mod:`.fields`. Checks that need the model (is this current in the
model's range, is this parameter safe for it) happen in :mod:`.lab`.

>>> command('{"type": "current", "value": 1}')
{'type': 'current', 'value': 1.0}
"""

from __future__ import annotations

import json

from .fields import ConfigMessageError, choice, number, signed_number
from .lab import MODELS, PARAMETER_NAMES, PRESETS, SPEEDS

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
    elif isinstance(value, int):
        value = float(value)
    msg["value"] = choice("value", value, SPEEDS)


def _parameter(msg):
    msg["name"] = choice("name", msg.get("name"), PARAMETER_NAMES)
    msg["value"] = signed_number(msg["name"], msg.get("value"), MAX_PARAMETER)


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
}


def command(text) -> dict:
    """The checked lab command in websocket message ``text``."""
    if not isinstance(text, str):
        raise ConfigMessageError("messages must be JSON text, not binary.", None)
    if len(text) > MAX_MESSAGE_BYTES:
        raise ConfigMessageError(
            f"the message is {len(text):,} characters; at most "
            f"{MAX_MESSAGE_BYTES:,} are accepted.",
            None,
        )
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        raise ConfigMessageError(
            'the message is not valid JSON; send an object such as {"type": "play"}.',
            None,
        ) from None
    if not isinstance(message, dict):
        raise ConfigMessageError(
            'a message must be a JSON object with a "type", such as {"type": "play"}.',
            None,
        )
    kind = message.get("type")
    if not isinstance(kind, str) or kind not in SCHEMA:
        raise ConfigMessageError(
            f"unknown message type {kind!r}; the lab's types are {', '.join(SCHEMA)}.",
            "type",
        )
    allowed, check = SCHEMA[kind]
    extra = sorted(set(message) - allowed - {"type"})
    if extra:
        raise ConfigMessageError(
            f"a {kind!r} message has no field {extra[0]!r}; its fields are "
            f"{', '.join(sorted(allowed)) or 'none'}.",
            extra[0],
        )
    if check is not None:
        check(message)
    return message
