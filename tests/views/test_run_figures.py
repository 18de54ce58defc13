"""Figures of a recorded run and of predictions draw the recorded numbers."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder import diagnostics
from neuroglass.views.figures import activation_map, metrics, training

DEAD_UNIT = 1  # of the first layer: its bias is set far below any w . x


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"nothing drawn with gid {gid!r}"
    return found[0]


def lines_with(ax, prefix):
    return [line for line in ax.get_lines() if str(line.get_gid()).startswith(prefix)]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    X, y = ng.datasets.circle(n=200, seed=0)
    net = ng.mlp(
        [2, 6, 4, 1], activation=["relu", "tanh"], output="sigmoid", loss="bce", seed=0
    )
    net.layers[0].bias[DEAD_UNIT] = -50.0  # never active on |x| <= 5: a dead unit
    path = tmp_path_factory.mktemp("run") / "r.ngrun"
    net.fit(
        X,
        y,
        epochs=8,
        batch_size=20,
        lr=0.1,
        callbacks=[ng.Recorder(path)],
        validation_data=(X[:50], y[:50]),
        verbose=0,
    )
    run = ng.open_run(path)
    yield run, net, X, y
    run.close()


@pytest.fixture(scope="module")
def snapshots(recorded):
    run = recorded[0]
    return [run.snapshot(int(e)) for e in run.snapshot_epochs]


# -- distributions ------------------------------------------------------------------
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


# -- gradient flow and update ratios --------------------------------------------------
def test_gradient_flow_lines_are_rms_and_max_gradients(recorded, snapshots):
    run = recorded[0]
    ax = training.plot_gradient_flow(run)
    rms, peak = lines_with(ax, "rms:"), lines_with(ax, "max:")
    assert [line.get_gid() for line in rms] == [
        "rms:dense_1",
        "rms:dense_2",
        "rms:dense_3",
    ]
    assert len(peak) == 3
    for i in range(3):
        grads = [s.layers[i].grad_weights for s in snapshots]
        np.testing.assert_allclose(
            rms[i].get_ydata(), [np.sqrt(np.mean(g**2)) for g in grads], rtol=1e-6
        )
        np.testing.assert_allclose(
            rms[i].get_ydata(),
            [
                s.layers[i].norms["grad_weights"] / np.sqrt(g.size)
                for s, g in zip(snapshots, grads)
            ],
        )
        np.testing.assert_allclose(peak[i].get_ydata(), [abs(g).max() for g in grads])
        np.testing.assert_array_equal(rms[i].get_xdata(), run.snapshot_epochs + 1)
        assert rms[i].get_color() == peak[i].get_color()
        assert peak[i].get_linestyle() == "--"
    assert len({line.get_color() for line in rms}) == 3
    assert ax.get_yscale() == "log"
    assert training.plot_gradient_flow(run, log=False).get_yscale() == "linear"


def test_update_ratio_lines_and_thresholds(recorded, snapshots):
    run = recorded[0]
    ax = training.plot_update_ratios(run)
    lines = lines_with(ax, "ratio:")
    assert len(lines) == 3
    for i, line in enumerate(lines):
        expected = [
            np.log10(
                np.linalg.norm(s.layers[i].update_weights)
                / np.linalg.norm(s.layers[i].weights)
            )
            for s in snapshots
        ]
        np.testing.assert_allclose(line.get_ydata(), expected)
        np.testing.assert_array_equal(line.get_xdata(), run.snapshot_epochs + 1)
    reference = by_gid(ax, "reference")
    np.testing.assert_array_equal(reference.get_ydata(), [-3, -3])
    assert "1e-3" in [t.get_text() for t in ax.texts]
    high, low = by_gid(ax, "too-high"), by_gid(ax, "too-low")
    bottom, top = ax.get_ylim()
    assert high.get_y() == pytest.approx(np.log10(diagnostics.UPDATE_RATIO_HIGH))
    assert high.get_y() + high.get_height() == pytest.approx(top)
    assert low.get_y() == pytest.approx(bottom)
    assert low.get_y() + low.get_height() == pytest.approx(
        np.log10(diagnostics.UPDATE_RATIO_LOW)
    )


def test_a_run_with_statistics_only(tmp_path):
    """Above full_arrays_limit a run keeps norms and histograms, not arrays."""
    X, y = ng.datasets.circle(n=60, seed=0)
    net = ng.mlp([2, 4, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    recorder = ng.Recorder(tmp_path / "big.ngrun", full_arrays_limit=5)
    net.fit(X, y, epochs=3, batch_size=20, lr=0.1, callbacks=[recorder], verbose=0)
    with ng.open_run(tmp_path / "big.ngrun") as run:
        snap = run.snapshot()
        assert snap.layers[0].grad_weights is None
        stats = snap.layers[0].stats["grad_weights"]
        data = training.gradient_flow_data(run)
        assert data["max"][-1, 0] == max(abs(stats["min"]), abs(stats["max"]))
        np.testing.assert_allclose(data["rms"][-1, 0], stats["norm"] / np.sqrt(8))
        ax = training.plot_distributions(run, kind="heatmap")
        np.testing.assert_allclose(ax.get_images()[0].get_array().sum(axis=1), 8)
        with pytest.raises(ValueError, match="pass X"):
            activation_map.plot_activations(run)
        ax = activation_map.plot_activations(run, X=X[:10])  # the final network, on X
        final = run.network().layers[0]
        expected = np.tanh(X[:10] @ final.weights + final.bias)
        np.testing.assert_allclose(ax.get_images()[0].get_array(), expected)


# -- activations ----------------------------------------------------------------------
def test_activation_map_of_a_run_is_the_stored_probe_activations(recorded):
    run = recorded[0]
    snap = run.snapshot()
    ax = activation_map.plot_activations(run)
    for i, name in enumerate(("dense_1", "dense_2")):  # the hidden layers
        image = by_gid(ax, f"activations:{name}")
        np.testing.assert_array_equal(image.get_array(), snap.layers[i].activations)
    assert not [a for a in ax.get_images() if "dense_3" in a.get_gid()]
    # the dead unit is marked above its column, and nothing else is
    dead = by_gid(ax, "dead").get_offsets()
    np.testing.assert_array_equal(np.asarray(dead)[:, 0], [DEAD_UNIT])
    assert not snap.layers[0].activations[:, DEAD_UNIT].any()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("dead") and t.endswith(": 1") for t in legend)
    assert any(t.startswith("saturated") for t in legend)
    # the second layer starts after a one-column gap with a separator in it
    left, right, _, _ = by_gid(ax, "activations:dense_2").get_extent()
    assert (left, right) == (6.5, 10.5)
    np.testing.assert_array_equal(by_gid(ax, "separator").get_xdata(), [6, 6])
    assert "epoch 8" in ax.get_title()


def test_activation_map_of_a_network_computes_them(recorded):
    net, X = recorded[1], recorded[2]
    before = net.parameters_vector().copy()
    fig, ax = plt.subplots()
    assert activation_map.plot_activations(net, X=X[:40], layer=0, ax=ax) is ax
    assert fig.axes == [ax]
    expected = np.maximum(X[:40] @ net.layers[0].weights + net.layers[0].bias, 0)
    np.testing.assert_allclose(by_gid(ax, "activations:dense_1").get_array(), expected)
    assert len(ax.get_images()) == 1
    np.testing.assert_array_equal(by_gid(ax, "dead").get_offsets()[:, 0], [DEAD_UNIT])
    np.testing.assert_array_equal(net.parameters_vector(), before)
    with pytest.raises(ValueError, match="X is needed"):
        activation_map.plot_activations(net)
    with pytest.raises(IndexError, match="3 layers"):
        activation_map.plot_activations(net, X=X, layer=5)


def test_saturated_units_are_marked():
    X, _ = ng.datasets.circle(n=100, seed=1)
    net = ng.mlp([2, 5, 1], activation="tanh", seed=0)
    net.layers[0].weights[:, :3] *= 60.0  # three units driven into saturation
    ax = activation_map.plot_activations(net, X=X)
    a = np.tanh(X @ net.layers[0].weights + net.layers[0].bias)
    expected = np.flatnonzero((np.abs(a) > 0.97).mean(axis=0) > 0.9)
    assert expected.size >= 2
    marks = by_gid(ax, "saturated").get_offsets()
    np.testing.assert_array_equal(np.asarray(marks)[:, 0], expected)
    assert len(by_gid(ax, "dead").get_offsets()) == 0


# -- confusion matrix and regression fit --------------------------------------------
@pytest.fixture(scope="module")
def three_classes():
    X, y = ng.datasets.spirals(n=150, classes=3, seed=0)
    net = ng.mlp([2, 8, 3], activation="tanh", loss="cross_entropy", seed=0)
    net.fit(X, y, epochs=5, batch_size=16, lr=0.05, verbose=0)
    return net, X, y


def cell_texts(ax, k):
    return np.array(
        [[by_gid(ax, f"cell-{i}-{j}").get_text() for j in range(k)] for i in range(k)]
    )


def test_confusion_matrix_cells_are_the_counts(three_classes):
    net, X, y = three_classes
    predicted = net.predict(X).argmax(axis=1)
    counts = np.zeros((3, 3), dtype=int)
    for true, pred in zip(y, predicted):
        counts[true, pred] += 1
    assert counts.trace() < len(y)  # some mistakes, so off-diagonal cells count
    ax = metrics.plot_confusion_matrix(net, X, y)
    np.testing.assert_array_equal(cell_texts(ax, 3), counts.astype(str))
    np.testing.assert_array_equal(by_gid(ax, "matrix").get_array(), counts)
    assert ax.get_xlabel() == "predicted class"
    assert ax.get_ylabel() == "true class"
    assert f"{counts.trace() / len(y):.1%}" in ax.get_title()

    ax = metrics.plot_confusion_matrix(
        net, X, y, normalize="true", class_names=["a", "b", "c"]
    )
    rows = counts / counts.sum(axis=1, keepdims=True)
    np.testing.assert_array_equal(
        cell_texts(ax, 3), np.vectorize(lambda v: f"{v:.2f}")(rows)
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    one_hot = np.eye(3)[y]
    data = metrics.confusion_matrix_data(net, X, one_hot, normalize="pred")
    np.testing.assert_array_equal(data["counts"], counts)
    np.testing.assert_allclose(data["matrix"].sum(axis=0), 1.0)
    with pytest.raises(ValueError, match="one name per class"):
        metrics.plot_confusion_matrix(net, X, y, class_names=["a", "b"])


class FittedEstimator:
    """What the views see of a fitted classifier: network_, predict, classes_."""

    def __init__(self, net):
        self.network_ = net
        self.classes_ = np.array(["cat", "dog", "eel"])

    def predict(self, X):
        return self.classes_[self.network_.predict(X).argmax(axis=1)]


def test_confusion_matrix_of_an_estimator_and_a_run(three_classes, recorded):
    net, X, y = three_classes
    estimator = FittedEstimator(net)
    labels = estimator.classes_[y]
    data = metrics.confusion_matrix_data(estimator, X, labels)
    assert data["labels"].tolist() == ["cat", "dog", "eel"]
    np.testing.assert_array_equal(
        data["counts"], metrics.confusion_matrix_data(net, X, y)["counts"]
    )
    ax = metrics.plot_confusion_matrix(estimator, X, labels)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog", "eel"]

    run, _, Xc, yc = recorded  # a run: its final network
    final = run.network().predict_classes(Xc)
    counts = metrics.confusion_matrix_data(run, Xc, yc)["counts"]
    assert counts[1, 1] == np.count_nonzero((yc == 1) & (final == 1))
    assert counts[0, 1] == np.count_nonzero((yc == 0) & (final == 1))
    assert counts.sum() == len(yc)


def test_regression_fit_scatter_is_true_against_predicted():
    X, y = ng.datasets.plane(n=120, noise=0.1, seed=0)
    net = ng.mlp([2, 6, 1], loss="mse", seed=0)
    net.fit(X, y, epochs=5, batch_size=16, lr=0.01, verbose=0)
    predicted = net.predict(X)[:, 0]
    ax = metrics.plot_regression_fit(net, X, y)
    np.testing.assert_allclose(
        by_gid(ax, "points-0").get_offsets(), np.column_stack([y, predicted])
    )
    identity = by_gid(ax, "identity")
    np.testing.assert_array_equal(identity.get_xdata(), identity.get_ydata())
    r2 = 1 - np.sum((y - predicted) ** 2) / np.sum((y - y.mean()) ** 2)
    assert f"R² = {r2:.3f}" in ax.get_title()
    assert ax.get_xlim() == ax.get_ylim()
    with pytest.raises(ValueError, match="plot_regression_fit"):
        metrics.plot_confusion_matrix(net, X, y)


def test_regression_fit_refuses_a_classifier(three_classes):
    net, X, y = three_classes
    with pytest.raises(ValueError, match="plot_confusion_matrix"):
        metrics.plot_regression_fit(net, X, y)
