"""What a run holds at one snapshot (snapshot.py): layer_snapshots cuts the
stored flat vectors and per-unit arrays into layers by the network's parameter
layout; LayerSnapshot.update_ratio."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder.snapshot import LayerSnapshot, layer_snapshots
from neuroglass.recorder.stats import summarize

SIZES = [2, 3, 4, 1]  # units: 3 + 4 + 1 = 8
#: the columns of a stored ``norms`` row
NORMS = (
    "weights",
    "bias",
    "grad_weights",
    "grad_bias",
    "update_weights",
    "update_bias",
)


@pytest.fixture
def net():
    return ng.mlp(SIZES, activation="tanh", output="sigmoid", loss="bce", seed=0)


def _stored(net, n_probe=5):
    """Distinct made-up arrays shaped as a run stores them."""
    rng = np.random.default_rng(0)
    n, units = net.n_params, sum(SIZES[1:])
    return dict(
        params=net.parameters_vector(),
        grads=rng.normal(size=n),
        updates=rng.normal(size=n),
        norms=np.arange(len(net.layers) * 6, dtype=float).reshape(-1, 6),
        units=rng.random(size=(3, units)),
        raw=rng.normal(size=(n_probe, units)),
    )


def _cut(net, stored, stats=None, bins=6):
    return layer_snapshots(
        net.config()["layers"],
        layout=net.layout,
        stats=stats or {},
        bins=bins,
        **stored,
    )


def test_each_layer_gets_its_own_slices(net):
    stored = _stored(net)
    layers = _cut(net, stored)
    assert [s.name for s in layers] == ["dense_1", "dense_2", "dense_3"]
    assert [s.activation_name for s in layers] == ["tanh", "tanh", "sigmoid"]
    grads = net.layout.split(stored["grads"])
    updates = net.layout.split(stored["updates"])
    column = 0
    for i, (s, layer) in enumerate(zip(layers, net.layers)):
        assert s.index == i
        np.testing.assert_array_equal(s.weights, layer.weights)
        np.testing.assert_array_equal(s.bias, layer.bias)
        np.testing.assert_array_equal(s.grad_weights, grads[i][0])
        np.testing.assert_array_equal(s.grad_bias, grads[i][1])
        np.testing.assert_array_equal(s.update_weights, updates[i][0])
        np.testing.assert_array_equal(s.update_bias, updates[i][1])
        assert s.norms == dict(zip(NORMS, stored["norms"][i]))
        # the unit columns and probe activations of this layer's units
        cols = slice(column, column + layer.n_out)
        column += layer.n_out
        for row, key in enumerate(("mean", "active", "saturated")):
            np.testing.assert_array_equal(s.units[key], stored["units"][row, cols])
        np.testing.assert_array_equal(s.activations, stored["raw"][:, cols])
    assert column == stored["units"].shape[1]


def test_summaries_are_computed_where_none_were_stored(net):
    stored = _stored(net)
    kept = {"weights": {"norm": 1.5}}
    layers = _cut(net, stored, stats={1: kept}, bins=6)
    assert layers[1].stats is kept  # stored summaries are used as they are
    first = layers[0].stats
    assert set(first) == {
        "weights",
        "bias",
        "grad_weights",
        "grad_bias",
        "update_weights",
        "update_bias",
        "activation",
    }
    assert len(first["weights"]["hist"]) == 6
    expected = summarize(net.layers[0].weights, 6)
    np.testing.assert_array_equal(first["weights"]["hist"], expected["hist"])
    assert first["weights"]["norm"] == pytest.approx(expected["norm"])
    assert first["activation"]["size"] == 5 * 3  # the probe's activations


def test_statistics_only_runs_have_no_arrays(net):
    stored = _stored(net)
    stored.update(params=None, grads=None, updates=None, raw=None)
    nan = np.full(8, np.nan)
    stored["units"][1] = nan  # "active": not measured for tanh/sigmoid units
    layers = _cut(net, stored)
    for s in layers:
        assert s.weights is None and s.grad_weights is None and s.update_bias is None
        assert s.activations is None
        assert s.stats == {}  # nothing to summarize, nothing stored
        assert s.units["active"] is None and s.units["mean"] is not None


def test_a_layer_whose_units_were_not_measured_reads_none(net):
    stored = _stored(net)
    stored["units"][2, 3:7] = np.nan  # "saturated" of the second layer only
    layers = _cut(net, stored)
    assert layers[1].units["saturated"] is None
    assert layers[0].units["saturated"] is not None
    assert layers[2].units["saturated"] is not None


def _layer(weights, update_weights):
    norms = {"weights": weights, "update_weights": update_weights}
    return LayerSnapshot(0, "d", "relu", *[None] * 6, norms, {}, None)


def test_update_ratio():
    assert _layer(4.0, 0.01).update_ratio == pytest.approx(0.0025)
    assert _layer(0.0, 0.01).update_ratio == float("inf")  # weights all 0
