"""The decision boundary and the neuron maps are the network's output over
the input plane."""

import numpy as np
import pytest
from matplotlib.colors import to_rgba

import neuroglass as ng
from neuroglass.views.figures import _common


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"nothing drawn with gid {gid!r}"
    return found[0]


def test_boundary_image_is_the_networks_output(circle_net):
    net, X_train, X_test, y_train, y_test = circle_net
    xs, ys, out = ng.plot.decision_grid(net, resolution=50)
    grid = np.array([[x, y] for y in ys for x in xs])
    np.testing.assert_allclose(out.reshape(-1, 1), net.predict(grid))
    ax = ng.plot.decision_boundary(
        net,
        X_train,
        y_train,
        X_test=X_test,
        y_test=y_test,
        resolution=50,
        xlim=(-6, 6),
        ylim=(-6, 6),
    )
    image = by_gid(ax, "boundary").get_array()
    assert image.shape == (50, 50, 4)
    # where the network says class 1, the image is blue; class 0, orange
    blue = image[..., 2] > image[..., 0]
    clear = np.abs(out[..., 0] - 0.5) > 0.05  # the grey middle is neither
    np.testing.assert_array_equal(blue[clear], out[..., 0][clear] > 0.5)
    train = by_gid(ax, "train")
    test = by_gid(ax, "test")
    assert len(train.get_offsets()) == len(X_train)
    assert len(test.get_offsets()) == len(X_test)
    face = train.get_facecolors()
    n_blue = sum(np.allclose(c, to_rgba(_common.POSITIVE)) for c in face)
    assert n_blue == int(np.sum(y_train == 1))
    assert np.allclose(train.get_edgecolors()[0], to_rgba("white"))
    assert np.allclose(test.get_edgecolors()[0], to_rgba("black"))


def test_multiclass_boundary_uses_class_colours():
    X, y = ng.datasets.spirals(n=300, classes=3, seed=0)
    net = ng.mlp([2, 16, 3], activation="tanh", loss="cross_entropy", seed=0)
    net.fit(X, y, epochs=50, batch_size=16, optimizer="adam", lr=0.01)
    _, _, out = ng.plot.decision_grid(net, resolution=30)
    image = ng.plot.boundary_image(out, discretize=True)
    winners = out.argmax(axis=-1)
    for k in range(3):
        expected = to_rgba(_common.CLASS_COLORS[k])
        assert np.allclose(image[winners == k][:, :3], expected[:3])
    ax = ng.plot.decision_boundary(net, X, y)
    assert len(by_gid(ax, "train").get_offsets()) == 300


def test_boundary_with_more_than_two_inputs_and_errors():
    net = ng.mlp([3, 4, 1], output="sigmoid", loss="bce", seed=0)
    xs, ys, out = ng.plot.decision_grid(
        net, features=(0, 2), fixed=[0, 1.5, 0], resolution=5
    )
    grid = np.array([[x, 1.5, y] for y in ys for x in xs])
    np.testing.assert_allclose(out.reshape(-1, 1), net.predict(grid))
    with pytest.raises(ValueError, match="two different input indices"):
        ng.plot.decision_grid(net, features=(0, 0))
    with pytest.raises(ValueError, match="at least 2 inputs"):
        ng.plot.decision_grid(ng.mlp([1, 1], seed=0))


def test_neuron_maps_show_every_neuron(circle_net):
    net = circle_net[0]
    columns = ng.plot.neuron_grids(net, resolution=10)
    assert [c.shape[0] for c in columns] == [2, 4, 2, 1]
    fig = ng.plot.neuron_maps(net, resolution=10)
    maps = [ax for ax in fig.axes if (ax.get_gid() or "").startswith("neuron:")]
    assert len(maps) == 2 + 4 + 2 + 1
    # the output neuron's map is the network's prediction over the plane
    _, _, out = ng.plot.decision_grid(net, resolution=10)
    np.testing.assert_allclose(columns[-1][0], out[..., 0])


def test_the_boundary_keys_each_class_colour(circle_net):
    net, X_train, X_test, y_train, y_test = circle_net
    ax = ng.plot.decision_boundary(
        net, X_train, y_train, X_test=X_test, y_test=y_test, resolution=20
    )
    key = ax.get_legend()
    named = {t.get_text(): h for t, h in zip(key.get_texts(), key.legend_handles)}
    # each class is named with the colour its points are drawn in
    assert np.allclose(named["class 0"].get_facecolor(), to_rgba(_common.NEGATIVE))
    assert np.allclose(named["class 1"].get_facecolor(), to_rgba(_common.POSITIVE))
    assert "training set (white edge)" in named and "test set (black edge)" in named
    ax = ng.plot.decision_boundary(
        net, X_train, y_train, class_names=["outside", "inside"], resolution=20
    )
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "outside",
        "inside",
    ]
    with pytest.raises(ValueError, match="one name per class"):
        ng.plot.decision_boundary(net, X_train, y_train, class_names=["a"])


def test_a_multiclass_key_names_every_class():
    net = ng.mlp([2, 5, 3], loss="cross_entropy", seed=0)
    ax = ng.plot.decision_boundary(net, resolution=10)
    key = ax.get_legend()
    assert [t.get_text() for t in key.get_texts()] == ["class 0", "class 1", "class 2"]
    for k, handle in enumerate(key.legend_handles):
        assert np.allclose(handle.get_facecolor(), to_rgba(_common.CLASS_COLORS[k]))


def test_neuron_maps_have_a_colour_bar_a_class_key_and_named_inputs(circle_net):
    fig = ng.plot.neuron_maps(circle_net[0], resolution=10)
    bar = next(ax for ax in fig.axes if ax.get_gid() == "colorbar")
    assert bar.get_ylim() == (-1.0, 1.0)
    assert [t.get_text() for t in bar.get_yticklabels()] == ["-1", "0", "+1"]
    assert "-1 to +1" in bar.get_ylabel()
    inputs = [ax for ax in fig.axes if (ax.get_gid() or "").startswith("neuron:0:")]
    assert [ax.get_ylabel() for ax in inputs] == ["x1", "x2"]
    key = next(legend for legend in fig.legends if legend.get_gid() == "key")
    assert [t.get_text() for t in key.get_texts()] == ["class 0", "class 1"]
    # the classes' colours are those of the output's map at 0 and 1
    expected = _common.unit_colours([0.0, 1.0], "sigmoid")
    np.testing.assert_allclose(
        [h.get_facecolor() for h in key.legend_handles], expected
    )
