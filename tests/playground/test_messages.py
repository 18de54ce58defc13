"""The messages' tables: what the page reads instead of keeping copies."""

import base64

import numpy as np

from neuroglass.datasets import features
from neuroglass.playground import config as cfg
from neuroglass.playground import data as pdata
from neuroglass.playground import messages as msg
from neuroglass.playground.build import build_network
from neuroglass.playground.wire import RESOLUTION, quantize


def test_hello_carries_every_table_the_page_needs():
    hello = msg.hello("id", "live", dict(cfg.DEFAULTS))
    assert hello["options"] == cfg.options()
    assert hello["limits"] == cfg.limits()
    # every setting, in the order of the defaults (the order of the page's links)
    assert list(hello["settings"]) == list(cfg.DEFAULTS)
    assert set(hello["settings"].values()) <= {
        "int",
        "number",
        "name",
        "ints",
        "names",
        "slots",
    }
    assert hello["settings"]["hidden"] == "ints"
    assert hello["settings"]["learning_rate"] == "number"


def test_the_state_carries_each_features_map_at_full_resolution():
    X, y, classes = pdata.generate("circle", 0.0, 1)
    data = pdata.split(X, y, classes, 50, 1)
    config = dict(cfg.DEFAULTS)
    net = build_network(config, 2, classes, 0)
    state = msg.state(config, data, net, epoch=0, run_name="", snapshots=[])
    assert set(state["feature_planes"]) == set(cfg.FEATURES)
    xs = np.linspace(-data.domain, data.domain, RESOLUTION)
    xx, yy = np.meshgrid(xs, xs)
    values = features(np.column_stack([xx.ravel(), yy.ravel()]), ["x1*x2"])[:, 0]
    expected = quantize(values / np.abs(values).max()).reshape(RESOLUTION, RESOLUTION)
    got = np.frombuffer(base64.b64decode(state["feature_planes"]["x1*x2"]), np.uint8)
    np.testing.assert_array_equal(got.reshape(RESOLUTION, RESOLUTION), expected)
    thumb = np.frombuffer(base64.b64decode(state["feature_maps"]["x1*x2"]), np.uint8)
    assert thumb.shape == (state["grid"]["thumb"] ** 2,)


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
