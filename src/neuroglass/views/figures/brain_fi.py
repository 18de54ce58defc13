"""The f-I curve of a spiking neuron, with the ANN activations overlaid.

The bridge between the two: an artificial unit computes ``a = f(w . x + b)``;
a spiking neuron turns its input current ``I`` into a firing rate ``r(I)``.
The input current plays the pre-activation ``z``, the rheobase (the smallest
current that makes it fire) plays the bias (it shifts where the unit turns
on: ``b ~ -I_rh``), and the firing rate plays the activation ``a``.
"""

from __future__ import annotations

import numpy as np

from . import _common
from ._brain_text import model_name, words
from .brain import _current_label, display_name

#: the activations' colours and line styles (Okabe & Ito)
STYLES = {
    "relu": {"color": "#0072b2", "ls": "--"},
    "sigmoid": {"color": "#009e73", "ls": "-."},
    "tanh": {"color": "#cc79a7", "ls": ":"},
}


def _rheobase(neuron, currents, rate) -> float:
    """The neuron's closed-form rheobase when it has one (LIF), else the first
    current of the grid that makes it fire."""
    value = getattr(neuron, "rheobase", None)
    if value is not None and np.ndim(value) == 0:
        return float(value)
    return float(currents[np.flatnonzero(rate > 0)[0]])


def _activations(currents, rate, rheobase) -> dict:
    """ReLU, sigmoid and tanh scaled onto the f-I curve's axes (see
    :func:`fi_curve_data`)."""
    firing = rate > 0
    above = currents[firing] - rheobase
    r_max = float(rate.max())
    # ReLU: least-squares slope through (I_rh, 0) over the firing currents
    slope = float(np.sum(above * rate[firing]) / max(np.sum(above**2), 1e-12))
    if slope <= 0:
        slope = r_max / max(float(np.ptp(currents)), 1e-12)
    # sigmoid: centred where the curve reaches half its maximum, as steep there
    half = int(np.flatnonzero(rate >= r_max / 2)[0])
    centre = float(currents[half])
    local = float(np.gradient(rate, currents)[half])
    width = r_max / (4 * local) if local > 0 else r_max / (4 * slope)
    z = currents - rheobase
    return {
        "relu": slope * np.maximum(z, 0.0),
        "sigmoid": r_max / (1 + np.exp(-(currents - centre) / width)),
        "tanh": r_max * np.tanh(slope * z / r_max),
        "scales": {
            "r_max": r_max,
            "slope": slope,
            "sigmoid_centre": centre,
            "sigmoid_width": width,
        },
    }


def fi_curve_data(
    neuron, currents, *, duration=1000.0, window=None, dt=None, method=None
) -> dict:
    """The f-I curve of ``neuron`` and the ANN activations scaled onto it.

    The rates are simulated with :func:`neuroglass.brain.fi_curve` (one neuron
    per current); a neuron with a closed form (LIF's ``rate``) also gives it.
    The activations share the curve's axes: with ``z = I - I_rh``,

    - ReLU ``slope * max(0, z)``, ``slope`` the least-squares slope of the
      simulated rates over the firing currents (a line through the rheobase);
    - sigmoid ``r_max * sigmoid((I - I_half) / w)``: its maximum the curve's
      (``r_max``), its centre the first current reaching ``r_max / 2``, as
      steep there as the curve (``w = r_max / (4 dr/dI)``);
    - tanh ``r_max * tanh(slope * z / r_max)``: the ReLU's slope at the
      rheobase, saturating at ``r_max``, and negative below the rheobase,
      where no firing rate can go.

    Parameters
    ----------
    neuron : Neuron
        A model of :mod:`neuroglass.brain` with scalar parameters.
    currents : array-like of shape (k,)
        Increasing constant currents (the neuron's unit); some must fire.
    duration, window, dt, method
        As for :func:`neuroglass.brain.fi_curve`.

    Returns
    -------
    dict
        ``currents`` (k,), ``rate`` (k,) Hz simulated, ``closed_form`` (k,) Hz
        or None, ``rheobase``, ``relu``, ``sigmoid``, ``tanh`` (k,) each,
        ``scales`` (the numbers above), ``unit``, ``model``, ``scheme``.
    """
    from ...brain import fi_curve

    currents = np.asarray(currents, dtype=float)
    if currents.ndim != 1 or currents.size < 3 or np.any(np.diff(currents) <= 0):
        raise ValueError(
            f"currents must be at least 3 increasing values; got {currents!r}. "
            "Use np.linspace(0, I_max, 50)."
        )
    rate = fi_curve(
        neuron, currents, duration=duration, window=window, dt=dt, method=method
    )
    if not np.any(rate > 0):
        raise ValueError(
            f"{neuron.name} fires for none of the currents {currents[0]:g} to "
            f"{currents[-1]:g} {neuron.current_unit}; raise the largest current."
        )
    rheobase = _rheobase(neuron, currents, rate)
    closed = getattr(neuron, "rate", None)
    config = neuron.config()
    return {
        "currents": currents,
        "rate": rate,
        "closed_form": np.asarray(closed(currents)) if callable(closed) else None,
        "rheobase": rheobase,
        **_activations(currents, rate, rheobase),
        "unit": neuron.current_unit,
        "model": display_name(config["model"]),
        "model_id": config["model"],
        "scheme": config["scheme"],
    }


def plot_fi_curve(
    neuron,
    currents=None,
    *,
    ax=None,
    duration=1000.0,
    window=None,
    dt=None,
    method=None,
    activations=True,
    title=None,
    lang=None,
):
    """The f-I curve of a spiking neuron beside the ANN activations.

    The simulated rates are dots, the closed form (LIF) a line, and ReLU,
    sigmoid and tanh are scaled onto the same axes as :func:`fi_curve_data`
    says (the legend names each scaling). A dotted vertical line marks the
    rheobase, annotated as the unit's bias; the axes say that the current
    plays the pre-activation and the rate the activation.

    Parameters
    ----------
    neuron : Neuron, or the dict of :func:`fi_curve_data`
    currents : array-like of shape (k,)
        The currents (needed unless ``neuron`` is already the data).
    activations : bool
        Overlay ReLU, sigmoid and tanh.
    lang : {"en", "zh"}, optional
        The language of the words (default: ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> ax = plot_fi_curve(ng.brain.LIF(), np.linspace(0, 2, 60))
    """
    data = neuron if isinstance(neuron, dict) else None
    if data is None:
        if currents is None:
            raise ValueError("pass the currents: plot_fi_curve(neuron, currents).")
        data = fi_curve_data(
            neuron, currents, duration=duration, window=window, dt=dt, method=method
        )
    text = words(lang)
    model = model_name(data.get("model_id", data["model"]), text)
    ax = _common.get_ax(ax, figsize=(6.5, 4.2))
    x, unit = data["currents"], data["unit"]
    if data["closed_form"] is not None:
        ax.plot(
            x,
            data["closed_form"],
            color="#333333",
            lw=1.6,
            gid="closed_form",
            label=text["fi.closed_form"].format(model=model),
        )
    ax.plot(
        x,
        data["rate"],
        ls="none",
        marker="o",
        ms=3.5,
        color="#333333",
        gid="simulated",
        label=text["fi.simulated"].format(model=model, scheme=data["scheme"]),
    )
    if activations:
        _draw_activations(ax, data, text)
    _annotate_mapping(ax, data, text)
    current = _current_label(unit, text["fi.current_name"], text)
    ax.set_xlabel(text["fi.xlabel"].format(current=current))
    ax.set_ylabel(text["fi.ylabel"])
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7.5, loc="upper left")
    ax.set_title(
        title or text["fi.title"].format(model=model, scheme=data["scheme"]),
        fontsize=10,
    )
    return ax


def _draw_activations(ax, data, text):
    scales = data["scales"]
    labels = {name: text[f"fi.{name}"].format(**scales) for name in STYLES}
    for name, style in STYLES.items():
        ax.plot(
            data["currents"], data[name], lw=1.4, gid=name, label=labels[name], **style
        )
    r_max = scales["r_max"]
    ax.set_ylim(-0.12 * r_max, 1.15 * r_max)


def _annotate_mapping(ax, data, text):
    rheobase, r_max = data["rheobase"], float(np.max(data["rate"]))
    unit = "" if data["unit"] == "dimensionless" else f" {data['unit']}"
    ax.axvline(rheobase, color="#d55e00", ls=":", lw=1, gid="rheobase")
    box = {"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none", "alpha": 0.85}
    # both notes sit in the empty lower right, under the curve
    ax.annotate(
        text["fi.rheobase"].format(value=rheobase, unit=unit),
        xy=(rheobase, 0.0),
        xytext=(0.45, 0.07),
        textcoords="axes fraction",
        bbox=box,
        fontsize=8,
        color="#d55e00",
        arrowprops={"arrowstyle": "->", "color": "#d55e00", "lw": 0.8},
    )
    top = int(np.argmax(data["rate"]))
    ax.annotate(
        text["fi.activation"],
        xy=(data["currents"][top], r_max),
        xytext=(0.62, 0.3),
        textcoords="axes fraction",
        bbox=box,
        fontsize=8,
        arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.8},
    )
