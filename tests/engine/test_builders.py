"""mlp() from layer sizes: the layers it builds and its errors."""

import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"loss": "bce", "output": "tanh"}, "needs the output activation 'sigmoid'"),
        ({"loss": "cross_entropy", "output": "sigmoid"}, "'softmax'"),
        ({"loss": "hinge"}, "Unknown loss 'hinge'. Valid names: mse, bce"),
        ({"activation": "relu6"}, "Unknown activation 'relu6'. Valid names: identity"),
        ({"init": "orthogonal"}, "Unknown initializer 'orthogonal'"),
        ({"dtype": "float16"}, "dtype must be 'float32' or 'float64'"),
    ],
)
def test_bad_configuration(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        ng.mlp([2, 3, 1], **kwargs)
