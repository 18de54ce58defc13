"""A self-contained HTML report of a recorded run: one file, images embedded,
nothing fetched from the network when it is opened."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io

import numpy as np

from ..figures import _common
from ..text import config_rows

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 1100px; color: #222; line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { margin-top: 2rem;
     border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.meta { color: #666; } table { border-collapse: collapse; margin: 0.5rem 0; }
td, th { border: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left;
         font-size: 0.9rem; }
th { background: #f4f5f6; } .figures { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.85rem; color: #555; }
.diag { border-left: 4px solid #d55e00; padding: 0.3rem 0.8rem; margin: 0.6rem 0;
        background: #fff6f0; }
.diag.info { border-color: #0877bd; background: #f0f7fc; }
pre { background: #f7f7f7; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
.ok { color: #009e73; }
"""


def _png(fig_or_ax, dpi=90) -> str:
    import matplotlib.pyplot as plt

    fig = fig_or_ax if hasattr(fig_or_ax, "savefig") else fig_or_ax.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(title, fig_or_ax) -> str:
    data = _png(fig_or_ax)
    return (
        f'<figure><img alt="{html.escape(title)}" '
        f'src="data:image/png;base64,{data}"><figcaption>{html.escape(title)}'
        "</figcaption></figure>"
    )


def _table(rows, header=None) -> str:
    out = ["<table>"]
    if header:
        out.append(
            "<tr>"
            + "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
            + "</tr>"
        )
    for row in rows:
        out.append(
            "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
        )
    out.append("</table>")
    return "\n".join(out)


def _fmt(value):
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "-"
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def build_report(run, data=None, *, title=None) -> str:
    """The report as an HTML string (see :func:`write_report`)."""
    if not _common.is_run(run):
        raise TypeError(
            f"a report is made from a recorded run (ng.open_run(path)); got "
            f"{type(run).__name__}."
        )
    summary = run.summary()
    # a recorded PyTorch model that is no ng.Network: no network figures
    net = run.network() if getattr(run, "is_network", True) else None
    name = html.escape(title or run.name)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{name}</title><style>{CSS}</style>",
        "</head><body>",
        f"<h1>{name}</h1>",
        f"<p class='meta'>neuroglass report, {dt.date.today().isoformat()}; "
        f"status <b>{html.escape(summary['status'])}</b>, {summary['epochs']} "
        f"epochs</p>",
        "<h2>Configuration</h2>",
        _configuration(run.config, net),
        "<h2>Results</h2>",
        _table(
            [
                (k, _fmt(summary[k]))
                for k in (
                    "final_loss",
                    "final_accuracy",
                    "final_val_loss",
                    "final_val_accuracy",
                    "best_val_loss",
                )
            ]
        ),
        "<h2>Diagnostics</h2>",
        *_diagnostics(run),
        "<h2>Training</h2><div class='figures'>",
        *_training_figures(run),
        "</div><h2>The network</h2><div class='figures'>",
        *_network_figures(run, net, data),
        "</div>",
    ]
    explain = _worked_example(net, data, run) if net is not None else None
    if explain:
        parts.append("<h2>Worked example: one sample, forward and backward</h2>")
        parts.append(f"<pre>{html.escape(explain)}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _configuration(config, net) -> str:
    layers = config["network"]["layers"]
    sizes = [layers[0]["n_in"]] + [layer["n_out"] for layer in layers]
    if net is None:  # a recorded PyTorch model: its layers with parameters
        sizes = [f"{la.get('type', '?')}({la['n_in']}, {la['n_out']})" for la in layers]
    framework = config.get("framework")
    extra = []
    if isinstance(framework, dict):  # as `neuroglass runs show` says it
        world = (config.get("distributed") or {}).get("world_size", 1)
        extra.append(
            (
                "framework",
                f"{framework.get('name')} {framework.get('version')}, "
                f"{world} process(es)",
            )
        )
    return _table(
        [
            ("network", " -> ".join(map(str, sizes))),
            *extra,
            ("activations", ", ".join(layer["activation"] for layer in layers)),
            ("loss", config["loss"] or "-"),
            *config_rows(config),  # the same words as `neuroglass runs show`
            ("seed", config.get("seed")),
            ("parameters", f"{_n_params(config, net):,}"),
            ("library", config.get("library_version")),
        ]
    )


def _n_params(config, net) -> int:
    if net is not None:
        return net.n_params
    return config["network"].get("n_params") or 0


def _diagnostics(run) -> list[str]:
    diagnostics = run.diagnostics()
    if not diagnostics:
        return [
            "<p class='ok'>No problems found: gradients, update sizes, "
            "units and validation loss all looked healthy.</p>"
        ]
    parts = []
    for d in diagnostics:
        where = f"epoch {d.epoch + 1}" if d.epoch is not None else ""
        parts.append(
            f"<div class='diag {html.escape(d.severity)}'><b>{html.escape(d.rule)}"
            f"</b> ({html.escape(where)}): {html.escape(d.message)}<br>"
            f"<i>{html.escape(d.suggestion)}</i></div>"
        )
    return parts


def _training_figures(run) -> list[str]:
    from .. import figures

    parts = []
    metrics = run.metrics(format="dict")
    if len(metrics["epoch"]):
        parts.append(_figure("loss", figures.plot_history(run, log=True)))
    else:
        parts.append("<p>No epoch was completed.</p>")
    if np.isfinite(metrics["accuracy"]).any():
        parts.append(
            _figure(
                "accuracy", figures.plot_history(run, metric="accuracy", steps=False)
            )
        )
    for name, caption in (
        ("plot_gradient_flow", "gradient flow"),
        ("plot_update_ratios", "update-to-weight ratios"),
        ("plot_distributions", "weight distributions, layer 1"),
    ):
        plot = getattr(figures, name, None)
        if plot is not None and len(run.snapshot_epochs):
            parts.append(_figure(caption, plot(run)))
    return parts


def _network_figures(run, net, data) -> list[str]:
    from .. import figures

    if net is None:
        return _module_figures(run)
    parts = [_figure("weights at the end", figures.plot_network(net))]
    if hasattr(figures, "plot_activations"):
        try:
            parts.append(
                _figure("activations of the probe batch", figures.plot_activations(run))
            )
        except (ValueError, KeyError):
            pass  # no snapshot with activations to show
    if net.n_inputs == 2:
        X, y = data if data is not None else (run.probe(), None)
        parts.append(
            _figure("decision boundary", figures.plot_decision_boundary(net, X, y))
        )
        parts.append(
            _figure("every neuron over the input plane", figures.plot_neuron_maps(net))
        )
    if data is not None and net.n_params <= 20_000:
        X, y = data
        parts.append(
            _figure("loss landscape", figures.plot_loss_landscape(run, X, y, steps=15))
        )
    return parts


def _module_figures(run) -> list[str]:
    """A recorded PyTorch model that is no ng.Network: its layer graph, its
    units on the probe batch, the filters of its first convolution, and what
    such a run does not show."""
    from ..figures.conv import plot_filters
    from ..figures.dashboard import plot_unit_activity
    from ..figures.layer_graph import plot_layer_graph

    parts = [
        _figure("layers in order, with their output shapes", plot_layer_graph(run))
    ]
    if len(run.snapshot_epochs):
        parts.append(_figure("units on the probe batch", plot_unit_activity(run)))
    conv = [la for la in run.config["network"]["layers"] if la["type"] == "Conv2d"]
    if conv and len(run.snapshot_epochs):
        try:
            filters = plot_filters(run, layer=conv[0]["name"])
            parts.append(_figure(f"learned filters of {conv[0]['name']!r}", filters))
        except (ValueError, KeyError):  # the run kept no full weights
            pass
    parts.append(
        "<p class='meta'>The neuron diagram, the decision boundary, the neuron "
        "maps and the worked example need a network of dense layers (an "
        "<code>ng.Network</code>): this run recorded a PyTorch model that is not "
        "a Sequential of Linear layers and activations. A layer's feature maps "
        "for one input: <code>neuroglass.torch.feature_maps(model, layer, x)</code> "
        "and <code>ng.plot.feature_maps</code>.</p>"
    )
    return parts


def _worked_example(net, data, run):
    try:
        from .. import explain
    except ImportError:  # pragma: no cover - explain is part of the package
        return None
    forward = getattr(explain, "forward", None)
    backward = getattr(explain, "backward", None)
    if forward is None:
        return None
    if data is not None:
        x, y = np.asarray(data[0])[0], np.asarray(data[1])[:1]
    else:
        probe = run.probe()
        x, y = probe[0], None
    text = str(forward(net, x))
    if backward is not None and y is not None:
        text += "\n\n" + str(backward(net, x, y))
    return text


def write_report(run, path, data=None, *, title=None) -> str:
    """Write a self-contained HTML report of ``run`` to ``path``.

    It holds the configuration, results, diagnostics in plain words, the
    training curves, gradient flow, update ratios and distributions, the
    network, the decision boundary and neuron maps (2-input networks), the loss
    landscape (with ``data``) and a worked example of the math for one sample.
    Images are embedded as PNG; the file needs no network access to open.

    Parameters
    ----------
    run : Run
    path : str
    data : (X, y), optional
        Data for the boundary, landscape and worked example.
    """
    text = build_report(run, data, title=title)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return str(path)
