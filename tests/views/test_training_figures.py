"""The dashboard, and run figures refusing what is not a run (the figures
themselves are tested in test_run_figures.py)."""

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


def test_run_figures_need_a_run():
    with pytest.raises(TypeError, match="recorded run"):
        ng.plot.gradient_flow(ng.mlp([2, 1], seed=0))


def test_dashboard_combines_the_panels(recorded):
    run = recorded[0]
    fig = ng.plot.dashboard(run)
    assert len(fig.axes) >= 6
    assert run.name in fig._suptitle.get_text()
