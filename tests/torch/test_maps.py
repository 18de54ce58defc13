"""neuroglass.torch.maps.feature_maps: a layer's output as arrays, the hook
always removed and the model left as it was."""

import numpy as np
import pytest
import torch
from torch import nn

from neuroglass.engine.errors import ConfigError, ShapeError
from neuroglass.torch.maps import feature_maps


def _cnn():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.ReLU(inplace=True),
        nn.BatchNorm2d(4),
        nn.Conv2d(4, 6, 3),
        nn.Flatten(),
        nn.Linear(6 * 6 * 6, 3),
    )


def _hooks(model):
    return sum(len(m._forward_hooks) for m in model.modules())


def test_maps_are_the_layers_output_as_numpy():
    model = _cnn()
    x = torch.randn(5, 1, 8, 8)
    maps = feature_maps(model, "0", x)
    assert isinstance(maps, np.ndarray) and maps.shape == (5, 4, 8, 8)
    with torch.no_grad():
        expected = model[0](x).numpy()
    np.testing.assert_array_equal(maps, expected)
    assert (maps < 0).any()  # copied before the in-place ReLU could change it
    assert feature_maps(model, "3", x.numpy()).shape == (5, 6, 6, 6)
    assert _hooks(model) == 0


def test_the_model_is_left_as_it_was():
    model = _cnn().train()
    running = model[2].running_mean.clone()
    feature_maps(model, "3", torch.randn(4, 1, 8, 8))
    assert model.training
    torch.testing.assert_close(model[2].running_mean, running)
    model.eval()
    feature_maps(model, "3", torch.randn(4, 1, 8, 8))
    assert not model.training


def test_the_hook_is_removed_when_the_forward_fails():
    model = _cnn()
    with pytest.raises(RuntimeError):
        feature_maps(model, "3", torch.randn(2, 3, 8, 8))  # 3 channels, not 1
    assert _hooks(model) == 0
    with pytest.raises(ShapeError, match=r"'5' outputs shape \(2, 3\)"):
        feature_maps(model, "5", torch.randn(2, 1, 8, 8))
    assert _hooks(model) == 0 and model.training


def test_unknown_layer_lists_the_names():
    with pytest.raises(ConfigError) as info:
        feature_maps(_cnn(), "conv1", torch.zeros(1, 1, 8, 8))
    message = str(info.value)
    assert "'conv1'" in message and "'0', '1', '2', '3', '4', '5'" in message
    with pytest.raises(ConfigError, match="no layer named ''"):
        feature_maps(_cnn(), "", torch.zeros(1, 1, 8, 8))


def test_one_dimensional_maps_and_unused_layers():
    model = nn.Sequential(nn.Conv1d(2, 3, 3))
    assert feature_maps(model, "0", torch.zeros(4, 2, 10)).shape == (4, 3, 1, 8)

    class Skips(nn.Module):
        def __init__(self):
            super().__init__()
            self.used = nn.Conv2d(1, 2, 3)
            self.unused = nn.Conv2d(1, 2, 3)

        def forward(self, x):
            return self.used(x)

    with pytest.raises(ConfigError, match="'unused' did not run"):
        feature_maps(Skips(), "unused", torch.zeros(1, 1, 5, 5))


def test_meta_models_are_refused():
    model = nn.Sequential(nn.Conv2d(1, 2, 3, device="meta"))
    with pytest.raises(ConfigError, match="meta device"):
        feature_maps(model, "0", torch.zeros(1, 1, 5, 5))
