"""A self-contained HTML report of a recorded run: one file, images embedded,
nothing fetched from the network when it is opened; in English or Chinese
(``lang=``, else ``ng.set_lang`` / ``with ng.language("zh"):``)."""

from __future__ import annotations

import datetime as dt
import html

import numpy as np

from ..figures import _common
from ..lang import resolve_lang
from ..text import config_rows
from ._figures import network_figures, training_figures
from ._html import CSS, fmt, table
from ._words import STATUS, TEXT

__all__ = ["build_report", "write_report"]

RESULTS = (
    "final_loss",
    "final_accuracy",
    "final_val_loss",
    "final_val_accuracy",
    "best_val_loss",
)


def build_report(run, data=None, *, title=None, lang=None) -> str:
    """The report as an HTML string (see :func:`write_report`)."""
    lang = resolve_lang(lang)
    if not _common.is_run(run):
        raise TypeError(
            f"a report is made from a recorded run (ng.open_run(path)); got "
            f"{type(run).__name__}."
        )
    words = TEXT[lang]
    summary = run.summary()
    # a recorded PyTorch model that is no ng.Network: no network figures
    net = run.network() if getattr(run, "is_network", True) else None
    name = html.escape(title or run.name)
    status = STATUS[lang].get(summary["status"], summary["status"])
    meta = words["meta"].format(
        date=dt.date.today().isoformat(),
        status=html.escape(status),
        epochs=summary["epochs"],
    )
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{name}</title><style>{CSS}</style>",
        "</head><body>",
        f"<h1>{name}</h1>",
        f"<p class='meta'>{meta}</p>",
        f"<h2>{words['configuration']}</h2>",
        _configuration(run.config, net, lang),
        f"<h2>{words['results']}</h2>",
        table([(words[k], fmt(summary[k])) for k in RESULTS]),
        f"<h2>{words['diagnostics']}</h2>",
        *_diagnostics(run, lang),
        f"<h2>{words['training_heading']}</h2><div class='figures'>",
        *training_figures(run, lang),
        f"</div><h2>{words['the_network']}</h2><div class='figures'>",
        *network_figures(run, net, data, lang),
        "</div>",
    ]
    explain = _worked_example(net, data, run, lang) if net is not None else None
    if explain:
        parts.append(f"<h2>{words['worked_example']}</h2>")
        parts.append(f"<pre>{html.escape(explain)}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _configuration(config, net, lang) -> str:
    words = TEXT[lang]
    layers = config["network"]["layers"]
    sizes = [layers[0]["n_in"]] + [layer["n_out"] for layer in layers]
    if net is None:  # a recorded PyTorch model: its layers with parameters
        sizes = [f"{la.get('type', '?')}({la['n_in']}, {la['n_out']})" for la in layers]
    framework = config.get("framework")
    extra = []
    if isinstance(framework, dict):  # as `neuroglass runs show` says it
        world = (config.get("distributed") or {}).get("world_size", 1)
        processes = words["processes"].format(
            name=framework.get("name"), version=framework.get("version"), world=world
        )
        extra.append((words["framework"], processes))
    return table(
        [
            (words["network"], " -> ".join(map(str, sizes))),
            *extra,
            (words["activations"], ", ".join(layer["activation"] for layer in layers)),
            (words["loss"], config["loss"] or "-"),
            *_config_rows(config, lang),  # the same words as `neuroglass runs show`
            (words["seed"], config.get("seed")),
            (words["parameters"], f"{_n_params(config, net):,}"),
            (words["library"], config.get("library_version")),
        ]
    )


def _config_rows(config, lang):
    """``views.text.config_rows`` with the report's labels, in ``lang`` (as
    ``runs show`` prints them)."""
    rows = config_rows(config, lang=lang)
    return [(TEXT[lang].get(label, label), text) for label, text in rows]


def _n_params(config, net) -> int:
    if net is not None:
        return net.n_params
    return config["network"].get("n_params") or 0


def _diagnostics(run, lang) -> list[str]:
    words = TEXT[lang]
    diagnostics = run.diagnostics()
    if not diagnostics:
        return [f"<p class='ok'>{words['no_problems']}</p>"]
    open_, close = ("（", "）：") if lang == "zh" else (" (", "): ")
    parts = []
    for d in diagnostics:
        # the recorder words each finding in both languages (English as recorded)
        w = d.text(lang)
        where = (
            words["at_epoch"].format(epoch=d.epoch + 1) if d.epoch is not None else ""
        )
        parts.append(
            f"<div class='diag {html.escape(d.severity)}'><b>{html.escape(w.name)}"
            f"</b>{open_}{html.escape(where)}{close}{html.escape(w.message)}<br>"
            f"<i>{html.escape(w.suggestion)}</i></div>"
        )
    return parts


def _worked_example(net, data, run, lang):
    from .. import explain

    if data is not None:
        x, y = np.asarray(data[0])[0], np.asarray(data[1])[:1]
    else:
        probe = run.probe()
        x, y = probe[0], None
    text = str(explain.forward(net, x, lang=lang))
    if y is not None:
        text += "\n\n" + str(explain.backward(net, x, y, lang=lang))
    return text


def write_report(run, path, data=None, *, title=None, lang=None) -> str:
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
    title : str, optional
        The page's title (default: the run's name).
    lang : {"en", "zh"}, optional
        The language of every heading, label, caption, figure and the worked
        example (default: ``ng.set_lang``'s, which ``neuroglass --lang zh``
        sets), the recorder's diagnostics included.
    """
    text = build_report(run, data, title=title, lang=lang)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return str(path)
