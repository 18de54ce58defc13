"""Data the output cannot reach as it is: regression values beyond [-1, 1] and
class labels other than 0/1, uploaded or drawn. The page trains what it can fit
(values scaled to [-1, 1], classes as the output's own targets), shows the data
in its own units, and the exported snippet trains the same numbers."""

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.playground import data as pdata
from neuroglass.playground import exports, outputs


def _rows(X, y):
    return "x1,x2,label\n" + "\n".join(
        f"{float(a)!r},{float(b)!r},{float(v)!r}" for (a, b), v in zip(X, y)
    )


def _upload(d, X, y):
    """Send an upload as the server does (parse_csv, then a _data command)."""
    X, y, classes, names, note = pdata.parse_csv(_rows(X, y))
    event = {"kind": "diagnostic", "code": "csv_task", "severity": "info"}
    d.send(type="_data", data=(X, y, classes, names, {**event, "message": note}))
    state = d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    return state, note


def _plane(n=300, seed=0):
    X = np.random.default_rng(seed).uniform(-6, 6, size=(n, 2))
    return X, (X[:, 0] + X[:, 1] + 12) / 24  # 0..1 along the diagonal


def _export(d, name):
    box = d.session.call(exports.EXPORTS[name])
    assert box["done"].wait(10) and box["error"] is None, box["error"]
    return box["value"][0]


def _play_until(d, epochs):
    d.send(type="play")
    header, arrays = d.next("frame", timeout=60, where=lambda h: h["epoch"] >= epochs)
    d.send(type="pause")
    return header, arrays


# -- the rule --------------------------------------------------------------------------
def test_value_scale_maps_the_values_onto_minus_one_to_one():
    assert pdata.value_scale([0.0, -1.0, 1.0, 0.3]) is None  # TF Playground's range
    assert pdata.value_scale([]) is None
    assert pdata.value_scale(np.arange(12)) == (5.5, 5.5)
    assert pdata.value_scale([2.5, 2.5]) == (2.5, 1.0)  # one value: shifted only
    center, half = pdata.value_scale([3e5, 1.0, 420000.0])
    assert (center - half, center + half) == (1.0, 420000.0)
    # drawn values keep the range in use, and widen it when they leave it
    assert pdata.widen_scale(None, [0.5, -1.0]) is None
    assert pdata.widen_scale((5.5, 5.5), [0.0, 11.0]) == (5.5, 5.5)
    assert pdata.widen_scale(None, [5.0]) == (2.0, 3.0)  # -1..5
    assert pdata.widen_scale((5.5, 5.5), [-3.0]) == (4.0, 7.0)  # -3..11


def test_the_upload_note_says_how_the_values_are_trained():
    X, _ = _plane(20)
    *_, note = pdata.parse_csv(_rows(X, np.arange(20) % 12))
    assert "span 0 to 11" in note and "(value − 5.5) / 5.5" in note
    *_, note = pdata.parse_csv(_rows(X, np.linspace(-1, 1, 20)))
    assert "scaled" not in note  # values the output reaches stay as they are


# -- uploads ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "values, output",
    [
        (lambda t: np.floor(12 * t).clip(0, 11), None),  # labels 0..11
        (lambda t: 1000 + 419000 * t, None),  # prices
        (lambda t: -40 * t, "tanh_mse"),  # negative, with a tanh output chosen
        (lambda t: 0.5 + 2 * t, "linear_mse"),
    ],
)
def test_uploaded_values_beyond_the_outputs_range_are_learned(driver, values, output):
    d = driver({"seed": 3})
    d.next("state")
    X, t = _plane()
    y = values(t)
    state, _ = _upload(d, X, y)
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
    header, arrays = _play_until(d, 60)
    assert header["r2"] > 0.5, header["r2"]
    # the map spans the colours (it was one solid colour)
    assert arrays["output"].min() < 64 and arrays["output"].max() > 192


def test_the_snippet_trains_the_scaled_values_as_the_page_does(
    driver, tmp_path, monkeypatch
):
    d = driver({"seed": 11, "stop_epoch": 3})
    d.next("state")
    X, t = _plane(80)
    _upload(d, X, np.floor(12 * t).clip(0, 11))
    d.send(type="play")
    d.next("frame", where=lambda h: any(e["kind"] == "stopped" for e in h["events"]))
    (tmp_path / "model.npz").write_bytes(_export(d, "model.npz"))
    (tmp_path / "data.csv").write_bytes(_export(d, "data.csv"))
    code = _export(d, "snippet.py").decode()
    assert "center, half = 5.5, 5.5" in code and '"linear"' in code
    monkeypatch.chdir(tmp_path)
    scope = {}
    exec(compile(code, "snippet.py", "exec"), scope)
    page_net = ng.load(tmp_path / "model.npz")
    np.testing.assert_allclose(
        scope["net"].parameters_vector(),
        page_net.parameters_vector(),
        rtol=1e-9,
        atol=1e-12,
    )


@pytest.mark.parametrize("labels", [(3, 7), (-1, 1), (1, 2)])
@pytest.mark.parametrize("output", ["tanh_mse", "sigmoid_bce"])
def test_two_classes_named_anything_fit_a_tanh_or_sigmoid_output(
    driver, labels, output
):
    d = driver({"seed": 2, "output": output, "learning_rate": 0.1})
    d.next("state")
    X, t = _plane()
    y = np.where(t > 0.5, labels[1], labels[0])
    state, _ = _upload(d, X, y)
    assert state["classes"] == 2 and state["config"]["output"] == output
    assert state["class_names"] == [str(v) for v in labels]  # the legend's ends
    assert state["target_scale"] is None
    box = d.session.call(lambda s: s.parts["train"][1].copy())
    assert box["done"].wait(10)
    expected = {-1.0, 1.0} if output == "tanh_mse" else {0.0, 1.0}
    assert set(np.unique(box["value"])) == expected  # the output's own targets
    header, _ = _play_until(d, 40)
    assert header["test_accuracy"] > 0.9


# -- drawn points ----------------------------------------------------------------------
def test_drawn_values_keep_the_colours_range_or_widen_it(driver):
    d = driver({"seed": 4, "problem": "regression", "dataset": "plane"})
    state = d.next("state", where=lambda m: m["config"]["dataset"] == "plane")
    assert state["target_scale"] is None  # TF Playground's own set, as it is
    d.send(type="add_point", x=1.0, y=1.0, label=0.5)
    state = d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    assert state["target_scale"] is None  # a value the colours already show
    d.send(type="add_point", x=2.0, y=1.0, label=5.0)
    state = d.next("state", where=lambda m: m["target_scale"] is not None)
    assert (state["target_scale"]["low"], state["target_scale"]["high"]) == (-1, 5)
    box = d.session.call(lambda s: (s.parts["train"][1].copy(), s.data.y_train.copy()))
    assert box["done"].wait(10)
    targets, values = box["value"]
    # 5 is the top of the scale; the plane's own values (down to -1.16) stay near -1
    assert targets.max() == 1.0 and targets.min() > -1.1
    assert values.max() == 5.0  # the data keeps its own units
    d.send(type="clear_points")
    state = d.next("state", where=lambda m: m["train"] == [])
    assert state["target_scale"]["high"] == 5  # points drawn next keep the colours


def test_r2_is_that_of_the_data_whatever_the_scale():
    """R² of the scaled fit equals R² in the data's own units."""
    X, t = _plane(50)
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
