"""Animations: one frame per snapshot, written as GIF or MP4."""

import warnings

import numpy as np
import pytest
from PIL import Image

import neuroglass as ng


@pytest.fixture(scope="module")
def run_path(tmp_path_factory):
    X, y = ng.datasets.circle(n=200, seed=0)
    path = tmp_path_factory.mktemp("anim") / "c.ngrun"
    net = ng.mlp([2, 4, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(
        X,
        y,
        epochs=8,
        batch_size=10,
        lr=0.1,
        validation_split=0.3,
        callbacks=[ng.Recorder(path, snapshot_every=1)],
    )
    return path, X, y


def test_gif_has_a_frame_per_snapshot_and_changes(run_path, tmp_path):
    path, X, y = run_path
    out = tmp_path / "training.gif"
    with ng.open_run(path) as run:
        ng.animate(run, out, data=(X, y), progress=False, dpi=50, resolution=20)
        n_snapshots = len(run.snapshot_epochs)
    with Image.open(out) as gif:
        assert gif.n_frames == n_snapshots == 8
        gif.seek(0)
        first = np.asarray(gif.convert("RGB"), dtype=int)
        gif.seek(gif.n_frames - 1)
        last = np.asarray(gif.convert("RGB"), dtype=int)
    assert first.shape == last.shape
    assert np.abs(first - last).mean() > 0.5  # the training is visible


def test_max_frames_and_panels(run_path, tmp_path):
    path, _, _ = run_path
    out = tmp_path / "loss.gif"
    with ng.open_run(path) as run:
        ng.animate(run, out, panels=["loss"], max_frames=3, progress=False, dpi=40)
        with pytest.raises(ValueError, match="panels must be"):
            ng.animate(run, tmp_path / "x.gif", panels=["weights3d"])
        with pytest.raises(ValueError, match=r"\.gif or \.mp4"):
            ng.animate(run, tmp_path / "x.avi")
    with Image.open(out) as gif:
        assert gif.n_frames == 3
    with pytest.raises(TypeError, match="recorded run"):
        ng.animate(ng.mlp([2, 1], seed=0), tmp_path / "x.gif")


def test_mp4(run_path, tmp_path):
    pytest.importorskip("imageio_ffmpeg", reason="MP4 needs the video extra")
    path, X, y = run_path
    out = tmp_path / "training.mp4"
    with ng.open_run(path) as run:
        ng.animate(
            run, out, data=(X, y), progress=False, dpi=40, resolution=16, max_frames=4
        )
    data = out.read_bytes()
    assert len(data) > 1000 and b"ftyp" in data[:64]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"fps": 0}, r"fps .* must be a finite number > 0; got 0"),
        ({"max_frames": 0}, r"max_frames must be a positive integer; got 0"),
        ({"max_frames": 2.5}, r"max_frames must be an integer; got 2\.5"),
        ({"dpi": "high"}, r"dpi must be an integer; got 'high'"),
        ({"resolution": 1}, r"resolution must be an integer >= 2; got 1"),
        ({"progress": "yes"}, r"progress must be True or False; got 'yes'"),
    ],
)
def test_settings_are_checked_before_drawing(settings, message, run_path, tmp_path):
    path, _, _ = run_path
    out = tmp_path / "x.gif"
    with ng.open_run(path) as run:
        with pytest.raises(ng.ConfigError, match=message):
            ng.animate(run, out, **settings)
    assert not out.exists()


def _drawn_frames(monkeypatch):
    """The figures animate closes (its one figure, after the last frame)."""
    import matplotlib.pyplot as plt

    closed, close = [], plt.close
    monkeypatch.setattr(plt, "close", lambda fig: (closed.append(fig), close(fig)))
    return closed


def test_frames_in_chinese(run_path, tmp_path, monkeypatch):
    path, X, y = run_path
    closed = _drawn_frames(monkeypatch)
    with ng.open_run(path) as run, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ng.animate(run, tmp_path / "zh.gif", data=(X, y), progress=False, dpi=40,
                   resolution=10, max_frames=2, lang="zh")  # fmt: skip
    assert not [w for w in caught if "missing from font" in str(w.message)]
    network, boundary, loss = closed[0].axes[:3]
    assert network.get_title() == "权重，第8轮"
    assert boundary.get_title() == "输出，第8轮"
    assert loss.get_title() == "损失" and loss.get_xlabel() == "轮"
    legend = [t.get_text() for t in loss.get_legend().get_texts()]
    assert legend == ["训练损失", "验证损失"]


def test_frames_follow_the_language_setting_and_stay_english(run_path, tmp_path,
                                                             monkeypatch):  # fmt: skip
    path, _, _ = run_path
    closed = _drawn_frames(monkeypatch)
    with ng.open_run(path) as run:
        with ng.language("zh"):
            ng.animate(run, tmp_path / "a.gif", panels=["loss"], max_frames=1,
                       progress=False, dpi=30)  # fmt: skip
        ng.animate(run, tmp_path / "b.gif", panels=["network", "loss"],
                   max_frames=1, progress=False, dpi=30)  # fmt: skip
    assert closed[0].axes[0].get_title() == "损失"
    network, loss = closed[1].axes
    assert network.get_title() == "weights, epoch 1" and loss.get_title() == "loss"
    legend = [t.get_text() for t in loss.get_legend().get_texts()]
    assert legend == ["train loss", "validation loss"] and loss.get_xlabel() == "epoch"
