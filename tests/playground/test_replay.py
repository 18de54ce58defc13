"""neuroglass dashboard RUN: a recorded run replayed in the page (playground.replay)."""

import json

import numpy as np
import pytest
from starlette.testclient import TestClient

import neuroglass as ng
from neuroglass.playground import create_app

HOSTS = {"127.0.0.1", "localhost", "testserver"}


def test_dashboard_replays_a_recorded_run(tmp_path, receive):
    X, y = ng.datasets.circle(n=200, seed=0)
    net = ng.mlp([2, 5, 1], output="sigmoid", loss="bce", seed=0)
    path = tmp_path / "script.ngrun"
    net.fit(X, y, epochs=6, batch_size=20, lr=0.3, callbacks=[ng.Recorder(path)])
    app = create_app(tmp_path, replay=path, allowed_hosts=HOSTS)
    with TestClient(app) as client:
        with client.websocket_connect("/ws") as ws:
            assert receive(ws, "hello")["mode"] == "replay"
            state = receive(ws, "state")
            assert state["sizes"] == [2, 5, 1] and state["mode"] == "replay"
            history = receive(ws, "history")
            assert history["epoch"] == [1, 2, 3, 4, 5, 6]
            header, arrays = receive(ws, "frame")
            assert header["replay"] and header["epoch"] == 6
            ws.send_text(json.dumps({"type": "seek", "epoch": 2}))
            header, early = receive(ws, "frame", lambda h: h["epoch"] == 2)
            assert not np.array_equal(early["weights"], arrays["weights"])
            with ng.open_run(path) as run:  # that snapshot's gradients, shown
                expected = run.snapshot(1).layers[0].grad_weights
            np.testing.assert_allclose(
                early["grad_weights"][:10], expected.ravel(), rtol=1e-5
            )
            assert header["grad_norms"][0] > 0
            ws.send_text(json.dumps({"type": "play"}))
            assert "replayed run" in receive(ws, "error")["message"]
            assert state["config"]["hidden"] == [5]
            session = client.app.state.playground.sessions
            (sid,) = session
            base = f"/api/session/{sid}/export"
            assert client.get(f"{base}/run.ngrun").content[:6] == b"SQLite"
            assert client.get(f"{base}/model.npz").status_code == 200
            assert "recorded by a script" in client.get(f"{base}/snippet.py").text


def test_dashboard_draws_wider_networks_and_explains_narrow_ones(tmp_path, receive):
    X, y = ng.datasets.iris()
    wide = tmp_path / "iris.ngrun"
    ng.mlp([4, 6, 3], loss="cross_entropy", seed=0).fit(
        X, y, epochs=3, batch_size=30, callbacks=[ng.Recorder(wide)]
    )
    app = create_app(tmp_path, replay=wide, allowed_hosts=HOSTS)
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        state = receive(ws, "state")
        assert state["input_names"] == ["x1", "x2", "x3", "x4"]
        header, arrays = receive(ws, "frame")
        assert arrays["thumbs"].shape == (6 + 3, 20, 20) and header["epoch"] == 3
    narrow = tmp_path / "line.ngrun"
    Xl = np.linspace(-1, 1, 40)[:, None]
    ng.mlp([1, 4, 1], seed=0).fit(
        Xl, Xl[:, 0] ** 2, epochs=2, batch_size=8, callbacks=[ng.Recorder(narrow)]
    )
    app = create_app(tmp_path, replay=narrow, allowed_hosts=HOSTS)
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        assert "two inputs" in receive(ws, "error")["message"]
        ws.send_text(json.dumps({"type": "seek", "epoch": 1}))
        assert "cannot be replayed" in receive(ws, "error")["message"]


@pytest.mark.parametrize("source", ["cli", "script"])
def test_dashboard_shows_what_a_run_holds(tmp_path, source, receive):
    """A run recorded by `neuroglass train --record` or a script: the metrics and
    the gradient norms it holds, not "-" and an empty panel."""
    if source == "cli":
        from neuroglass.cli import main

        main(
            [
                "train", "--dataset", "spiral", "--layers", "8,8", "--epochs", "5",
                "--record", str(tmp_path / "r") + "/",
            ]
        )  # fmt: skip
        (path,) = (tmp_path / "r").glob("*.ngrun")
    else:
        X, y = ng.datasets.spiral(n=200, seed=0)
        path = tmp_path / "s.ngrun"
        ng.mlp([2, 8, 8, 1], output="sigmoid", loss="bce", seed=0).fit(
            X, y, epochs=5, batch_size=20, callbacks=[ng.Recorder(path)]
        )
    with ng.open_run(path) as run:
        metrics = run.metrics(format="dict")
    app = create_app(tmp_path, replay=path, allowed_hosts=HOSTS)
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        history = receive(ws, "history")
        assert history["grad_epochs"][-1] == 5
        assert all(v > 0 for v in history["grad_norms"][-1])
        header, _ = receive(ws, "frame")
        assert header["train_loss"] == pytest.approx(metrics["loss"][-1])
        assert header["train_accuracy"] == pytest.approx(metrics["accuracy"][-1])
        val = metrics["val_loss"][-1]
        assert header["test_loss"] == (pytest.approx(val) if np.isfinite(val) else None)
