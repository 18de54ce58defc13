"""Every finding the Diagnoser can report, in Chinese: each rule has its
wording, written from the same evidence as the English, with the same
numbers and no English words left (names and identifiers aside)."""

import json
import math
import re

import pytest

from neuroglass.recorder.diagnostics import (
    Diagnoser,
    Diagnostic,
    FitContext,
    loss_curve,
    snapshots,
)
from neuroglass.recorder.diagnostics.overfitting import ValidationCurve
from neuroglass.recorder.diagnostics.records import SnapshotSummary
from neuroglass.recorder.diagnostics.wording_zh import GENERAL, NAMES, WRITERS

HAN = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:e[+-]?\d+)?")
#: Latin words a Chinese finding may hold: names as typed in code, symbols
NAMES_OK = set("NaN dW He glorot he relu elu tanh sigmoid adam sgd rmsprop".split())


def english_words(text: str) -> set:
    """Latin words left in ``text``, but identifiers (``leaky_relu``,
    ``fit(clip_norm=1.0)``, ``x1``) and the names above."""
    text = re.sub(r"\S*[/._=(]\S*|\S*\d\S*", " ", text)
    words = re.findall(r"[A-Za-z]+", text)
    return {w for w in words if w not in NAMES_OK and len(w) > 1}  # W, L: symbols


def summary(grad_rms=(1.0, 1.0, 1.0), update=1e-3, norm=1.0, scale=0.1, **units):
    n = len(grad_rms)
    return SnapshotSummary(
        epoch=4,
        step=40,
        layer_names=[f"dense_{k}" for k in range(n)],
        activations=["relu"] * n,
        grad_rms=list(grad_rms),
        update_ratio=[update] * n,
        grad_norm=norm,
        dead_fraction=units.get("dead", [None] * n),
        saturated_fraction=units.get("saturated", [None] * n),
        grad_to_weight=scale,
    )


def curve_of(losses, chance):
    curve = loss_curve.LossCurve()
    for k, loss in enumerate(losses):
        curve.add({"epoch": k, "step": 10 * k + 9, "loss": loss}, chance)
    return curve


def snapshot_findings() -> list:
    found = []
    vanishing = summary(grad_rms=(1e-7, 1e-3, 1.0))
    found.append(snapshots.vanishing([vanishing, vanishing]))
    big = summary(norm=5e3, grad_rms=(5e3, 1.0, 1.0))
    found.append(snapshots.exploding([big, big], summary(norm=1.0)))
    huge = summary(norm=40.0, scale=50.0)
    found.append(snapshots.exploding([huge, huge], huge))
    huger = summary(norm=40.0, scale=50.0, grad_rms=(5e3, 1.0, 1.0))
    found.append(snapshots.exploding([huger, huger], huger))
    jumpy = summary(update=0.5)
    found.append(snapshots.steps_too_big([jumpy, jumpy], [{"loss": 1.0}] * 4))
    still = summary(update=1e-8)
    found.append(snapshots.steps_too_small([still, still, still]))
    return found


def unit_findings() -> list:
    """Each unit rule before the loss told, then settled by the Diagnoser with
    a low loss (a note) and with a stalled one (a warning)."""
    found = []
    for rule in snapshots.UNIT_RULES:
        s = summary(**{rule["field"].split("_")[0]: [0.75, None, None]})
        found.append(snapshots.unit_finding(rule, 0, [s, s]))
        for losses in ([0.1] * 30, [0.6] * 30):
            diagnoser = Diagnoser()
            diagnoser.context = FitContext(loss="bce", chance=math.log(2))
            diagnoser.curve = curve_of(losses, math.log(2))
            diagnoser._pending[(rule["name"], 0)] = snapshots.unit_finding(
                rule, 0, [s, s]
            )
            found += diagnoser._settle(final=True)
    return found


def loss_findings() -> list:
    found = []
    chance = math.log(2)
    info = {"epoch": 29, "step": 599}
    stuck = curve_of([chance * 1.001] * 30, chance)
    sgd = FitContext(loss="bce", chance=chance, optimizer="sgd", lr=0.03, l2=0.1)
    found.append(loss_curve.at_chance(stuck, sgd, {("dead_units", 0)}, info, False))
    worse = curve_of([1.5 - 0.001 * k for k in range(30)], chance)
    fired = {"vanishing", "lr_high", ("saturated_units", 1)}
    found.append(loss_curve.at_chance(worse, sgd, fired, info, False))
    for lr in (1e-4, 0.5, 0.003):
        adam = FitContext(loss="mse", chance=1.0, optimizer="adam", lr=lr)
        found.append(
            loss_curve.at_chance(curve_of([1.0] * 30, 1.0), adam, (), info, True)
        )
    adam = FitContext(loss="mse", chance=1.0, optimizer="adam", lr=1.0, epochs=40)
    flat = curve_of([0.9] * 30, 1.0)
    best = {"epoch": 3, "step": 39}
    found.append(loss_curve.adaptive_too_fast(flat, adam, info, best))
    slow = curve_of([0.6 - 0.001 * k for k in range(60)], 1.0)
    sgd = FitContext(loss="mse", chance=1.0, optimizer="sgd", lr=0.001, l1=1e-3)
    last = {"epoch": 59, "step": 9}
    found.append(loss_curve.slow_convergence(slow, sgd, {"vanishing"}, last))
    levelling = curve_of([0.3 + 0.5 * 0.99**k for k in range(60)], 1.0)
    found.append(loss_curve.slow_convergence(levelling, sgd, set(), last))
    for cause in loss_curve.NOT_FINITE_WHAT:
        found.append(loss_curve.not_finite(3, 30, "the loss is nan at 7", cause))
    return found


def overfitting_findings() -> list:
    found = []
    for accuracies in ((0.95, 0.80), (0.99, 0.99), (0.6, 0.6), (None, None)):
        curve, records, finding = ValidationCurve(), [], None
        for k in range(40):
            val = 0.5 - 0.04 * k if k < 10 else 0.1 + 0.05 * (k - 10)
            then, now = accuracies
            acc = None if then is None else (then if k < 15 else now)
            records.append(
                {"epoch": k, "step": k, "loss": 1.0 / (k + 1), "val_loss": val}
                | ({} if acc is None else {"val_accuracy": acc})
            )
            finding = curve.add(records, 0.5) or finding
        found.append(finding)
    return found


def findings() -> list:
    return (
        snapshot_findings() + unit_findings() + loss_findings() + overfitting_findings()
    )


def english(d) -> str:
    """The English words the Chinese must match, but the engine's error."""
    text = f"{d.message} {d.suggestion}"
    if d.rule == "loss_not_finite":
        text = text.replace(f"({d.evidence['error']})", "")
    return text


def test_every_rule_has_chinese_and_a_finding_here(recorder_rules):
    rules = recorder_rules
    assert rules, "no rule found in the package's source"
    assert not rules - set(WRITERS), f"no Chinese for {rules - set(WRITERS)}"
    assert not rules - set(NAMES) and not rules - set(GENERAL)
    made = findings()
    assert None not in made
    assert {d.rule for d in made} == rules, "a rule without a finding to word here"
    assert {d.severity for d in made} == {"error", "warning", "info"}


@pytest.mark.parametrize(
    "finding", findings(), ids=lambda d: f"{d.rule}-{d.severity}-{len(d.message)}"
)
def test_a_finding_in_chinese_has_the_english_numbers_and_no_english(finding):
    # read back as the store keeps it: evidence through JSON
    stored = Diagnostic(**json.loads(json.dumps(finding.as_dict(), default=float)))
    w = stored.text("zh")
    assert w.name == NAMES[finding.rule] and w.message not in GENERAL.values()
    words = f"{w.message}{w.suggestion}"
    assert sorted(NUMBER.findall(words)) == sorted(NUMBER.findall(english(finding)))
    assert not english_words(words), (english_words(words), words)
    assert HAN.search(w.message) and HAN.search(w.suggestion)
    assert ".。" not in words and "。。" not in words and "  " not in words
    line = stored.line("zh")
    assert line.startswith(f"[{w.severity}] {w.name}（第 ") and w.message in line
    assert stored.line("en") == str(finding)


def test_english_is_the_recorded_words():
    d = Diagnostic("dead_units", "info", None, None, "It happened.", "Do X.")
    assert d.text("en") == ("info", "dead_units", "start", "It happened.", "Do X.")
    assert d.text() == d.text("en") and d.line() == str(d)
    assert str(d) == "[info] dead_units (start): It happened. Do X."


def test_evidence_of_another_shape_gets_the_general_sentence():
    d = Diagnostic("vanishing_gradients", "warning", 2, None, "m", "s", {"x": 1})
    assert d.text("zh").message == GENERAL["vanishing_gradients"]
    assert d.line("zh").startswith("[警告] 梯度消失（第 3 轮）：")


def test_a_rule_without_chinese_stays_english_and_a_wrong_lang_is_refused():
    d = Diagnostic("a_future_rule", "warning", None, None, "it happened.", "Do X.")
    assert d.line("zh") == str(d)
    with pytest.raises(ValueError, match=r"'en' or 'zh'.*'fr'"):
        d.text("fr")


def test_a_finding_recorded_before_the_new_evidence_keys_is_worded():
    """A run recorded by an older version: no layer name, causes or remedy."""
    old = Diagnostic(
        "loss_at_chance",
        "warning",
        9,
        99,
        "the network is not learning: ... (0.5: the variance of the targets)",
        "Try more epochs.",
        {"loss": 0.5, "chance_loss": 0.5, "epochs": 10, "steps": 100},
    )
    message = old.text("zh").message
    assert "目标值的方差" in message and "10 轮（100 步）" in message
    unit = Diagnostic(
        "dead_units", "warning", 0, 0, "m", "s", {"dead_fraction": 0.5}, 1
    )
    assert unit.text("zh").message.startswith("第 2 层有 50% 的单元已经死亡")
