"""What the outputs mean: output layer, targets, metrics (playground.outputs)."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.playground import data as pdata
from neuroglass.playground import outputs


def test_multiclass_uses_softmax_and_reports_a_confusion_matrix(driver):
    d = driver({"seed": 0, "dataset": "spirals3", "hidden": [8, 8]})
    state = d.next("state")
    assert state["classes"] == 3 and state["output_kind"] == "softmax_ce"
    assert state["activations"][-1] == "softmax"
    header, arrays = d.next("frame")
    assert arrays["output_class"].max() <= 2
    confusion = np.array(header["confusion"])
    assert confusion.shape == (3, 3) and confusion.sum() == 250


@pytest.mark.parametrize(
    "values, output",
    [
        (lambda t: np.floor(12 * t).clip(0, 11), None),  # labels 0..11
        (lambda t: 1000 + 419000 * t, None),  # prices
        (lambda t: -40 * t, "tanh_mse"),  # negative, with a tanh output chosen
        (lambda t: 0.5 + 2 * t, "linear_mse"),
    ],
)
def test_uploaded_values_beyond_the_outputs_range_are_learned(
    driver, values, output, plane
):
    d = driver({"seed": 3})
    d.next("state")
    X, t = plane()
    y = values(t)
    state, _ = d.upload(X, y)
    assert state["config"]["problem"] == "regression"
    # a regression gets the regression output (TF: linear), not the tanh of the
    # classification it came from
    assert state["config"]["output"] == "linear_mse"
    scale = state["target_scale"]
    assert (scale["low"], scale["high"]) == pytest.approx((y.min(), y.max()))
    if output:
        d.send(type="config", config={"output": output})
        state = d.next("state", where=lambda m: m["config"]["output"] == output)
        assert state["target_scale"] == scale  # the data's scale stays
    # the points are sent in the data's own units
    sent = np.array([p[2] for p in state["train"] + state["test"]])
    assert sent.min() == pytest.approx(y.min(), abs=1e-3)
    assert sent.max() == pytest.approx(y.max(), rel=1e-4)
    box = d.session.call(lambda s: s.parts["train"][1].copy())
    assert box["done"].wait(10)
    targets = box["value"]
    assert targets.min() >= -1 and targets.max() <= 1  # what the network fits
    header, arrays = d.play_until(60)
    assert header["r2"] > 0.5, header["r2"]
    # the map spans the colours (it was one solid colour)
    assert arrays["output"].min() < 64 and arrays["output"].max() > 192


@pytest.mark.parametrize("labels", [(3, 7), (-1, 1), (1, 2)])
@pytest.mark.parametrize("output", ["tanh_mse", "sigmoid_bce"])
def test_two_classes_named_anything_fit_a_tanh_or_sigmoid_output(
    driver, labels, output, plane
):
    d = driver({"seed": 2, "output": output, "learning_rate": 0.1})
    d.next("state")
    X, t = plane()
    y = np.where(t > 0.5, labels[1], labels[0])
    state, _ = d.upload(X, y)
    assert state["classes"] == 2 and state["config"]["output"] == output
    assert state["class_names"] == [str(v) for v in labels]  # the legend's ends
    assert state["target_scale"] is None
    box = d.session.call(lambda s: s.parts["train"][1].copy())
    assert box["done"].wait(10)
    expected = {-1.0, 1.0} if output == "tanh_mse" else {0.0, 1.0}
    assert set(np.unique(box["value"])) == expected  # the output's own targets
    header, _ = d.play_until(40)
    assert header["test_accuracy"] > 0.9


def test_r2_is_that_of_the_data_whatever_the_scale(plane):
    """R² of the scaled fit equals R² in the data's own units."""
    X, t = plane(50)
    y = 100 * t + 7
    data = pdata.make(X, y, X[:0], y[:0], 0, target_scale=pdata.value_scale(y))
    parts = outputs.parts(data, ["x1", "x2"], "linear_mse")
    net = ng.mlp([2, 3, 1], activation="tanh", output="linear", loss="mse", seed=0)
    net.fit(parts["train"][0], parts["train"][1], epochs=5, batch_size=10, lr=0.03)
    got = outputs.metrics(net, "linear_mse", parts["train"][0], y, parts["train"][1], 0)
    center, half = data.target_scale
    pred = center + half * net.predict(parts["train"][0])[:, 0]
    r2 = 1 - np.sum((pred - y) ** 2) / np.sum((y - y.mean()) ** 2)
    assert got["r2"] == pytest.approx(r2, rel=1e-9)
