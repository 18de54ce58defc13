"""ANN -> SNN conversion (Diehl et al. 2015; Rueckauer et al. 2017).

References used here: the closed form of a non-leaky integrate-and-fire neuron
driven by a constant ``z`` per step (reset by subtraction: ``floor(T z)``
spikes in ``T`` steps, a rate of ``z`` within ``1/T``; reset to zero:
``1 / ceil(1 / z)`` per step), and the issue's target on ``digits``: the SNN's
test accuracy within 2 percentage points of the ReLU network's.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.brain.ann_to_snn import to_spiking
from neuroglass.engine.errors import ConfigError, DataError


@pytest.fixture(scope="module")
def digits_net():
    """A 64-64-10 ReLU MLP on digits (seeded; about half a second)."""
    X, y = ng.datasets.digits()
    order = np.random.default_rng(0).permutation(len(X))
    train, test = order[:1437], order[1437:]
    net = ng.mlp([64, 64, 10], activation="relu", loss="cross_entropy", seed=0)
    net.fit(X[train], y[train], epochs=30, optimizer="adam", lr=0.003, verbose=False)
    ann_accuracy = float((net.predict_classes(X[test]) == y[test]).mean())
    return net, X[train], X[test], y[test], ann_accuracy


@pytest.mark.parametrize(
    "options",
    [
        {},  # Rueckauer: 99.9th percentile, reset by subtraction, membrane output
        {"percentile": 100.0, "reset": "zero"},  # Diehl: max norm, reset to zero
        {"output": "spikes"},  # spiking output, class = most spikes
    ],
)
def test_digits_within_two_points_of_the_relu_network(digits_net, options):
    net, X_train, X_test, y_test, ann_accuracy = digits_net
    assert ann_accuracy > 0.95
    snn = to_spiking(net, X_train, **options)
    accuracy = snn.accuracy_vs_time(X_test, y_test, [1.0, 2.0, 50.0, 100.0, 200.0])
    # measured (seed 0): ANN 0.978; SNN 0.128, 0.881 after 1, 2 ms; 0.975-0.981
    # from 5 ms on (dt = 1 ms)
    assert abs(accuracy[2:] - ann_accuracy).max() <= 0.02
    assert accuracy[0] < 0.5 < accuracy[2]  # the first step is near chance
    assert accuracy[0] < accuracy[1] < accuracy[3]


@pytest.mark.slow
def test_digits_poisson_input_converges_more_slowly_but_gets_there(digits_net):
    net, X_train, X_test, y_test, ann_accuracy = digits_net
    snn = to_spiking(net, X_train, encoding="poisson", seed=0)
    run = snn.run(X_test, 300.0)
    accuracy = run.accuracy(y_test)
    # measured (seed 0): 0.153 at 1 ms, 0.956 at 5 ms, 0.975 at 20, 0.981 at 300
    assert abs(accuracy[-1] - ann_accuracy) <= 0.02
    assert accuracy[0] < 0.5 < accuracy[49]
    again = to_spiking(net, X_train, encoding="poisson", seed=0).run(X_test, 300.0)
    np.testing.assert_array_equal(again.predictions, run.predictions)


def test_accuracy_vs_time_reads_one_run_and_batches_agree(digits_net):
    net, X_train, X_test, y_test, _ = digits_net
    snn = to_spiking(net, X_train)
    run = snn.run(X_test, 20.0)
    np.testing.assert_array_equal(
        snn.accuracy_vs_time(X_test, y_test, [3.0, 20.0, 7.0]),
        run.accuracy(y_test)[[2, 19, 6]],
    )
    assert run.predictions.shape == (20, len(X_test))
    np.testing.assert_array_equal(run.t, np.arange(1.0, 21.0))
    alone = snn.predict(X_test[5:9], 20.0)  # a batch of 4 = the same rows in 360
    np.testing.assert_array_equal(alone, run.predictions[-1, 5:9])
    before = net.parameters_vector()
    to_spiking(net, X_train, percentile=50.0)
    np.testing.assert_array_equal(net.parameters_vector(), before)  # not mutated


def _one_unit_net(w1=0.8, b1=0.1, w2=2.0, b2=-0.3):
    """x -> relu(w1 x + b1) -> w2 a + b2: one hidden unit, linear output."""
    net = ng.mlp([1, 1, 1], activation="relu", output="identity", loss="mse", seed=0)
    net.layers[0].weights = [[w1]]
    net.layers[0].bias = [b1]
    net.layers[1].weights = [[w2]]
    net.layers[1].bias = [b2]
    return net


X_NORM = np.linspace(0.0, 1.0, 11)[:, None]  # activations 0.1 .. 0.9: lambda = 0.9


@pytest.mark.parametrize("v_th", [1.0, 2.0])
def test_subtract_reset_rate_is_the_normalised_relu_activation(v_th):
    net = _one_unit_net()
    x = np.array([0.0, 0.05, 0.2, 0.33, 0.5, 0.77, 1.0, -0.5])
    snn = to_spiking(net, X_NORM, percentile=100.0, v_th=v_th, dt=0.5)
    assert snn.scales[1] == pytest.approx(0.9)
    n_steps = 1000
    run = snn.run(x[:, None], n_steps * 0.5)
    activation = np.maximum(0.8 * x + 0.1, 0.0)
    per_step = run.spike_counts[0][:, 0] / n_steps
    # rate * dt = a / lambda, within 1/T (T in steps), whatever v_th
    assert np.abs(per_step - activation / 0.9).max() <= 1.0 / n_steps
    hz = run.rates()[0][:, 0]
    np.testing.assert_allclose(hz * 0.5 / 1000.0, per_step)
    # the decoded output is the ANN's output within |w2| lambda / T
    z_out = 2.0 * activation - 0.3
    assert np.abs(run.output[:, 0] - z_out).max() <= 2.0 * 0.9 / n_steps + 1e-12
    np.testing.assert_array_equal(snn.predict(x[:, None], 500.0), run.output)
    assert run.predictions is None


def test_zero_reset_loses_the_residual_as_diehl_describes():
    net = _one_unit_net()
    z = np.array([0.3, 0.45, 0.7])  # 1/z = 3.33, 2.22, 1.43: ceil = 4, 3, 2
    x = (z * 0.9 - 0.1) / 0.8
    n_steps = 1200
    snn = to_spiking(net, X_NORM, percentile=100.0, reset="zero")
    counts = snn.run(x[:, None], float(n_steps)).spike_counts[0][:, 0]
    expected = [n_steps // math.ceil(1.0 / value) for value in z]
    np.testing.assert_array_equal(counts, expected)


def test_binary_sigmoid_output_reads_the_sign():
    X = np.array([[0.0], [1.0]])
    net = ng.mlp([1, 1, 1], activation="relu", loss="bce", seed=0)
    net.layers[0].weights, net.layers[0].bias = [[1.0]], [0.0]
    net.layers[1].weights, net.layers[1].bias = [[2.0]], [-1.0]
    for output in ("membrane", "spikes"):
        snn = to_spiking(net, X, output=output)
        np.testing.assert_array_equal(snn.predict(X, 50.0), [0, 1])


def test_bad_input_is_named():
    net = _one_unit_net()
    tanh = ng.mlp([2, 3, 3, 2], activation=["relu", "tanh"], loss="cross_entropy")
    with pytest.raises(ConfigError, match=r"layer 2 .*'tanh'"):
        to_spiking(tanh, np.ones((3, 2)))
    out_tanh = ng.mlp([1, 2, 1], activation="relu", output="tanh", loss="mse")
    with pytest.raises(ConfigError, match=r"output layer.*'tanh'"):
        to_spiking(out_tanh, X_NORM)
    with pytest.raises(ConfigError, match=r"ng\.Network"):
        to_spiking("net", X_NORM)
    with pytest.raises(DataError, match="X_norm contains nan at row 1"):
        to_spiking(net, [[0.0], [np.nan]])
    with pytest.raises(ConfigError, match="percentile"):
        to_spiking(net, X_NORM, percentile=0)
    with pytest.raises(ConfigError, match="reset must be 'subtract' or 'zero'"):
        to_spiking(net, X_NORM, reset="rest")
    with pytest.raises(ConfigError, match="encoding"):
        to_spiking(net, X_NORM, encoding="rate")
    with pytest.raises(ConfigError, match="v_th"):
        to_spiking(net, X_NORM, v_th=0.0)
    with pytest.raises(DataError, match=r"X_norm holds -0\.1 at row 0.*X >= 0"):
        to_spiking(net, -X_NORM[1:], encoding="poisson")
    snn = to_spiking(net, X_NORM)
    with pytest.raises(DataError, match="X contains nan"):
        snn.predict([[np.nan]], 10.0)
    for duration in (0.0, -5.0, float("nan")):
        with pytest.raises(ConfigError, match="duration"):
            snn.predict(X_NORM, duration)
    with pytest.raises(ConfigError, match=r"10\.5 ms is not a whole number"):
        snn.predict(X_NORM, 10.5)
    with pytest.raises(ConfigError, match="at most 100000"):
        snn.predict(X_NORM, 1e6, dt=1.0)
    with pytest.raises(ConfigError, match="dt"):
        snn.predict(X_NORM, 10.0, dt=0.0)
    with pytest.raises(ConfigError, match="accuracy is for classifiers"):
        snn.run(X_NORM, 5.0).accuracy(np.zeros(11))
