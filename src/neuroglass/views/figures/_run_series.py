"""What the figures of a recorded run over time share.

:func:`require_run` refuses a source that is not a recorded run, with a message
saying how to record one; :func:`run_snapshots` reads every snapshot of a run;
:func:`layer_colors` gives one colour per layer by depth and
:func:`legend_below` puts a legend under the x axis. Used by
:mod:`.distributions` and :mod:`.training`.
"""

from __future__ import annotations

import numpy as np

from . import _common


def require_run(source, what):
    """Refuse a ``source`` that is not a recorded run; ``what`` names the caller."""
    if not _common.is_run(source):
        raise TypeError(
            f"{what} reads a recorded run; got {type(source).__name__}. Record the "
            "fit with callbacks=[ng.Recorder(path)] and pass ng.open_run(path)."
        )


def run_snapshots(run):
    """The run's snapshot epochs and a Snapshot for each; refuses a run without any."""
    epochs = run.snapshot_epochs
    if not len(epochs):
        raise ValueError(
            f"the run {run.path!r} has no snapshots yet; train at least one epoch "
            "with the Recorder attached."
        )
    return epochs, [run.snapshot(int(epoch)) for epoch in epochs]


def layer_colors(n):
    """One colour per layer, ordered by depth (input side dark, output light)."""
    from matplotlib import colormaps

    return [colormaps["viridis"](v) for v in np.linspace(0.0, 0.8, max(n, 1))][:n]


def legend_below(ax, handles, offset=-0.16):
    """The legend under the x axis label, so it never hides a curve."""
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, offset),
        ncol=min(len(handles), 5),
        fontsize="small",
        frameon=False,
    )
