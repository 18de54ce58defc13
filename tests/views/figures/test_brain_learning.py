"""Figures of learning without backprop: what is drawn equals the results (PC1
along eigh's top eigenvector, Oja's path and the encoder ending on it, the
angle curves, Hebb's and Oja's norms and Hebb's stop)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from neuroglass.brain.bridge import oja_vs_backprop
from neuroglass.brain.plasticity import hebb, oja
from neuroglass.views.figures.brain_learning import (
    oja_vs_backprop_data,
    plot_oja_path,
    plot_oja_vs_backprop,
    plot_pc1_angles,
    plot_weight_norms,
)


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist {gid!r}, found {len(found)}"
    return found[0]


def unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


@pytest.fixture(scope="module")
def X():
    rng = np.random.default_rng(1)
    a = np.radians(-40.0)
    rotation = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
    return (rng.normal(size=(300, 2)) * [1.5, 0.4]) @ rotation + [0.5, 0.5]


@pytest.fixture(scope="module")
def result(X):
    return oja_vs_backprop(X, epochs=10, lr=0.01, seed=0)


def test_pc1_line_is_eighs_direction(X, result):
    centred = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(centred.T @ centred / len(X))
    reference = vectors[:, np.argmax(values)]
    ax = plot_oja_path(result)
    line = by_gid(ax, "pc1")
    xs, ys = line.get_xdata(), line.get_ydata()
    drawn = unit([xs[1] - xs[0], ys[1] - ys[0]])
    assert abs(abs(drawn @ reference) - 1.0) < 1e-12
    np.testing.assert_allclose([xs.mean(), ys.mean()], 0.0, atol=1e-12)  # centred
    cloud = by_gid(ax, "cloud").get_offsets()
    np.testing.assert_allclose(cloud, centred, atol=1e-12)


def test_both_paths_end_near_pc1(result):
    ax = plot_oja_path(result)
    path = by_gid(ax, "oja_path")
    np.testing.assert_array_equal(path.get_xdata(), result.oja.history[:, 0])
    np.testing.assert_array_equal(path.get_ydata(), result.oja.history[:, 1])
    end = np.array([path.get_xdata()[-1], path.get_ydata()[-1]])
    assert np.degrees(np.arccos(min(abs(unit(end) @ result.pc1), 1.0))) < 5.0
    np.testing.assert_array_equal(by_gid(ax, "oja_end").xy, end)
    encoder_end = np.asarray(by_gid(ax, "encoder_end").xy)
    np.testing.assert_allclose(encoder_end, unit(result.encoder_history[-1]))
    assert np.degrees(np.arccos(min(abs(encoder_end @ result.pc1), 1.0))) < 5.0
    markers = by_gid(ax, "encoder_directions")
    assert len(markers.get_xdata()) == 11  # the start and each epoch's end
    # the unit circle Oja's norm settles on is drawn
    circle = by_gid(ax, "unit_circle")
    np.testing.assert_allclose(np.hypot(circle.get_xdata(), circle.get_ydata()), 1.0)


def test_angle_curves_are_the_results(result):
    ax = plot_pc1_angles(result)
    oja_line = by_gid(ax, "oja_angles")
    np.testing.assert_array_equal(oja_line.get_ydata(), result.oja_angles)
    np.testing.assert_array_equal(
        oja_line.get_xdata(), np.arange(result.oja.history.shape[0])
    )
    enc_line = by_gid(ax, "encoder_angles")
    np.testing.assert_array_equal(enc_line.get_ydata(), result.encoder_angles)
    # batch_size=1: one step per sample, so samples seen = step number
    np.testing.assert_array_equal(
        enc_line.get_xdata(), np.arange(result.encoder_history.shape[0])
    )


def test_samples_seen_with_batches(X):
    result = oja_vs_backprop(X, epochs=2, lr=0.01, batch_size=64)
    samples = oja_vs_backprop_data(result)["encoder_samples"]
    # 300 samples: 4 batches of 64 and one of 44 per epoch
    assert samples[0] == 0 and samples[5] == 300 and samples[-1] == 600
    assert list(samples[:6]) == [0, 64, 128, 192, 256, 300]


def test_side_by_side_from_an_array(X):
    fig = plot_oja_vs_backprop(X, epochs=3, lr=0.01)
    left, right = fig.axes[:2]
    by_gid(left, "pc1")
    by_gid(right, "encoder_angles")
    _, axes = plt.subplots(1, 2)
    assert plot_oja_vs_backprop(X, axes=axes, epochs=1) is axes[0].figure


def test_wider_data_is_drawn_in_the_pc_plane():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4)) * [2.0, 0.7, 0.3, 0.2]
    data = oja_vs_backprop_data(oja_vs_backprop(X, epochs=3, lr=0.01))
    assert data["labels"] == ("PC1", "PC2")
    assert data["cloud"].shape == (200, 2)
    np.testing.assert_allclose(np.abs(data["pc1"]), [1.0, 0.0], atol=1e-12)


def test_weight_norms_are_the_results(X):
    with pytest.warns(RuntimeWarning, match="hebb: the weight norm reached"):
        h = hebb(X, lr=0.02, epochs=5, seed=0)
    o = oja(X, lr=0.02, epochs=5, seed=0)
    assert h.diverged
    ax = plot_weight_norms(h, o)
    np.testing.assert_array_equal(by_gid(ax, "hebb_norms").get_ydata(), h.norms)
    np.testing.assert_array_equal(by_gid(ax, "oja_norms").get_ydata(), o.norms)
    np.testing.assert_array_equal(
        by_gid(ax, "oja_norms").get_xdata(), np.arange(o.n_updates + 1)
    )
    stop = by_gid(ax, "hebb_stop")
    assert stop.get_xdata()[0] == h.n_updates
    assert f"after update {h.n_updates}" in stop.get_label()
    assert ax.get_yscale() == "log"
    assert abs(o.norms[-1] - 1.0) < 0.05 and h.norms[-1] > 1e5


def test_weight_norms_without_divergence_draw_no_stop(X):
    h = hebb(X, lr=0.001, epochs=1, seed=0)  # too short to diverge: no warning
    ax = plot_weight_norms(h, oja(X, lr=0.001, epochs=1))
    assert not [a for a in ax.get_children() if a.get_gid() == "hebb_stop"]


def test_weight_norms_name_a_wrong_source(X):
    with pytest.raises(TypeError, match="hebb_result must be a RuleResult"):
        plot_weight_norms(X, oja(X, epochs=1))


def test_oja_vs_backprop_leaves_the_callers_figure_layout_alone():
    X = np.random.default_rng(0).normal(size=(200, 2)) * [3.0, 0.7]
    fig = plt.figure(layout="constrained")
    sub = fig.subfigures(1, 2)[1]  # a subfigure has no tight_layout
    axes = sub.subplots(1, 2)
    assert plot_oja_vs_backprop(X, axes=axes, epochs=2) is sub
    assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
    plt.close(fig)
