"""Song, Miller & Abbott (2000): the weights split, the output rate settles.

``song_data`` takes the numbers from one or more
:class:`neuroglass.brain.song.SongResult` (histograms of ``w / g_max`` at a few
times, the output rate over time); ``plot_weight_distribution`` draws them:
the histograms going from the uniform start to two groups at the bounds, and
beside them the output rate of each run (runs at different input rates end at
about the same output rate: STDP regulates it).
"""

from __future__ import annotations

import numpy as np

from . import _common
from ._brain_text import words

#: the later the snapshot, the darker its histogram
SHADES = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
RATE_COLORS = ("#0877bd", "#d55e00", "#009e73", "#cc79a7")


def _snapshots(result, times_ms, n_times) -> np.ndarray:
    """Indices of the snapshots nearest to ``times_ms`` (default: ``n_times``
    spread from the start to the end, quadratically: the change is fastest
    early)."""
    t = np.asarray(result.t_ms, dtype=float)
    if times_ms is None:
        wanted = t[-1] * np.linspace(0.0, 1.0, n_times) ** 2
    else:
        wanted = np.asarray(times_ms, dtype=float).ravel()
        if wanted.size == 0 or np.any((wanted < 0) | (wanted > t[-1])):
            raise ValueError(
                f"times_ms must be snapshot times within [0, {t[-1]:g}] ms; got "
                f"{times_ms!r}."
            )
    return np.unique(np.abs(t[None, :] - wanted[:, None]).argmin(axis=1))


def song_data(results, *, times_ms=None, n_times=4, bins=20, rate_bin_ms=None):
    """The numbers behind :func:`plot_weight_distribution`.

    Parameters
    ----------
    results : SongResult or sequence of SongResult
        The first one's weights are histogrammed; every run's output rate is
        given (to compare input rates).
    times_ms : sequence of float, optional
        Snapshot times (ms) to histogram; default ``n_times`` from start to end.
    bins : int
        Histogram bins over ``w / g_max`` in [0, 1].
    rate_bin_ms : float, optional
        Bin of the output rate (ms); default each run's snapshot interval,
        at least 1% of the run.

    Returns
    -------
    dict
        ``edges`` (bins + 1,) of ``w / g_max``; ``times_ms`` (k,) and
        ``histograms`` (k, bins) as fractions of the inputs; ``near_bounds``
        (k, 2): the shares below 0.1 and above 0.9 ``g_max``; ``rates``: per
        run a dict ``rate_in_hz``, ``t_ms``, ``rate_hz``; ``config`` of the
        first run.
    """
    runs = list(results) if isinstance(results, (list, tuple)) else [results]
    if not runs:
        raise ValueError("results is empty; give at least one SongResult.")
    first = runs[0]
    index = _snapshots(first, times_ms, n_times)
    fractions = first.weights_fraction[index]
    edges = np.linspace(0.0, 1.0, int(bins) + 1)
    histograms = np.array([np.histogram(w, bins=edges)[0] for w in fractions])
    rates = []
    for run in runs:
        width = rate_bin_ms or max(run.config["record_every_ms"], run.duration_ms / 100)
        t, rate = run.output_rate_hz(width)
        rates.append({"rate_in_hz": run.config["rate_hz"], "t_ms": t, "rate_hz": rate})
    return {
        "edges": edges,
        "times_ms": first.t_ms[index],
        "histograms": histograms / fractions.shape[1],
        "near_bounds": np.stack(
            [np.mean(fractions < 0.1, axis=1), np.mean(fractions > 0.9, axis=1)], 1
        ),
        "rates": rates,
        "config": first.config,
    }


def plot_weight_distribution(
    results, *, ax=None, rate=True, times_ms=None, n_times=4, bins=20, lang=None
):
    """The distribution of ``w / g_max`` at a few times, going from the uniform
    start to two groups at 0 and ``g_max``; with ``rate`` (and no ``ax``) the
    output rate of each run beside it. Returns the Figure (two panels) or,
    with ``ax``, that Axes (the histograms only). ``lang``: the language of
    the words (``"en"`` or ``"zh"``; default ``ng.set_lang``'s).

    Example
    -------
    >>> slow = brain.song_miller_abbott(rate_hz=10.0)          # doctest: +SKIP
    >>> fast = brain.song_miller_abbott(rate_hz=40.0)          # doctest: +SKIP
    >>> plot_weight_distribution([slow, fast])                 # doctest: +SKIP
    """
    data = song_data(results, times_ms=times_ms, n_times=n_times, bins=bins)
    text = words(lang)
    if ax is not None or not rate:
        ax = _common.get_ax(ax, figsize=(6, 4))
        _draw_histograms(ax, data, text)
        return ax
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(
        1, 2, figsize=(11.5, 4.2), gridspec_kw={"width_ratios": [3, 2]}
    )
    _draw_histograms(left, data, text)
    _draw_rates(right, data, text)
    fig.tight_layout()
    return fig


def _draw_histograms(ax, data, text) -> None:
    edges, config = data["edges"], data["config"]
    shades = SHADES[-len(data["times_ms"]) :] if len(data["times_ms"]) <= 4 else None
    snapshots = zip(data["times_ms"], data["histograms"], strict=True)
    last = len(data["times_ms"]) - 1
    for k, (t, hist) in enumerate(snapshots):
        low, high = data["near_bounds"][k]
        color = shades[k] if shades else None
        label = text["song.snapshot"].format(t=t / 1000, low=low, high=high)
        if k == last:  # the end: filled, under the earlier outlines
            ax.stairs(hist, edges, color=color, fill=True, alpha=0.3, zorder=1)
        ax.stairs(hist, edges, color=color, lw=2.2 if k == last else 1.4,
                  zorder=2, gid=f"t{k}", label=label)  # fmt: skip
    ax.set_xlim(0, 1)
    ax.set_xlabel("w / g_max")
    ax.set_ylabel(text["song.ylabel"])
    ax.set_title(text["song.title"].format(**config), fontsize=10)
    ax.legend(fontsize=8, loc="upper center", frameon=False)


def _draw_rates(ax, data, text) -> None:
    for k, run in enumerate(data["rates"]):
        ax.plot(
            run["t_ms"] / 1000.0, run["rate_hz"], color=RATE_COLORS[k % 4], lw=1.4,
            gid=f"rate{k}",
            label=text["song.rate"].format(
                rate_in=run["rate_in_hz"],
                end=np.mean(run["rate_hz"][-max(1, len(run["rate_hz"]) // 5) :]),
            ),
        )  # fmt: skip
    if all(np.any(run["rate_hz"] > 0) for run in data["rates"]):
        ax.set_yscale("log")  # the start can be 50x the end
    ax.set_xlabel(text["time_s"])
    ax.set_ylabel(text["song.output"])
    ax.set_title(text["song.rates"], fontsize=10)
    ax.legend(fontsize=8, frameon=False)
