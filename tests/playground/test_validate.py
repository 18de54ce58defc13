"""Checks on every message a page sends (playground.validate)."""

import json

import pytest

from neuroglass.playground import validate
from neuroglass.playground.fields import ConfigMessageError


def test_checked_values_are_handed_on_normalised():
    """The session reads exactly what was checked: 3.0 as the int 3 (JSON does
    not tell them apart), 1 as True."""
    seek = validate.command(json.dumps({"type": "seek", "epoch": 3.0}))
    assert seek == {"type": "seek", "epoch": 3} and type(seek["epoch"]) is int
    reset = validate.command(json.dumps({"type": "reset", "same_init": 1}))
    assert reset["same_init"] is True
    point = validate.command(
        json.dumps({"type": "add_point", "x": 1, "y": -2.5, "label": 1})
    )
    assert point == {"type": "add_point", "x": 1, "y": -2.5, "label": 1}


@pytest.mark.parametrize(
    ("command", "field", "words"),
    [
        ({"type": "seek", "epoch": -1}, "epoch", ["-1", "from 0 to"]),
        ({"type": "seek", "epoch": 1e300}, "epoch", ["1e+300", "whole number"]),
        ({"type": "reset", "same_init": "yes"}, "same_init", ["'yes'", "true or"]),
        (
            {"type": "set_bias", "layer": 1, "unit": 0, "value": 1e9},
            "value",
            ["1000000000.0", "from -100 to 100"],
        ),
        (
            {"type": "explain", "layer": 65, "unit": 0},
            "layer",
            ["65", "from 1 to 64"],
        ),
    ],
)
def test_a_refusal_names_the_field_the_value_and_what_it_takes(command, field, words):
    with pytest.raises(ConfigMessageError) as info:
        validate.command(json.dumps(command))
    assert info.value.field == field
    for word in words:
        assert word in str(info.value), (word, str(info.value))


def _valid_fields():
    """One valid message of every type (as test_server's flood sends them)."""
    return {
        "config": {"learning_rate": 0.01},
        "play": {},
        "pause": {},
        "live": {},
        "step": {},
        "regenerate": {},
        "clear_points": {},
        "reset": {},
        "set_weight": {"layer": 2, "from": 3, "to": 4, "value": 0.5},
        "set_bias": {"layer": 3, "unit": 5, "value": -0.5},
        "focus": {"layer": 4, "unit": 7},
        "explain": {"layer": 5, "unit": 1, "sample": 3},
        "trace": {"sample": 2},
        "seek": {"epoch": 1},
        "add_point": {"x": 1.0, "y": -2.0, "label": 1},
        "ack": {"seq": 1},
    }


@pytest.mark.parametrize("kind", sorted(validate.SCHEMA))
def test_every_message_type_refuses_unknown_fields_and_wrong_types(kind):
    base = {"type": kind, **_valid_fields()[kind]}
    if kind == "config":
        base = {"type": "config", "config": {"learning_rate": 0.1}}
    assert validate.command(json.dumps(base))["type"] == kind  # the valid form
    with pytest.raises(ConfigMessageError) as info:
        validate.command(json.dumps({**base, "extra": 1}))
    assert info.value.field == "extra"
    for key in set(base) - {"type"}:
        for bad in ("a", [1], {"x": 1}, 1e300, -(2**40)):
            if key == "layer" and kind == "focus" and bad is None:
                continue
            if key == "config" and isinstance(bad, dict):
                continue  # a dict of settings: checked by the session (merge)
            with pytest.raises(ConfigMessageError) as info:
                validate.command(json.dumps({**base, key: bad}))
            assert info.value.field == key, (key, bad)


def test_the_size_limit_counts_bytes_of_utf8_not_characters():
    """4,096 Chinese characters are about 12 KB on the wire: over a 4 KiB limit,
    although they are only 4,096 characters."""
    import json

    import pytest

    from neuroglass.playground.fields import ConfigMessageError
    from neuroglass.playground.validate import checked_message

    schema = {"note": (frozenset({"text"}), lambda message: message)}
    text = json.dumps({"type": "note", "text": "中" * 1400}, ensure_ascii=False)
    assert len(text) < 4096 < len(text.encode())
    with pytest.raises(ConfigMessageError, match="bytes of UTF-8"):
        checked_message(text, schema, max_bytes=4096)
    ascii_text = json.dumps({"type": "note", "text": "a" * 4000})
    assert checked_message(ascii_text, schema, max_bytes=4096)["text"] == "a" * 4000
