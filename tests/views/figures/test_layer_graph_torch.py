"""The convolutional views on a real recorded PyTorch run: ng.plot.network
draws its layer graph, ng.plot.filters its learned kernels, and
ng.plot.feature_maps the maps neuroglass.torch.feature_maps computes."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import neuroglass as ng  # noqa: E402
from neuroglass.torch.maps import feature_maps  # noqa: E402

pytestmark = pytest.mark.slow  # records a run: importing torch and opening it


@pytest.fixture(scope="module")
def cnn_run(tmp_path_factory, record_tiny_cnn):
    path = tmp_path_factory.mktemp("runs") / "cnn.ngrun"
    path, model, x, _ = record_tiny_cnn(path, epochs=2, probe=4, val=False)
    return ng.open_run(path), model, x


def test_plot_network_of_a_cnn_run_is_its_layer_graph(cnn_run):
    run, _, _ = cnn_run
    ax = ng.plot.plot_network(run)
    boxes = [p for p in ax.patches if (p.get_gid() or "").startswith("box-")]
    assert len(boxes) == 5
    texts = [t.get_text() for t in ax.texts]
    assert "Conv2d 1→4, 3×3, pad 1" in texts and "Linear 64→3" in texts
    assert ax.get_title().startswith("Sequential: 5 modules, 235 parameters")


def test_filters_of_the_run_are_the_trained_kernels(cnn_run):
    run, model, _ = cnn_run
    from neuroglass.views.figures.conv import plot_filters

    ax = plot_filters(run)
    assert len(ax.images) == 4
    kernels = model[0].weight.detach().numpy()[:, 0]
    for image, kernel in zip(ax.images, kernels, strict=True):
        np.testing.assert_allclose(image.get_array(), kernel, rtol=1e-6)
    assert ax.get_title().startswith("0: 4 filters 3×3, 1 input channel(s), epoch 2")


def test_feature_maps_of_the_model(cnn_run):
    _, model, x = cnn_run
    from neuroglass.views.figures.conv import plot_feature_maps

    maps = feature_maps(model, "1", x[:2])
    ax = plot_feature_maps(maps, layer="1 (ReLU)")
    assert len(ax.images) == 4 and ax.images[0].get_clim()[0] == 0.0


def test_the_dashboard_shows_the_layer_graph_and_the_units(cnn_run):
    run, _, _ = cnn_run
    fig = ng.plot.dashboard(run)
    graph, corner = fig.axes[1], fig.axes[2]
    boxes = [p for p in graph.patches if (p.get_gid() or "").startswith("box-")]
    assert len(boxes) == 5 and graph.get_title().startswith("Sequential: 5 modules")
    texts = [t.get_text() for t in graph.texts]
    assert "Conv2d 1→4, 3×3, pad 1 · out 4×8×8" in texts
    assert "input 1×8×8" in texts and "MaxPool2d 2×2 · out 4×4×4" in texts
    assert corner.get_title().startswith("units on the probe batch, epoch 2")
    (image,) = corner.images
    active = run.snapshot().layers[0].units["active"]
    np.testing.assert_allclose(image.get_array()[0], active)


def test_activations_of_a_cnn_run_say_why_and_what_instead(cnn_run):
    run, _, x = cnn_run
    for kwargs in ({}, {"X": x[:2].numpy()}):
        with pytest.raises(ValueError, match="not a Sequential of Linear") as info:
            ng.plot.activations(run, **kwargs)
        assert "Conv2d, Linear" in str(info.value)
        assert "neuroglass.torch.feature_maps" in str(info.value)
        assert "too large" not in str(info.value)


def test_the_report_of_a_cnn_run(cnn_run):
    from neuroglass.views.report import build_report

    run, _, _ = cnn_run
    text = build_report(run)
    assert "Conv2d(1, 4) -&gt; Linear(64, 3)" in text
    assert "<td>framework</td><td>torch " in text
    for caption in (
        "layers in order, with their output shapes",
        "units on the probe batch",
        "learned filters of &#x27;0&#x27;",
    ):
        assert f"<figcaption>{caption}</figcaption>" in text
    assert "need a network of dense layers" in text
