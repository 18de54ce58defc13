"""What the page can download: model, run, data, figure, snippet
(playground.exports)."""

import numpy as np
import pytest

import neuroglass as ng


@pytest.mark.parametrize(
    "setup",
    [
        {"hidden": [3], "noise": 10, "schedule": "cosine", "optimizer": "momentum"},
        {
            "dataset": "spirals3",
            "features": ["x1", "x2", "sin(x1)"],
            "layer_activations": ["relu", ""],
            "activation": "tanh",
            "regularization": "l2",
            "reg_rate": 0.001,
            "optimizer": "adam",
            "learning_rate": 0.01,
            "batch_size": 7,
            "train_ratio": 70,
            "schedule": "step",
        },
        {"dataset": "custom"},
    ],
)
def test_exported_model_and_snippet_rebuild_the_same_training(
    driver, tmp_path, monkeypatch, setup
):
    """The snippet trains the same numbers as the page: same data, split,
    initial weights, shuffling and schedule."""
    config = {"seed": 11, "stop_epoch": 4, **setup}
    custom = config.pop("dataset", None) == "custom"
    d = driver(config)
    d.initial()
    if custom:
        rng = np.random.default_rng(0)
        X = rng.uniform(-5, 5, size=(40, 2))
        labels = (X[:, 0] * X[:, 1] > 0).astype(int)
        d.send(type="_data", data=(X, labels, 2, ["0", "1"]))
        d.next("state", where=lambda m: m["config"]["dataset"] == "custom")
    d.send(type="play")
    d.next("frame", where=lambda h: any(e["kind"] == "stopped" for e in h["events"]))
    (tmp_path / "model.npz").write_bytes(d.export("model.npz"))
    (tmp_path / "data.csv").write_bytes(d.export("data.csv"))
    page_net = ng.load(tmp_path / "model.npz")
    code = d.export("snippet.py").decode()
    monkeypatch.chdir(tmp_path)
    scope = {}
    exec(compile(code, "snippet.py", "exec"), scope)  # it runs as written
    net = scope["net"]
    assert net.sizes == page_net.sizes
    np.testing.assert_allclose(
        net.parameters_vector(), page_net.parameters_vector(), rtol=1e-9, atol=1e-12
    )


def test_the_snippet_trains_the_scaled_values_as_the_page_does(
    driver, tmp_path, monkeypatch, plane
):
    d = driver({"seed": 11, "stop_epoch": 3})
    d.next("state")
    X, t = plane(80)
    d.upload(X, np.floor(12 * t).clip(0, 11))
    d.send(type="play")
    d.next("frame", where=lambda h: any(e["kind"] == "stopped" for e in h["events"]))
    (tmp_path / "model.npz").write_bytes(d.export("model.npz"))
    (tmp_path / "data.csv").write_bytes(d.export("data.csv"))
    code = d.export("snippet.py").decode()
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
