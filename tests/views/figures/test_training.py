"""Gradient flow and update ratios: the lines are the recorded norms."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.recorder import diagnostics
from neuroglass.views.figures import activation_map, training


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"nothing drawn with gid {gid!r}"
    return found[0]


def lines_with(ax, prefix):
    return [line for line in ax.get_lines() if str(line.get_gid()).startswith(prefix)]


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
