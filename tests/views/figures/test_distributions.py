"""The distributions of a recorded run: bands, heat maps and ridges are the
stored histograms and statistics."""

import numpy as np
import pytest

from neuroglass.views.figures import training


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"nothing drawn with gid {gid!r}"
    return found[0]


def lines_with(ax, prefix):
    return [line for line in ax.get_lines() if str(line.get_gid()).startswith(prefix)]


def test_bands_span_the_recorded_min_and_max(recorded, snapshots):
    run = recorded[0]
    ax = training.plot_distributions(run, layer=1, quantity="weights")
    x = run.snapshot_epochs + 1
    outer = by_gid(ax, "band-0").get_paths()[0].vertices
    inner = by_gid(ax, "band-3").get_paths()[0].vertices
    for epoch, snap in zip(x, snapshots):
        weights = snap.layers[1].weights
        ys = outer[outer[:, 0] == epoch, 1]
        assert ys.min() == pytest.approx(weights.min())
        assert ys.max() == pytest.approx(weights.max())
        half = inner[inner[:, 0] == epoch, 1]  # mean -+ 0.5 std
        spread = 0.5 * weights.std()
        assert half.min() == pytest.approx(max(weights.mean() - spread, weights.min()))
        assert half.max() == pytest.approx(min(weights.mean() + spread, weights.max()))
    mean = by_gid(ax, "mean")
    np.testing.assert_array_equal(mean.get_xdata(), x)
    np.testing.assert_allclose(
        mean.get_ydata(), [s.layers[1].weights.mean() for s in snapshots]
    )
    # the bands get darker toward the middle
    alphas = [by_gid(ax, f"band-{k}").get_alpha() for k in range(4)]
    assert alphas == sorted(alphas)
    assert "dense_2" in ax.get_title() and "weights" in ax.get_title()
    assert ax.get_xlabel() == "epoch"


@pytest.mark.parametrize(
    ("layer", "quantity", "size"),
    [(1, "weights", 6 * 4), (0, "activation", 200 * 6), (0, "grad_bias", 6)],
)
def test_heatmap_rows_are_each_snapshots_histogram(recorded, layer, quantity, size):
    run = recorded[0]
    ax = training.plot_distributions(
        run, layer=layer, quantity=quantity, kind="heatmap"
    )
    image = by_gid(ax, "histograms").get_array()
    assert image.shape == (len(run.snapshot_epochs), 30)
    np.testing.assert_allclose(image.sum(axis=1), size)
    data = training.distribution_data(run, layer=layer, quantity=quantity)
    np.testing.assert_allclose(image, data["counts"])
    # the shared edges cover every snapshot's values, and the image spans them
    stats = [run.snapshot(int(e)).layers[layer].stats[quantity] for e in data["epochs"]]
    assert data["edges"][0] == pytest.approx(min(s["min"] for s in stats))
    assert data["edges"][-1] == pytest.approx(max(s["max"] for s in stats))
    left, right, _, _ = by_gid(ax, "histograms").get_extent()
    assert (left, right) == pytest.approx((data["edges"][0], data["edges"][-1]))


def test_rebin_keeps_counts_and_is_exact_on_the_same_edges():
    counts, edges = np.array([3, 0, 5, 2]), np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(training.rebin(counts, edges, edges), counts)
    wider = np.linspace(-1.0, 5.0, 4)  # [-1, 1, 3, 5]
    np.testing.assert_allclose(training.rebin(counts, edges, wider), [3, 5, 2])
    halves = np.linspace(0.0, 4.0, 9)
    np.testing.assert_allclose(
        training.rebin(counts, edges, halves), [1.5, 1.5, 0, 0, 2.5, 2.5, 1, 1]
    )


def test_ridge_draws_one_outline_per_snapshot(recorded):
    run = recorded[0]
    ax = training.plot_distributions(run, layer=0, quantity="activation", kind="ridge")
    data = training.distribution_data(run, layer=0, quantity="activation")
    ridges = lines_with(ax, "ridge-")
    assert len(ridges) == len(run.snapshot_epochs)
    centers = (data["edges"][:-1] + data["edges"][1:]) / 2
    for i, line in enumerate(ridges):
        np.testing.assert_allclose(line.get_xdata(), centers)
        # each outline rises above its own row (the y axis points down), in
        # proportion to that snapshot's counts, its peak 1.6 rows high
        counts = data["counts"][i]
        np.testing.assert_allclose(
            i - np.asarray(line.get_ydata()), 1.6 * counts / counts.max()
        )
    assert ax.get_ylabel().startswith("epoch")


def test_distribution_arguments_are_checked(recorded):
    run, net = recorded[0], recorded[1]
    with pytest.raises(ValueError, match="kind"):
        training.plot_distributions(run, kind="violin")
    with pytest.raises(ValueError, match="quantity"):
        training.plot_distributions(run, quantity="gradients")
    with pytest.raises(IndexError, match="3 layers"):
        training.plot_distributions(run, layer=3)
    with pytest.raises(TypeError, match="Recorder"):
        training.plot_distributions(net)
