"""Chapter 2, learning: Oja's local rule beside a linear autoencoder trained by
backpropagation, on the same stretched 2-D cloud: both find its first principal
component (the bridge figure)."""

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng


def draw(lang: str):
    rng = np.random.default_rng(0)
    angle = np.radians(30.0)
    rotation = np.array(
        [[np.cos(angle), np.sin(angle)], [-np.sin(angle), np.cos(angle)]]
    )
    X = (rng.normal(size=(400, 2)) * [1.5, 0.4]) @ rotation
    result = ng.brain.bridge.oja_vs_backprop(X, epochs=8, lr=0.01, seed=1)
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.6))  # it lays itself out
    ng.plot.oja_vs_backprop(result, axes=axes, lang=lang)
    return figure
