"""Every finding the recorder can report gets a hint the page can act on (its own
controls, not a script's ``fit(...)``), in English and in Chinese."""

import ast
import re
from pathlib import Path

import neuroglass.recorder.diagnostics as diagnostics
from neuroglass.playground.events import lr_advice
from neuroglass.recorder.diagnostics.snapshots import UNIT_RULES

STATIC = Path(__file__).resolve().parents[2] / ("src/neuroglass/playground/static")


def recorder_rules() -> set:
    """The rule names of every ``Diagnostic(...)`` the recorder's package builds,
    read from its source (a new rule is found without a list to keep up)."""
    found = {rule["name"] for rule in UNIT_RULES}
    for path in Path(diagnostics.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Diagnostic"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


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


def test_the_recorder_rules_are_found():
    rules = recorder_rules()
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


def test_every_rule_the_recorder_can_report_has_a_page_hint():
    hints = page_hints()
    missing = sorted(recorder_rules() - set(hints))
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
