"""The Recorder's arguments: checked at construction, each named when wrong."""

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError


@pytest.mark.parametrize("value", [True, False, np.True_, 1, 0])
def test_overwrite_takes_a_boolean(tmp_path, value):
    recorder = ng.Recorder(tmp_path / "r.ngrun", overwrite=value)
    assert recorder.overwrite is bool(value)


@pytest.mark.parametrize("value", ["yes", None, 2, [True]])
def test_overwrite_refuses_anything_else(tmp_path, value):
    with pytest.raises(ConfigError, match=r"overwrite must be True or False; got"):
        ng.Recorder(tmp_path / "r.ngrun", overwrite=value)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": 3}, "name must be a string or None"),
        ({"dataset": 3}, "dataset must be a string, a dict or None"),
        ({"dataset": {"x": float("nan")}}, "dataset must be JSON data"),
        ({"snapshot_every": "sometimes"}, "snapshot_every must be a positive integer"),
        ({"every": 0}, "every"),
    ],
)
def test_other_settings_name_the_wrong_value(tmp_path, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        ng.Recorder(tmp_path / "r.ngrun", **kwargs)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("flush_seconds", "x"),
        ("flush_seconds", -1),
        ("flush_seconds", math.nan),
        ("flush_seconds", math.inf),
        ("flush_seconds", True),
        ("flush_seconds", None),
        ("every", 0),
        ("every", 1.5),
        ("every", "2"),
        ("every", True),
        ("histogram_bins", -3),
        ("full_arrays_limit", 2.0),
        ("probe_size", None),
        ("snapshot_every", "often"),
        ("snapshot_every", 0),
        ("snapshot_every", 2.5),
        ("name", 5),
        ("dataset", 3.5),
        ("dataset", {"x": object()}),
        ("overwrite", "yes"),
        ("overwrite", None),
        ("probe", "text"),
        ("probe", [[1.0, math.nan]]),
        ("probe", np.zeros((2, 2, 2))),
        ("probe", []),
    ],
)
def test_settings_are_checked_at_construction(tmp_path, setting, value):
    with pytest.raises(ng.NeuroglassError, match=setting) as caught:
        ng.Recorder(tmp_path / "r.ngrun", **{setting: value})
    assert isinstance(caught.value, ValueError)
    if setting != "probe":
        assert repr(value)[:20] in str(caught.value)


@pytest.mark.parametrize("bad", [123, "", None])
def test_a_bad_path_is_refused_at_construction(bad):
    with pytest.raises(ng.NeuroglassError, match="path"):
        ng.Recorder(bad)


def test_numpy_settings_are_taken(tmp_path, data, small_net):
    recorder = ng.Recorder(
        tmp_path / "np.ngrun",
        every=np.int64(2),
        snapshot_every=np.uint8(1),
        histogram_bins=np.int32(10),
        probe_size=np.int16(20),
        full_arrays_limit=np.int64(10**6),
        flush_seconds=np.float32(0.25),
        overwrite=np.bool_(False),
    )
    small_net().fit(*data, epochs=2, batch_size=10, callbacks=[recorder])
    with ng.open_run(tmp_path / "np.ngrun") as run:
        assert run.config["recorder"]["every"] == 2
        assert len(run.steps["step"]) == 10  # 20 steps, every 2nd
