"""Chapter 2, plasticity: the STDP window (a synapse changes with the timing of
the spikes on both sides), beside Hebb's rule, whose weights grow without bound,
and Oja's, whose weight vector settles at length 1."""

import warnings

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng


def draw(lang: str):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 2)) * [1.5, 0.4]
    with warnings.catch_warnings():
        # Hebb's divergence is the point: the figure marks where it stopped
        warnings.simplefilter("ignore", RuntimeWarning)
        hebb = ng.brain.hebb(X, lr=0.01, epochs=8, seed=1)
    oja = ng.brain.oja(X, lr=0.01, epochs=8, seed=1)
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained")
    ng.plot.stdp_window(ax=left, lang=lang)
    ng.plot.weight_norms(hebb, oja, ax=right, lang=lang)
    return figure
