"""ng.plot.filters and ng.plot.feature_maps: what they draw (one image per
filter or map, the colour limits, the titles), from arrays and from a run."""

from types import SimpleNamespace

import numpy as np
import pytest

from neuroglass.engine.errors import ConfigError, ShapeError
from neuroglass.views.figures.conv import (
    feature_maps_data,
    filters_data,
    plot_feature_maps,
    plot_filters,
)

RNG = np.random.default_rng(0)
WEIGHTS = RNG.normal(size=(10, 2, 3, 3))


def test_one_image_per_filter_with_one_symmetric_scale():
    ax = plot_filters(WEIGHTS, nrow=4)
    assert len(ax.images) == 10
    peak = np.abs(WEIGHTS.mean(axis=1)).max()
    for image in ax.images:
        assert image.get_clim() == pytest.approx((-peak, peak))
    np.testing.assert_allclose(ax.images[3].get_array(), WEIGHTS[3].mean(axis=0))
    title = ax.get_title()
    assert "10 filters 3×3, 2 input channel(s)" in title
    assert "mean over 2 input channels: orange < 0 < blue" in title
    assert f"±{peak:.3g}" in title
    assert len(ax.figure.axes) == 2  # the colour bar


def test_grid_layout_follows_nrow_and_padding():
    ax = plot_filters(WEIGHTS, nrow=4, padding=1)
    corners = [tuple(map(float, image.get_extent())) for image in ax.images]
    assert corners[0] == (0, 3, 3, 0)  # filter 0 at the top left
    assert corners[1] == (4, 7, 3, 0)  # 3 pixels + 1 of padding to the right
    assert corners[4] == (0, 3, 7, 4)  # the fifth starts the second row
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # rows go down


def test_per_filter_scaling_and_single_channel():
    ax = plot_filters(WEIGHTS, channels=1, scale="filter")
    for k, image in enumerate(ax.images):
        peak = np.abs(WEIGHTS[k, 1]).max()
        assert image.get_clim() == pytest.approx((-peak, peak))
    assert "input channel 1" in ax.get_title()
    assert "its own max |w|" in ax.get_title()
    assert len(ax.figure.axes) == 1  # no shared scale, so no colour bar


def test_three_input_channels_are_drawn_as_rgb():
    weights = RNG.normal(size=(4, 3, 5, 5))
    ax = plot_filters(weights)
    rgb = ax.images[0].get_array()
    assert rgb.shape == (5, 5, 3)
    peak = np.abs(weights).max()
    np.testing.assert_allclose(rgb, 0.5 + 0.5 * np.moveaxis(weights[0], 0, -1) / peak)
    assert ax.get_title().splitlines()[1].startswith("RGB: grey = 0")
    assert plot_filters(weights, channels="mean").images[0].get_array().ndim == 2


def test_max_filters_and_other_shapes():
    data = filters_data(RNG.normal(size=(100, 1, 3, 3)), max_filters=16)
    assert len(data["images"]) == 16 and data["n_filters"] == 100
    ax = plot_filters(RNG.normal(size=(100, 1, 3, 3)), max_filters=16)
    assert "16 of 100 filters" in ax.get_title()
    assert filters_data(np.ones((5, 4, 4)))["images"].shape == (5, 4, 4)
    assert filters_data(np.zeros((3, 3)))["limits"].tolist() == [[-1.0, 1.0]]


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"source": np.ones((2, 2, 2, 2, 2))}, ShapeError, "out_channels, in_chan"),
        ({"source": WEIGHTS, "channels": 5}, ConfigError, "channels=5 is out of"),
        ({"source": WEIGHTS, "channels": "rgb"}, ConfigError, "needs 3 input"),
        ({"source": WEIGHTS, "channels": "max"}, ConfigError, "channels must be"),
        ({"source": WEIGHTS, "scale": "local"}, ConfigError, "scale must be one"),
        ({"source": WEIGHTS, "epoch": 3}, ConfigError, "epoch= picks a snapshot"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        filters_data(**kwargs)


def _fake_run(weights, arrays=True):
    """A recorded PyTorch run as the views see it (duck-typed)."""
    layers = [
        {"name": "features.0", "type": "Conv2d", "weight_shape": list(weights.shape)},
        {"name": "head", "type": "Linear", "weight_shape": [3, 12]},
    ]

    def snapshot(epoch=None):
        epoch = 4 if epoch is None else epoch
        scaled = weights * (epoch + 1) if arrays else None
        return SimpleNamespace(
            epoch=epoch,
            layers=[
                SimpleNamespace(name="features.0", weights=scaled),
                SimpleNamespace(name="head", weights=np.zeros((3, 12))),
            ],
        )

    return SimpleNamespace(
        path="cnn.ngrun",
        config={"network": {"format": "torch.module", "layers": layers}},
        snapshot=snapshot,
        metrics=lambda: None,
    )


def test_filters_of_a_recorded_run():
    run = _fake_run(WEIGHTS)
    ax = plot_filters(run)
    assert len(ax.images) == 10
    assert ax.get_title().startswith("features.0: 10 filters 3×3")
    assert "epoch 5" in ax.get_title()  # snapshot 4 is after the fifth
    early = filters_data(run, "features.0", epoch=0)
    np.testing.assert_allclose(early["images"], WEIGHTS.mean(axis=1))
    with pytest.raises(ConfigError, match="'head' is not a 2-d convolutional"):
        filters_data(run, "head")
    with pytest.raises(ConfigError, match="statistics only at epoch 4"):
        filters_data(_fake_run(WEIGHTS, arrays=False))


def test_a_run_without_convolutions_says_so():
    run = _fake_run(WEIGHTS)
    run.config["network"]["layers"] = run.config["network"]["layers"][1:]
    with pytest.raises(ConfigError, match=r"no 2-d convolutional layer.*'head'"):
        filters_data(run)


def test_feature_maps_after_relu_start_at_zero():
    maps = np.maximum(RNG.normal(size=(3, 6, 4, 5)), 0)
    ax = plot_feature_maps(maps, sample=2, layer="features.1", nrow=3)
    assert len(ax.images) == 6
    for image in ax.images:
        assert image.get_clim() == pytest.approx((0.0, maps[2].max()))
        assert image.get_cmap().name == "viridis"
    np.testing.assert_array_equal(ax.images[5].get_array(), maps[2, 5])
    title = ax.get_title()
    assert title.startswith("features.1: 6 feature maps 4×5 for input 2")
    assert "0 dark, larger brighter" in title


def test_signed_maps_use_the_symmetric_diverging_scale():
    maps = RNG.normal(size=(4, 3, 3))
    ax = plot_feature_maps(maps, scale="map", colorbar=True)
    for k, image in enumerate(ax.images):
        peak = np.abs(maps[k]).max()
        assert image.get_clim() == pytest.approx((-peak, peak))
    assert "orange < 0 < blue" in ax.get_title()
    assert "each map scaled to its own" in ax.get_title()
    assert len(ax.figure.axes) == 1


def test_feature_maps_bad_input():
    with pytest.raises(ShapeError, match=r"neuroglass\.torch\.feature_maps"):
        feature_maps_data(np.zeros((4, 4)))
    with pytest.raises(ConfigError, match="sample=5 is out of range"):
        feature_maps_data(np.zeros((2, 3, 4, 4)), sample=5)
    with pytest.raises(ConfigError, match="scale must be one of global, map"):
        feature_maps_data(np.zeros((3, 4, 4)), scale="filter")
    assert feature_maps_data(np.zeros((70, 2, 2)))["images"].shape == (64, 2, 2)
