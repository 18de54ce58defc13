"""What every phase-plane figure draws the same way (Izhikevich's (v, u) in
:mod:`.brain_dynamics`, Hodgkin–Huxley's reduced (V, n) in
:mod:`.brain_phase_hh`): the flow's unit arrows, the two nullclines, the fixed
points by stability, and the axes around them."""

from __future__ import annotations

import numpy as np

V_NULLCLINE = "#d55e00"  # the voltage nullcline, in both planes
W_NULLCLINE = "#0072b2"  # the slow variable's (u or n)


def draw_flow(ax, field, x_range, y_range, x, nullclines) -> None:
    """Unit arrows of the flow ``field`` = (X, Y, dX, dY) in screen space (each
    axis scaled by its span), then the nullclines: (y values over ``x``, gid,
    label), the voltage's first."""
    X, Y, dX, dY = field
    dx, dy = dX / np.ptp(x_range), dY / np.ptp(y_range)
    length = np.hypot(dx, dy)
    length[length == 0] = 1.0
    ax.quiver(
        X,
        Y,
        dx / length,
        dy / length,
        color="#bbbbbb",
        angles="uv",
        pivot="mid",
        width=0.003,
        gid="vector_field",
    )
    for (values, gid, label), color in zip(
        nullclines, (V_NULLCLINE, W_NULLCLINE), strict=True
    ):
        ax.plot(x, values, color=color, lw=1.6, gid=gid, label=label)


def draw_equilibria(ax, equilibria, text) -> None:
    """The fixed points: filled when stable, open when not, labelled with
    their stability and potential (in the words of ``text``)."""
    for i, point in enumerate(equilibria):
        ax.plot(
            point.v,
            point.u,
            "o",
            ms=9,
            mec="black",
            mew=1.3,
            zorder=5,
            mfc="black" if point.stable else "white",
            gid=f"equilibrium_{i}",
            label=text["phase.equilibrium"].format(
                stability=text.get(f"stability.{point.stability}", point.stability),
                v=point.v,
            ),
        )


def finish_axes(ax, x_range, y_range, xlabel, ylabel, title) -> None:
    """Limits, labels, grid, the legend beside the plane, the title."""
    ax.set_xlim(x_range)
    ax.set_ylim(y_range)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(title, fontsize=10)
