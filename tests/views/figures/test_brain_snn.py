"""plot_snn_accuracy draws the run's own numbers and the ANN's accuracy."""

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.patches import Rectangle

import neuroglass as ng
from neuroglass import ConfigError
from neuroglass.brain.ann_to_snn import to_spiking
from neuroglass.views.figures.brain_snn import plot_snn_accuracy, snn_accuracy_data


@pytest.fixture(scope="module")
def snn_setup():
    """A small ReLU net on a 3-class slice of digits (fast), converted."""
    X, y = ng.datasets.digits()
    keep = y < 3
    X, y = X[keep], y[keep]
    net = ng.mlp([64, 16, 3], activation="relu", loss="cross_entropy", seed=0)
    net.fit(X[:300], y[:300], epochs=10, optimizer="adam", lr=0.01, verbose=False)
    return net, to_spiking(net, X[:300]), X[300:], y[300:]


def test_drawn_accuracy_is_the_runs(snn_setup):
    net, snn, X, y = snn_setup
    run = snn.run(X, 40.0)
    fig = plot_snn_accuracy(run, X, y, ann=net, log_time=False)
    ax, rates_ax = fig.axes
    line = ax.lines[0]
    assert np.array_equal(line.get_xdata(), run.t)
    assert np.array_equal(line.get_ydata(), run.accuracy(y))
    ann_accuracy = float((net.predict_classes(X) == y).mean())
    reference = ax.lines[1]
    assert np.allclose(reference.get_ydata(), ann_accuracy)
    band = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert band  # axhspan: ann +- 2 points
    low, high = snn_accuracy_data(run, X, y, ann=net)["band"]
    assert (low, high) == pytest.approx((ann_accuracy - 0.02, ann_accuracy + 0.02))
    bars = [p for p in rates_ax.patches if isinstance(p, Rectangle)]
    expected = [r.mean() * 1000.0 / run.duration for r in run.spike_counts]
    assert [b.get_height() for b in bars] == pytest.approx(expected)
    points = [c for c in rates_ax.collections if isinstance(c, PathCollection)]
    assert np.allclose(points[0].get_offsets()[:, 1], run.rates()[0].mean(axis=0))


def test_data_from_a_network_and_the_band(snn_setup):
    _, snn, X, y = snn_setup
    data = snn_accuracy_data(snn, X, y, ann=0.9, duration=30.0, band=0.05)
    assert data["accuracy"] == pytest.approx(snn.accuracy_vs_time(X, y, data["t"]))
    assert data["band"] == pytest.approx((0.85, 0.95))
    start = data["within_from"]
    if start is not None:  # from then on, every step is in the band
        later = data["accuracy"][data["t"] >= start]
        assert np.all(np.abs(later - 0.9) <= 0.05 + 1e-12)
    assert snn_accuracy_data(snn, X, y, duration=5.0)["ann_accuracy"] is None
    ax = plot_snn_accuracy(snn, X, y, duration=5.0, rates=False)
    assert len(ax.lines) == 1  # no reference without ann


def test_bad_input_is_named(snn_setup):
    _, snn, X, y = snn_setup
    with pytest.raises(ConfigError, match="accuracy in"):
        snn_accuracy_data(snn, X, y, ann=97.8, duration=5.0)
    with pytest.raises(ConfigError, match="SpikingNetwork"):
        snn_accuracy_data("snn", X, y)
