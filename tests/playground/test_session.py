"""The playground's session: training, commands and the messages it sends."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.playground import exports, wire
from neuroglass.views.figures.boundary import decision_grid


def _initial(d):
    d.next("state")
    return d.next("frame")


def test_first_messages_describe_the_default_setup(driver):
    d = driver({"seed": 3})
    hello = d.next("hello")
    assert hello["mode"] == "live" and hello["limits"]["max_layers"] == 8
    state = d.next("state")
    assert state["sizes"] == [2, 4, 2, 1]
    assert state["activations"] == [None, "tanh", "tanh", "tanh"]
    assert len(state["train"]) == 250 and len(state["test"]) == 250
    assert set(state["feature_maps"]) >= {"x1", "x2", "x1^2", "sin(x2)"}
    header, arrays = d.next("frame")
    assert header["epoch"] == 0
    assert arrays["output"].shape == (100, 100)
    assert arrays["thumbs"].shape == (7, 20, 20)  # 4 + 2 hidden units and the output
    assert arrays["weights"].shape == (2 * 4 + 4 * 2 + 2 * 1,)


def test_frame_maps_are_the_figures_numbers(driver):
    """The output map is decision_grid's output, quantized; the same function the
    figures draw from."""
    d = driver({"seed": 5, "features": ["x1", "x2", "x1^2"]})
    _initial(d)
    box = d.session.call(lambda s: s.net.copy())
    box["done"].wait(10)
    net = box["value"]
    d.send(type="pause")
    _, arrays = d.next("frame")
    _, _, out = decision_grid(net, resolution=100, inputs=["x1", "x2", "x1^2"])
    np.testing.assert_array_equal(arrays["output"], wire.quantize(out[..., 0]))
    w = np.concatenate([layer.weights.ravel() for layer in net.layers])
    np.testing.assert_allclose(arrays["weights"], w, rtol=1e-6)


def test_play_trains_until_the_test_loss_is_low(driver):
    d = driver({"seed": 1, "learning_rate": 0.1})
    _initial(d)
    d.send(type="play")
    header, _ = d.next(
        "frame",
        timeout=60,
        where=lambda h: h["test_loss"] is not None and h["test_loss"] < 0.05,
    )
    assert header["epoch"] > 0 and header["playing"]
    assert header["test_accuracy"] > 0.95
    d.send(type="pause")


def test_step_trains_exactly_one_epoch(driver):
    d = driver({"seed": 2})
    _initial(d)
    for expected in (1, 2):
        d.send(type="step")
        header, _ = d.next("frame")
        assert header["epoch"] == expected and not header["playing"]


def test_learning_rate_change_keeps_weights_other_changes_reset(driver):
    d = driver({"seed": 2})
    _initial(d)
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
    _, first = _initial(d)
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
    _initial(d)
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
    _initial(d)
    d.send(type="config", config={"hidden": [4, 40]})
    error = d.next("error")
    assert error["field"] == "hidden" and "40" in error["message"]
    d.send(type="config", config={"learning_rate": 0})
    assert d.next("error")["field"] == "learning_rate"
    d.send(type="step")
    header, _ = d.next("frame")
    assert header["epoch"] == 1  # still the same network, trained on


def test_divergence_pauses_with_an_explanation(driver):
    d = driver(
        {
            "seed": 0,
            "problem": "regression",
            "dataset": "plane",
            "output": "linear_mse",
            "activation": "linear",
            "features": ["x1", "x2", "x1^2", "x2^2", "x1*x2"],
            "learning_rate": 10,
        }
    )
    _initial(d)
    d.send(type="play")
    header, arrays = d.next(
        "frame", where=lambda h: any(e["kind"] == "diverged" for e in h["events"])
    )
    event = next(e for e in header["events"] if e["kind"] == "diverged")
    assert "learning rate" in event["hint"] and "10" in event["hint"]
    assert not header["playing"]
    assert np.isfinite(arrays["weights"]).all()  # the last finite weights


def test_stop_at_epoch(driver):
    d = driver({"seed": 0, "stop_epoch": 3})
    _initial(d)
    d.send(type="play")
    header, _ = d.next(
        "frame", where=lambda h: any(e["kind"] == "stopped" for e in h["events"])
    )
    assert header["epoch"] == 3 and not header["playing"]


def test_multiclass_uses_softmax_and_reports_a_confusion_matrix(driver):
    d = driver({"seed": 0, "dataset": "spirals3", "hidden": [8, 8]})
    state = d.next("state")
    assert state["classes"] == 3 and state["output_kind"] == "softmax_ce"
    assert state["activations"][-1] == "softmax"
    header, arrays = d.next("frame")
    assert arrays["output_class"].max() <= 2
    confusion = np.array(header["confusion"])
    assert confusion.shape == (3, 3) and confusion.sum() == 250


def test_seek_shows_a_recorded_snapshot(driver):
    d = driver({"seed": 0})
    _initial(d)
    for _ in range(4):
        d.send(type="step")
    d.next("frame", where=lambda h: h["epoch"] == 4)
    d.send(type="seek", epoch=2)
    history = d.next("history")
    assert history["epoch"] == [0, 1, 2, 3, 4]  # what the chart showed live
    header, _ = d.next("frame", where=lambda h: h["replay"])
    assert header["epoch"] == 2
    d.send(type="live")
    header, _ = d.next("frame", where=lambda h: not h["replay"])
    assert header["epoch"] == 4 and not header["playing"]


def test_explain_gives_the_neuron_formula_with_numbers(driver):
    d = driver({"seed": 0})
    _initial(d)
    d.send(type="explain", layer=1, unit=2, sample=5)
    reply = d.next("explain")
    z = np.dot(reply["weights"], reply["inputs"]) + reply["bias"]
    assert reply["z"] == pytest.approx(z, abs=1e-5)
    assert reply["a"] == pytest.approx(np.tanh(reply["z"]))
    assert reply["grad_weights"] == pytest.approx(
        [x * reply["delta"] for x in reply["inputs"]], abs=1e-6
    )
    assert "z = " in reply["text"] and "tanh" in reply["text"]
    d.send(type="trace", sample=0)
    trace = d.next("trace")
    assert [len(layer["a"]) for layer in trace["layers"]] == [4, 2, 1]
    assert "Backward pass" in trace["text"]


def test_draw_points_then_clear(driver):
    d = driver({"seed": 0})
    first = d.next("state")
    d.send(type="add_point", x=1.0, y=2.0, label=1)
    state = d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    assert len(state["train"]) + len(state["test"]) == len(first["train"]) * 2 + 1
    d.send(type="clear_points")
    state = d.next("state", where=lambda m: not m["train"])
    d.send(type="add_point", x=1.0, y=2.0, label=7)
    assert d.next("error")["field"] == "label"


def _export(d, name):
    box = d.session.call(exports.EXPORTS[name])
    assert box["done"].wait(10) and box["error"] is None
    return box["value"][0]


@pytest.mark.parametrize(
    "setup",
    [
        {"hidden": [3], "noise": 10, "schedule": "cosine", "optimizer": "momentum"},
        {
            "dataset": "spirals3",
            "features": ["x1", "x2", "sin(x1)"],
            "layer_activations": ["relu", ""],
            "activation": "tanh",
            "regularization": "l2",
            "reg_rate": 0.001,
            "optimizer": "adam",
            "learning_rate": 0.01,
            "batch_size": 7,
            "train_ratio": 70,
            "schedule": "step",
        },
        {"dataset": "custom"},
    ],
)
def test_exported_model_and_snippet_rebuild_the_same_training(
    driver, tmp_path, monkeypatch, setup
):
    """The snippet trains the same numbers as the page: same data, split,
    initial weights, shuffling and schedule."""
    config = {"seed": 11, "stop_epoch": 4, **setup}
    custom = config.pop("dataset", None) == "custom"
    d = driver(config)
    _initial(d)
    if custom:
        rng = np.random.default_rng(0)
        X = rng.uniform(-5, 5, size=(40, 2))
        labels = (X[:, 0] * X[:, 1] > 0).astype(int)
        d.send(type="_data", data=(X, labels, 2, ["0", "1"]))
        d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    d.send(type="play")
    d.next("frame", where=lambda h: any(e["kind"] == "stopped" for e in h["events"]))
    (tmp_path / "model.npz").write_bytes(_export(d, "model.npz"))
    (tmp_path / "data.csv").write_bytes(_export(d, "data.csv"))
    page_net = ng.load(tmp_path / "model.npz")
    code = _export(d, "snippet.py").decode()
    monkeypatch.chdir(tmp_path)
    scope = {}
    exec(compile(code, "snippet.py", "exec"), scope)  # it runs as written
    net = scope["net"]
    assert net.sizes == page_net.sizes
    np.testing.assert_allclose(
        net.parameters_vector(), page_net.parameters_vector(), rtol=1e-9, atol=1e-12
    )


def test_config_merge_checks_and_resets():
    from neuroglass.playground import config as cfg

    base = dict(cfg.DEFAULTS)
    new = cfg.merge(base, {"problem": "regression"})
    assert new["dataset"] == "plane" and new["output"] == "linear_mse"
    assert base["problem"] == "classification"  # the input is not modified
    custom = cfg.merge(base, {"dataset": "custom"})
    assert cfg.merge(custom, {"problem": "regression"})["dataset"] == "plane"
    assert cfg.merge(custom, {"noise": 5})["dataset"] == "custom"
    assert cfg.needs_reset(base, cfg.merge(base, {"learning_rate": 1})) == (
        False,
        False,
    )
    assert cfg.needs_reset(base, cfg.merge(base, {"hidden": [3]})) == (True, False)
    assert cfg.needs_reset(base, cfg.merge(base, {"noise": 10})) == (True, True)
    with pytest.raises(cfg.ConfigMessageError, match="from 1 to 32"):
        cfg.merge(base, {"hidden": [0]})
    with pytest.raises(cfg.ConfigMessageError, match="at least one"):
        cfg.merge(base, {"features": []})
    with pytest.raises(cfg.ConfigMessageError, match="output"):
        cfg.merge(base, {"output": "linear_mse"})


def test_restarts_close_their_run_files(driver):
    import os

    d = driver({"seed": 0})
    _initial(d)
    d.send(type="regenerate")
    d.next("state")
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(15):
        d.send(type="regenerate")
        d.next("state")
    d.next("frame")
    assert len(os.listdir("/proc/self/fd")) - before < 6


def test_stop_epoch_then_play_goes_on(driver):
    d = driver({"seed": 0, "stop_epoch": 3})
    _initial(d)
    d.send(type="play")
    d.next("frame", where=lambda h: any(e["kind"] == "stopped" for e in h["events"]))
    d.send(type="play")
    header, _ = d.next("frame", where=lambda h: h["epoch"] == 6)
    assert header["playing"] and not header["events"]
    d.send(type="pause")


def test_timeline_spans_regenerated_data(driver):
    d = driver({"seed": 0})
    _initial(d)
    for _ in range(3):
        d.send(type="step")
    d.next("frame", where=lambda h: h["epoch"] == 3)
    d.send(type="regenerate")  # new data, same network: a new run file
    d.next("state")
    for _ in range(2):
        d.send(type="step")
    d.next("frame", where=lambda h: h["epoch"] == 5)
    d.send(type="seek", epoch=2)
    assert d.next("history")["epoch"] == [0, 1, 2, 3, 4, 5]
    header, _ = d.next("frame", where=lambda h: h["replay"])
    assert header["epoch"] == 2


def test_explain_gradient_includes_regularisation(driver):
    d = driver({"seed": 0, "regularization": "l2", "reg_rate": 0.5})
    _initial(d)
    d.send(type="explain", layer=2, unit=1, sample=3)
    reply = d.next("explain")
    d.send(type="trace", sample=3)
    trace = d.next("trace")
    engine = [row[1] for row in trace["layers"][1]["grad_weights"]]
    assert reply["grad_weights"] == pytest.approx(engine, rel=1e-5, abs=1e-8)


def test_long_epochs_still_answer_pause_and_close(driver):
    import time

    d = driver({"seed": 0, "hidden": [32, 32, 32], "batch_size": 1})
    _initial(d)
    rng = np.random.default_rng(0)
    X = rng.uniform(-5, 5, size=(40_000, 2))
    d.send(type="_data", data=(X, (X[:, 0] > 0).astype(int), 2, ["0", "1"]))
    d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    d.send(type="play")
    time.sleep(0.5)  # well inside the first epoch (20,000 steps of batch 1)
    start = time.perf_counter()
    d.session.close(timeout=5)
    assert not d.session._thread.is_alive()
    assert time.perf_counter() - start < 1.0


# -- every field of every message checked against the current network ------------
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
    _initial(d)
    d.session.put(command)
    first = d.out.get(timeout=20)  # nothing else is sent before the error
    assert isinstance(first, dict) and first["type"] == "error", first
    assert first["field"] == field and str(command.get(field, "")) in first["message"]
    d.send(type="step")
    header, _ = d.next("frame")
    assert header["epoch"] == 1 and not header["replay"]


@pytest.mark.parametrize(
    "config",
    [
        {},  # tanh output, MSE: the run file holds no accuracy
        {"output": "sigmoid_bce"},
        {"dataset": "spirals3"},  # softmax
    ],
)
def test_seek_sends_the_accuracy_the_chart_showed(driver, config):
    d = driver({"seed": 2, **config})
    _initial(d)
    shown = {}
    for epoch in (1, 2, 3):
        d.send(type="step")
        header, _ = d.next("frame", where=lambda h, e=epoch: h["epoch"] == e)
        shown[epoch] = (header["train_accuracy"], header["test_accuracy"])
    d.send(type="seek", epoch=2)
    history = d.next("history")
    assert history["epoch"][-3:] == [1, 2, 3]
    for epoch, (train, test) in shown.items():
        i = history["epoch"].index(epoch)
        assert train is not None
        assert history["train_accuracy"][i] == pytest.approx(train)
        assert history["test_accuracy"][i] == pytest.approx(test)


def test_a_session_keeps_at_most_a_few_run_files(driver, tmp_path):
    """Once one file per restart: 353 files in 30 minutes. Files where no epoch
    was trained are deleted; of the rest, the newest MAX_RUN_FILES stay."""
    from neuroglass.playground.timeline import MAX_RUN_FILES

    runs = tmp_path / "runs"
    d = driver({"seed": 0})
    _initial(d)
    for i in range(12):
        d.send(type="config", config={"batch_size": 10 + i})  # a reset, paused
        d.next("state", where=lambda m, b=10 + i: m["config"]["batch_size"] == b)
        d.send(type="add_point", x=0.5, y=0.5, label=1)  # new data, paused
        d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
        d.send(type="reset")
        d.next("state")
        if i % 3 == 0:
            d.send(type="step")
            d.next("frame", where=lambda h: h["epoch"] == 1)
    d.send(type="step")
    d.next("frame", where=lambda h: h["epoch"] == 1)
    files = sorted(runs.glob("*.ngrun"))
    assert 1 <= len(files) <= MAX_RUN_FILES, [f.name for f in files]
    box = d.session.call(lambda s: (s.run_path, s.net.copy()))
    box["done"].wait(10)
    current, net = box["value"]
    assert str(files[-1]) == current or current in map(str, files)
    d.close()  # the session ends: an empty last file would go, this one stays
    with ng.open_run(current) as run:
        assert len(run.epochs) == 1
        np.testing.assert_allclose(
            run.network().parameters_vector(), net.parameters_vector()
        )
    assert len(list(runs.glob("*.ngrun"))) <= MAX_RUN_FILES


def test_regenerate_draws_new_data_and_reset_new_weights_each_with_its_seed(driver):
    d = driver({"seed": 4, "data_seed": 9})
    _initial(d)
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


def test_a_link_with_one_seed_draws_data_and_weights_from_it(driver):
    a, b = driver({"seed": 7}), driver({"seed": 7, "data_seed": 7})
    assert a.next("state")["train"] == b.next("state")["train"]


def test_every_divergence_is_one_event_with_advice_the_page_can_follow(driver):
    d = driver(
        {
            "seed": 0,
            "problem": "regression",
            "dataset": "plane",
            "output": "linear_mse",
            "activation": "linear",
            "features": ["x1", "x2", "x1^2", "x2^2", "x1*x2"],
            "learning_rate": 10,
        }
    )
    _initial(d)
    for _ in range(2):  # play, diverge; play again, diverge again
        d.send(type="play")
        header, _ = d.next("frame", where=lambda h: h["events"])
        about = [
            e
            for e in header["events"]
            if "diverg" in (e["message"] + e["code"]).lower()
            or "not finite" in e["message"]
            or "NaN" in e["message"]
        ]
        assert [e["kind"] for e in about] == ["diverged"], header["events"]
        for event in header["events"]:
            assert "clip" not in event["hint"] and "fit(" not in event["hint"]
        assert "reset" in about[0]["hint"] and "10" in about[0]["hint"]
        assert not header["playing"]


def test_drawn_points_are_training_points_unless_asked(driver):
    d = driver({"seed": 0})
    first = d.next("state")
    d.send(type="clear_points")
    d.next("state", where=lambda m: not m["train"] and not m["test"])
    drawn = [(x / 10, -x / 10, x % 2) for x in range(30)]
    for x, y, label in drawn:
        d.send(type="add_point", x=x, y=y, label=label)
    state = d.next("state", where=lambda m: len(m["train"]) == 30)
    assert state["test"] == []  # none vanished into the hidden test split
    assert sorted(map(tuple, state["train"])) == sorted(
        (round(x, 4), round(y, 4), c) for x, y, c in drawn
    )
    d.send(type="add_point", x=0.0, y=0.0, label=1, test=True)
    state = d.next("state", where=lambda m: len(m["test"]) == 1)
    assert len(state["train"]) == 30
    # points drawn over a generated data set: its split stays, the point trains
    d2 = driver({"seed": 0})
    first = d2.next("state")
    d2.send(type="add_point", x=1.0, y=2.0, label=1)
    state = d2.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    assert state["test"] == first["test"]
    assert state["train"] == [*first["train"], [1.0, 2.0, 1]]


def test_dead_rings_and_the_dead_units_diagnostic_are_the_same_numbers(driver):
    d = driver({"seed": 0, "hidden": [4], "activation": "relu", "noise": 30})
    _initial(d)
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


def test_diagnostic_events_carry_the_recorders_severity_and_words():
    """The page decides nothing about a finding: `neuroglass runs show`, the
    report and the page say the same of the same run (only the hint is the
    page's own)."""
    from neuroglass.playground.events import diagnostic_events, page_hint
    from neuroglass.recorder.diagnostics import Diagnostic

    found = [
        Diagnostic(
            "overfitting",
            severity,
            30,
            309,
            message,
            "Nothing needs fixing now; if the validation accuracy starts to fall "
            "(by 2 points or more), stop earlier (fit(early_stopping=True)), add "
            "L2 regularization (l2=1e-3), use more data or a smaller network.",
            {"best_epoch": 30},
        )
        for severity, message in [
            ("info", "The validation loss rose. The validation accuracy held."),
            ("warning", "the network is overfitting: the validation accuracy fell."),
        ]
    ]
    events = diagnostic_events(found)
    assert [(e["severity"], e["message"]) for e in events] == [
        (d.severity, d.message) for d in found
    ]
    assert all(e["hint"] == page_hint(d.suggestion) for e, d in zip(events, found))
    assert "fit(" not in events[0]["hint"]


@pytest.mark.slow
def test_the_gallery_run_gets_no_overfitting_warning(driver):
    """docs/playground_screenshot.py's spiral: the test loss rises from 0.034 to
    0.075 (4 test points of 250 ever more confidently wrong) while the test
    accuracy stays ~98.4%: a note, not 'the network is overfitting'."""
    d = driver(
        {
            "dataset": "spiral",
            "features": ["x1", "x2", "sin(x1)", "sin(x2)"],
            "hidden": [8, 6],
            "learning_rate": 0.03,
            "optimizer": "adam",
            "batch_size": 10,
            "seed": 7,
            "noise": 5,
            "stop_epoch": 300,
        }
    )
    _initial(d)
    d.send(type="play")
    events = []
    while not any(e["kind"] == "stopped" for e in events):
        header, _ = d.next("frame", timeout=60)
        events += header["events"]
    assert header["test_accuracy"] > 0.98
    found = [e for e in events if e["code"] == "overfitting"]
    assert found and all(e["severity"] == "info" for e in found), found
    assert not any(e.get("severity") == "warning" for e in events), events
    # the recorder's decision (its own accuracy of the tanh output), not the
    # page's: the run file says the same as the page
    assert "The validation accuracy held" in found[0]["message"]
    assert "the network is overfitting" not in found[0]["message"]
    box = d.session.call(lambda s: s.run_path)
    assert box["done"].wait(10)
    with ng.open_run(box["value"]) as run:
        stored = [x for x in run.diagnostics() if x.rule == "overfitting"]
    assert [(x.severity, x.message) for x in stored] == [
        (e["severity"], e["message"]) for e in found
    ]
    assert stored[0].evidence["val_accuracy"] > 0.96


def _diverged_by(cause):
    """A real TrainingDiverged of the engine whose cause is ``cause``."""
    if cause == "loss":
        X, y = ng.datasets.plane()
        net = ng.mlp([2, 1], activation="linear", output="linear", seed=5)
        fit = {"epochs": 100, "lr": 1e4}
        X = X / 100
    elif cause == "gradient":  # float32: loss 2.3e38 finite, gradient not
        net = ng.mlp([1, 1], activation="linear", output="linear", dtype="float32")
        net.layers[0].weights[:] = 1
        net.layers[0].bias[:] = 0
        X, y = np.full((1, 1), 1.5e19), np.zeros(1)
        fit = {"epochs": 1, "batch_size": 1, "lr": 1e-3}
    elif cause == "weights":  # a finite gradient, an update that overflows
        X, y = ng.datasets.plane(n=20)
        net = ng.mlp([2, 1], activation="linear", output="linear", seed=0)
        fit = {"epochs": 1, "batch_size": None, "lr": 1e308}
    else:  # Adam's average of squared gradients overflows
        X, y = ng.datasets.plane(n=200)
        X, y = X * 1e160, (y > np.median(y)).astype(float)
        net = ng.mlp([2, 1], output="sigmoid", loss="bce", seed=0)
        fit = {"epochs": 3, "batch_size": 10, "optimizer": "adam", "lr": 1e-3}
    with pytest.raises(ng.TrainingDiverged) as info:
        net.fit(X, y, **fit)
    assert info.value.cause == cause
    return net, info.value


@pytest.mark.parametrize(
    "cause, words",
    [
        ("loss", "the loss became"),
        ("gradient", "a gradient became infinite or NaN while the loss was"),
        ("weights", "the weights became infinite or NaN while the loss was"),
        ("optimizer state", "the optimizer's state 'v' became infinite or NaN"),
    ],
)
def test_the_divergence_event_says_what_became_non_finite(cause, words):
    """Not "the loss became NaN" when the loss was finite and the weights or
    Adam's state were not (the engine's TrainingDiverged.cause)."""
    from neuroglass.playground.events import diverged_event

    net, exc = _diverged_by(cause)
    event = diverged_event(exc, net.epochs_trained + 1, 0.03)
    assert event["kind"] == "diverged" and event["cause"] == cause
    assert f"epoch {net.epochs_trained + 1}: {words}" in event["message"]
    if cause != "loss":
        assert "the loss became" not in event["message"]


def test_ten_changes_of_settings_leave_run_files_stopped_never_interrupted(driver):
    """A session once left its fit by raising through the engine's loop, so every
    restarted run file said "interrupted" (error "_Restart: restart"). It drives
    a Trainer now: a change that restarts stops it ("stopped"), between epochs
    or while playing, and closing the page stops the last one."""
    d = driver({"seed": 0})
    _initial(d)
    changes = [
        {"type": "config", "config": {"hidden": [3]}},
        {"type": "config", "config": {"batch_size": 5}},
        {"type": "regenerate"},
        {"type": "config", "config": {"activation": "relu"}},
        {"type": "reset"},
        {"type": "config", "config": {"noise": 10}},
        {"type": "config", "config": {"optimizer": "adam"}},
        {"type": "add_point", "x": 1.0, "y": 1.0, "label": 1},
        {"type": "config", "config": {"features": ["x1", "x2", "x1^2"]}},
        {"type": "config", "config": {"hidden": [2, 2]}},
    ]
    ended = []
    for i, change in enumerate(changes):
        if i % 2:  # while playing
            d.send(type="play")
            d.next("frame", where=lambda h: h["epoch"] >= 2 and h["playing"])
        else:  # paused, after a step
            d.send(type="step")
            d.next("frame", where=lambda h: h["epoch"] >= 1)
        box = d.session.call(lambda s: s.run_path)
        assert box["done"].wait(10)
        d.session.put(change)
        d.next("state")  # the next run has begun: the last one has ended
        with ng.open_run(box["value"]) as run:
            ended.append(run.status)
    d.send(type="step")
    d.next("frame", where=lambda h: h["epoch"] >= 1)
    box = d.session.call(lambda s: s.run_path)
    assert box["done"].wait(10)
    d.close()  # the page goes
    with ng.open_run(box["value"]) as run:
        ended.append(run.status)
    assert len(ended) == 11
    assert all(status in ("stopped", "finished") for status in ended), ended
    assert ended == ["stopped"] * 11
