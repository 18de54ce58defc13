"""Spiking neurons: the membrane trace and the raster of a population.

``membrane_data`` and ``raster_data`` compute the numbers (the playground's
neuron lab draws the same ones); ``plot_membrane`` and ``plot_raster`` draw them.
The f-I curve with the ANN activations overlaid is in :mod:`.brain_fi`.
"""

from __future__ import annotations

import numpy as np

from . import _common
from ._brain_text import model_name, words

#: excitatory neurons in the palette's positive colour (their weights are > 0),
#: inhibitory ones in its negative colour
EXCITATORY = _common.POSITIVE
INHIBITORY = _common.NEGATIVE
VOLTAGE = "#333333"
CURRENT = "#009e73"


def _trace_value(parameters: dict, name: str, neuron: int):
    """A parameter of one neuron from a config: a number or one per neuron."""
    value = parameters.get(name)
    if value is None:
        return None
    return float(value[neuron] if np.ndim(value) else value)


def membrane_data(trace, neuron: int = 0, clip: bool = True) -> dict:
    """The numbers of :func:`plot_membrane` for one neuron of a Trace.

    With ``clip``, ``v`` is clipped at the model's ``v_peak`` (Izhikevich's
    spike cutoff), as ``net.m`` plots it: the overshoot past it is an
    artefact of the step, not a membrane potential.

    Returns
    -------
    dict
        ``t`` (n_steps + 1,) ms; ``v`` (n_steps + 1,) mV (clipped at
        ``v_peak`` when asked; None when the model has none); ``spike_times`` (k,)
        ms; ``threshold`` (mV, from the config's ``V_th``; None if the model
        has none); ``v_peak``; ``current`` (n_steps + 1,) or None when ``"I"`` was not
        recorded; ``current_unit``; ``model``, ``scheme`` and ``title``.
    """
    if not hasattr(trace, "spike_times") or not hasattr(trace, "recorded"):
        raise TypeError(
            f"expected a neuroglass.brain Trace (from simulate()); got "
            f"{type(trace).__name__}."
        )
    if "v" not in trace.recorded:
        raise ValueError(
            f"this Trace did not record 'v' (recorded: {list(trace.recorded)}); "
            "simulate with record=('v', 'I')."
        )
    if isinstance(neuron, bool) or not isinstance(neuron, (int, np.integer)):
        raise TypeError(f"neuron must be an index (int); got {neuron!r}.")
    if not 0 <= neuron < trace.n:
        raise ValueError(
            f"neuron={neuron} is out of range: this Trace has {trace.n} neuron(s), "
            f"0 to {trace.n - 1}."
        )
    config = trace.config
    model = display_name(config.get("model", "neuron"))
    scheme = config.get("scheme", "?")
    recorded = "I" in trace.recorded
    parameters = config.get("parameters", {})
    v_peak = _trace_value(parameters, "v_peak", neuron)
    v = trace.v[:, neuron]
    if clip and v_peak is not None:
        v = np.minimum(v, v_peak)
    title = f"{model}, {scheme} scheme" + (f", neuron {neuron}" if trace.n > 1 else "")
    return {
        "t": trace.t,
        "v": v,
        "v_peak": v_peak,
        "spike_times": trace.spike_times[neuron],
        "threshold": _trace_value(parameters, "V_th", neuron),
        "current": trace.I[:, neuron] if recorded else None,
        "current_unit": trace.units.get("I", ""),
        "model": model,
        "model_id": config.get("model", "neuron"),
        "scheme": scheme,
        "neuron": neuron,
        "n_neurons": trace.n,
        "title": title,
    }


def _two_panels(figsize, ratios=(3, 1)):
    import matplotlib.pyplot as plt

    _, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=figsize,
        sharex=True,
        gridspec_kw={"height_ratios": ratios, "hspace": 0.08},
    )
    return top, bottom


def plot_membrane(
    trace,
    *,
    neuron=0,
    ax=None,
    current_ax=None,
    title=None,
    color=VOLTAGE,
    clip=True,
    lang=None,
):
    """The membrane potential v(t) of one neuron, its spikes and its input.

    Parameters
    ----------
    trace : Trace
        From :func:`neuroglass.brain.simulate`; record ``("v", "I")`` to get the
        input current panel.
    neuron : int
        Which neuron of the trace.
    ax : Axes, optional
        Where v(t) goes. Without ``ax`` and ``current_ax``, a new figure with
        the current in a panel below (when recorded); with ``ax`` only, just
        v(t) on that Axes.
    current_ax : Axes, optional
        Where the input current goes (a step line: held over each step).
    title : str, optional
        By default the model and its scheme (``"LIF, exact scheme"``).
    clip : bool
        Clip v at the model's ``v_peak`` (Izhikevich), see :func:`membrane_data`.
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes of v(t).

    Example
    -------
    >>> trace = ng.brain.simulate(ng.brain.LIF(), 0.5, 100.0, record=("v", "I"))
    >>> ax = plot_membrane(trace)
    """
    data = membrane_data(trace, neuron, clip=clip)
    text = words(lang)
    if ax is None and current_ax is None and data["current"] is not None:
        ax, current_ax = _two_panels((7, 4.2))
    ax = _common.get_ax(ax, figsize=(7, 3.2))
    t, v = data["t"], data["v"]
    ax.plot(t, v, color=color, lw=1.2, label=text["membrane.v"], gid="v")
    top = float(np.max(v))
    if data["threshold"] is not None:
        ax.axhline(
            data["threshold"],
            color="#d55e00",
            ls="--",
            lw=1,
            label=text["membrane.threshold"].format(value=data["threshold"]),
            gid="threshold",
        )
        top = max(top, data["threshold"])
    span = max(top - float(np.min(v)), 1.0)
    spikes = data["spike_times"]
    ax.plot(
        spikes,
        np.full(spikes.size, top + 0.08 * span),
        ls="none",
        marker="v",
        ms=5,
        color="#d55e00",
        label=text["membrane.spikes"].format(count=spikes.size),
        gid="spikes",
    )
    ax.set_ylim(float(np.min(v)) - 0.05 * span, top + 0.16 * span)
    ax.set_ylabel(text["v_mv"])
    ax.set_xlim(t[0], t[-1])
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3)
    ax.set_title(title or _membrane_title(data, text), fontsize=10)
    if current_ax is not None and data["current"] is not None:
        current_ax.step(
            t, data["current"], where="post", color=CURRENT, lw=1.2, gid="current"
        )
        current_ax.set_ylabel(_current_label(data["current_unit"], text=text))
        low, high = float(np.min(data["current"])), float(np.max(data["current"]))
        if low == high:  # a constant: show it against 0, not on a 1e-15 axis
            current_ax.set_ylim(
                min(0.0, low) * 1.1 - 0.05 * abs(low or 1.0),
                max(0.0, high) * 1.1 + 0.05 * abs(high or 1.0),
            )
        current_ax.set_xlabel(text["time_ms"])
        current_ax.grid(alpha=0.3)
    else:
        ax.set_xlabel(text["time_ms"])
    return ax


def _membrane_title(data, text) -> str:
    """``"LIF, exact scheme"`` (and the neuron, when the trace has several)."""
    model = model_name(data["model_id"], text)
    title = text["membrane.title"].format(model=model, scheme=data["scheme"])
    if data["n_neurons"] > 1:
        title += text["membrane.neuron"].format(neuron=data["neuron"])
    return title


#: how the models' config names read in titles
DISPLAY_NAMES = {"izhikevich": "Izhikevich", "hodgkin_huxley": "Hodgkin-Huxley"}


def display_name(model: str) -> str:
    """A model's config name as a title shows it (``"Hodgkin-Huxley"``)."""
    return DISPLAY_NAMES.get(model, model)


def _current_label(unit: str, name: str | None = None, text=None) -> str:
    """``"I (nA)"``, or just ``"I"`` for Izhikevich's dimensionless current
    (``text``: the words of the figure's language, default English)."""
    text = text or words("en")
    name = text["current_name"] if name is None else name
    if unit and unit != "dimensionless":
        return text["current_unit"].format(name=name, unit=unit)
    return name


def _spike_rows(spikes):
    """``(rows (k, 2), n, duration, n_excitatory)`` of a Trace, a network
    result or an array of (time ms, neuron) rows (n, duration, n_excitatory
    None when the source does not say)."""
    if hasattr(spikes, "firings"):  # izhikevich_network's result
        return spikes.firings, spikes.n, spikes.duration, spikes.n_excitatory
    if hasattr(spikes, "spike_times") and hasattr(spikes, "spikes"):  # a Trace
        return spikes.spikes, spikes.n, float(spikes.t[-1]), None
    rows = np.asarray(spikes, dtype=float)
    if rows.ndim != 2 or rows.shape[1] != 2:
        raise ValueError(
            f"spikes must be rows of (time ms, neuron index), shape (k, 2); got "
            f"shape {rows.shape}. Pass a Trace, a network result or such rows."
        )
    return rows, None, None, None


def raster_data(spikes, *, n_excitatory=None, n=None, bin_ms=5.0, duration=None):
    """The numbers of :func:`plot_raster`.

    Parameters
    ----------
    spikes : Trace, network result (``firings``) or ndarray (k, 2)
        Rows of (time ms, neuron index).
    n_excitatory : int, optional
        Neurons ``0 .. n_excitatory - 1`` are excitatory, the rest inhibitory
        (a network result says); None: all one population.
    n, duration : optional
        The number of neurons and the run's length (ms) when the rows alone do
        not say (default: the largest index + 1, the last spike).
    bin_ms : float
        The width (ms) of the population-rate bins.

    Returns
    -------
    dict
        ``times`` (k,), ``neurons`` (k,), ``excitatory`` (k,) bool, ``n``,
        ``n_excitatory``, ``duration``, ``edges`` (bins + 1,) ms and ``rate``
        (bins,) the population rate (Hz per neuron: spikes in the bin / n /
        bin width; bin i holds the spikes at ``edges[i] < t <= edges[i + 1]``).
    """
    rows, n_source, duration_source, ne_source = _spike_rows(spikes)
    times, neurons = rows[:, 0], rows[:, 1].astype(np.int64)
    n = n if n is not None else n_source
    n = int(n if n is not None else (neurons.max() + 1 if neurons.size else 1))
    ne = n_excitatory if n_excitatory is not None else ne_source
    if ne is not None and not 0 <= int(ne) <= n:
        raise ValueError(f"n_excitatory={ne} must be between 0 and n={n}.")
    if not np.isfinite(bin_ms) or bin_ms <= 0:
        raise ValueError(f"bin_ms must be a positive number of ms; got {bin_ms!r}.")
    duration = duration if duration is not None else duration_source
    if duration is None:
        duration = float(times.max()) if times.size else bin_ms
    bins = max(int(np.ceil(duration / bin_ms - 1e-9)), 1)
    edges = np.arange(bins + 1) * bin_ms
    # a spike at s happened in the step ending at s: bin i counts edges[i] < s <=
    # edges[i + 1], as Trace.rate does (np.histogram would put s = 5 in (5, 10])
    index = np.clip(np.searchsorted(edges, times, side="left") - 1, 0, bins - 1)
    counts = np.bincount(index, minlength=bins)[:bins]
    return {
        "times": times,
        "neurons": neurons,
        "excitatory": neurons < (n if ne is None else int(ne)),
        "n": n,
        "n_excitatory": None if ne is None else int(ne),
        "duration": float(duration),
        "edges": edges,
        "rate": counts / n / (bin_ms / 1000.0),
    }


def plot_raster(
    spikes,
    *,
    n_excitatory=None,
    n=None,
    ax=None,
    rate_ax=None,
    bin_ms=5.0,
    title=None,
    lang=None,
):
    """Spike raster (one dot per spike), excitatory and inhibitory apart, and
    the population rate below.

    Parameters
    ----------
    spikes : Trace, network result or ndarray (k, 2)
        See :func:`raster_data`.
    n_excitatory, n, bin_ms
        See :func:`raster_data`.
    ax, rate_ax : Axes, optional
        Without either, a new figure with the rate below; with ``ax`` only,
        just the raster.
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes
        The raster's Axes.

    Example
    -------
    >>> net = ng.brain.izhikevich_network(duration=1000.0)
    >>> ax = plot_raster(net)   # 800 excitatory (blue), 200 inhibitory (orange)
    """
    data = raster_data(spikes, n_excitatory=n_excitatory, n=n, bin_ms=bin_ms)
    text = words(lang)
    if ax is None and rate_ax is None:
        ax, rate_ax = _two_panels((7, 5))
    ax = _common.get_ax(ax, figsize=(7, 4))
    exc = data["excitatory"]
    split = data["n_excitatory"] is not None
    for mask, colour, label, gid in (
        (
            exc,
            EXCITATORY,
            "raster.excitatory" if split else "raster.spikes",
            "excitatory",
        ),
        (~exc, INHIBITORY, "raster.inhibitory", "inhibitory"),
    ):
        if gid == "inhibitory" and not split:
            continue
        ax.scatter(
            data["times"][mask],
            data["neurons"][mask],
            s=2,
            marker="o",
            linewidths=0,
            color=colour,
            label=text["raster.count"].format(label=text[label], count=int(mask.sum())),
            gid=gid,
            rasterized=True,
        )
    ax.set_xlim(0, data["duration"])
    ax.set_ylim(-0.5, data["n"] - 0.5)
    ax.set_ylabel(text["raster.neuron"])
    if split:
        boundary = data["n_excitatory"] - 0.5
        ax.axhline(boundary, color="#999999", lw=0.6, gid="ei_boundary")
    # the legend above the raster, where it hides no spikes
    ax.legend(
        fontsize=8,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncol=2,
        markerscale=4,
        frameon=False,
        borderaxespad=0.2,
    )
    scheme = getattr(spikes, "config", {}).get("scheme")
    default = text["raster.title"].format(n=data["n"])
    if scheme:
        default += text["raster.scheme"].format(scheme=scheme)
    ax.set_title(title or default, fontsize=10, loc="left")
    if rate_ax is not None:
        rate_ax.stairs(data["rate"], data["edges"], color="#333333", gid="rate")
        rate_ax.set_ylabel(text["raster.rate"].format(bin_ms=bin_ms))
        rate_ax.set_xlabel(text["time_ms"])
        rate_ax.set_xlim(0, data["duration"])
        rate_ax.grid(alpha=0.3)
    else:
        ax.set_xlabel(text["time_ms"])
    return ax
