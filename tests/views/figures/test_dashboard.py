"""The dashboard: every panel of a recorded run on one figure."""

import pytest

import neuroglass as ng


def test_dashboard_combines_the_panels(recorded_long):
    run = recorded_long[0]
    fig = ng.plot.dashboard(run)
    assert len(fig.axes) >= 6
    assert run.name in fig._suptitle.get_text()


def test_the_boundary_panel_shows_the_classes(recorded_long):
    """The points are the run's kept training sample, coloured by their labels,
    and a key names each class (they were the grey probe batch, unkeyed)."""
    import numpy as np
    from matplotlib.colors import to_rgba

    from neuroglass.views.figures import _common

    run = recorded_long[0]
    fig = ng.plot.dashboard(run)
    panel = next(ax for ax in fig.axes if ax.get_title() == "decision boundary")
    points = next(c for c in panel.collections if c.get_gid() == "train")
    _, inputs, targets = run.data_sample()
    np.testing.assert_allclose(points.get_offsets(), inputs)
    faces = points.get_facecolors()
    blue = np.all(np.isclose(faces, to_rgba(_common.POSITIVE)), axis=1)
    np.testing.assert_array_equal(blue, targets[:, 0] == 1)
    key = [t.get_text() for t in panel.get_legend().get_texts()]
    assert key == ["class 0", "class 1"]


def test_without_a_training_sample_the_probe_is_coloured_by_prediction(tmp_path):
    X, y = ng.datasets.circle(n=60, seed=0)
    net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    path = tmp_path / "r.ngrun"
    net.fit(X, y, epochs=2, callbacks=[ng.Recorder(path, data_samples=0)], verbose=0)
    with ng.open_run(path) as run:
        fig = ng.plot.dashboard(run)
        panel = next(ax for ax in fig.axes if ax.get_title() == "decision boundary")
        key = [t.get_text() for t in panel.get_legend().get_texts()]
        assert key == ["predicted class 0", "predicted class 1"]


@pytest.mark.slow  # records a PyTorch run
def test_the_dashboard_of_a_cnn_run_in_chinese(tmp_path, record_tiny_cnn):
    """Its layer graph and unit panel speak Chinese too, with no missing glyph
    (a warning at draw time, an error here)."""
    import re

    import matplotlib.text

    pytest.importorskip("torch")
    path, _, _, _ = record_tiny_cnn(
        tmp_path / "cnn.ngrun", epochs=2, probe=4, val=False
    )
    with ng.open_run(path) as run:
        fig = ng.plot.dashboard(run, lang="zh")
        fig.canvas.draw()
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert "单元（通道）" in texts
    assert sum(bool(re.search(r"[\u4e00-\u9fff]", t)) for t in texts) > 8
