"""The one command dispatch of live and replayed sessions (playground.dispatch)."""

import pytest


@pytest.mark.parametrize(
    ("command", "field"),
    [
        ({"type": "focus", "layer": 4, "unit": 0}, "layer"),
        ({"type": "focus", "layer": 64, "unit": 0}, "layer"),
        ({"type": "focus", "layer": 0, "unit": 2}, "unit"),  # two input features
        ({"type": "focus", "layer": 1, "unit": 4}, "unit"),
        ({"type": "focus", "layer": 3, "unit": 1}, "unit"),  # one output
        ({"type": "set_weight", "layer": 4, "from": 0, "to": 0, "value": 1}, "layer"),
        ({"type": "set_weight", "layer": 1, "from": 2, "to": 0, "value": 1}, "from"),
        ({"type": "set_weight", "layer": 2, "from": 0, "to": 2, "value": 1}, "to"),
        ({"type": "set_bias", "layer": 4, "unit": 0, "value": 1}, "layer"),
        ({"type": "set_bias", "layer": 2, "unit": 2, "value": 1}, "unit"),
        ({"type": "explain", "layer": 4, "unit": 0}, "layer"),
        ({"type": "explain", "layer": 1, "unit": 4}, "unit"),
        ({"type": "explain", "layer": 1, "unit": 0, "sample": 250}, "sample"),
        ({"type": "trace", "sample": 250}, "sample"),
        ({"type": "seek", "epoch": 5}, "epoch"),  # nothing trained yet
        ({"type": "add_point", "x": 1.0, "y": 1.0, "label": 2}, "label"),
        ({"type": "add_point", "x": 1.0, "y": 1.0, "label": 0.5}, "label"),
        ({"type": "ack", "seq": 999}, "seq"),
        ({"type": "config", "config": {"hidden": [40]}}, "hidden"),
        ({"type": "config", "config": {"features": ["x3"]}}, "features"),
        ({"type": "config", "config": {"data_seed": -1}}, "data_seed"),
        ({"type": "config", "config": {"activation": "step"}}, "activation"),
    ],
)
def test_a_field_the_network_lacks_gets_an_error_and_nothing_else(
    driver, command, field
):
    d = driver({"seed": 0})
    d.initial()
    d.session.put(command)
    first = d.out.get(timeout=20)  # nothing else is sent before the error
    assert isinstance(first, dict) and first["type"] == "error", first
    assert first["field"] == field and str(command.get(field, "")) in first["message"]
    d.send(type="step")
    header, _ = d.next("frame")
    assert header["epoch"] == 1 and not header["replay"]
