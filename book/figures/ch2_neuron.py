"""Chapter 2, the neuron: a leaky integrate-and-fire neuron's membrane potential
under a step of current (brain), beside one artificial unit with three inputs
(engine), drawn with its weights, bias and activation for one input."""

import matplotlib.pyplot as plt
import numpy as np

import neuroglass as ng

TEXT = {
    "en": {
        "lif": "a LIF neuron: integrate, fire, reset",
        "unit": "one unit: a = f(w·x + b)",
    },
    "zh": {"lif": "LIF神经元：积分、发放、重置", "unit": "一个单元：a = f(w·x + b)"},
}


def draw(lang: str):
    text = TEXT[lang]
    current = ng.brain.step_current(0.6, start=20.0, stop=150.0)
    trace = ng.brain.simulate(ng.brain.LIF(), current, 200.0, record=("v", "I"))
    unit = ng.mlp([3, 1], output="sigmoid", loss="bce", seed=1)
    figure = plt.figure(figsize=(12, 4.2), layout="constrained")
    left, right = figure.subfigures(1, 2, width_ratios=[1.4, 1])
    v_ax, i_ax = left.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    ng.plot.membrane(trace, ax=v_ax, current_ax=i_ax, title=text["lif"], lang=lang)
    ng.plot.network(
        unit, x=np.array([1.0, 0.5, -1.0]), ax=right.subplots(),
        title=text["unit"], lang=lang,
    )  # fmt: skip
    return figure
