"""How a Network is put together: the layer checks, names, seed and the flat
buffers the layers are views into."""

import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError, ShapeError


def test_layer_size_mismatch():
    with pytest.raises(ShapeError, match="layer 1 has 4 units but layer 2 expects 5"):
        ng.Network([ng.Dense(2, 4), ng.Dense(5, 1)])


def test_softmax_only_at_the_output():
    with pytest.raises(ConfigError, match="output layer only"):
        ng.Network([ng.Dense(2, 3, "softmax"), ng.Dense(3, 1, "identity")])
