"""What the rules read and what they write: plain records, no logic."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Diagnostic:
    """One finding: which rule, since when, the evidence and what to try."""

    rule: str
    severity: str  # "error", "warning" or "info"
    epoch: int | None
    step: int | None
    message: str
    suggestion: str
    evidence: dict = field(default_factory=dict)
    layer: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    def text(self, lang: str = "en"):
        """The finding in words, in ``lang`` ("en" or "zh"): a named tuple of
        ``severity``, ``name`` (of the rule), ``where`` it started,
        ``message`` and ``suggestion``. English is the recorded words (the
        name is the rule's id); Chinese is written again from the evidence
        (:mod:`.wording_zh`), with the same numbers. A rule with no Chinese
        (recorded by a later version) stays English."""
        from .wording_zh import Wording, wording  # the words need the rules

        if lang not in ("en", "zh"):
            raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
        found = wording(self) if lang == "zh" else None
        if found is not None:
            return found
        where = f"epoch {self.epoch + 1}" if self.epoch is not None else "start"
        if self.step is not None:
            where += f", step {self.step + 1}"
        return Wording(self.severity, self.rule, where, self.message, self.suggestion)

    def line(self, lang: str = "en") -> str:
        """One line: ``[warning] dead_units (epoch 3): ...`` (``str(d)``), or
        ``[警告] 死亡单元（第 3 轮）：...`` in Chinese."""
        w = self.text(lang)
        if lang == "zh" and w.name != self.rule:
            return f"[{w.severity}] {w.name}（{w.where}）：{w.message}{w.suggestion}"
        return f"[{w.severity}] {w.name} ({w.where}): {w.message} {w.suggestion}"

    def __str__(self) -> str:
        return self.line("en")


@dataclass
class SnapshotSummary:
    """What the rules read from one snapshot (cheap numbers, no arrays)."""

    epoch: int
    step: int
    layer_names: list
    activations: list  # activation name per layer
    grad_rms: list  # RMS of dW per layer
    update_ratio: list  # ||dW_update|| / ||W|| per layer
    grad_norm: float  # global gradient norm
    dead_fraction: list  # per layer, None unless ReLU-like and a probe exists
    saturated_fraction: list  # per layer, None unless tanh/sigmoid
    #: ||dW|| / ||W|| over all layers' weights (None where not known)
    grad_to_weight: float | None = None


@dataclass
class FitContext:
    """What the loss rules need to know about the task and the fit."""

    loss: str | None = None
    chance: float | None = None  # chance_loss of the training targets
    #: the two labels of a classification trained with mse on one output
    #: (overfitting.mse_labels), for which the recorder computes an accuracy
    labels: tuple | None = None
    #: the accuracy of always answering the most common class of the training
    #: targets (overfitting.chance_accuracy); None for a regression
    chance_accuracy: float | None = None
    optimizer: str | None = None
    lr: float | None = None
    epochs: int | None = None  # epochs of the current fit
    l1: float = 0.0
    l2: float = 0.0
