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


def test_sizes_activations_and_default_outputs():
    net = ng.mlp([3, 5, 4, 2], activation=["relu", "elu"], loss="cross_entropy", seed=0)
    assert [layer.activation_name for layer in net.layers] == ["relu", "elu", "softmax"]
    assert [(layer.n_in, layer.n_out) for layer in net.layers] == [
        (3, 5),
        (5, 4),
        (4, 2),
    ]
    assert ng.mlp([2, 1], loss="bce").layers[-1].activation_name == "sigmoid"
    assert ng.mlp([2, 1], loss="mse").layers[-1].activation_name == "identity"
    assert ng.mlp((2, 4, 1), init="zeros", name="tiny").name == "tiny"


@pytest.mark.parametrize(
    ("sizes", "message"),
    [
        ([2], r"at least the input and output widths.*got \[2\]"),
        ("28", "got '28'"),
        ([2, 0, 1], r"sizes\[1\] must be a positive integer; got 0"),
        ([2, 2.5, 1], r"sizes\[1\] must be a positive integer; got 2.5"),
    ],
)
def test_bad_sizes(sizes, message):
    with pytest.raises(ConfigError, match=message):
        ng.mlp(sizes)


def test_one_activation_per_hidden_layer():
    with pytest.raises(ConfigError, match="lists 1 names but there are 2 hidden"):
        ng.mlp([2, 3, 3, 1], activation=["relu"])
