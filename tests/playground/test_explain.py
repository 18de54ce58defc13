"""The explain panel: one neuron's formula and a sample's step-through
(playground.explain)."""

import numpy as np
import pytest


def test_explain_gives_the_neuron_formula_with_numbers(driver):
    d = driver({"seed": 0})
    d.initial()
    d.send(type="explain", layer=1, unit=2, sample=5)
    reply = d.next("explain")
    z = np.dot(reply["weights"], reply["inputs"]) + reply["bias"]
    assert reply["z"] == pytest.approx(z, abs=1e-5)
    assert reply["a"] == pytest.approx(np.tanh(reply["z"]))
    assert reply["grad_weights"] == pytest.approx(
        [x * reply["delta"] for x in reply["inputs"]], abs=1e-6
    )
    assert "z = " in reply["text"] and "tanh" in reply["text"]
    d.send(type="trace", sample=0)
    trace = d.next("trace")
    assert [len(layer["a"]) for layer in trace["layers"]] == [4, 2, 1]
    assert "Backward pass" in trace["text"]


def test_explain_gradient_includes_regularisation(driver):
    d = driver({"seed": 0, "regularization": "l2", "reg_rate": 0.5})
    d.initial()
    d.send(type="explain", layer=2, unit=1, sample=3)
    reply = d.next("explain")
    d.send(type="trace", sample=3)
    trace = d.next("trace")
    engine = [row[1] for row in trace["layers"][1]["grad_weights"]]
    assert reply["grad_weights"] == pytest.approx(engine, rel=1e-5, abs=1e-8)
