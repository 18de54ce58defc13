"""Oja's rule vs backprop: a local rule and gradient descent find the same direction.

A single linear neuron trained with Oja's rule (``Δw = η y (x − y w)``, no
error signal, nothing carried backwards) and a linear autoencoder
``n -> 1 -> n`` trained by the engine's backprop on the reconstruction error
(``mse``) both end pointing along the first principal component of the data.
Neither is told what PCA is:

- Oja's weight converges to ``±e₁`` with ``‖w‖ = 1`` (Oja 1982);
- the autoencoder's best rank-1 reconstruction is the projection onto ``e₁``
  (Baldi & Hornik 1989), so its encoder row ``W_enc`` ends along ``±e₁``; its
  length is arbitrary (the decoder makes up for it), only the direction is.

:func:`oja_vs_backprop` runs both on the same centred data with the same
learning rate and one sample per update (``batch_size=1``), and measures the
angle of each to ``e₁`` (computed with ``numpy.linalg.eigh`` of the
covariance), up to sign, over training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.builders import mlp
from ..engine.callbacks import Callback, History
from ..engine.errors import ConfigError, ShapeError
from ..engine.network import Network
from ..engine.training import Trainer
from ..engine.validation import (
    as_numeric_array,
    check_inputs,
    check_seed,
    positive_int,
    positive_number,
)
from .plasticity import RuleResult, oja


@dataclass
class BridgeResult:
    """Oja's rule and a linear autoencoder on the same data.

    Attributes
    ----------
    X : array (n_samples, n_inputs)
        The centred data both were trained on.
    mean : array (n_inputs,)
        The mean subtracted from the data given.
    pc1 : array (n_inputs,)
        The first principal component (unit norm, sign as ``eigh`` returns it).
    eigenvalues : array (n_inputs,)
        The covariance's eigenvalues, largest first.
    oja : RuleResult
        Oja's run (``.history`` (n_updates + 1, n_inputs), ``.norms``).
    oja_angles : array (n_updates + 1,)
        Degrees between each of Oja's weights and ``pc1``, in [0, 90].
    encoder_history : array (n_steps + 1, n_inputs)
        The autoencoder's encoder weights (the hidden unit's incoming
        weights) before training and after every step.
    encoder_angles : array (n_steps + 1,)
        Degrees between each row of ``encoder_history`` and ``pc1``.
    batch_size : int
        Samples per backprop step (the last batch of an epoch may be smaller).
    steps_per_epoch : int
        Backprop steps per epoch: ``encoder_history[e * steps_per_epoch]`` is
        the encoder at the end of epoch ``e`` (0: before training).
    history : History
        The engine's per-epoch record of the autoencoder's fit.
    network : Network
        The trained autoencoder.
    lr : float
        The learning rate of both.
    """

    X: np.ndarray
    mean: np.ndarray
    pc1: np.ndarray
    eigenvalues: np.ndarray
    oja: RuleResult
    oja_angles: np.ndarray
    encoder_history: np.ndarray
    encoder_angles: np.ndarray
    batch_size: int
    steps_per_epoch: int
    history: History
    network: Network
    lr: float

    @property
    def encoder(self) -> np.ndarray:
        """The final encoder direction, unit norm, shape ``(n_inputs,)``."""
        last = self.encoder_history[-1]
        return last / np.linalg.norm(last)

    @property
    def encoder_epoch_angles(self) -> np.ndarray:
        """Degrees to ``pc1`` at the end of each epoch (0: before training)."""
        return self.encoder_angles[:: self.steps_per_epoch]


def angle_to(weights, direction) -> np.ndarray:
    """Degrees between each row of ``weights`` and the line along ``direction``.

    Up to sign (a weight and its opposite span the same line), so in [0, 90];
    a zero weight has no direction and gives NaN.

    Parameters
    ----------
    weights : array (n_inputs,) or (n_rows, n_inputs)
    direction : array (n_inputs,)

    Examples
    --------
    >>> angle_to([[1.0, 1.0], [0.0, 2.0], [-3.0, 0.0]], [1.0, 0.0])
    array([45., 90.,  0.])
    """
    weights = np.atleast_2d(as_numeric_array(weights, "weights").astype(np.float64))
    direction = as_numeric_array(direction, "direction").astype(np.float64)
    if weights.ndim != 2 or direction.shape != (weights.shape[1],):
        raise ShapeError(
            f"angle_to needs weights (n_rows, n_inputs) and direction (n_inputs,) of "
            f"the same n_inputs; got shapes {weights.shape} and {direction.shape}."
        )
    length = np.linalg.norm(direction)
    if not np.isfinite(length) or length == 0:
        raise ConfigError(
            f"direction must be a finite non-zero vector (a line to measure "
            f"angles to); got {direction.tolist()!r}."
        )
    direction = direction / length
    norms = np.linalg.norm(weights, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cosine = np.abs(weights @ direction) / norms
    return np.degrees(np.arccos(np.clip(cosine, 0.0, 1.0)))


def principal_components(X) -> tuple:
    """``(eigenvalues, vectors)`` of the covariance of centred ``X``, largest
    first; ``vectors[:, 0]`` is the first principal component."""
    covariance = X.T @ X / X.shape[0]
    values, vectors = np.linalg.eigh(covariance)
    return values[::-1], vectors[:, ::-1]


class _EncoderRecorder(Callback):
    """Copies the encoder's weights after every step (the engine updates them
    in place)."""

    def __init__(self, rows: list):
        self.rows = rows

    def on_batch_end(self, net, step) -> None:
        self.rows.append(net.layers[0].weights[:, 0].copy())


def _check_data(X) -> tuple:
    """Checked, centred data and its mean."""
    X = as_numeric_array(X, "X")
    if X.ndim != 2:
        raise ShapeError(
            f"X must be 2-D (n_samples, n_inputs); got shape {X.shape}. One "
            "sample of d inputs is X.reshape(1, d)."
        )
    X = check_inputs(X, X.shape[1], np.float64, "X")
    if X.shape[1] < 2 or X.shape[0] < 2:
        raise ShapeError(
            f"X has shape {X.shape}: a principal direction needs at least 2 "
            "inputs (columns) and 2 samples (rows)."
        )
    mean = X.mean(axis=0)
    return X - mean, mean


def _check_axis(values) -> None:
    """A first principal component that is defined (λ₁ > λ₂ > 0)."""
    if values[0] <= 0 or values[0] - values[1] <= 1e-6 * values[0]:
        raise ConfigError(
            f"the data has no single principal direction: its two largest "
            f"covariance eigenvalues are {values[0]:.6g} and {values[1]:.6g}. "
            "Oja's rule and the autoencoder only agree on a direction when the "
            "first is clearly larger; stretch the data along one axis."
        )


def _train_autoencoder(X, epochs, lr, batch_size, seed) -> tuple:
    """A linear autoencoder n -> 1 -> n trained by the engine's SGD on mse."""
    n = X.shape[1]
    net = mlp(
        [n, 1, n], activation="identity", output="identity", loss="mse", seed=seed
    )
    rows = [net.layers[0].weights[:, 0].copy()]
    trainer = Trainer(
        net,
        X,
        X,
        epochs=epochs,
        batch_size=batch_size,
        optimizer="sgd",
        lr=lr,
        callbacks=[_EncoderRecorder(rows)],
    )
    history = trainer.run()
    return net, np.array(rows), history, trainer.steps_per_epoch


def oja_vs_backprop(
    X, *, epochs=10, lr=0.01, batch_size=1, seed=0, w0=None
) -> BridgeResult:
    """Train an Oja neuron and a linear autoencoder on ``X``; compare both to PC1.

    Parameters
    ----------
    X : array (n_samples, n_inputs)
        The data (n_inputs >= 2), centred here for both learners.
    epochs : int
        Passes over the data, for both.
    lr : float
        The learning rate of both: Oja's η, and SGD's step on the mean squared
        reconstruction error.
    batch_size : int
        Samples per backprop step; 1 (default) updates after every sample, as
        Oja's rule does.
    seed : int
        Seeds Oja's initial weight and sample order, and the autoencoder's
        initial weights and shuffling.
    w0 : array (n_inputs,), optional
        Oja's initial weight (default a random direction of norm 0.5).

    Returns
    -------
    BridgeResult
        ``pc1``, ``oja`` and ``oja_angles``, ``encoder_history`` and
        ``encoder_angles`` (degrees, up to sign), ``history`` of the fit.

    Raises
    ------
    ShapeError
        If ``X`` is not 2-D with at least 2 columns and 2 rows.
    DataError
        If ``X`` holds a NaN or an infinity (named by row and column).
    ConfigError
        If the data has no single principal direction (λ₁ ≈ λ₂), or a bad
        ``epochs``, ``lr``, ``batch_size`` or ``seed``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 2)) @ np.array([[3.0, 1.0], [0.0, 0.5]])
    >>> result = oja_vs_backprop(X, epochs=5, lr=0.01)
    >>> bool(result.oja_angles[-1] < 3 and result.encoder_angles[-1] < 3)
    True
    """
    X, mean = _check_data(X)
    epochs = positive_int(epochs, "epochs")
    lr = positive_number(lr, "lr", hint="Typical values are 0.001 to 0.05.")
    batch_size = positive_int(batch_size, "batch_size")
    seed = check_seed(seed)
    values, vectors = principal_components(X)
    _check_axis(values)
    pc1 = vectors[:, 0]
    rule = oja(X, w0=w0, lr=lr, epochs=epochs, seed=seed, center=False)
    net, encoder, history, steps = _train_autoencoder(X, epochs, lr, batch_size, seed)
    return BridgeResult(
        X=X,
        mean=mean,
        pc1=pc1,
        eigenvalues=values,
        oja=rule,
        oja_angles=angle_to(rule.history, pc1),
        encoder_history=encoder,
        encoder_angles=angle_to(encoder, pc1),
        batch_size=batch_size,
        steps_per_epoch=steps,
        history=history,
        network=net,
        lr=lr,
    )
