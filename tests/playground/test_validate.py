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
