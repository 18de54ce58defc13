"""The events a frame carries (playground.events): every finding the recorder can
report gets a hint the page can act on (its own controls, not a script's
``fit(...)``), in English and in Chinese; diagnostics keep the recorder's
severity and words; a divergence is one event saying what became non-finite."""

import re
from pathlib import Path

import numpy as np
import pytest

import neuroglass as ng
import neuroglass.recorder.diagnostics as diagnostics
from neuroglass.playground.events import lr_advice

STATIC = Path(__file__).resolve().parents[2] / ("src/neuroglass/playground/static")


def page_hints() -> dict:
    """PAGE_HINTS of panels.js: key -> the i18n keys its entry uses."""
    text = (STATIC / "panels.js").read_text()
    body = re.search(r"export const PAGE_HINTS = \{(.*?)\n\};", text, re.S).group(1)
    body = re.sub(r"\{[^{}]*\}", "{}", body)  # the params of an entry's function
    entries = re.findall(r"(\w+):\s*(\"\w+\"|\(ev\) => \[\"(\w+)\")", body)
    return {
        key: {raw.strip('"') if not fn_key else fn_key} for key, raw, fn_key in entries
    }


def strings(lang: str) -> set:
    text = (STATIC / "i18n.js").read_text()
    block = text.split(f"\n  {lang}: {{", 1)[1].split("\n  },", 1)[0]
    return set(re.findall(r"(?:^|[\s,{])(\w+):\s*\"", block, re.M))


def test_the_recorder_rules_are_found(recorder_rules):
    rules = recorder_rules
    # the rules the recorder's documentation lists (a sanity check of the search)
    assert {
        "loss_not_finite",
        "loss_at_chance",
        "slow_convergence",
        "overfitting",
        "dead_units",
        "saturated_units",
        "learning_rate_high",
        "learning_rate_low",
        "vanishing_gradients",
        "exploding_gradients",
    } <= rules
    for rule in rules:
        assert rule in diagnostics.__doc__, f"{rule} is not in the rules' table"


def test_every_rule_the_recorder_can_report_has_a_page_hint(recorder_rules):
    hints = page_hints()
    missing = sorted(recorder_rules - set(hints))
    assert not missing, f"PAGE_HINTS in panels.js has no entry for {missing}"
    assert "diverged" in hints  # the page's own event
    en, zh = strings("en"), strings("zh")
    for key, used in hints.items():
        for name in used:
            assert name in en, f"{key}: no English string {name!r}"
            assert name in zh, f"{key}: no Chinese string {name!r}"
    for name in ("warning", "note", "problem", "noteIfStalls", "lrHigher", "lrLower"):
        assert name in en and name in zh, name


def test_the_learning_rate_advice_follows_the_recorders():
    from neuroglass.recorder.diagnostics import FitContext
    from neuroglass.recorder.diagnostics.loss_curve import remedies

    sgd = FitContext(loss="mse", chance=1.0, optimizer="sgd", lr=0.03, epochs=50)
    assert lr_advice(remedies(sgd, set())) == "higher"
    assert lr_advice(remedies(sgd, {"lr_high"})) == "lower"
    adam = FitContext(loss="mse", chance=1.0, optimizer="adam", lr=0.01, epochs=50)
    assert lr_advice(remedies(adam, set())) is None  # a usual rate: no advice
    adam.lr = 0.3
    assert lr_advice(remedies(adam, set())) == "lower"


def test_every_divergence_is_one_event_with_advice_the_page_can_follow(driver):
    d = driver(
        {
            "seed": 0,
            "problem": "regression",
            "dataset": "plane",
            "output": "linear_mse",
            "activation": "linear",
            "features": ["x1", "x2", "x1^2", "x2^2", "x1*x2"],
            "learning_rate": 10,
        }
    )
    d.initial()
    for _ in range(2):  # play, diverge; play again, diverge again
        d.send(type="play")
        header, _ = d.next("frame", where=lambda h: h["events"])
        about = [
            e
            for e in header["events"]
            if "diverg" in (e["message"] + e["code"]).lower()
            or "not finite" in e["message"]
            or "NaN" in e["message"]
        ]
        assert [e["kind"] for e in about] == ["diverged"], header["events"]
        for event in header["events"]:
            assert "clip" not in event["hint"] and "fit(" not in event["hint"]
        assert "reset" in about[0]["hint"] and "10" in about[0]["hint"]
        assert not header["playing"]


def test_diagnostic_events_carry_the_recorders_severity_and_words():
    """The page decides nothing about a finding: `neuroglass runs show`, the
    report and the page say the same of the same run (only the hint is the
    page's own)."""
    from neuroglass.playground.events import diagnostic_events, page_hint
    from neuroglass.recorder.diagnostics import Diagnostic

    found = [
        Diagnostic(
            "overfitting",
            severity,
            30,
            309,
            message,
            "Nothing needs fixing now; if the validation accuracy starts to fall "
            "(by 2 points or more), stop earlier (fit(early_stopping=True)), add "
            "L2 regularization (l2=1e-3), use more data or a smaller network.",
            {"best_epoch": 30},
        )
        for severity, message in [
            ("info", "The validation loss rose. The validation accuracy held."),
            ("warning", "the network is overfitting: the validation accuracy fell."),
        ]
    ]
    events = diagnostic_events(found)
    assert [(e["severity"], e["message"]) for e in events] == [
        (d.severity, d.message) for d in found
    ]
    assert all(e["hint"] == page_hint(d.suggestion) for e, d in zip(events, found))
    assert "fit(" not in events[0]["hint"]


@pytest.mark.slow
def test_the_gallery_run_gets_no_overfitting_warning(driver):
    """docs/playground_screenshot.py's spiral: the test loss rises from 0.034 to
    0.075 (4 test points of 250 ever more confidently wrong) while the test
    accuracy stays ~98.4%: a note, not 'the network is overfitting'."""
    d = driver(
        {
            "dataset": "spiral",
            "features": ["x1", "x2", "sin(x1)", "sin(x2)"],
            "hidden": [8, 6],
            "learning_rate": 0.03,
            "optimizer": "adam",
            "batch_size": 10,
            "seed": 7,
            "noise": 5,
            "stop_epoch": 300,
        }
    )
    d.initial()
    d.send(type="play")
    events = []
    while not any(e["kind"] == "stopped" for e in events):
        header, _ = d.next("frame", timeout=60)
        events += header["events"]
    assert header["test_accuracy"] > 0.98
    found = [e for e in events if e["code"] == "overfitting"]
    assert found and all(e["severity"] == "info" for e in found), found
    assert not any(e.get("severity") == "warning" for e in events), events
    # the recorder's decision (its own accuracy of the tanh output), not the
    # page's: the run file says the same as the page
    assert "The validation accuracy held" in found[0]["message"]
    assert "the network is overfitting" not in found[0]["message"]
    box = d.session.call(lambda s: s.run_path)
    assert box["done"].wait(10)
    with ng.open_run(box["value"]) as run:
        stored = [x for x in run.diagnostics() if x.rule == "overfitting"]
    assert [(x.severity, x.message) for x in stored] == [
        (e["severity"], e["message"]) for e in found
    ]
    assert stored[0].evidence["val_accuracy"] > 0.96


def _diverged_by(cause):
    """A real TrainingDiverged of the engine whose cause is ``cause``."""
    if cause == "loss":
        X, y = ng.datasets.plane()
        net = ng.mlp([2, 1], activation="linear", output="linear", seed=5)
        fit = {"epochs": 100, "lr": 1e4}
        X = X / 100
    elif cause == "gradient":  # float32: loss 2.3e38 finite, gradient not
        net = ng.mlp([1, 1], activation="linear", output="linear", dtype="float32")
        net.layers[0].weights[:] = 1
        net.layers[0].bias[:] = 0
        X, y = np.full((1, 1), 1.5e19), np.zeros(1)
        fit = {"epochs": 1, "batch_size": 1, "lr": 1e-3}
    elif cause == "weights":  # a finite gradient, an update that overflows
        X, y = ng.datasets.plane(n=20)
        net = ng.mlp([2, 1], activation="linear", output="linear", seed=0)
        fit = {"epochs": 1, "batch_size": None, "lr": 1e308}
    else:  # Adam's average of squared gradients overflows
        X, y = ng.datasets.plane(n=200)
        X, y = X * 1e160, (y > np.median(y)).astype(float)
        net = ng.mlp([2, 1], output="sigmoid", loss="bce", seed=0)
        fit = {"epochs": 3, "batch_size": 10, "optimizer": "adam", "lr": 1e-3}
    with pytest.raises(ng.TrainingDiverged) as info:
        net.fit(X, y, **fit)
    assert info.value.cause == cause
    return net, info.value


@pytest.mark.parametrize(
    "cause, words",
    [
        ("loss", "the loss became"),
        ("gradient", "a gradient became infinite or NaN while the loss was"),
        ("weights", "the weights became infinite or NaN while the loss was"),
        ("optimizer state", "the optimizer's state 'v' became infinite or NaN"),
    ],
)
def test_the_divergence_event_says_what_became_non_finite(cause, words):
    """Not "the loss became NaN" when the loss was finite and the weights or
    Adam's state were not (the engine's TrainingDiverged.cause)."""
    from neuroglass.playground.events import diverged_event

    net, exc = _diverged_by(cause)
    event = diverged_event(exc, net.epochs_trained + 1, 0.03)
    assert event["kind"] == "diverged" and event["cause"] == cause
    assert f"epoch {net.epochs_trained + 1}: {words}" in event["message"]
    if cause != "loss":
        assert "the loss became" not in event["message"]
