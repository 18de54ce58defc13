"""The playground's live session (playground.session): it trains, pauses, stops
at an epoch, restarts with new runs whose files end "stopped" or "finished". The
commands, pacing, events and timeline it drives have their own test files."""

import numpy as np

import neuroglass as ng


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


def test_play_trains_until_the_test_loss_is_low(driver):
    d = driver({"seed": 1, "learning_rate": 0.1})
    d.initial()
    d.send(type="play")
    header, _ = d.next(
        "frame",
        timeout=60,
        where=lambda h: h["test_loss"] is not None and h["test_loss"] < 0.05,
    )
    assert header["epoch"] > 0 and header["playing"]
    assert header["test_accuracy"] > 0.95
    d.send(type="pause")


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
    d.initial()
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
    d.initial()
    d.send(type="play")
    header, _ = d.next(
        "frame", where=lambda h: any(e["kind"] == "stopped" for e in h["events"])
    )
    assert header["epoch"] == 3 and not header["playing"]


def test_restarts_close_their_run_files(driver):
    import os

    d = driver({"seed": 0})
    d.initial()
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
    d.initial()
    d.send(type="play")
    d.next("frame", where=lambda h: any(e["kind"] == "stopped" for e in h["events"]))
    d.send(type="play")
    header, _ = d.next("frame", where=lambda h: h["epoch"] == 6)
    assert header["playing"] and not header["events"]
    d.send(type="pause")


# -- every field of every message checked against the current network ------------
def test_ten_changes_of_settings_leave_run_files_stopped_never_interrupted(driver):
    """A session once left its fit by raising through the engine's loop, so every
    restarted run file said "interrupted" (error "_Restart: restart"). It drives
    a Trainer now: a change that restarts stops it ("stopped"), between epochs
    or while playing, and closing the page stops the last one."""
    d = driver({"seed": 0})
    d.initial()
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
