"""What every figure shares (_common.py): its sources (a network, a fitted
estimator, a run, never modified), its input arrays, and a run's own NumPy
integers for epoch=, layer=, bins= and max_neurons= (as read back from
run.snapshot_epochs and friends)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import neuroglass as ng
from neuroglass.views.figures import _common
from neuroglass.views.figures.activation_map import activation_map_data
from neuroglass.views.figures.network import network_data
from neuroglass.views.figures.training import distribution_data


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    X, y = ng.datasets.circle(n=100, seed=0)
    path = tmp_path_factory.mktemp("fig") / "fig.ngrun"
    net = ng.mlp([2, 4, 3, 1], activation="relu", output="sigmoid", loss="bce", seed=0)
    net.fit(
        X, y, epochs=4, batch_size=10, callbacks=[ng.Recorder(path, snapshot_every=1)]
    )
    with ng.open_run(path) as opened:
        yield opened
    plt.close("all")


@pytest.mark.parametrize("kind", [np.int64, np.int32, np.uint8])
def test_figures_take_numpy_integers(run, kind):
    epoch = run.snapshot_epochs[2]
    one = kind(1)
    data = activation_map_data(run, layer=one, epoch=epoch)
    assert [layer["index"] for layer in data["layers"]] == [1]
    assert distribution_data(run, layer=one, bins=kind(8))["counts"].shape == (4, 8)
    same = network_data(run, epoch=kind(2), max_neurons=kind(3))
    assert same["sizes"] == network_data(run, epoch=2, max_neurons=3)["sizes"]


@pytest.mark.parametrize("bad", [1.5, "1", True])
def test_figures_name_a_layer_that_is_not_an_integer(run, bad):
    with pytest.raises(ng.NeuroglassError, match="layer must be an integer"):
        distribution_data(run, layer=bad)
    with pytest.raises(ng.NeuroglassError, match="layer must be an integer"):
        activation_map_data(run, layer=bad)


def test_figures_do_not_modify_the_network(circle_net):
    net, X = circle_net[0], circle_net[1]
    net.forward(X[:3])
    before = net.parameters_vector()
    inputs = net.layers[0].inputs.copy()
    ng.plot.network(net, x=X[0])
    ng.plot.decision_boundary(net, X, resolution=20)
    ng.plot.neuron_maps(net, resolution=8)
    np.testing.assert_array_equal(net.parameters_vector(), before)
    np.testing.assert_array_equal(net.layers[0].inputs, inputs)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_estimators_and_runs_are_sources(tmp_path, circle_net):
    X_train, _, y_train, _ = circle_net[1:]
    clf = ng.MLPClassifier((4,), max_iter=20, random_state=0).fit(X_train, y_train)
    ng.plot.network(clf)
    ng.plot.decision_boundary(clf, X_train, y_train, resolution=20)
    path = tmp_path / "n.ngrun"
    net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    net.fit(X_train, y_train, epochs=3, callbacks=[ng.Recorder(path)])
    with ng.open_run(path) as run:
        data = ng.plot.network_data(run, epoch=0)
        np.testing.assert_allclose(
            np.sort(data["edges"][:, 3]),
            np.sort(
                np.concatenate(
                    [layer.weights.ravel() for layer in run.snapshot(0).layers]
                )
            ),
        )
        ng.plot.network(run, mode="updates")
    with pytest.raises(TypeError, match="expected a neuroglass Network"):
        ng.plot.network("model.npz")


def test_a_network_has_no_epochs_to_pick(circle_net):
    with pytest.raises(ValueError, match="epoch= picks a snapshot of a recorded run"):
        ng.plot.network(circle_net[0], epoch=1)


def test_one_sample_or_one_feature_becomes_a_matrix():
    assert _common.as_2d([1.0, 2.0], 2).shape == (1, 2)  # one sample, 2 features
    assert _common.as_2d([1.0, 2.0, 3.0], 1).shape == (3, 1)  # 3 samples, 1 feature
    with pytest.raises(ValueError, match=r"x must have 2 feature\(s\) per sample"):
        _common.as_2d([1.0, 2.0, 3.0], 2, "x")


def test_forward_all_is_every_layers_activation(circle_net):
    net, X = circle_net[0], circle_net[1][:5]
    out = _common.forward_all(net, X)
    assert [a.shape for a in out] == [(5, 4), (5, 2), (5, 1)]
    first = net.layers[0]
    np.testing.assert_allclose(out[0], np.tanh(X @ first.weights + first.bias))
    np.testing.assert_allclose(out[-1], net.predict(X))


def test_words_pick_the_language_and_make_chinese_drawable():
    import matplotlib as mpl

    table = {"en": {"epoch": "epoch"}, "zh": {"epoch": "轮"}}
    with mpl.rc_context({"font.family": ["sans-serif"]}):
        assert _common.words(table)["epoch"] == "epoch"
        assert mpl.rcParams["font.family"] == ["sans-serif"]  # English: untouched
        with ng.language("zh"):
            assert _common.words(table)["epoch"] == "轮"
        # matplotlib falls back glyph by glyph along font.family only
        assert mpl.rcParams["font.family"][0] == "sans-serif"
        assert "Noto Sans CJK SC" in mpl.rcParams["font.family"]
        assert _common.words(table, "en")["epoch"] == "epoch"
    with pytest.raises(ValueError, match="'en' or 'zh'"):
        _common.words(table, "fr")


def test_a_callers_axes_made_before_chinese_draws_chinese():
    """The title and labels of an Axes made before the first Chinese figure
    have the fonts of that time; the figure gives them the CJK fallback, so
    drawing raises no missing-glyph warning (an error here)."""
    import matplotlib as mpl

    X, y = ng.datasets.circle(n=40, seed=0)
    net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    net.fit(X, y, epochs=2, verbose=0)
    with mpl.rc_context({"font.family": ["sans-serif"]}):
        _, ax = plt.subplots()
        ng.plot.history(net, ax=ax, lang="zh")
        ax.figure.canvas.draw()
        assert ax.get_xlabel() == "轮"


def test_one_value_one_colour():
    """unit_colours: probabilities on 0..1 (grey at 0.5), the rest on -1..1
    (grey at 0), clipped beyond; orange low, blue high."""
    low, middle, high = _common.unit_colours([0.0, 0.5, 1.0], "sigmoid")
    np.testing.assert_allclose(middle, _common.unit_colours(0.0), atol=1e-2)
    np.testing.assert_allclose(low, _common.unit_colours(-1.0))
    np.testing.assert_allclose(high, _common.unit_colours(5.0))  # clipped
    assert low[0] > low[2] and high[2] > high[0]  # orange, blue
    assert _common.unit_colours(np.zeros((3, 4)), "tanh").shape == (3, 4, 4)
