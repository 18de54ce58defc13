"""When a Recorder takes a snapshot (schedule.py): every n epochs, "auto" and
"progressive", and always the last epoch of a fit."""

import pytest

from neuroglass.recorder.schedule import (
    AUTO_FIRST_EPOCHS,
    AUTO_SNAPSHOTS,
    progressive_step,
    snapshot_interval,
    takes_snapshot,
)


def taken(snapshot_every, epochs):
    interval = snapshot_interval(snapshot_every, epochs)
    return [
        e for e in range(epochs) if takes_snapshot(snapshot_every, interval, e, epochs)
    ]


def test_every_nth_epoch_and_the_last():
    assert taken(3, 10) == [0, 3, 6, 9]
    assert taken(4, 10) == [0, 4, 8, 9]  # the last epoch always gets one
    assert taken(1, 3) == [0, 1, 2]


def test_auto_takes_the_first_epochs_then_about_thirty():
    assert taken("auto", 3) == [0, 1, 2]
    epochs = 300
    assert snapshot_interval("auto", epochs) == epochs // AUTO_SNAPSHOTS
    found = taken("auto", epochs)
    assert found[:AUTO_FIRST_EPOCHS] == list(range(AUTO_FIRST_EPOCHS))
    assert found[-1] == epochs - 1
    assert AUTO_SNAPSHOTS <= len(found) <= AUTO_SNAPSHOTS + AUTO_FIRST_EPOCHS + 1


@pytest.mark.parametrize(
    ("done", "step"),
    [(0, 1), (99, 1), (100, 10), (999, 10), (1000, 100), (12345, 1000)],
)
def test_progressive_steps_grow_tenfold(done, step):
    assert progressive_step(done) == step


def test_progressive_snapshots():
    found = taken("progressive", 1200)
    assert found[:100] == list(range(100))
    assert found[100:190] == list(range(100, 1000, 10))
    assert found[190:] == [1000, 1100, 1199]
