"""Loss landscapes: filter-normalised directions, PCA of the path, the grid."""

import numpy as np
import pytest

import neuroglass as ng


@pytest.fixture(scope="module")
def blobs():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 3))
    y = (X[:, 0] - X[:, 1] > 0).astype(int)
    return X, y


def test_filter_normalised_direction_matches_unit_norms(blobs):
    net = ng.mlp([3, 5, 1], output="sigmoid", loss="bce", seed=0)
    d = ng.plot.filter_normalized_direction(net, np.random.default_rng(1))
    offset = 0
    for layer in net.layers:
        w = d[offset : offset + layer.weights.size].reshape(layer.weights.shape)
        np.testing.assert_allclose(
            np.linalg.norm(w, axis=0), np.linalg.norm(layer.weights, axis=0)
        )
        bias = d[offset + layer.weights.size : offset + layer.n_params]
        assert not bias.any()
        offset += layer.n_params


def test_random_plane_is_the_loss_around_the_weights(blobs):
    X, y = blobs
    net = ng.mlp([3, 5, 1], output="sigmoid", loss="bce", seed=0)
    net.fit(X, y, epochs=20, batch_size=16, lr=0.3)
    before = net.parameters_vector()
    data = ng.plot.loss_landscape_data(net, X, y, steps=7, span=0.5)
    assert data["loss"].shape == (7, 7)
    assert data["loss"][3, 3] == pytest.approx(net.loss(X, y))  # the centre
    # any grid point is the loss of the shifted weights
    probe = net.copy()
    a, b = data["alphas"][1], data["betas"][5]
    probe.set_parameters_vector(
        before + a * data["directions"][0] + b * data["directions"][1]
    )
    assert data["loss"][5, 1] == pytest.approx(probe.loss(X, y))
    np.testing.assert_array_equal(net.parameters_vector(), before)  # untouched
    line = ng.plot.loss_landscape_data(net, X, y, dim=1, steps=5)
    assert line["loss"].shape == (5,) and line["loss"][2] == pytest.approx(
        net.loss(X, y)
    )


def test_pca_plane_holds_the_optimizer_path(tmp_path, blobs):
    X, y = blobs
    path = tmp_path / "l.ngrun"
    net = ng.mlp([3, 5, 1], output="sigmoid", loss="bce", seed=0)
    net.fit(X, y, epochs=12, batch_size=16, lr=0.3, callbacks=[ng.Recorder(path)])
    with ng.open_run(path) as run:
        data = ng.plot.loss_landscape_data(run, X, y, steps=5)
        assert "path" in data and data["path"].shape == (12, 2)
        assert 0 < sum(data["explained"]) <= 1 + 1e-9
        assert data["explained"][0] >= data["explained"][1]
        np.testing.assert_allclose(data["path"][-1], 0, atol=1e-9)  # ends at centre
        ax = ng.plot.loss_landscape(run, X, y, steps=5)
        assert "% of the path" in ax.get_xlabel()
        path_line = next(line for line in ax.lines if line.get_gid() == "path")
        np.testing.assert_allclose(path_line.get_xdata(), data["path"][:, 0])
        ng.plot.loss_landscape(run, X, y, steps=5, kind="surface")
    with pytest.raises(ValueError, match="needs a recorded Run"):
        ng.plot.loss_landscape_data(net, X, y, directions="pca")
    with pytest.raises(ValueError, match="kind must be"):
        ng.plot.loss_landscape(net, X, y, kind="wire")
