"""Chapter 2, the activation: a LIF neuron's firing rate against its input
current, beside ReLU, sigmoid and tanh on the same axes (the bridge figure:
current ~ pre-activation, rate ~ activation, rheobase ~ bias)."""

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng


def draw(lang: str):
    figure, ax = plt.subplots(figsize=(8, 4.8), layout="constrained")
    ng.plot.fi_curve(ng.brain.LIF(), np.linspace(0.0, 2.0, 41), ax=ax, lang=lang)
    return figure
