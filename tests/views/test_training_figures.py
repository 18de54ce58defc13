"""Figures of a recorded run's insides, and of predictions against the truth."""

import numpy as np
import pytest

import neuroglass as ng


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    X, y = ng.datasets.circle(n=200, seed=0)
    path = tmp_path_factory.mktemp("figs") / "r.ngrun"
    net = ng.mlp([2, 6, 4, 1], activation="relu", output="sigmoid", loss="bce", seed=0)
    net.layers[0].bias = np.array([0, 0, 0, 0, 0, -100.0])  # one dead unit
    net.fit(
        X,
        y,
        epochs=12,
        batch_size=10,
        lr=0.05,
        validation_split=0.25,
        callbacks=[ng.Recorder(path)],
    )
    run = ng.open_run(path)
    yield run, net, X, y
    run.close()


def by_gid(ax, gid):
    return [a for a in ax.get_children() if a.get_gid() == gid]


def test_bands_span_the_recorded_min_and_max(recorded):
    run = recorded[0]
    ax = ng.plot.distributions(run, layer=1)
    epochs = run.snapshot_epochs
    outer = by_gid(ax, "band:0-8")[0]
    ys = outer.get_paths()[0].vertices[:, 1]
    lows = [run.snapshot(int(e)).layers[1].weights.min() for e in epochs]
    highs = [run.snapshot(int(e)).layers[1].weights.max() for e in epochs]
    assert ys.min() == pytest.approx(min(lows)) and ys.max() == pytest.approx(
        max(highs)
    )
    mean = by_gid(ax, "mean")[0]
    np.testing.assert_allclose(
        mean.get_ydata(),
        [run.snapshot(int(e)).layers[1].weights.mean() for e in epochs],
    )


def test_heatmap_rows_hold_every_parameter(recorded):
    run = recorded[0]
    data = ng.plot.distribution_data(run, layer=0, quantity="weights")
    assert data["counts"].shape == (len(run.snapshot_epochs), 30)
    np.testing.assert_allclose(data["counts"].sum(axis=1), 2 * 6)
    ax = ng.plot.distributions(run, kind="heatmap")
    assert by_gid(ax, "heatmap")[0].get_array().shape == (30, len(run.snapshot_epochs))
    ng.plot.distributions(run, kind="ridge", quantity="grad_weights")
    with pytest.raises(ValueError, match="quantity must be one of"):
        ng.plot.distributions(run, quantity="weight")


def test_gradient_flow_lines_are_the_recorded_norms(recorded):
    run = recorded[0]
    ax = ng.plot.gradient_flow(run)
    lines = [line for line in ax.lines if str(line.get_gid()).startswith("rms:")]
    assert len(lines) == 3
    first = [run.snapshot(int(e)).layers[0] for e in run.snapshot_epochs]
    np.testing.assert_allclose(
        lines[0].get_ydata(),
        [layer.norms["grad_weights"] / np.sqrt(12) for layer in first],
    )
    maxes = [line for line in ax.lines if str(line.get_gid()).startswith("max:")]
    np.testing.assert_allclose(
        maxes[0].get_ydata(), [np.abs(layer.grad_weights).max() for layer in first]
    )


def test_update_ratios_with_reference_line(recorded):
    run = recorded[0]
    ax = ng.plot.update_ratios(run)
    line = next(line for line in ax.lines if line.get_gid() == "ratio:1")
    expected = [
        run.snapshot(int(e)).layers[1].update_ratio for e in run.snapshot_epochs
    ]
    np.testing.assert_allclose(line.get_ydata(), np.log10(expected))
    reference = next(line for line in ax.lines if line.get_gid() == "reference")
    assert reference.get_ydata()[0] == -3


def test_activation_map_marks_the_dead_unit(recorded):
    run, net, X, _ = recorded
    ax = ng.plot.activations(run)
    image = by_gid(ax, "activations")[0].get_array()
    snap = run.snapshot()
    np.testing.assert_allclose(
        image,
        np.hstack([snap.layers[0].activations, snap.layers[1].activations]),
        rtol=1e-6,
    )
    dead = [t.get_position()[0] for t in by_gid(ax, "dead")]
    assert 5 in dead  # the unit with bias -100
    data = ng.plot.activation_data(net, X=X)
    assert data["dead"][5] and data["activations"].shape == (len(X), 10)
    with pytest.raises(ValueError, match="pass the samples"):
        ng.plot.activations(net)


def test_confusion_matrix_counts(recorded):
    _, net, X, y = recorded
    ax = ng.plot.confusion_matrix(net, X, y)
    predicted = net.predict_classes(X)
    expected = [[np.sum((y == t) & (predicted == p)) for p in (0, 1)] for t in (0, 1)]
    texts = [int(t.get_text()) for t in ax.texts]
    assert texts == [expected[0][0], expected[0][1], expected[1][0], expected[1][1]]
    data = ng.plot.confusion_matrix_data(net, X, y, normalize="true")
    np.testing.assert_allclose(data["values"].sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="needs a classifier"):
        ng.plot.confusion_matrix(ng.mlp([2, 1], seed=0), X, y)


def test_regression_fit_points():
    X, y = ng.datasets.plane(n=100, seed=0)
    net = ng.mlp([2, 1], loss="mse", seed=0)
    ax = ng.plot.regression_fit(net, X, y)
    offsets = by_gid(ax, "points")[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], y)
    np.testing.assert_allclose(offsets[:, 1], net.predict(X)[:, 0])
    assert "R^2" in ax.get_title()


def test_run_figures_need_a_run():
    with pytest.raises(TypeError, match="recorded run"):
        ng.plot.gradient_flow(ng.mlp([2, 1], seed=0))


def test_dashboard_combines_the_panels(recorded):
    run = recorded[0]
    fig = ng.plot.dashboard(run)
    assert len(fig.axes) >= 6
    assert run.name in fig._suptitle.get_text()
