"""A session's recorded past: run files, the chart's curve, seeks
(playground.timeline)."""

import numpy as np
import pytest

import neuroglass as ng


def test_seek_shows_a_recorded_snapshot(driver):
    d = driver({"seed": 0})
    d.initial()
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


def test_timeline_spans_regenerated_data(driver):
    d = driver({"seed": 0})
    d.initial()
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
    d.initial()
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
    d.initial()
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
