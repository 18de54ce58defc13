"""How a Network is put together: the layer checks, names, seed and the flat
buffers the layers are views into."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.assembly import (
    allocate_parameters,
    check_layers,
    check_seed,
    name_layers,
)
from neuroglass.engine.errors import ConfigError, ShapeError
from neuroglass.engine.layout import ParameterLayout


def test_layer_size_mismatch():
    with pytest.raises(ShapeError, match="layer 1 has 4 units but layer 2 expects 5"):
        ng.Network([ng.Dense(2, 4), ng.Dense(5, 1)])


def test_softmax_only_at_the_output():
    with pytest.raises(ConfigError, match="output layer only"):
        ng.Network([ng.Dense(2, 3, "softmax"), ng.Dense(3, 1, "identity")])


def test_check_layers_accepts_a_list_or_tuple_of_distinct_dense_layers():
    first, second = ng.Dense(2, 3), ng.Dense(3, 1)
    assert check_layers((first, second)) == [first, second]
    with pytest.raises(ConfigError, match=r"non-empty list of ng.Dense; got \[\]"):
        check_layers([])
    with pytest.raises(ConfigError, match=r"non-empty list of ng\.Dense; got 'abc'"):
        check_layers("abc")
    with pytest.raises(
        ConfigError, match=r"layer 1 must be an ng\.Dense; got 3 of type int"
    ):
        check_layers([first, 3])
    same = ng.Dense(3, 3)
    with pytest.raises(ConfigError, match="the same Dense object appears twice"):
        check_layers([first, same, same])


def test_layers_are_named_in_order_and_names_must_differ():
    layers = [ng.Dense(2, 3, name="hidden"), ng.Dense(3, 3), ng.Dense(3, 1)]
    name_layers(layers)
    assert [layer.name for layer in layers] == ["hidden", "dense_2", "dense_3"]
    twins = [ng.Dense(2, 3, name="a"), ng.Dense(3, 1, name="a")]
    with pytest.raises(ConfigError, match="layers 1 and 2 are both named 'a'"):
        name_layers(twins)


def test_a_missing_seed_is_drawn_and_kept():
    drawn = {check_seed(None) for _ in range(3)}
    assert len(drawn) == 3 and all(0 <= s < 2**63 for s in drawn)
    assert check_seed(7) == 7


def test_the_layers_are_views_into_one_buffer_each():
    built = ng.Dense(2, 3, "tanh").build(seed=1)
    kept = built.weights.copy()
    layers = [built, ng.Dense(3, 1, "identity")]
    layout = ParameterLayout.from_sizes([2, 3, 1])
    params, grads, updates = allocate_parameters(
        layers, np.float32, np.random.default_rng(0), layout
    )
    assert params.shape == grads.shape == updates.shape == (layout.size,)
    assert params.dtype == np.float32
    np.testing.assert_array_equal(built.weights, kept.astype(np.float32))
    params[:] = np.arange(layout.size)
    np.testing.assert_array_equal(layers[1].bias, [layout.size - 1])
    grads[layout.weights(1)] = 5.0
    assert np.all(layers[1].grad_weights == 5.0)
    updates[layout.bias(0)] = -1.0
    assert np.all(built.update_bias == -1.0)
