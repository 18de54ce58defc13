"""matplotlib figures: ``plot_*(source, *, ax=None, **style) -> Axes``.

``source`` is a Network, a fitted estimator (its ``network_``) or a recorded
Run (with ``epoch=``). Each figure has a function that computes its numbers
(``network_data``, ``decision_grid``, ``neuron_grids``, ``history_data``...),
which the playground uses too. Available as ``ng.plot``, where every
``plot_x`` is also ``ng.plot.x``.
"""

from .activation_map import activation_map_data, plot_activations
from .boundary import (
    boundary_image,
    decision_grid,
    neuron_grids,
    plot_decision_boundary,
    plot_neuron_maps,
)
from .brain import membrane_data, plot_membrane, plot_raster, raster_data
from .brain_dynamics import (
    izhikevich_gallery_data,
    phase_plane_data,
    plot_izhikevich_gallery,
    plot_phase_plane,
)
from .brain_fi import fi_curve_data, plot_fi_curve
from .brain_hh import hh_gates_data, plot_hh_gates
from .brain_learning import (
    oja_vs_backprop_data,
    plot_oja_path,
    plot_oja_vs_backprop,
    plot_pc1_angles,
    plot_weight_norms,
    weight_norms_data,
)
from .brain_phase_hh import hh_phase_plane_data, plot_hh_phase_plane
from .brain_plasticity import plot_stdp_window, stdp_window_data
from .brain_snn import plot_snn_accuracy, snn_accuracy_data
from .brain_song import plot_weight_distribution, song_data
from .computation import computation_data, plot_computation
from .conv import feature_maps_data, filters_data, plot_feature_maps, plot_filters
from .dashboard import plot_dashboard, plot_unit_activity, unit_activity_data
from .distributions import distribution_data, plot_distributions, rebin
from .history import history_data, plot_history
from .landscape import (
    filter_normalized_direction,
    loss_landscape_data,
    plot_loss_landscape,
)
from .layer_graph import layer_graph_data, plot_layer_graph
from .metrics import (
    confusion_matrix_data,
    plot_confusion_matrix,
    plot_regression_fit,
    regression_fit_data,
)
from .network import network_data, plot_network
from .training import (
    gradient_flow_data,
    plot_gradient_flow,
    plot_update_ratios,
    update_ratio_data,
)

# short names: ng.plot.network(net) == ng.plot.plot_network(net)
network = plot_network
decision_boundary = plot_decision_boundary
neuron_maps = plot_neuron_maps
history = plot_history
computation = plot_computation
dashboard = plot_dashboard
distributions = plot_distributions
gradient_flow = plot_gradient_flow
update_ratios = plot_update_ratios
activations = plot_activations
confusion_matrix = plot_confusion_matrix
regression_fit = plot_regression_fit
loss_landscape = plot_loss_landscape
membrane = plot_membrane
fi_curve = plot_fi_curve
raster = plot_raster
oja_vs_backprop = plot_oja_vs_backprop
weight_norms = plot_weight_norms
phase_plane = plot_phase_plane
izhikevich_gallery = plot_izhikevich_gallery
hh_gates = plot_hh_gates
hh_phase_plane = plot_hh_phase_plane
stdp_window = plot_stdp_window
snn_accuracy = plot_snn_accuracy
song = plot_weight_distribution
filters = plot_filters
feature_maps = plot_feature_maps
layer_graph = plot_layer_graph
unit_activity = plot_unit_activity

__all__ = [
    "activation_map_data",
    "activations",
    "boundary_image",
    "computation",
    "computation_data",
    "confusion_matrix",
    "confusion_matrix_data",
    "dashboard",
    "decision_boundary",
    "decision_grid",
    "distribution_data",
    "distributions",
    "feature_maps",
    "feature_maps_data",
    "fi_curve",
    "fi_curve_data",
    "filter_normalized_direction",
    "filters",
    "filters_data",
    "gradient_flow",
    "gradient_flow_data",
    "hh_gates",
    "hh_gates_data",
    "hh_phase_plane",
    "hh_phase_plane_data",
    "history",
    "history_data",
    "izhikevich_gallery",
    "izhikevich_gallery_data",
    "layer_graph",
    "layer_graph_data",
    "loss_landscape",
    "loss_landscape_data",
    "membrane",
    "membrane_data",
    "network",
    "network_data",
    "neuron_grids",
    "neuron_maps",
    "oja_vs_backprop",
    "oja_vs_backprop_data",
    "phase_plane",
    "phase_plane_data",
    "plot_activations",
    "plot_computation",
    "plot_confusion_matrix",
    "plot_dashboard",
    "plot_decision_boundary",
    "plot_distributions",
    "plot_feature_maps",
    "plot_fi_curve",
    "plot_filters",
    "plot_gradient_flow",
    "plot_hh_gates",
    "plot_hh_phase_plane",
    "plot_history",
    "plot_izhikevich_gallery",
    "plot_layer_graph",
    "plot_loss_landscape",
    "plot_membrane",
    "plot_network",
    "plot_neuron_maps",
    "plot_oja_path",
    "plot_oja_vs_backprop",
    "plot_pc1_angles",
    "plot_phase_plane",
    "plot_raster",
    "plot_regression_fit",
    "plot_snn_accuracy",
    "plot_stdp_window",
    "plot_unit_activity",
    "plot_update_ratios",
    "plot_weight_distribution",
    "plot_weight_norms",
    "raster",
    "raster_data",
    "rebin",
    "regression_fit",
    "regression_fit_data",
    "snn_accuracy",
    "snn_accuracy_data",
    "song",
    "song_data",
    "stdp_window",
    "stdp_window_data",
    "unit_activity",
    "unit_activity_data",
    "update_ratio_data",
    "update_ratios",
    "weight_norms",
    "weight_norms_data",
]
