"""The messages' tables: what the page reads instead of keeping copies."""

import base64

import numpy as np

from neuroglass.datasets import features
from neuroglass.playground import config as cfg
from neuroglass.playground import data as pdata
from neuroglass.playground import messages as msg
from neuroglass.playground import wire
from neuroglass.playground.build import build_network
from neuroglass.playground.wire import RESOLUTION, quantize
from neuroglass.views.figures.boundary import decision_grid


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


def test_frame_maps_are_the_figures_numbers(driver):
    """The output map is decision_grid's output, quantized; the same function the
    figures draw from."""
    d = driver({"seed": 5, "features": ["x1", "x2", "x1^2"]})
    d.initial()
    box = d.session.call(lambda s: s.net.copy())
    box["done"].wait(10)
    net = box["value"]
    d.send(type="pause")
    _, arrays = d.next("frame")
    _, _, out = decision_grid(net, resolution=100, inputs=["x1", "x2", "x1^2"])
    np.testing.assert_array_equal(arrays["output"], wire.quantize(out[..., 0]))
    w = np.concatenate([layer.weights.ravel() for layer in net.layers])
    np.testing.assert_allclose(arrays["weights"], w, rtol=1e-6)
