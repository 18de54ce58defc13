"""A session's recorded past: run files, the chart's curve, seeks
(playground.timeline)."""

import math
import os

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.playground import timeline


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


def test_run_files_keep_a_lineage_per_network_and_at_most_a_few(tmp_path, monkeypatch):
    clock = iter(range(10_000))
    monkeypatch.setattr(timeline.time, "time", lambda: next(clock))
    files = timeline.RunFiles(str(tmp_path / "runs"), "abc", ephemeral=True)
    first = files.new_path(new_network=True)
    same = files.new_path(new_network=False)  # new data, same network
    assert files.lineage == [first, same] and "playground-abc-" in first
    other = files.new_path(new_network=True)
    assert files.lineage == [other] and files.paths == [first, same, other]
    for path in files.paths:
        open(path, "w").close()
        open(path + "-wal", "w").close()
    for _ in range(timeline.MAX_RUN_FILES):
        files.new_path(new_network=False)
    assert len(files.paths) == timeline.MAX_RUN_FILES
    assert first not in files.paths and not os.path.exists(first)
    assert not os.path.exists(first + "-wal")  # SQLite's files go with it
    kept = files.paths[-1]
    open(kept, "w").close()
    files.forget()
    assert files.paths == [] and not os.path.exists(kept)


def test_run_files_outside_a_temporary_folder_stay(tmp_path):
    files = timeline.RunFiles(str(tmp_path), "abc")
    path = files.new_path(new_network=True)
    open(path, "w").close()
    files.forget()
    assert os.path.exists(path) and files.paths == [path]
    assert files.recorded() == []  # not a readable run yet: skipped, no error


def test_the_curve_keeps_one_row_per_epoch_and_an_edits_latest_numbers():
    curve = timeline.Curve()
    row = {"train_loss": 1.0, "test_loss": None, "train_accuracy": 0.5}
    curve.add(1, {**row, "test_accuracy": 0.4})
    curve.add(2, {**row, "train_loss": 0.8, "test_accuracy": 0.6})
    curve.add(2, {**row, "train_loss": 0.7, "test_accuracy": 0.6})  # an edit
    curve.add(1, {**row, "train_loss": 9.0, "test_accuracy": 0.0})  # older: ignored
    epochs, train, test, train_acc, test_acc = curve.columns()
    assert list(epochs) == [1, 2] and list(train) == [1.0, 0.7]
    assert all(math.isnan(v) for v in test)  # None is stored as NaN
    assert list(train_acc) == [0.5, 0.5] and list(test_acc) == [0.4, 0.6]
