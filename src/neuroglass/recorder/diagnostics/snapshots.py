"""The rules read from snapshots: gradients, the size of the steps, units.

Each rule is a function of the recent :class:`SnapshotSummary` records that
returns the :class:`Diagnostic` it finds, or ``None``; the
:class:`~neuroglass.recorder.diagnostics.Diagnoser` fires each one once. Every
rule reads a fixed number of summaries (O(layers) per snapshot).
"""

from __future__ import annotations

import math
import statistics

from .records import Diagnostic
from .thresholds import (
    DEAD_FRACTION,
    EARLY,
    EXPLODING_GROWTH,
    EXPLODING_RATIO,
    EXPLODING_SCALE,
    PERSIST,
    SATURATED_FRACTION,
    UPDATE_RATIO_HIGH,
    UPDATE_RATIO_LOW,
    VANISHING_RATIO,
)

#: the two rules about a layer's units: same test, different evidence and advice
UNIT_RULES = (
    {
        "name": "dead_units",
        "field": "dead_fraction",
        "threshold": DEAD_FRACTION,
        "what": "dead: they output 0 for every probe sample, so they no longer learn.",
        "suggestion": "Lower the learning rate, use leaky_relu or elu, or He "
        "initialization.",
    },
    {
        "name": "saturated_units",
        "field": "saturated_fraction",
        "threshold": SATURATED_FRACTION,
        "what": "saturated: their output sits at the flat ends of the curve, "
        "where the gradient is almost zero.",
        "suggestion": "Standardize the inputs, use a smaller initialization or a "
        "lower learning rate, or switch to relu.",
    },
)


def _persistent(recent) -> bool:
    """``recent`` (the last ``PERSIST`` summaries) is long enough to judge."""
    return len(recent) == PERSIST


def ratio(summary) -> float:
    """The first layer's RMS gradient over the last layer's (NaN when either is
    exactly 0)."""
    # an exactly zero gradient means dead units cut the layer off (the
    # dead_units rule says so), not a chain of shrinking or growing factors: no
    # ratio, so neither gradient rule can fire on it
    bottom, top = summary.grad_rms[0], summary.grad_rms[-1]
    return bottom / top if bottom > 0 and top > 0 else math.nan


def vanishing(recent) -> Diagnostic | None:
    s = recent[-1]
    if not (
        len(s.grad_rms) >= 3
        and _persistent(recent)
        and all(ratio(r) < VANISHING_RATIO for r in recent)
    ):
        return None
    first, last = s.grad_rms[0], s.grad_rms[-1]
    start = recent[0]
    return Diagnostic(
        "vanishing_gradients",
        "warning",
        start.epoch,
        start.step,
        "gradients vanish on the way back: the first layer's RMS "
        f"gradient is {first:.2e}, {ratio(s):.1e} times the last "
        f"layer's ({last:.2e}), so the first layers barely learn.",
        "Use relu or leaky_relu with He initialization, fewer layers, or a "
        "larger learning rate for this depth.",
        {
            "first_layer_grad_rms": first,
            "last_layer_grad_rms": last,
            "ratio": ratio(s),
        },
    )


def exploding(recent, first_summary) -> Diagnostic | None:
    """``first_summary``: the run's first snapshot (what the gradient grew from)."""
    s = recent[-1]
    n_layers = len(s.grad_rms)
    first_norm = first_summary.grad_norm
    growth = s.grad_norm / first_norm if first_norm > 0 else 0.0
    from_start = recent[0] is first_summary
    if not (
        _persistent(recent)
        and all(
            (n_layers >= 3 and ratio(r) > EXPLODING_RATIO)
            or (first_norm > 0 and r.grad_norm / first_norm > EXPLODING_GROWTH)
            or _huge(r, from_start)
            for r in recent
        )
    ):
        return None
    if _huge(s, from_start) and growth <= EXPLODING_GROWTH:
        kind, (what, advice) = "from_start", _huge_from_start(s)
    else:
        kind, (what, advice) = "growing", _exploding_now(s, growth)
    start = recent[0]
    return Diagnostic(
        "exploding_gradients",
        "error",
        start.epoch,
        start.step,
        what,
        advice,
        {
            "grad_norm": s.grad_norm,
            "growth": growth,
            "ratio": ratio(s),
            "grad_to_weight": s.grad_to_weight,
            "kind": kind,  # huge from the start, or grown since
        },
    )


def _huge(summary, from_start) -> bool:
    """No healthy value to grow from: the gradient dwarfs the weights from the
    first snapshots on (``from_start``: the summaries read begin with the
    run's first). Later, weights that shrink toward 0, under a strong L2
    penalty say, raise the ratio with no big gradient: growth is the test
    there."""
    scale = summary.grad_to_weight
    return from_start and scale is not None and scale > EXPLODING_SCALE


def _layers_text(summary) -> str:
    """The first layer's gradient against the last's, where both are known."""
    if not math.isfinite(ratio(summary)):
        return ""
    return (
        f" and the first layer's RMS gradient is {ratio(summary):.3g} times the "
        "last layer's"
    )


def _huge_from_start(s) -> tuple[str, str]:
    """What and what to try when the gradient dwarfs the weights from the start."""
    what = (
        "gradients are huge from the start: the gradient of the weights is "
        f"{s.grad_to_weight:.3g} times the weights themselves (||dW|| / ||W||; "
        "about 0.01 to 1 is usual), so a gradient step of any usual "
        f"learning rate changes them far beyond their size (gradient "
        f"norm {s.grad_norm:.3g})"
        + (_layers_text(s) if ratio(s) > EXPLODING_RATIO else "")
        + "."
    )
    advice = (
        "Standardize the inputs (and, for regression, the targets), use "
        "a smaller initialization (glorot/he), clip gradients "
        "(fit(clip_norm=1.0)) or lower the learning rate."
    )
    return what, advice


def _exploding_now(s, growth) -> tuple[str, str]:
    """What and what to try when the gradient grew far beyond its first value
    (or far larger in the first layer than in the last)."""
    what = (
        f"gradients explode: the gradient norm is {s.grad_norm:.3g} "
        f"({growth:.3g} times its first value){_layers_text(s)}."
    )
    advice = (
        "Lower the learning rate, clip gradients (fit(clip_norm=1.0)), or "
        "use a smaller initialization (glorot/he) and standardized inputs."
    )
    return what, advice


def median_update_ratio(summary) -> float:
    """The median ||dW|| / ||W|| over layers (NaN when no layer tells)."""
    # layers whose gradient is exactly 0 (dead units) stand still at any
    # learning rate: they say nothing about it
    ratios = [
        r
        for r, g in zip(summary.update_ratio, summary.grad_rms)
        if math.isfinite(r) and g > 0
    ]
    return statistics.median(ratios) if ratios else math.nan


def steps_too_big(recent, epochs) -> Diagnostic | None:
    """Big steps while the loss no longer falls: a rate that is too high (big
    relative steps are normal at the start, while the loss drops fast).
    ``epochs``: the per-epoch records, of which only the last few are read."""
    stalled = (
        len(epochs) > PERSIST
        and epochs[-1]["loss"] >= 0.9 * epochs[-1 - PERSIST]["loss"]
    )
    if not (
        _persistent(recent)
        and stalled
        and all(median_update_ratio(r) > UPDATE_RATIO_HIGH for r in recent)
    ):
        return None
    s, start = recent[-1], recent[0]
    value = median_update_ratio(s)
    return Diagnostic(
        "learning_rate_high",
        "warning",
        start.epoch,
        start.step,
        f"each step changes the weights by {100 * value:.0f}% of their "
        f"size (median ||dW|| / ||W|| = {value:.2g}; about 1e-3 is "
        "typical), so training jumps around instead of settling.",
        "Try a learning rate about 10 times lower.",
        {"median_update_ratio": value, "per_layer": list(s.update_ratio)},
    )


def steps_too_small(summaries) -> Diagnostic | None:
    """Tiny steps at each of the first ``EARLY`` snapshots (``summaries``: all
    of them so far; read only when there are exactly ``EARLY``)."""
    if len(summaries) != EARLY or not all(
        median_update_ratio(r) < UPDATE_RATIO_LOW for r in summaries
    ):
        return None
    value = median_update_ratio(summaries[-1])
    return Diagnostic(
        "learning_rate_low",
        "warning",
        summaries[0].epoch,
        summaries[0].step,
        "the weights hardly move: each step changes them by "
        f"{value:.1e} of their size (about 1e-3 is typical).",
        "Try a learning rate 10 to 100 times higher, or optimizer='adam'.",
        {"median_update_ratio": value},
    )


def units_persist(rule, layer, recent) -> bool:
    """At least ``rule["threshold"]`` of the layer's units are dead (or
    saturated) at each of the ``PERSIST`` recent snapshots."""
    return _persistent(recent) and all(
        f is not None and f >= rule["threshold"]
        for f in (getattr(r, rule["field"])[layer] for r in recent)
    )


def unit_finding(rule, layer, recent) -> Diagnostic:
    """The finding of a unit rule (one of ``UNIT_RULES``) about ``layer``, once
    :func:`units_persist`; a warning until the loss tells how much it matters."""
    s = recent[-1]
    frac = getattr(s, rule["field"])[layer]
    return Diagnostic(
        rule["name"],
        "warning",
        recent[0].epoch,
        recent[0].step,
        f"{100 * frac:.0f}% of the units of layer {layer + 1} "
        f"({s.layer_names[layer]}, {s.activations[layer]}) are " + rule["what"],
        rule["suggestion"],
        {
            rule["field"]: frac,
            "layer_name": s.layer_names[layer],
            "activation": s.activations[layer],
        },
        layer=layer,
    )
