"""The report's figures, drawn by ``ng.plot``'s functions in the report's
language, each with its caption from the report's table."""

from __future__ import annotations

import numpy as np

from ._html import figure
from ._words import TEXT


def training_figures(run, lang) -> list[str]:
    from .. import figures

    words = TEXT[lang]
    parts = []
    metrics = run.metrics(format="dict")
    if len(metrics["epoch"]):
        parts.append(
            figure(words["fig_loss"], figures.plot_history(run, log=True, lang=lang))
        )
    else:
        parts.append(f"<p>{words['no_epoch']}</p>")
    if np.isfinite(metrics["accuracy"]).any():
        history = figures.plot_history(run, metric="accuracy", steps=False, lang=lang)
        parts.append(figure(words["fig_accuracy"], history))
    for name, caption in (
        ("plot_gradient_flow", "fig_gradient_flow"),
        ("plot_update_ratios", "fig_update_ratios"),
        ("plot_distributions", "fig_distributions"),
    ):
        plot = getattr(figures, name, None)
        if plot is not None and len(run.snapshot_epochs):
            parts.append(figure(words[caption], plot(run, lang=lang)))
    return parts


def network_figures(run, net, data, lang) -> list[str]:
    from .. import figures

    if net is None:
        return module_figures(run, lang)
    words = TEXT[lang]
    parts = [figure(words["fig_weights"], figures.plot_network(net, lang=lang))]
    if hasattr(figures, "plot_activations"):
        try:
            activations = figures.plot_activations(run, lang=lang)
            parts.append(figure(words["fig_activations"], activations))
        except (ValueError, KeyError):
            pass  # no snapshot with activations to show
    if net.n_inputs == 2:
        X, y = data if data is not None else (run.probe(), None)
        boundary = figures.plot_decision_boundary(net, X, y, lang=lang)
        parts.append(figure(words["fig_boundary"], boundary))
        maps = figures.plot_neuron_maps(net, lang=lang)
        parts.append(figure(words["fig_neuron_maps"], maps))
    if data is not None and net.n_params <= 20_000:
        X, y = data
        landscape = figures.plot_loss_landscape(run, X, y, steps=15, lang=lang)
        parts.append(figure(words["fig_landscape"], landscape))
    return parts


def module_figures(run, lang) -> list[str]:
    """A recorded PyTorch model that is no ng.Network: its layer graph, its
    units on the probe batch, the filters of its first convolution, and what
    such a run does not show."""
    from ..figures.conv import plot_filters
    from ..figures.dashboard import plot_unit_activity
    from ..figures.layer_graph import plot_layer_graph

    words = TEXT[lang]
    parts = [figure(words["fig_layer_graph"], plot_layer_graph(run, lang=lang))]
    if len(run.snapshot_epochs):
        activity = plot_unit_activity(run, lang=lang)
        parts.append(figure(words["fig_unit_activity"], activity))
    conv = [la for la in run.config["network"]["layers"] if la["type"] == "Conv2d"]
    if conv and len(run.snapshot_epochs):
        name = conv[0]["name"]
        try:
            filters = plot_filters(run, layer=name, lang=lang)
            parts.append(figure(words["fig_filters"].format(layer=name), filters))
        except (ValueError, KeyError):  # the run kept no full weights
            pass
    parts.append(f"<p class='meta'>{words['module_note']}</p>")
    return parts
