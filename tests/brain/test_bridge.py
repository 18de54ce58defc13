"""Oja's rule vs backprop: both reach the first principal component.

The reference direction is the top eigenvector of the sample covariance from
``numpy.linalg.eigh``, computed here independently of the module; the
autoencoder must be trained by the engine (its History says so).
"""

import numpy as np
import pytest

from neuroglass.brain.bridge import angle_to, oja_vs_backprop
from neuroglass.engine.callbacks import History
from neuroglass.engine.errors import ConfigError, DataError, ShapeError
from neuroglass.engine.network import Network


def cloud(n=400, stds=(2.0, 0.5), degrees=30.0, offset=(1.0, -2.0), seed=3):
    """A 2-D Gaussian cloud stretched along the direction at ``degrees``."""
    rng = np.random.default_rng(seed)
    a = np.radians(degrees)
    rotation = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
    return (rng.normal(size=(n, 2)) * stds) @ rotation + offset


def top_eigenvector(X):
    centred = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(np.cov(centred.T, bias=True))
    return vectors[:, np.argmax(values)]


@pytest.fixture(scope="module")
def result():
    return oja_vs_backprop(cloud(), epochs=12, lr=0.005, seed=0)


def test_pc1_is_eighs_top_eigenvector(result):
    reference = top_eigenvector(cloud())
    assert abs(abs(result.pc1 @ reference) - 1.0) < 1e-12
    # the cloud was stretched along 30 degrees
    assert (
        angle_to(result.pc1, [np.cos(np.radians(30)), np.sin(np.radians(30))])[0] < 3.0
    )
    np.testing.assert_allclose(result.X.mean(axis=0), 0.0, atol=1e-12)


def test_both_reach_pc1_within_a_small_angle(result):
    pc1 = top_eigenvector(cloud())
    oja_w = result.oja.weights
    encoder = result.encoder_history[-1]
    cos_oja = abs(oja_w @ pc1) / np.linalg.norm(oja_w)
    cos_enc = abs(encoder @ pc1) / np.linalg.norm(encoder)
    assert np.degrees(np.arccos(min(cos_oja, 1.0))) < 3.0
    assert np.degrees(np.arccos(min(cos_enc, 1.0))) < 3.0
    # the angles the result reports are these, and both started far from PC1
    assert result.oja_angles[-1] == pytest.approx(np.degrees(np.arccos(cos_oja)))
    assert result.encoder_angles[-1] == pytest.approx(np.degrees(np.arccos(cos_enc)))
    assert result.oja_angles[0] > 20 and result.encoder_angles[0] > 20
    # Oja's weight also has unit norm; the two directions agree up to sign
    assert abs(np.linalg.norm(oja_w) - 1.0) < 0.05
    assert angle_to(encoder, oja_w)[0] < 5.0


def test_the_autoencoder_is_trained_by_the_engine(result):
    assert isinstance(result.history, History)
    assert result.history.status == "finished"
    assert len(result.history.loss) == 12
    assert result.history.loss[-1] < result.history.loss[0]
    net = result.network
    assert isinstance(net, Network) and net.sizes == [2, 1, 2]
    assert [layer.activation_fn.name for layer in net.layers] == ["identity"] * 2
    # one record per SGD step (batch_size=1: one per sample), plus the start
    assert result.steps_per_epoch == 400
    assert result.encoder_history.shape == (12 * 400 + 1, 2)
    np.testing.assert_array_equal(
        result.encoder_history[-1], net.layers[0].weights[:, 0]
    )
    assert result.encoder_epoch_angles.shape == (13,)
    # the rank-1 reconstruction is the projection onto PC1: the decoder
    # undoes the encoder's scale
    X = result.X
    reconstruction = net.predict(X)
    projection = np.outer(X @ result.pc1, result.pc1)
    assert np.abs(reconstruction - projection).max() < 0.15


def test_oja_history_is_brain_oja(result):
    from neuroglass.brain.plasticity import oja

    again = oja(result.X, lr=0.005, epochs=12, seed=0, center=False)
    np.testing.assert_array_equal(result.oja.history, again.history)


def test_angle_is_up_to_sign():
    assert angle_to([1.0, 0.0], [-1.0, 0.0])[0] == pytest.approx(0.0)
    assert angle_to([1.0, 1.0], [1.0, 0.0])[0] == pytest.approx(45.0)
    assert angle_to([0.0, -2.0], [1.0, 0.0])[0] == pytest.approx(90.0)


@pytest.mark.parametrize(
    "X, error, match",
    [
        (np.ones(5), ShapeError, "2-D"),
        (np.ones((10, 1)), ShapeError, "at least 2 inputs"),
        (np.ones((1, 3)), ShapeError, "2 samples"),
        (
            np.array([[0.0, np.nan], [1.0, 2.0]]),
            DataError,
            "X contains nan at row 0, column 1",
        ),
        (
            np.random.default_rng(0).normal(size=(50, 2)) * 0.0,
            ConfigError,
            "no single principal direction",
        ),
        (
            np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]]),
            ConfigError,
            "no single principal direction",
        ),
    ],
)
def test_bad_data_is_named(X, error, match):
    with pytest.raises(error, match=match):
        oja_vs_backprop(X, epochs=1)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"lr": -0.1}, "lr"),
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
    ],
)
def test_bad_settings_are_named(kwargs, match):
    with pytest.raises(ConfigError, match=match):
        oja_vs_backprop(cloud(n=20), **kwargs)
