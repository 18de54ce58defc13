"""Figures of spiking neurons: what is drawn equals the simulation (the membrane
trace, its spikes, threshold and input; the raster's E/I split and population
rate; the f-I curve, its closed form and the scaled ANN activations)."""

import matplotlib.colors as mcolors
import numpy as np
import pytest

from neuroglass.brain import LIF, fi_curve, simulate, step_current
from neuroglass.brain.izhikevich import Izhikevich
from neuroglass.brain.izhikevich_network import izhikevich_network
from neuroglass.views.figures import (
    fi_curve_data,
    plot_fi_curve,
    plot_membrane,
    plot_raster,
    raster_data,
)
from neuroglass.views.figures.brain import EXCITATORY, INHIBITORY


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist {gid!r}, found {len(found)}"
    return found[0]


@pytest.fixture(scope="module")
def lif_trace():
    current = step_current(np.array([0.6, 1.2]), start=20.0, stop=150.0)
    return simulate(LIF(), current, 200.0, record=("v", "I"))


def test_membrane_draws_v_spikes_threshold_and_current(lif_trace):
    ax = plot_membrane(lif_trace)
    v = by_gid(ax, "v")
    np.testing.assert_array_equal(v.get_xdata(), lif_trace.t)
    np.testing.assert_array_equal(v.get_ydata(), lif_trace.v[:, 0])
    spikes = by_gid(ax, "spikes")
    assert len(spikes.get_xdata()) == len(lif_trace.spike_times[0]) > 5
    np.testing.assert_array_equal(spikes.get_xdata(), lif_trace.spike_times[0])
    assert np.all(spikes.get_ydata() > -55.0)  # the markers sit above the trace
    np.testing.assert_array_equal(by_gid(ax, "threshold").get_ydata(), [-55.0, -55.0])
    title = ax.get_title()
    assert "LIF" in title and "exact scheme" in title and "neuron 0" in title
    # the input current in its own panel below, held over each step
    figure_axes = ax.figure.axes
    assert len(figure_axes) == 2
    current = by_gid(figure_axes[1], "current")
    assert current.get_drawstyle() == "steps-post"
    np.testing.assert_array_equal(current.get_ydata(), lif_trace.I[:, 0])
    assert figure_axes[1].get_ylabel() == "I (nA)"


def test_membrane_on_a_given_ax_draws_only_there(lif_trace):
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    assert plot_membrane(lif_trace, neuron=1, ax=ax) is ax
    assert len(ax.figure.axes) == 1 and "neuron 1" in ax.get_title()
    np.testing.assert_array_equal(by_gid(ax, "v").get_ydata(), lif_trace.v[:, 1])
    assert len(by_gid(ax, "spikes").get_xdata()) == len(lif_trace.spike_times[1])


def test_membrane_without_current_or_threshold_and_clipped_at_v_peak():
    trace = simulate(Izhikevich.preset("RS"), 10.0, 200.0)
    ax = plot_membrane(trace)
    assert len(ax.figure.axes) == 1  # no current recorded: no panel
    assert not [a for a in ax.get_children() if a.get_gid() == "threshold"]
    assert trace.v.max() > 30.0  # the published scheme overshoots v_peak...
    drawn = by_gid(ax, "v").get_ydata()
    np.testing.assert_array_equal(drawn, np.minimum(trace.v[:, 0], 30.0))  # ...clip
    raw = by_gid(plot_membrane(trace, clip=False), "v").get_ydata()
    np.testing.assert_array_equal(raw, trace.v[:, 0])
    assert "published scheme" in ax.get_title()
    assert len(by_gid(ax, "spikes").get_xdata()) == len(trace.spike_times[0]) > 0


def test_membrane_refuses_bad_input_by_name(lif_trace):
    with pytest.raises(ValueError, match=r"neuron=2 is out of range.*2 neuron"):
        plot_membrane(lif_trace, neuron=2)
    with pytest.raises(ValueError, match=r"did not record 'v'"):
        plot_membrane(simulate(LIF(), 0.5, 10.0, record=()))
    with pytest.raises(TypeError, match=r"expected a neuroglass\.brain Trace"):
        plot_membrane(np.zeros(3))


def test_raster_colours_the_excitatory_inhibitory_split_and_rate():
    spikes = np.array(
        [[1.0, 0], [2.0, 1], [2.5, 3], [5.0, 1], [7.0, 2], [7.5, 0], [9.0, 3]]
    )
    ax = plot_raster(spikes, n_excitatory=2, n=4, bin_ms=5.0)
    exc, inh = by_gid(ax, "excitatory"), by_gid(ax, "inhibitory")
    np.testing.assert_array_equal(
        exc.get_offsets(), [[1.0, 0], [2.0, 1], [5.0, 1], [7.5, 0]]
    )
    np.testing.assert_array_equal(inh.get_offsets(), [[2.5, 3], [7.0, 2], [9.0, 3]])
    assert mcolors.same_color(exc.get_facecolor()[0], EXCITATORY)
    assert mcolors.same_color(inh.get_facecolor()[0], INHIBITORY)
    rate_ax = ax.figure.axes[1]
    # bins (0, 5] and (5, 10] (a spike at 5 ms ends a step in the first): 4 and 3
    # spikes over 4 neurons and 5 ms = 200 and 150 Hz
    np.testing.assert_allclose(by_gid(rate_ax, "rate").get_data()[0], [200.0, 150.0])
    assert by_gid(ax, "ei_boundary").get_ydata()[0] == 1.5


def test_raster_of_a_network_and_of_a_trace():
    net = izhikevich_network(n_excitatory=16, n_inhibitory=4, duration=200.0)
    data = raster_data(net, bin_ms=10.0)
    assert data["n"] == 20 and data["n_excitatory"] == 16
    assert data["edges"][-1] == 200.0 and data["rate"].size == 20
    assert data["rate"].sum() * 10.0 / 1000.0 * 20 == pytest.approx(len(net.firings))
    ax = plot_raster(net)
    exc = by_gid(ax, "excitatory").get_offsets()
    assert len(exc) == int((net.firings[:, 1] < 16).sum())
    assert "20 neurons" in ax.get_title(loc="left")
    # a Trace: one population, one colour, no split line
    trace = simulate(LIF(), np.linspace(0.4, 1.0, 5), 100.0, record=())
    ax = plot_raster(trace, rate_ax=None, ax=None)
    assert len(by_gid(ax, "excitatory").get_offsets()) == len(trace.spikes)
    assert not [a for a in ax.get_children() if a.get_gid() == "inhibitory"]
    with pytest.raises(ValueError, match=r"shape \(k, 2\); got shape \(3,\)"):
        plot_raster(np.zeros(3))


def test_fi_curve_draws_simulation_closed_form_and_three_activations():
    currents = np.linspace(0.0, 2.0, 41)
    ax = plot_fi_curve(LIF(), currents, duration=500.0)
    np.testing.assert_array_equal(
        by_gid(ax, "simulated").get_ydata(), fi_curve(LIF(), currents, duration=500.0)
    )
    np.testing.assert_allclose(
        by_gid(ax, "closed_form").get_ydata(), LIF().rate(currents)
    )
    curves = [by_gid(ax, name) for name in ("relu", "sigmoid", "tanh")]
    assert all(len(line.get_xdata()) == currents.size for line in curves)
    assert by_gid(ax, "rheobase").get_xdata()[0] == pytest.approx(0.375)
    labels = ax.get_legend_handles_labels()[1]
    assert len(labels) == 5 and any("r_max" in label for label in labels)
    assert "pre-activation" in ax.get_xlabel() and "activation" in ax.get_ylabel()
    assert "exact scheme" in ax.get_title()


def test_fi_curve_data_scales_the_activations_onto_the_curve():
    currents = np.linspace(0.0, 2.0, 41)
    data = fi_curve_data(LIF(), currents, duration=500.0)
    rate, scales, z = data["rate"], data["scales"], currents - 0.375
    firing = rate > 0
    slope = np.sum(z[firing] * rate[firing]) / np.sum(z[firing] ** 2)
    assert scales["slope"] == pytest.approx(slope)
    np.testing.assert_allclose(data["relu"], slope * np.maximum(z, 0))
    assert scales["r_max"] == rate.max()
    centre = scales["sigmoid_centre"]
    assert rate[currents == centre][0] >= rate.max() / 2
    assert rate[currents < centre].max() < rate.max() / 2
    np.testing.assert_allclose(
        data["sigmoid"],
        rate.max() / (1 + np.exp(-(currents - centre) / scales["sigmoid_width"])),
    )
    np.testing.assert_allclose(
        data["tanh"], rate.max() * np.tanh(slope * z / rate.max())
    )


def test_fi_curve_of_a_model_without_closed_form_has_four_curves():
    currents = np.linspace(0.0, 20.0, 21)
    ax = plot_fi_curve(Izhikevich.preset("RS"), currents, duration=300.0)
    lines = [line for line in ax.get_lines() if line.get_label()[0] != "_"]
    assert len(lines) == 4
    data = fi_curve_data(Izhikevich.preset("RS"), currents, duration=300.0)
    first = currents[np.flatnonzero(data["rate"] > 0)[0]]
    assert data["closed_form"] is None and data["rheobase"] == first
    assert ax.get_xlabel().startswith("input current I  ~")  # dimensionless


def test_fi_curve_refuses_currents_that_never_fire_or_do_not_increase():
    with pytest.raises(ValueError, match=r"fires for none of the currents 0 to 0.3"):
        plot_fi_curve(LIF(), np.linspace(0.0, 0.3, 5), duration=100.0)
    with pytest.raises(ValueError, match="at least 3 increasing values"):
        fi_curve_data(LIF(), [1.0, 0.5, 2.0])
