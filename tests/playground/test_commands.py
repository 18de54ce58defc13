"""What a live session does with each command of its page (playground.commands)."""

import numpy as np

from neuroglass.playground import exports


def test_learning_rate_change_keeps_weights_other_changes_reset(driver):
    d = driver({"seed": 2})
    d.initial()
    d.send(type="step")
    d.send(type="step")
    header, before = d.next("frame", where=lambda h: h["epoch"] == 2)
    d.send(type="config", config={"learning_rate": 0.3})
    state = d.next("state")
    header, after = d.next("frame")
    assert state["config"]["learning_rate"] == 0.3
    assert header["epoch"] == 2
    np.testing.assert_array_equal(before["weights"], after["weights"])
    d.send(type="config", config={"activation": "relu", "hidden": [3]})
    state = d.next("state", where=lambda m: m["config"]["activation"] == "relu")
    assert state["sizes"] == [2, 3, 1] and state["epoch"] == 0


def test_reset_to_the_same_initial_weights(driver):
    d = driver({"seed": 4})
    _, first = d.initial()
    d.send(type="step")
    d.next("frame", where=lambda h: h["epoch"] == 1)
    d.send(type="reset", same_init=True)
    _, again = d.next("frame", where=lambda h: h["epoch"] == 0)
    np.testing.assert_array_equal(first["weights"], again["weights"])
    d.send(type="reset")
    state = d.next("state")
    _, fresh = d.next("frame", where=lambda h: h["epoch"] == 0)
    assert not np.array_equal(first["weights"], fresh["weights"])
    assert state["config"]["seed"] != 4


def test_edit_a_weight_and_a_bias(driver):
    d = driver({"seed": 4})
    d.initial()
    d.send(type="set_weight", layer=2, **{"from": 3, "to": 1}, value=2.5)
    _, arrays = d.next("frame")
    assert arrays["weights"][8 + 3 * 2 + 1] == 2.5  # layer 2 starts after 2 x 4
    d.send(type="set_bias", layer=3, unit=0, value=-1.25)
    _, arrays = d.next("frame")
    assert arrays["biases"][-1] == -1.25
    d.send(type="set_weight", layer=2, **{"from": 4, "to": 0}, value=1.0)
    error = d.next("error")
    assert "from=4" in error["message"] and error["field"] == "from"


def test_bad_config_changes_nothing(driver):
    d = driver({"seed": 4})
    d.initial()
    d.send(type="config", config={"hidden": [4, 40]})
    error = d.next("error")
    assert error["field"] == "hidden" and "40" in error["message"]
    d.send(type="config", config={"learning_rate": 0})
    assert d.next("error")["field"] == "learning_rate"
    d.send(type="step")
    header, _ = d.next("frame")
    assert header["epoch"] == 1  # still the same network, trained on


def test_regenerate_draws_new_data_and_reset_new_weights_each_with_its_seed(driver):
    d = driver({"seed": 4, "data_seed": 9})
    d.initial()
    box = d.session.call(lambda s: s.net.parameters_vector().copy())
    box["done"].wait(10)
    weights = box["value"]
    d.send(type="regenerate")
    state = d.next("state")
    assert state["config"]["seed"] == 4 and state["config"]["data_seed"] != 9
    regenerated = state["train"]
    box = d.session.call(lambda s: s.net.parameters_vector().copy())
    box["done"].wait(10)
    np.testing.assert_array_equal(box["value"], weights)  # the weights stay
    snippet = exports.python_snippet(state["config"], state["classes"])
    assert f"seed={state['config']['data_seed']}" in snippet  # the new data
    assert "seed=4," in snippet  # the same weights
    d.send(type="reset")
    state = d.next("state")
    assert state["train"] == regenerated  # the data stays
    assert state["config"]["seed"] != 4
    box = d.session.call(lambda s: s.net.parameters_vector().copy())
    box["done"].wait(10)
    assert not np.array_equal(box["value"], weights)
    # a link with both seeds rebuilds both
    again = driver(dict(state["config"]))
    assert again.next("state")["train"] == regenerated
