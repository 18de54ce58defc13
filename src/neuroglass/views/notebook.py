"""Notebook display: a Network or a Run as the last line of a cell shows a useful
summary and a picture. Registered with IPython's display formatters (the engine
and recorder stay free of any display code)."""

from __future__ import annotations

import base64
import html
import io


def _png(fig_or_ax) -> str:
    import matplotlib.pyplot as plt

    fig = fig_or_ax if hasattr(fig_or_ax, "savefig") else fig_or_ax.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def network_html(net) -> str:
    """The summary table and the network diagram, as HTML."""
    from .figures import plot_network

    image = _png(plot_network(net, legend=False))
    return (
        "<div style='display:flex;gap:1em;align-items:flex-start'>"
        f"<pre style='font-size:0.85em'>{html.escape(net.summary())}</pre>"
        f"<img style='max-width:480px' src='data:image/png;base64,{image}'></div>"
    )


def run_html(run) -> str:
    """Status, results, diagnostics and the loss curve of a run, as HTML."""
    from .figures import plot_history

    s = run.summary()
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
        f"<td>{html.escape(str(v))}</td></tr>"
        for k, v in s.items()
    )
    picture = ""
    if s["epochs"]:
        picture = (
            f"<img style='max-width:480px' src='data:image/png;base64,"
            f"{_png(plot_history(run, log=True))}'>"
        )
    return (
        f"<div style='display:flex;gap:1em;align-items:flex-start'>"
        f"<table>{rows}</table>{picture}</div>"
    )


def register(shell=None) -> bool:
    """Teach IPython to show Networks and Runs; returns whether it could."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    from ..engine import Network
    from ..recorder import Run

    formatter = shell.display_formatter.formatters["text/html"]
    formatter.for_type(Network, network_html)
    formatter.for_type(Run, run_html)
    return True


__all__ = ["network_html", "register", "run_html"]
