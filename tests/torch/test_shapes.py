"""torch/shapes.py: the recorder keeps every module's output shape, seen on
the probe batch, and leaves no hook behind."""

import pytest
import torch
from torch import nn

import neuroglass as ng
from neuroglass.torch.recorder import Recorder
from neuroglass.torch.shapes import recording_shapes


def _cnn():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(4 * 4 * 4, 3),
    )


def _no_hooks(model):
    return all(not m._forward_hooks for m in model.modules())


def test_the_run_keeps_each_modules_output_shape(tmp_path):
    model = _cnn()
    x = torch.randn(6, 1, 8, 8)
    with Recorder(tmp_path / "cnn.ngrun", model, probe=x[:4]) as rec:
        rec.epoch(loss=1.0)
    assert _no_hooks(model)
    network = ng.open_run(tmp_path / "cnn.ngrun").config["network"]
    assert network["output_shapes"] == {
        "": [3],
        "0": [4, 8, 8],
        "1": [4, 8, 8],
        "2": [4, 4, 4],
        "3": [64],
        "4": [3],
    }
    assert [la["output_shape"] for la in network["layers"]] == [[4, 8, 8], [3]]


def test_without_a_probe_no_shape_is_claimed(tmp_path):
    with Recorder(tmp_path / "cnn.ngrun", _cnn()) as rec:
        rec.epoch(loss=1.0)
    network = ng.open_run(tmp_path / "cnn.ngrun").config["network"]
    assert network["output_shapes"] == {}
    assert all("output_shape" not in la for la in network["layers"])


def test_hooks_go_also_on_an_error_and_a_module_keeps_its_first_shape():
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, nn.Tanh(), shared)
    shapes = {}
    with recording_shapes(model, shapes):
        model(torch.zeros(5, 2))
    assert shapes == {"": [2], "0": [2], "1": [2]}
    with pytest.raises(RuntimeError), recording_shapes(model, {}):
        model(torch.zeros(5, 3))  # the wrong width: the forward raises
    assert _no_hooks(model)
