"""The spiking network converted from a ReLU network: accuracy against time.

- :func:`plot_snn_accuracy`: the accuracy of a
  :class:`~neuroglass.brain.spiking_network.SpikingNetwork` after each step of
  one run (the class is read at every step), with the ANN's accuracy as a
  horizontal line and the band of ``band`` (default 2 percentage points)
  around it; optionally a second panel with the firing rates per layer.

``snn_accuracy_data`` computes the numbers; the plot function draws them.
"""

from __future__ import annotations

import numpy as np

from ...engine.errors import ConfigError
from . import _common
from ._brain_text import words

SNN = _common.POSITIVE
ANN = "#333333"


def _run_of(snn_or_run, X, duration, dt):
    """A SpikingRun: ``snn_or_run`` itself, or the network run on ``X``."""
    if hasattr(snn_or_run, "predictions") and hasattr(snn_or_run, "spike_counts"):
        return snn_or_run
    if not hasattr(snn_or_run, "run"):
        raise ConfigError(
            "snn_accuracy_data needs a SpikingNetwork (from brain.to_spiking) or "
            "a SpikingRun (from snn.run(X, duration)); got "
            f"{type(snn_or_run).__name__}."
        )
    return snn_or_run.run(X, duration, dt=dt)


def _ann_accuracy(ann, X, y) -> float:
    """The ANN's accuracy: a number in [0, 1], or a network's on ``(X, y)``."""
    if hasattr(ann, "predict_classes"):
        labels = np.asarray(y)
        if labels.ndim == 2 and labels.shape[1] > 1:
            labels = labels.argmax(axis=1)
        return float((ann.predict_classes(X) == labels.reshape(-1)).mean())
    value = float(ann)
    if not 0.0 <= value <= 1.0:
        raise ConfigError(
            f"ann={ann!r} is not an accuracy in [0, 1]; pass the ReLU network "
            "itself or its accuracy on (X, y), e.g. 0.978."
        )
    return value


def snn_accuracy_data(
    snn_or_run, X, y, *, ann=None, duration=100.0, dt=None, band=0.02
) -> dict:
    """The numbers of :func:`plot_snn_accuracy`.

    Parameters
    ----------
    snn_or_run : SpikingNetwork or SpikingRun
        A network from :func:`~neuroglass.brain.to_spiking` (run here on ``X``
        for ``duration`` ms, step ``dt`` ms) or a run of it on ``X``.
    X, y : array-like
        The samples of the run and their labels.
    ann : Network or float, optional
        The ReLU network (its accuracy on ``(X, y)`` is computed) or that
        accuracy; None draws no reference.
    band : float
        Half-width of the band around the ANN's accuracy (0.02: 2 points).

    Returns
    -------
    dict
        ``t`` (n_steps,) ms; ``accuracy`` (n_steps,) after each step;
        ``ann_accuracy`` (or None); ``band`` ``(low, high)`` (or None);
        ``within_from`` the first time (ms) from which the accuracy stays in
        the band (None if it never does); ``final``; ``layers`` names;
        ``rates`` per spiking layer, each unit's rate (Hz) averaged over the
        samples; ``mean_rates`` (Hz) per layer; ``max_rate`` ``1000 / dt`` Hz.
    """
    run = _run_of(snn_or_run, X, duration, dt)
    accuracy = run.accuracy(y)
    reference = None if ann is None else _ann_accuracy(ann, X, y)
    limits, within_from = None, None
    if reference is not None:
        limits = (reference - band, reference + band)
        outside = np.flatnonzero(np.abs(accuracy - reference) > band + 1e-12)
        first = 0 if outside.size == 0 else outside[-1] + 1
        within_from = float(run.t[first]) if first < len(run.t) else None
    rates = [layer.mean(axis=0) for layer in run.rates()]
    names = [f"hidden {i + 1}" for i in range(len(rates))]
    if len(rates) == len(getattr(snn_or_run, "weights", [])):
        names[-1] = "output"
    return {
        "t": run.t,
        "accuracy": accuracy,
        "ann_accuracy": reference,
        "band": limits,
        "within_from": within_from,
        "final": float(accuracy[-1]),
        "layers": names,
        "rates": rates,
        "mean_rates": np.array([float(r.mean()) for r in rates]),
        "max_rate": 1000.0 / run.dt,
        "dt": run.dt,
    }


def plot_snn_accuracy(
    snn_or_run, X, y, *, ann=None, duration=100.0, dt=None, band=0.02,
    rates=True, log_time=True, ax=None, lang=None,
):  # fmt: skip
    """Accuracy of the spiking network against simulated time (ms), the ANN's
    accuracy as a line with its ``band``, and (``rates=True``) the firing
    rates per layer beside it. With ``ax`` (one Axes) only the accuracy is
    drawn. Returns the Figure (two panels) or the Axes. ``lang``: the
    language of the words (``"en"`` or ``"zh"``; default ``ng.set_lang``'s).

    >>> snn = brain.to_spiking(net, X_train)                    # doctest: +SKIP
    >>> plot_snn_accuracy(snn, X_test, y_test, ann=net)         # doctest: +SKIP
    """
    data = snn_accuracy_data(
        snn_or_run, X, y, ann=ann, duration=duration, dt=dt, band=band
    )
    text = words(lang)
    if ax is not None or not rates:
        ax = _common.get_ax(ax, figsize=(6, 4))
        _draw_accuracy(ax, data, log_time, text)
        return ax
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(
        1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [2, 1]}
    )
    _draw_accuracy(left, data, log_time, text)
    _draw_rates(right, data, text)
    fig.tight_layout()
    return fig


def _draw_accuracy(ax, data, log_time, text) -> None:
    t, accuracy = data["t"], data["accuracy"]
    ax.plot(t, accuracy, color=SNN, lw=1.8, label=text["snn.snn"])
    if data["ann_accuracy"] is not None:
        low, high = data["band"]
        band = text["snn.band"].format(points=100 * (high - low) / 2)
        ann = text["snn.ann"].format(accuracy=100 * data["ann_accuracy"])
        ax.axhspan(low, high, color=ANN, alpha=0.12, lw=0, label=band)
        ax.axhline(data["ann_accuracy"], color=ANN, ls="--", lw=1.2, label=ann)
        if data["within_from"] is not None:
            ax.axvline(data["within_from"], color=ANN, ls=":", lw=1)
            ax.annotate(
                text["snn.within"].format(t=data["within_from"]),
                (data["within_from"], low), xytext=(4, -14),
                textcoords="offset points", fontsize=8, color=ANN,
            )  # fmt: skip
    if log_time:
        ax.set_xscale("log")
    ax.set_xlim(t[0], t[-1])
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel(text["snn.xlabel"])
    ax.set_ylabel(text["snn.ylabel"])
    ax.set_title(
        text["snn.title"].format(final=100 * data["final"], t=t[-1], dt=data["dt"])
    )
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(alpha=0.3)


def _draw_rates(ax, data, text) -> None:
    positions = np.arange(len(data["rates"]))
    rng = np.random.default_rng(0)  # jitter only, for the eye
    for x, unit_rates in zip(positions, data["rates"]):
        jitter = rng.uniform(-0.25, 0.25, unit_rates.size)
        ax.scatter(x + jitter, unit_rates, s=8, color=SNN, alpha=0.5, lw=0)
    ax.bar(positions, data["mean_rates"], width=0.6, color=SNN, alpha=0.25,
           edgecolor=SNN, label=text["snn.mean"])  # fmt: skip
    ax.axhline(data["max_rate"], color=ANN, ls=":", lw=1,
               label=f"1/dt = {data['max_rate']:g} Hz")  # fmt: skip
    ax.set_xticks(positions, [_layer_name(name, text) for name in data["layers"]])
    ax.set_ylabel(text["rate_hz"])
    ax.set_title(text["snn.rates"])
    ax.legend(loc="upper right", fontsize=8)


def _layer_name(name, text) -> str:
    """``"hidden 2"`` or ``"output"`` (the data's names) in ``text``'s words."""
    if name == "output":
        return text["snn.output"]
    return text["snn.hidden"].format(k=name.split()[-1])
