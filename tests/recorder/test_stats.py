"""Unit health: one function and one set of thresholds for the recorder, the
activation map and the playground."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.engine.activations import ACTIVATIONS
from neuroglass.recorder import stats
from neuroglass.recorder.capture import Capture
from neuroglass.recorder.stats import (
    SATURATED_SAMPLES,
    SATURATION,
    UnitStats,
    network_health,
    summarize,
    unit_health,
)
from neuroglass.views.figures.activation_map import activation_map_data

HIDDEN = [a for a in ACTIVATIONS if a != "softmax"]


def _net(hidden, output="sigmoid", seed=0):
    layers = [
        ng.Dense(2, 6, activation=hidden),
        ng.Dense(6, 5, activation=hidden),
        ng.Dense(5, 1, activation=output),
    ]
    loss = "bce" if output == "sigmoid" else "mse"
    return ng.Network(layers, loss=loss, seed=seed)


def _damage(net):
    """Push units to the flat ends: huge weights, and a few negative biases so
    some relu units never fire (and tanh/sigmoid units sit at -1 / 0)."""
    first, second = net.layers[0], net.layers[1]
    first.weights[...] *= 40
    first.bias[:3] = -1e9
    second.weights[...] *= 40
    second.bias[:2] = -1e9


def _capture(net, probe):
    capture = Capture(net, probe, full_arrays_limit=10_000, histogram_bins=8)
    _, summary = capture.snapshot(net, epoch=1, step=1)
    return summary


@pytest.mark.parametrize("activation", HIDDEN)
def test_recorder_and_activation_map_agree(activation):
    """The recorder's dead/saturated fractions (what its diagnostics judge)
    and the activation map's marks come from the same rule on the same
    activations, for every activation type."""
    net = _net(activation)
    _damage(net)
    probe = np.random.default_rng(1).normal(size=(64, 2))
    summary = _capture(net, probe)
    figure = activation_map_data(net, X=probe)["layers"]
    assert [layer["index"] for layer in figure] == [0, 1]
    for layer in figure:
        i = layer["index"]
        dead, saturated = layer["dead"], layer["saturated"]
        if activation in stats.CAN_DIE:
            assert summary.dead_fraction[i] == dead.mean()
            assert dead.any()  # the damage killed units: not a vacuous check
        else:
            assert summary.dead_fraction[i] is None
            assert not dead.any()
        if activation in stats.SQUASHING:
            assert summary.saturated_fraction[i] == saturated.mean()
            assert saturated.any()
        else:
            assert summary.saturated_fraction[i] is None
            assert not saturated.any()


@pytest.mark.parametrize("activation", HIDDEN)
def test_recorded_units_match_unit_health(tmp_path, activation):
    """A run's stored per-unit rows (Snapshot.layers[i].units) are the
    UnitHealth fractions of the probe's activations."""
    X, y = ng.datasets.circle(n=80, seed=0)
    net = _net(activation)
    path = tmp_path / "run.ngrun"
    net.fit(X, y, epochs=2, batch_size=20, callbacks=[ng.Recorder(path)])
    snap = ng.open_run(path).snapshot()
    names = [layer.activation_name for layer in snap.layers]
    health = network_health([layer.activations for layer in snap.layers], names)
    for layer, h in zip(snap.layers, health):
        for stored, computed in (
            (layer.units["active"], h.active),
            (layer.units["saturated"], h.saturation),
        ):
            if stored is None:  # the run keeps None where the rule does not apply
                assert np.isnan(computed).all()
            else:
                np.testing.assert_array_equal(stored, computed)


def _tanh_layer(n_saturated, n_samples):
    """(n_samples, 1) tanh activations: saturated on ``n_saturated`` samples."""
    values = np.zeros((n_samples, 1))
    values[:n_saturated] = 0.999
    return values


def test_saturated_means_more_than_ninety_percent_of_samples():
    """Exactly 90% is not 'more than 90%'. The recorder used to multiply the
    count by 1/n (189 * (1 / 210) = 0.9000000000000001 > 0.9) while the
    activation map divided, so the two disagreed on such a unit."""
    assert SATURATED_SAMPLES == 0.9
    at = unit_health(_tanh_layer(9, 10), "tanh")
    assert at.saturation[0] == 0.9
    assert not at.saturated[0]
    above = unit_health(_tanh_layer(10, 10), "tanh")
    assert above.saturated[0]
    for n in (10, 20, 30, 100, 210, 420, 490, 830, 1000):  # 90% of n exactly: never
        k = 9 * n // 10
        assert not unit_health(_tanh_layer(k, n), "tanh").saturated[0]
        assert unit_health(_tanh_layer(k + 1, n), "tanh").saturated[0]


def test_recorder_applies_the_sample_threshold_exactly():
    """The recorder's summary agrees with unit_health at the boundary: 189 of
    210 samples saturated is exactly 90% (the old recorder said saturated)."""
    net = ng.Network(
        [ng.Dense(1, 1, activation="tanh"), ng.Dense(1, 1, activation="sigmoid")],
        loss="bce",
        seed=0,
    )
    net.layers[0].weights[...] = 1e3
    net.layers[0].bias[...] = 0.0
    probe = np.r_[np.ones(189), np.zeros(21)][:, None]  # 189 at tanh(1000)
    summary = _capture(net, probe)
    assert summary.saturated_fraction[0] == 0.0
    probe = np.r_[np.ones(190), np.zeros(20)][:, None]
    assert _capture(net, probe).saturated_fraction[0] == 1.0


def test_saturation_level_boundary():
    """|a| must exceed SATURATION; sigmoid is measured as |2a - 1|."""
    n = 10
    at = np.full((n, 1), SATURATION)
    assert not unit_health(at, "tanh").saturated[0]
    assert not unit_health(-at, "tanh").saturated[0]
    beyond = np.full((n, 1), np.nextafter(SATURATION, 1.0))
    assert unit_health(beyond, "tanh").saturated[0]
    assert unit_health(-beyond, "tanh").saturated[0]
    # sigmoid: 0.99 and 0.01 are |2a - 1| = 0.98 > 0.97; 0.98 is 0.96
    assert unit_health(np.full((n, 1), 0.99), "sigmoid").saturated[0]
    assert unit_health(np.full((n, 1), 0.01), "sigmoid").saturated[0]
    assert not unit_health(np.full((n, 1), 0.98), "sigmoid").saturated[0]
    # the same value on tanh's scale: |0.99| > 0.97
    assert unit_health(np.full((n, 1), 0.99), "tanh").saturated[0]
    assert not unit_health(np.full((n, 1), 0.5), "sigmoid").saturated[0]


def test_dead_means_never_active():
    values = np.zeros((50, 3))
    values[0, 1] = 1e-12  # active on one sample: alive
    values[:, 2] = 3.0
    health = unit_health(values, "relu")
    assert health.dead.tolist() == [True, False, False]
    assert health.dead_fraction == pytest.approx(1 / 3)
    assert health.active.tolist() == [0.0, 1 / 50, 1.0]


@pytest.mark.parametrize("activation", HIDDEN)
def test_which_activations_can_die_or_saturate(activation):
    """relu dies, tanh and sigmoid saturate; nothing else is flagged, even on
    outputs stuck at 0 or at the extremes."""
    flat = np.zeros((20, 2))
    extreme = np.full((20, 2), 1.0)
    for values in (flat, extreme, -extreme):
        health = unit_health(values, activation)
        assert health.dead.any() == (activation == "relu" and (values <= 0).all()), (
            values[0]
        )
        assert (health.dead_fraction is None) == (activation != "relu")
        assert (health.saturated_fraction is None) == (
            activation not in ("tanh", "sigmoid")
        )
        if activation not in ("tanh", "sigmoid"):
            assert not health.saturated.any()
        relu_like = activation in stats.RELU_LIKE
        assert np.isnan(health.active).all() != relu_like


def test_output_layer_is_never_saturated_but_can_die():
    values = np.zeros((10, 2))
    values[:, 0] = 1.0
    assert unit_health(values, "sigmoid", output=True).saturated_fraction is None
    assert not unit_health(values, "sigmoid", output=True).saturated.any()
    assert unit_health(values, "sigmoid").saturated.tolist() == [True, True]
    dead = unit_health(values, "relu", output=True)
    assert dead.dead.tolist() == [False, True]


def test_aliases_and_integer_input():
    health = unit_health(np.ones((4, 2), dtype=int), "logistic")
    assert health.activation == "sigmoid"
    assert health.saturated.all()
    assert unit_health(np.zeros((3, 1)), "linear").activation == "identity"


def test_no_samples_flags_nothing():
    health = unit_health(np.zeros((0, 3)), "relu")
    assert not health.dead.any()
    assert health.dead_fraction is None
    assert np.isnan(health.mean).all()


def test_nan_activations_are_dead_relu_units():
    """A diverged relu layer (NaN outputs) is never > 0: dead, as before."""
    health = unit_health(np.full((4, 2), np.nan), "relu")
    assert health.dead.all()


def test_one_layer_needs_a_2d_array():
    with pytest.raises(ValueError, match=r"\(n_samples, n_units\)"):
        unit_health(np.zeros(5), "relu")


def test_network_health_matches_per_layer_calls():
    rng = np.random.default_rng(0)
    arrays = [
        rng.normal(size=(30, 4)) * 5,
        rng.normal(size=(30, 3)),
        rng.random((30, 1)),
    ]
    arrays[0][:, 0] = -1.0
    names = ["relu", "tanh", "sigmoid"]
    together = network_health([np.maximum(arrays[0], 0), *arrays[1:]], names)
    alone = [
        unit_health(np.maximum(arrays[0], 0), "relu"),
        unit_health(arrays[1], "tanh"),
        unit_health(arrays[2], "sigmoid", output=True),
    ]
    for a, b in zip(together, alone):
        np.testing.assert_array_equal(a.dead, b.dead)
        np.testing.assert_array_equal(a.saturated, b.saturated)
        np.testing.assert_allclose(a.mean, b.mean)
        assert a.dead_fraction == b.dead_fraction
        assert a.saturated_fraction == b.saturated_fraction
    assert together[0].dead[0]
    assert network_health([], []) == []


def test_unit_stats_layout_with_non_contiguous_groups():
    """relu, tanh, relu, tanh, sigmoid: the groups' rows are not contiguous."""
    names = ["relu", "tanh", "relu", "tanh", "sigmoid"]
    widths = [2, 3, 2, 1, 1]
    rng = np.random.default_rng(3)
    arrays = [rng.normal(size=(12, w)) for w in widths]
    arrays[0][:, 1] = -1
    arrays[0] = np.maximum(arrays[0], 0)
    arrays[1][:, 2] = 0.99
    by_unit = np.concatenate([a.T for a in arrays])
    table, dead, saturated, dead_fraction, saturated_fraction = UnitStats(
        names, widths
    ).measure(by_unit)
    assert table.shape == (3, sum(widths))
    assert dead.tolist()[:2] == [False, True]
    assert saturated.tolist()[2:5] == [False, False, True]
    assert dead_fraction[0] == 0.5 and dead_fraction[1] is None
    assert saturated_fraction[1] == pytest.approx(1 / 3)
    assert saturated_fraction[4] is None  # the output layer


# -- flags_from_fractions: the rule on fractions a run file stored -----------------
@pytest.mark.parametrize("activation", HIDDEN)
@pytest.mark.parametrize("output", [False, True])
def test_flags_from_fractions_agree_with_unit_health(activation, output):
    """Applied to the fractions unit_health measured, the rule flags the same
    units: one rule, whether the activations were kept or only their fractions."""
    rng = np.random.default_rng(7)
    values = rng.normal(size=(40, 6)) * 3
    values[:, 0] = -1.0  # never active
    values[:, 1] = 0.995  # saturated on every sample
    values[:36, 2] = 0.995  # on exactly 90% of the samples: not "more than 90%"
    if activation in stats.RELU_LIKE:
        values = np.maximum(values, 0)
    health = unit_health(values, activation, output=output)
    dead, saturated = stats.flags_from_fractions(
        health.active, health.saturation, activation, output=output
    )
    np.testing.assert_array_equal(dead, health.dead)
    np.testing.assert_array_equal(saturated, health.saturated)
    assert dead.dtype == bool and saturated.dtype == bool


def test_flags_from_fractions_thresholds():
    active = [0.0, 0.01, np.nan, 1.0]
    saturation = [SATURATED_SAMPLES, SATURATED_SAMPLES + 1e-9, np.nan, 1.0]
    dead, saturated = stats.flags_from_fractions(active, saturation, "relu")
    assert dead.tolist() == [True, False, False, False]
    assert not saturated.any()  # relu never saturates, whatever was stored
    dead, saturated = stats.flags_from_fractions(active, saturation, "tanh")
    assert not dead.any()  # tanh never dies
    assert saturated.tolist() == [False, True, False, True]
    _, saturated = stats.flags_from_fractions(active, saturation, "logistic")
    assert saturated.tolist() == [False, True, False, True]  # sigmoid's alias
    _, saturated = stats.flags_from_fractions(
        active, saturation, "sigmoid", output=True
    )
    assert not saturated.any()  # the output layer: confidence, not a problem


def test_flags_from_fractions_needs_matching_vectors():
    with pytest.raises(ValueError, match=r"shapes \(3,\) and \(2,\)"):
        stats.flags_from_fractions([0, 0, 0], [0, 0], "relu")
    with pytest.raises(ValueError, match="per-unit fractions"):
        stats.flags_from_fractions([[0.0]], [[0.0]], "relu")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_summarize_matches_numpy_in_either_precision(dtype):
    rng = np.random.default_rng(3)
    values = (rng.standard_normal(5000) * 0.1 + 0.3).astype(dtype)
    s = summarize(values, 30)
    exact = values.astype(np.float64)
    assert s["mean"] == pytest.approx(exact.mean(), rel=1e-7)
    assert s["std"] == pytest.approx(exact.std(), rel=1e-7)
    assert s["norm"] == pytest.approx(np.sqrt(np.sum(exact**2)), rel=1e-7)
    counts, edges = np.histogram(exact, bins=30, range=(exact.min(), exact.max()))
    np.testing.assert_array_equal(s["edges"], edges)
    # the same bins but for a value within rounding of an edge
    assert np.abs(s["hist"] - counts).sum() <= 2
    assert s["hist"].sum() == values.size and s["hist"][-1] >= 1  # max: last bin


def test_summarize_large_float32_values_do_not_overflow():
    s = summarize(np.array([1e30, -1e30, np.nan], np.float32), 4)
    assert s["size"] == 2 and s["norm"] == pytest.approx(np.sqrt(2) * 1e30, rel=1e-6)
    assert s["std"] == pytest.approx(1e30, rel=1e-6)
