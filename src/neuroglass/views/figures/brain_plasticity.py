"""Synaptic plasticity: the STDP window with simulated spike pairs.

``stdp_window_data`` computes the numbers (the playground's STDP panel shows
the same ones); ``plot_stdp_window`` draws them. Sign convention:
``delta_t = t_post - t_pre`` (ms), positive when pre fires before post.
"""

from __future__ import annotations

import numpy as np

from . import _common
from ._brain_text import words

#: the delta_t (ms) of the simulated pairs (0 is left out: W(0) = 0, no pairing)
PAIRS = (
    -80.0,
    -50.0,
    -30.0,
    -20.0,
    -12.0,
    -6.0,
    -2.0,
    2.0,
    6.0,
    12.0,
    20.0,
    30.0,
    50.0,
    80.0,
)
WINDOW = "#333333"


def stdp_window_data(rule=None, *, pairs=PAIRS, span=100.0, t_pre=200.0) -> dict:
    """The window ``W(delta_t)`` of ``rule`` and the weight changes the rule's
    trace form actually makes on single spike pairs.

    Parameters
    ----------
    rule : neuroglass.brain.STDP, optional
        Default ``STDP()`` (Brian2's example after Song, Miller & Abbott 2000).
        Its parameters are kept; it is run unbounded, so that a pair's change
        is the window's value and not clipped at 0 or ``w_max``.
    pairs : sequence of float
        The ``delta_t = t_post - t_pre`` (ms) of the pairs; each is its own
        synapse with one pre spike at ``t_pre`` ms and one post spike at
        ``t_pre + delta_t``, simulated by :meth:`STDP.run_times` from w = 0.
    span : float
        The curve covers ``-span .. span`` ms.

    Returns
    -------
    dict
        ``delta_t`` (k,) ms and ``window`` (k,) the curve (NaN at 0, where it
        jumps); ``pair_delta_t`` (p,) ms and ``pair_change`` (p,) the simulated
        weight changes; ``parameters`` (the rule's config).
    """
    from ...brain import STDP

    rule = STDP() if rule is None else rule
    config = rule.config()
    unbounded = STDP(
        config["A_plus"],
        config["A_minus"],
        config["tau_plus"],
        config["tau_minus"],
        w_max=config["w_max"],
        bounded=False,
    )
    pair_delta = np.asarray(pairs, dtype=float)
    if pair_delta.ndim != 1 or pair_delta.size == 0:
        raise ValueError(
            f"pairs must be a non-empty 1-D sequence of delta_t (ms); got {pairs!r}."
        )
    if np.any(np.abs(pair_delta) >= t_pre):
        raise ValueError(
            f"every |delta_t| in pairs must be below t_pre={t_pre:g} ms (spike "
            f"times are >= 0); got {pair_delta!r}. Raise t_pre."
        )
    result = unbounded.run_times(
        [np.array([t_pre]) for _ in pair_delta],
        [np.array([t_pre + d]) for d in pair_delta],
        w0=0.0,
    )
    delta = np.linspace(-span, span, 801)  # 0 is on the grid: the jump
    window = np.asarray(unbounded.window(delta), dtype=float)
    window[delta == 0] = np.nan
    return {
        "delta_t": delta,
        "window": window,
        "pair_delta_t": pair_delta,
        "pair_change": result.weights,
        "parameters": config,
    }


def plot_stdp_window(
    rule=None, *, ax=None, pairs=PAIRS, span=100.0, title=None, lang=None
):
    """The STDP window: the weight change of one spike pair against
    ``delta_t = t_post - t_pre``, with the rule simulated on single pairs as
    dots (they lie on the curve: the trace form equals the pair sum).

    Potentiation (pre before post, ``delta_t > 0``) is shaded blue, depression
    orange, in the palette's positive and negative colours. ``lang``: the
    language of the words (``"en"`` or ``"zh"``; default ``ng.set_lang``'s).

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> ax = plot_stdp_window(ng.brain.STDP(A_plus=0.01, A_minus=0.012))
    """
    data = stdp_window_data(rule, pairs=pairs, span=span)
    p = data["parameters"]
    text = words(lang)
    ax = _common.get_ax(ax, figsize=(6.5, 4.2))
    ax.axvspan(0, span, color=_common.POSITIVE, alpha=0.07, lw=0)
    ax.axvspan(-span, 0, color=_common.NEGATIVE, alpha=0.09, lw=0)
    ax.axhline(0, color="#999999", lw=0.8)
    ax.plot(
        data["delta_t"],
        data["window"],
        color=WINDOW,
        lw=1.6,
        gid="window",
        label=text["stdp.window"],
    )
    ax.plot(
        data["pair_delta_t"],
        data["pair_change"],
        ls="none",
        marker="o",
        ms=6,
        mfc="white",
        mec="#d55e00",
        mew=1.4,
        gid="pairs",
        label=text["stdp.pairs"].format(count=len(data["pair_delta_t"])),
    )
    top = max(p["A_plus"], p["A_minus"])
    ax.text(
        0.97,
        0.93,
        text["stdp.ltp"],
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=8.5,
        color=_common.POSITIVE,
    )
    ax.text(
        0.03,
        0.07,
        text["stdp.ltd"],
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=8.5,
        color="#b36200",
    )
    ax.set_xlim(-span, span)
    ax.set_ylim(-1.2 * top, 1.2 * top)
    ax.set_xlabel(text["stdp.xlabel"])
    ax.set_ylabel(text["stdp.ylabel"])
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title(title or text["stdp.title"].format(**p), fontsize=10)
    return ax
