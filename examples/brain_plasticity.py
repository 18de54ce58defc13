"""Learning without backprop: Hebb's rule diverges, Oja's finds the first PC.

On centred 2-D data stretched along 30 degrees, plain Hebbian learning
(dw = lr y x) makes the weight grow without bound; Oja's rule
(dw = lr y (x - y w)) keeps its norm at 1 and turns it to the first principal
component, the direction a linear autoencoder also finds.
"""

import warnings

import numpy as np

import neuroglass as ng

rng = np.random.default_rng(0)
angle = np.deg2rad(30.0)
rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
X = (rng.normal(size=(1000, 2)) * [2.0, 0.5]) @ rotation.T

with warnings.catch_warnings():  # hebb warns when |w| passes max_norm: expected
    warnings.simplefilter("ignore", RuntimeWarning)
    hebb = ng.brain.hebb(X, lr=0.005, epochs=20, seed=0)
print(
    f"Hebb: |w| from {hebb.norms[0]:.2f} to {hebb.norms[-1]:.3g} after "
    f"{hebb.n_updates} updates (diverged: {hebb.diverged})"
)

oja = ng.brain.oja(X, lr=0.005, epochs=5, seed=0)
eigenvalues, eigenvectors = np.linalg.eigh(np.cov(X.T))
pc1 = eigenvectors[:, np.argmax(eigenvalues)]
w = oja.weights
cosine = abs(w @ pc1) / np.linalg.norm(w)
print(
    f"Oja:  |w| = {np.linalg.norm(w):.4f}, w = {np.round(w, 3)}, "
    f"PC1 = {np.round(pc1 * np.sign(pc1 @ w), 3)}"
)
print(f"angle between Oja's w and PC1: {np.degrees(np.arccos(min(cosine, 1))):.2f} deg")
