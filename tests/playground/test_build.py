"""From the page's settings to the engine's objects (playground.build)."""

import numpy as np
import pytest

from neuroglass.playground import build
from neuroglass.playground import config as cfg
from neuroglass.playground.fields import ConfigMessageError
from neuroglass.playground.state import Custom


def test_a_link_with_one_seed_draws_data_and_weights_from_it(driver):
    a, b = driver({"seed": 7}), driver({"seed": 7, "data_seed": 7})
    assert a.next("state")["train"] == b.next("state")["train"]


def test_first_config_takes_one_seed_for_both_and_checks_the_rest():
    config = build.first_config({"seed": 7, "hidden": [3]})
    assert config["seed"] == config["data_seed"] == 7 and config["hidden"] == [3]
    fresh = build.first_config()
    assert set(fresh) == set(cfg.DEFAULTS)
    assert 0 <= fresh["seed"] <= cfg.MAX_SEED and 0 <= build.new_seed() <= cfg.MAX_SEED
    with pytest.raises(ConfigMessageError) as info:
        build.first_config({"noise": 99})
    assert info.value.field == "noise"


def test_the_data_decides_the_problem_and_its_first_output():
    config = dict(cfg.DEFAULTS)
    build.set_problem(config, "regression")
    assert config["problem"] == "regression" and config["output"] == "linear_mse"
    config["output"] = "tanh_mse"  # also a regression output: kept
    build.set_problem(config, "regression")
    assert config["output"] == "tanh_mse"


def test_build_data_generates_or_keeps_drawn_points_in_their_parts():
    config = {**cfg.DEFAULTS, "dataset": "custom", "data_seed": 1}
    data = build.build_data(dict(config))  # "custom" with no points: generated
    assert len(data.X_train) + len(data.X_test) > 0
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    custom = Custom(X, np.array([0.5, 2.0, 3.0]), 0, None, np.array([0, 0, 1], bool))
    data = build.build_data(config, custom, custom_scale=(1.75, 1.25))
    assert config["problem"] == "regression"  # values: the data decides
    np.testing.assert_array_equal(data.X_test, X[2:])
    assert len(data.X_train) == 2 and data.target_scale == (1.75, 1.25)


def test_build_network_follows_the_settings():
    config = {
        **cfg.DEFAULTS,
        "hidden": [5, 3],
        "activation": "relu",
        "layer_activations": ["", "tanh"],
        "output": "softmax_ce",
        "regularization": "l2",
        "reg_rate": 0.01,
    }
    net = build.build_network(config, 4, 3, seed=0)
    assert net.sizes == [4, 5, 3, 3]
    names = [layer.activation_name for layer in net.layers]
    assert names == ["relu", "tanh", "softmax"]
    again = build.build_network(config, 4, 3, seed=0)
    np.testing.assert_array_equal(net.layers[0].weights, again.layers[0].weights)


def test_live_schedule_goes_on_where_it_was_and_follows_changes():
    config = {**cfg.DEFAULTS, "schedule": "step"}
    schedule = build.LiveSchedule(config, start=100)
    assert schedule.factor(0, 10) == 0.5  # epoch 100 of the network: halved once
    assert schedule.rate_at(0.1, 150) == pytest.approx(0.05)
    schedule.update({**config, "schedule": "constant"})
    assert schedule.factor(0, 10) == 1.0 and schedule.config()["kind"] == "constant"
    assert build.library_schedule({**config, "schedule": "constant"}) is None
    cosine = build.library_schedule({**config, "schedule": "cosine", "stop_epoch": 0})
    assert cosine.factor(1000, 1000) == pytest.approx(0.01)
