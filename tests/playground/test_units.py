"""The dead and saturated units: the page's rings (playground.units)."""

import numpy as np


def test_dead_rings_and_the_dead_units_diagnostic_are_the_same_numbers(driver):
    d = driver({"seed": 0, "hidden": [4], "activation": "relu", "noise": 30})
    d.initial()
    for unit in (0, 1):  # two of four units never active: 50% dead
        d.send(type="set_bias", layer=1, unit=unit, value=-100.0)
        d.next("frame")
    event = header = None
    for epoch in range(1, 30):
        d.send(type="step")
        header, _ = d.next("frame", where=lambda h, e=epoch: h["epoch"] == e)
        found = [e for e in header["events"] if e["code"] == "dead_units"]
        if found:
            event = found[0]
            break
    assert event is not None, "the dead_units rule did not fire"
    assert "50%" in event["message"] and "layer 1" in event["message"]
    assert header["dead"][0] == [0, 1] and header["dead_fraction"] == [0.5]


def test_the_rings_are_the_recorders_unit_health():
    """The page's rings come from recorder.stats.network_health (the function
    and thresholds of the dead_units/saturated_units diagnostics); a snapshot's
    stored fractions read the same rings."""
    from neuroglass.playground import units
    from neuroglass.recorder.stats import network_health

    rng = np.random.default_rng(0)
    relu = np.abs(rng.normal(size=(64, 4)))
    relu[:, [0, 2]] = 0.0  # two dead units
    tanh = np.tanh(rng.normal(size=(64, 3)))
    tanh[:, 1] = 0.99  # saturated on every sample
    out = np.tanh(rng.normal(size=(64, 1))) * 0 + 0.999  # the output: never flagged
    names = ["relu", "tanh", "tanh"]
    rings = units.rings(names, [relu, tanh, out])
    health = network_health([relu, tanh, out], names)
    assert rings["dead"] == [[0, 2], [], []]
    assert rings["saturated"] == [[], [1], []]
    assert rings["dead_fraction"] == [health[0].dead_fraction, None] == [0.5, None]
    assert rings["saturated_fraction"] == [None, health[1].saturated_fraction]
    stored = [{"active": h.active, "saturated": h.saturation} for h in health]
    assert units.recorded_rings(names, stored) == rings


def test_recorded_rings_of_layers_without_stored_units_and_of_the_output():
    """A layer whose snapshot kept no unit statistics draws no rings (and no
    fraction); the output layer is never flagged, even a dead relu output."""
    from neuroglass.playground import units

    stored = [
        None,
        {"active": np.array([0.0, 0.3]), "saturated": np.full(2, np.nan)},
        {"active": np.array([0.0]), "saturated": np.array([np.nan])},
    ]
    rings = units.recorded_rings(["relu", "relu", "relu"], stored)
    assert rings["dead"] == [[], [0], []]
    assert rings["saturated"] == [[], [], []]
    assert rings["dead_fraction"] == [None, 0.5]
    assert rings["saturated_fraction"] == [None, None]
    assert units.recorded_rings([], []) == {
        "dead": [],
        "saturated": [],
        "dead_fraction": [],
        "saturated_fraction": [],
    }
