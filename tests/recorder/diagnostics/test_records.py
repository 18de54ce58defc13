"""What the rules write (diagnostics/records.py): a Diagnostic reads as one
line with 1-based epoch and step numbers, and as a plain dict."""

import json

from neuroglass.recorder.diagnostics import Diagnostic


def _finding(**where):
    return Diagnostic(
        rule="dead_units",
        severity="warning",
        message="80% of the units of layer 2 are dead.",
        suggestion="Try leaky_relu.",
        evidence={"dead_fraction": 0.8},
        **{"epoch": 4, "step": 49, "layer": 1, **where},
    )


def test_a_finding_reads_with_one_based_epoch_and_step():
    # stored 0-based (the run starts at epoch 0, step 0); people count from 1
    assert str(_finding()) == (
        "[warning] dead_units (epoch 5, step 50): "
        "80% of the units of layer 2 are dead. Try leaky_relu."
    )
    assert "(epoch 5):" in str(_finding(step=None))
    # a finding that precedes any epoch (a check at the start of a fit)
    assert "dead_units (start, step 1):" in str(_finding(epoch=None, step=0))
    assert "dead_units (start):" in str(_finding(epoch=None, step=None))


def test_a_finding_as_a_dict_is_json_ready_and_a_copy():
    d = _finding()
    as_dict = d.as_dict()
    assert as_dict == {
        "rule": "dead_units",
        "severity": "warning",
        "epoch": 4,
        "step": 49,
        "message": "80% of the units of layer 2 are dead.",
        "suggestion": "Try leaky_relu.",
        "evidence": {"dead_fraction": 0.8},
        "layer": 1,
    }
    assert json.loads(json.dumps(as_dict)) == as_dict
    as_dict["evidence"]["dead_fraction"] = 0.0  # the finding keeps its evidence
    assert d.evidence == {"dead_fraction": 0.8}
