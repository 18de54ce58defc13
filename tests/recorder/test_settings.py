"""The Recorder's arguments: checked at construction, each named when wrong."""

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
