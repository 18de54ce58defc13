"""What the figures of a run over time share: they refuse what is not a run,
read every snapshot, colour layers by depth."""

from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

import neuroglass as ng
from neuroglass.views.figures import _run_series


def test_run_figures_need_a_run():
    with pytest.raises(TypeError, match="recorded run"):
        ng.plot.gradient_flow(ng.mlp([2, 1], seed=0))


def test_a_run_without_snapshots_is_refused_by_name():
    empty = SimpleNamespace(snapshot_epochs=np.array([], dtype=int), path="e.ngrun")
    with pytest.raises(ValueError, match=r"'e\.ngrun' has no snapshots yet"):
        _run_series.run_snapshots(empty)


def test_every_snapshot_is_read(recorded):
    run = recorded[0]
    epochs, snapshots = _run_series.run_snapshots(run)
    np.testing.assert_array_equal(epochs, run.snapshot_epochs)
    assert [s.epoch for s in snapshots] == list(run.snapshot_epochs)


def test_layer_colours_are_distinct_and_lighter_with_depth():
    colours = _run_series.layer_colors(4)
    assert len(set(colours)) == 4
    brightness = [sum(to_rgb(c)) for c in colours]
    assert brightness == sorted(brightness)
    assert _run_series.layer_colors(0) == []


def test_the_legend_sits_below_the_axes():
    _, ax = plt.subplots()
    handles = [ax.plot([0, 1], label=f"layer {k}")[0] for k in range(7)]
    _run_series.legend_below(ax, handles)
    legend = ax.get_legend()
    box = legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted())
    assert box.y0 == pytest.approx(-0.16)
