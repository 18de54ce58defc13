"""Checks on every message a page sends, before the session sees it.

:func:`command` parses and checks one websocket text message and returns the
command dict, or raises :class:`ConfigMessageError` saying what was wrong (each
field is checked by :mod:`.fields`, on engine.validation's helpers). Checks that
need the session's state (is there a layer 3?) happen in the session, which
answers with an error message in the same way.
"""

from __future__ import annotations

import json

from . import zh as words
from .fields import ConfigMessageError, boolean, signed_number, whole_number

MAX_MESSAGE_BYTES = 64 * 1024
MAX_VALUE = 100.0  # an edited weight or bias
MAX_COORDINATE = 1000.0
MAX_INDEX = 2**31 - 1


# Each check writes the value it accepted back (a whole number as an int, a
# boolean as a bool), so that the session reads exactly what was checked.
def _int(msg, key, low=0, high=MAX_INDEX, optional=False):
    if key not in msg and optional:
        return
    msg[key] = whole_number(key, msg.get(key), low, high)


def _real(msg, key, bound):
    msg[key] = signed_number(key, msg.get(key), bound)


def _bool(msg, key):
    if key in msg:
        msg[key] = boolean(key, msg[key])


def _focus(msg):
    if msg.get("layer") is None:
        return
    _int(msg, "layer", 0, 64)
    _int(msg, "unit", 0, 1024)


def _config(msg):
    if not isinstance(msg.get("config"), dict):
        raise ConfigMessageError(
            "config must be an object of settings.", "config", "设置必须是一个对象。"
        )


def _label(msg):
    _real(msg, "label", 1e6)


#: type -> (allowed keys besides "type", check)
SCHEMA = {
    "config": ({"config"}, _config),
    "play": (set(), None),
    "live": (set(), None),
    "pause": (set(), None),
    "step": (set(), None),
    "regenerate": (set(), None),
    "clear_points": (set(), None),
    "reset": ({"same_init"}, lambda m: _bool(m, "same_init")),
    "set_weight": (
        {"layer", "from", "to", "value"},
        lambda m: [
            _int(m, "layer", 1, 64),
            _int(m, "from", 0, 1024),
            _int(m, "to", 0, 1024),
            _real(m, "value", MAX_VALUE),
        ],
    ),
    "set_bias": (
        {"layer", "unit", "value"},
        lambda m: [
            _int(m, "layer", 1, 64),
            _int(m, "unit", 0, 1024),
            _real(m, "value", MAX_VALUE),
        ],
    ),
    "focus": ({"layer", "unit"}, _focus),
    "explain": (
        {"layer", "unit", "sample"},
        lambda m: [
            _int(m, "layer", 1, 64),
            _int(m, "unit", 0, 1024),
            _int(m, "sample", optional=True),
        ],
    ),
    "trace": ({"sample"}, lambda m: _int(m, "sample", optional=True)),
    "seek": ({"epoch"}, lambda m: _int(m, "epoch")),
    "add_point": (
        {"x", "y", "label", "test"},
        lambda m: [
            _real(m, "x", MAX_COORDINATE),
            _real(m, "y", MAX_COORDINATE),
            _label(m),
            _bool(m, "test"),
        ],
    ),
    "ack": ({"seq"}, lambda m: _int(m, "seq")),
}


def command(text) -> dict:
    """The checked command in websocket message ``text`` (str or bytes)."""
    return checked_message(text, SCHEMA)


def checked_message(text, schema: dict, *, max_bytes=MAX_MESSAGE_BYTES, of="") -> dict:
    """The message in ``text`` checked against ``schema`` (type -> (allowed
    fields, check)): JSON text of at most ``max_bytes``, an object whose
    ``type`` the schema knows, no field it does not allow, then its check.
    ``of`` names whose types they are in the error ("the lab's")."""
    if not isinstance(text, str):
        raise ConfigMessageError(
            "messages must be JSON text, not binary.",
            None,
            "消息必须是 JSON 文本，不能是二进制数据。",
        )
    # the limit is in bytes of UTF-8, as sent: a character may take up to 4
    size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise ConfigMessageError(
            f"the message is {size:,} bytes of UTF-8; at most "
            f"{max_bytes:,} are accepted.",
            None,
            f"这条消息有 {size:,} 字节（UTF-8）；最多接受 {max_bytes:,} 字节。",
        )
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        raise ConfigMessageError(
            'the message is not valid JSON; send an object such as {"type": "play"}.',
            None,
            '这条消息不是有效的 JSON；请发送一个对象，例如 {"type": "play"}。',
        ) from None
    if not isinstance(message, dict):
        raise ConfigMessageError(
            'a message must be a JSON object with a "type", such as {"type": "play"}.',
            None,
            '消息必须是带有 "type" 的 JSON 对象，例如 {"type": "play"}。',
        )
    kind = message.get("type")
    if not isinstance(kind, str) or kind not in schema:
        raise ConfigMessageError(
            f"unknown message type {kind!r}; {of or 'the'} types are "
            f"{', '.join(schema)}.",
            "type",
            f"未知的消息类型 {kind!r}（页面和服务器的版本可能不一致；"
            "请重新加载页面）。",
        )
    allowed, check = schema[kind]
    extra = sorted(set(message) - allowed - {"type"})
    if extra:
        raise ConfigMessageError(
            f"a {kind!r} message has no field {extra[0]!r}; its fields are "
            f"{', '.join(sorted(allowed)) or 'none'}.",
            extra[0],
            f"{kind!r} 消息没有字段 {extra[0]!r}；它的字段为 "
            f"{words.listing(sorted(allowed)) or '（无）'}。",
        )
    if check is not None:
        check(message)
    return message
