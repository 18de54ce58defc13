"""The figures draw what the network holds: edges, colours, points, curves."""

import time

import numpy as np
import pytest
from matplotlib.colors import to_rgba

import neuroglass as ng
from neuroglass.views.figures import _common


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"nothing drawn with gid {gid!r}"
    return found[0]


@pytest.fixture(scope="module")
def circle_net():
    X, y = ng.datasets.circle(n=300, seed=0)
    X_train, X_test, y_train, y_test = ng.datasets.train_test_split(X, y, seed=0)
    net = ng.mlp([2, 4, 2, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(X_train, y_train, epochs=150, batch_size=10, lr=0.03)
    return net, X_train, X_test, y_train, y_test


def test_network_edges_are_the_weights(circle_net):
    net = circle_net[0]
    ax = ng.plot.network(net)
    edges = by_gid(ax, "edges")
    assert len(edges.get_segments()) == 2 * 4 + 4 * 2 + 2 * 1
    data = ng.plot.network_data(net)
    weights = np.concatenate([layer.weights.ravel() for layer in net.layers])
    np.testing.assert_allclose(np.sort(data["edges"][:, 3]), np.sort(weights))
    # colours by sign: the strongest negative edge is orange, positive blue
    order = np.argsort(np.abs(data["edges"][:, 3]))
    values = data["edges"][order, 3]
    colours = edges.get_colors()
    neg, pos = np.argmin(values), np.argmax(values)
    assert colours[neg][0] > colours[neg][2]  # more red than blue: orange
    assert colours[pos][2] > colours[pos][0]  # blue
    widths = np.asarray(edges.get_linewidths())
    assert widths[np.argmax(np.abs(values))] == widths.max()
    neurons = by_gid(ax, "neurons")
    assert len(neurons.get_paths()) == 2 + 4 + 2 + 1
    assert len(by_gid(ax, "biases").get_paths()) == 4 + 2 + 1


def test_network_neurons_show_the_activation_for_x(circle_net):
    net, X = circle_net[0], circle_net[1]
    data = ng.plot.network_data(net, x=X[0])
    z = X[0] @ net.layers[0].weights + net.layers[0].bias
    np.testing.assert_allclose(data["activations"][1], np.tanh(z))
    ax = ng.plot.network(net, x=X[0])
    fills = by_gid(ax, "neurons").get_facecolors()
    cmap = _common.diverging_cmap()
    np.testing.assert_allclose(
        fills[2], cmap((np.clip(np.tanh(z[0]), -1, 1) + 1) / 2), atol=1e-6
    )


def test_gradients_and_updates_modes(circle_net):
    net = circle_net[0].copy()
    X, y = circle_net[1][:20], circle_net[3][:20]
    with pytest.raises(ValueError, match="has none yet"):
        ng.plot.network(net, mode="gradients")
    net.forward(X)
    net.backward(y)
    data = ng.plot.network_data(net, mode="gradients")
    assert np.sort(data["edges"][:, 3])[0] == pytest.approx(
        min(layer.grad_weights.min() for layer in net.layers)
    )
    ng.plot.network(net, mode="gradients", orientation="vertical")
    with pytest.raises(ValueError, match="mode must be one of"):
        ng.plot.network(net, mode="weight")


def test_large_network_is_elided_and_fast():
    net = ng.mlp(
        [784, 256, 128, 10],
        activation="relu",
        loss="cross_entropy",
        seed=0,
        dtype="float32",
    )
    start = time.perf_counter()
    ax = ng.plot.network(net)
    ax.figure.canvas.draw()
    elapsed = time.perf_counter() - start
    edges = by_gid(ax, "edges")
    assert len(edges.get_segments()) == 16 * 16 + 16 * 16 + 16 * 10
    texts = [t.get_text() for t in ax.texts]
    assert "+768 more" in texts and "+240 more" in texts and "+112 more" in texts
    assert elapsed < 10  # ~0.3 s here; generous for a loaded CI machine


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
    assert len(fig.axes) == 2 + 4 + 2 + 1
    # the output neuron's map is the network's prediction over the plane
    _, _, out = ng.plot.decision_grid(net, resolution=10)
    np.testing.assert_allclose(columns[-1][0], out[..., 0])


def test_history_from_network_history_and_run(circle_net, tmp_path):
    net = circle_net[0]
    ax = ng.plot.history(net.history)
    train = by_gid(ax, "train")
    np.testing.assert_allclose(train.get_ydata(), net.history.loss)
    X_train, X_test, y_train, y_test = circle_net[1:]
    path = tmp_path / "h.ngrun"
    other = ng.mlp([2, 4, 1], output="sigmoid", loss="bce", seed=0)
    other.fit(
        X_train,
        y_train,
        epochs=5,
        batch_size=10,
        validation_data=(X_test, y_test),
        callbacks=[ng.Recorder(path)],
    )
    with ng.open_run(path) as run:
        ax = ng.plot.history(run, log=True)
        np.testing.assert_allclose(
            by_gid(ax, "validation").get_ydata(), run.metrics(format="dict")["val_loss"]
        )
        assert len(by_gid(ax, "steps").get_ydata()) == len(run.steps["loss"])
        ax = ng.plot.history(run, metric="accuracy")
        assert ax.get_ylabel() == "accuracy"
    with pytest.raises(ValueError, match="no training history"):
        ng.plot.history(ng.mlp([2, 1], seed=0))


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
