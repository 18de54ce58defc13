"""check_config: a network's architecture as data, checked field by field, each
error naming the field and its value; depth() and parameter_shapes()."""

import copy

import pytest

import neuroglass as ng
from neuroglass.engine.config import (
    MAX_DEPTH,
    check_config,
    depth,
    parameter_shapes,
)
from neuroglass.engine.errors import ConfigError


@pytest.fixture
def config():
    return ng.mlp([3, 4, 2], loss="cross_entropy", seed=5, l2=0.1).config()


def test_a_networks_own_config_comes_back_equal_and_copied(config):
    clean = check_config(config)
    assert clean == config | {
        "layers": [
            {k: v for k, v in layer.items() if k != "type"}
            for layer in config["layers"]
        ]
    }
    assert clean["layers"][0] is not config["layers"][0]


def test_optional_fields_take_their_defaults(config):
    for key in ("l1", "l2", "name", "epochs_trained", "steps_trained"):
        del config[key]
    for layer in config["layers"]:
        del layer["name"], layer["type"]
    clean = check_config(config)
    assert (clean["l1"], clean["l2"], clean["name"]) == (0.0, 0.0, None)
    assert clean["epochs_trained"] == clean["steps_trained"] == 0
    assert [layer["name"] for layer in clean["layers"]] == ["dense_1", "dense_2"]


def _set(config, path, value):
    *parents, last = path
    target = config
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("format",), "other", r"'format' must be 'neuroglass.network'; got 'other'"),
        (("version",), 2, r"'version' must be an integer in \[1, 1\]; got 2"),
        (("version",), True, "'version' must be an integer.*of type bool"),
        (("layers",), [], "'layers' must be a list of 1 to 10000 layer objects"),
        (("layers", 1), "dense", r"'layers\[1\]' must be an object.*got 'dense'"),
        (("layers", 0, "type"), "Conv", r"'layers\[0\].type' must be 'Dense'"),
        (("layers", 0, "init"), KeyError, r"'layers\[0\]' lacks 'init'"),
        (("layers", 1, "name"), "dense_1", "repeats the layer name 'dense_1'"),
        (("layers", 0, "name"), "", r"'layers\[0\].name' must be a non-empty string"),
        (("layers", 0, "n_in"), 0, r"'layers\[0\].n_in' must be an integer in \[1, "),
        (("layers", 1, "activation"), "mish", r"'layers\[1\].activation': Unknown"),
        (("layers", 0, "init"), "orthogonal", r"'layers\[0\].init': Unknown init"),
        (("loss",), KeyError, "config lacks the field 'loss'"),
        (("loss",), "hinge", "'loss': Unknown loss 'hinge'"),
        (("dtype",), "float16", "'dtype' must be 'float32' or 'float64'"),
        (("l1",), -1.0, "'l1' must be a finite number >= 0; got -1.0"),
        (("l2",), float("nan"), "'l2' must be a finite number >= 0; got nan"),
        (("l1",), 10**400, "'l1' must be a finite number >= 0; got 1000"),
        (("seed",), -1, r"'seed' must be an integer in \[0, "),
        (("name",), 3, "'name' must be a non-empty string.*or null; got 3"),
        (("steps_trained",), 2**63, "'steps_trained' must be an integer"),
    ],
)
def test_each_field_is_checked_and_named(config, path, value, message):
    bad = copy.deepcopy(config)
    _set(bad, path, value)
    with pytest.raises(ConfigError, match=message):
        check_config(bad)


def test_not_an_object_or_too_deep():
    with pytest.raises(ConfigError, match="'config' must be a JSON object; got"):
        check_config([1, 2])
    nested = {"format": "neuroglass.network", "x": [[[[[[[[[[1]]]]]]]]]]}
    with pytest.raises(ConfigError, match=f"more than {MAX_DEPTH} levels deep"):
        check_config(nested)


def test_depth_counts_levels_without_recursing():
    assert depth(1) == 0 and depth({}) == 1 and depth({"a": [1, {"b": []}]}) == 4
    deep = []
    for _ in range(100_000):  # deeper than Python's recursion limit
        deep = [deep]
    assert depth(deep, limit=MAX_DEPTH) == MAX_DEPTH + 1


def test_parameter_shapes_without_building_the_network(config):
    assert parameter_shapes(check_config(config)) == {
        "dense_1.weights": (3, 4),
        "dense_1.bias": (4,),
        "dense_2.weights": (4, 2),
        "dense_2.bias": (2,),
    }
