"""The parameter layout: where each layer's weights and bias sit in the flat vector."""

import pickle

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.errors import ConfigError, ShapeError
from neuroglass.engine.layout import ParameterLayout


@pytest.fixture
def net():
    return ng.mlp([3, 5, 4, 2], activation="tanh", output="identity", seed=0)


def test_split_of_the_parameter_vector_gives_each_layers_weights_and_bias(net):
    pieces = net.layout.split(net.parameters_vector())
    assert len(pieces) == len(net.layers) == net.layout.n_layers
    for (weights, bias), layer in zip(pieces, net.layers, strict=True):
        np.testing.assert_array_equal(weights, layer.weights)
        np.testing.assert_array_equal(bias, layer.bias)
        assert weights.shape == (layer.n_in, layer.n_out)


def test_slices_match_the_layers_views_into_the_live_buffers(net):
    layout = net.layout
    for i, layer in enumerate(net.layers):
        np.testing.assert_array_equal(
            net._params[layout.weights(i)].reshape(layout.weights_shape(i)),
            layer.weights,
        )
        np.testing.assert_array_equal(net._params[layout.bias(i)], layer.bias)
        assert np.shares_memory(net._params[layout.layer(i)], layer.weights)
        assert np.shares_memory(net._grads[layout.bias(i)], layer.grad_bias)
    assert layout.layer(-1) == layout.layer(layout.n_layers - 1)


def test_from_sizes_matches_the_networks_layout(net):
    layout = ParameterLayout.from_sizes([3, 5, 4, 2])
    assert layout == net.layout
    assert layout.sizes == (3, 5, 4, 2)
    assert layout.size == net.n_params == 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2
    assert net.layout is net.layout  # cached
    assert ng.ParameterLayout is ParameterLayout
    assert ng.engine.ParameterLayout is ParameterLayout


def test_order_is_weights_row_major_then_bias_layer_by_layer():
    layout = ParameterLayout.from_sizes([2, 3, 1])
    vector = np.arange(layout.size)
    (w1, b1), (w2, b2) = layout.split(vector)
    np.testing.assert_array_equal(w1, [[0, 1, 2], [3, 4, 5]])
    np.testing.assert_array_equal(b1, [6, 7, 8])
    np.testing.assert_array_equal(w2, [[9], [10], [11]])
    np.testing.assert_array_equal(b2, [12])
    assert layout.layer(1) == slice(9, 13)


def test_split_works_on_stacked_vectors_and_returns_views():
    layout = ParameterLayout.from_sizes([2, 3, 1])
    stack = np.zeros((4, 5, layout.size))
    (w1, b1), _ = layout.split(stack)
    assert w1.shape == (4, 5, 2, 3) and b1.shape == (4, 5, 3)
    b1[...] = 7.0
    assert (stack[..., layout.bias(0)] == 7.0).all()


def test_weight_mask_marks_weights_not_biases(net):
    mask = net.layout.weight_mask()
    assert mask.shape == (net.n_params,) and mask.dtype == bool
    assert mask.sum() == sum(layer.weights.size for layer in net.layers)
    np.testing.assert_array_equal(
        net._params[~mask], np.concatenate([layer.bias for layer in net.layers])
    )


def test_layout_survives_pickle_and_copy(net):
    assert pickle.loads(pickle.dumps(net)).layout == net.layout
    assert net.copy().layout == net.layout


@pytest.mark.parametrize(
    ("sizes", "match"),
    [
        ([3], "at least two widths"),
        (5, "list of layer widths"),
        ([2, 0, 1], r"sizes\[1\].*positive integer"),
        ([2, 1.5], r"sizes\[1\].*integer"),
        ([True, 1], r"sizes\[0\].*bool"),
    ],
)
def test_bad_sizes_give_clear_errors(sizes, match):
    with pytest.raises(ConfigError, match=match):
        ParameterLayout.from_sizes(sizes)


def test_split_of_a_vector_of_the_wrong_size_names_the_shapes():
    layout = ParameterLayout.from_sizes([2, 3, 1])
    with pytest.raises(ShapeError, match=r"13 entries.*shape \(12,\)"):
        layout.split(np.zeros(12))


def test_layer_index_out_of_range_is_a_clear_error():
    layout = ParameterLayout.from_sizes([2, 3, 1])
    with pytest.raises(ConfigError, match=r"out of range.*2 layers"):
        layout.layer(2)
    with pytest.raises(ConfigError, match="layer index must be an integer"):
        layout.bias("0")
