"""matplotlib figures: ``plot_*(source, *, ax=None, **style) -> Axes``.

``source`` is a Network, a fitted estimator (its ``network_``) or a recorded
Run (with ``epoch=``). Each figure has a function that computes its numbers
(``network_data``, ``decision_grid``, ``neuron_grids``, ``history_data``...),
which the playground uses too. Available as ``ng.plot``, where every
``plot_x`` is also ``ng.plot.x``.
"""

from .boundary import (
    boundary_image,
    decision_grid,
    neuron_grids,
    plot_decision_boundary,
    plot_neuron_maps,
)
from .computation import computation_data, plot_computation
from .history import history_data, plot_history
from .landscape import (
    filter_normalized_direction,
    loss_landscape_data,
    plot_loss_landscape,
)
from .network import network_data, plot_network

# short names: ng.plot.network(net) == ng.plot.plot_network(net)
network = plot_network
decision_boundary = plot_decision_boundary
neuron_maps = plot_neuron_maps
history = plot_history
computation = plot_computation
loss_landscape = plot_loss_landscape

__all__ = [
    "boundary_image",
    "computation",
    "computation_data",
    "decision_boundary",
    "decision_grid",
    "filter_normalized_direction",
    "history",
    "history_data",
    "loss_landscape",
    "loss_landscape_data",
    "network",
    "network_data",
    "neuron_grids",
    "neuron_maps",
    "plot_computation",
    "plot_decision_boundary",
    "plot_history",
    "plot_loss_landscape",
    "plot_network",
    "plot_neuron_maps",
]
