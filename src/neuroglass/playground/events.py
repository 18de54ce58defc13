"""The events a frame carries: diagnostics, a divergence, a stop.

The recorder decides every finding (its severity and words); the page only adds a
hint it can follow (it has no gradient clipping, and its features are fixed).
"""

from __future__ import annotations

import math
import re

#: the recorder's rules about the divergence itself (the page has its own event)
DIVERGENCE_RULES = frozenset({"loss_not_finite"})
#: advice the page cannot follow (only a script can), in the recorder's hints
_SCRIPT_ONLY = ("clip", "fit(", "standardiz", "batch norm")


def page_hint(suggestion: str) -> str:
    """A diagnostic's suggestion without the advice only a script can follow
    (the page has no gradient clipping and its features are fixed)."""
    sentences = [t.strip() for t in re.split(r"(?<=[.;])\s+", suggestion or "")]
    kept = []
    for sentence in sentences:
        parts = [re.sub(r"^or\s+", "", p.strip()) for p in sentence.split(",")]
        good = [p for p in parts if p and not any(w in p.lower() for w in _SCRIPT_ONLY)]
        if good:
            if len(good) > 1:
                good[-1] = "or " + good[-1]
            text = ", ".join(g.rstrip(".;") for g in good)
            kept.append(text[0].upper() + text[1:] + ".")
    return " ".join(kept) or "Lower the learning rate, or press reset."


def lr_advice(suggestion: str) -> str | None:
    """Which way a diagnostic's advice moves the learning rate: "lower",
    "higher" or None (the page words its own hint from it)."""
    text = (suggestion or "").lower()
    if "lower learning rate" in text or "lower rate" in text:
        return "lower"
    if "higher learning rate" in text:
        return "higher"
    return None


def diagnostic_events(found) -> list:
    """The page's events for the recorder's new diagnostics ``found``: the
    recorder's severity and words (an overfitting finding whose test accuracy
    held is its note); only the hint is the page's own. ``zh``: the finding
    in Chinese (the page words its hints itself)."""
    return [
        {
            "kind": "diagnostic",
            "code": d.rule,
            "severity": d.severity,
            "message": d.message,
            "zh": d.text("zh").message,
            "hint": page_hint(d.suggestion),
            "lr_advice": lr_advice(d.suggestion),
        }
        for d in found
    ]


def what_diverged(exc) -> str:
    """What became NaN or infinite, in the page's words, from the
    :class:`TrainingDiverged` ``exc`` (its ``cause``; its ``loss`` when that
    was the cause)."""
    cause = getattr(exc, "cause", "loss")
    if cause == "loss":
        loss = getattr(exc, "loss", math.nan)
        return f"the loss became {'NaN' if math.isnan(loss) else 'infinite'}"
    if cause == "gradient":
        return (
            "a gradient became infinite or NaN while the loss was still finite, "
            "and so did the weights it updated"
        )
    if cause == "optimizer state":
        state = getattr(exc, "state", None)
        return (
            f"the optimizer's state{f' {state!r}' if state else ''} became infinite "
            "or NaN while the loss and the weights were still finite (a gradient "
            "too large to square, say); from there on its steps would have been 0"
        )
    return "the weights became infinite or NaN while the loss was still finite"


def what_diverged_zh(exc) -> str:
    """:func:`what_diverged` in Chinese."""
    cause = getattr(exc, "cause", "loss")
    if cause == "loss":
        loss = getattr(exc, "loss", math.nan)
        return "损失变成了 NaN" if math.isnan(loss) else "损失变成了无穷大"
    if cause == "gradient":
        return "损失仍然有限时，一个梯度变成了无穷大或 NaN，它更新的权重也一样"
    if cause == "optimizer state":
        state = getattr(exc, "state", None)
        return (
            f"损失和权重仍然有限时，优化器的状态{f' {state!r} ' if state else ''}"
            "变成了无穷大或 NaN（例如梯度大到无法平方）；从那以后它的每一步都会是 0"
        )
    return "损失仍然有限时，权重变成了无穷大或 NaN"


def diverged_event(exc, epoch: int, lr: float) -> dict:
    """One ``diverged`` event: what happened in ``epoch`` (counted from 1) and
    what the page offers (``lr``: the learning rate set)."""
    return {
        "kind": "diverged",
        "code": "diverged",
        "cause": getattr(exc, "cause", "loss"),
        "message": f"Training diverged in epoch {epoch}: {what_diverged(exc)}. "
        "The network keeps the last weights whose loss was finite.",
        "zh": f"训练在第 {epoch} 轮发散：{what_diverged_zh(exc)}。"
        "网络保留了最后一组损失仍然有限的权重。",
        "hint": f"Lower the learning rate (it is {lr:g}; try {lr / 10:g}) "
        "and press play, or press reset for new weights. Fewer input "
        "features or L2 regularisation also help.",
    }


def stopped_event(stop_epoch: int) -> dict:
    """Training paused at the page's 'stop at epoch'."""
    return {
        "kind": "stopped",
        "code": "stop_epoch",
        "message": f"Stopped at epoch {stop_epoch}, as asked.",
        "zh": f"已按设置在第 {stop_epoch} 轮停止。",
        "hint": "Press play to go on, or change 'stop at epoch'.",
    }


def note_event(code: str, text: str, zh: str) -> dict:
    """An information note (how an upload was read, what a replay cannot
    draw); ``zh``: the same in Chinese."""
    return {
        "kind": "diagnostic",
        "code": code,
        "severity": "info",
        "message": text,
        "zh": zh,
        "hint": "",
    }
