"""neuroglass dashboard RUN on a recorded PyTorch model that is not MLP-shaped
(playground.replay_graph): its curves, its layer graph with each layer's
numbers per snapshot, and what it cannot show said in words."""

import json

import numpy as np
import pytest
from starlette.testclient import TestClient

import neuroglass as ng
from neuroglass.playground import create_app

torch = pytest.importorskip("torch")

HOSTS = {"127.0.0.1", "localhost", "testserver"}


@pytest.fixture(scope="module")
def cnn_run(tmp_path_factory, record_tiny_cnn):
    """A tiny CNN trained 2 epochs (2 batches each) on random 8x8 images."""
    path = tmp_path_factory.mktemp("runs") / "cnn.ngrun"
    return record_tiny_cnn(path, epochs=2, batches=2)[0]


def test_a_cnn_run_replays_as_its_layer_graph(cnn_run, receive):
    app = create_app(cnn_run.parent, replay=cnn_run, allowed_hosts=HOSTS)
    run = ng.open_run(cnn_run)
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        assert receive(ws, "hello")["mode"] == "replay"
        state = receive(ws, "state")
        graph = state["graph"]
        assert state["mode"] == "replay" and state["epoch"] == 2
        assert state["classes"] == 3 and state["sizes"] == [] and state["train"] == []
        assert [b["label"] for b in graph["boxes"]][:1] == ["Conv2d 1→4, 3×3, pad 1"]
        assert graph["layers"] == ["0", "4"] and graph["input_shape"] == [1, 8, 8]
        assert graph["types"] == ["Conv2d", "Linear"] and graph["units"] == [4, 3]
        assert [b["output_shape"] for b in graph["boxes"]] == [
            [4, 8, 8],
            [4, 8, 8],
            [4, 4, 4],
            [64],
            [3],
        ]
        history = receive(ws, "history")
        assert history["epoch"] == [1, 2] and len(history["grad_norms"]) == 2
        header, arrays = receive(ws, "frame")
        assert header["replay"] and header["epoch"] == 2 and arrays == {}
        snap = run.snapshot(1)
        last = run.metrics(format="dict")
        assert header["test_accuracy"] == pytest.approx(last["val_accuracy"][-1])
        assert header["train_loss"] == pytest.approx(last["loss"][-1])
        conv, linear = header["layers"]
        assert conv["grad_norm"] == pytest.approx(snap.layers[0].norms["grad_weights"])
        assert conv["update_ratio"] == pytest.approx(snap.layers[0].update_ratio)
        assert sum(conv["hist"]) == 36 and conv["weight_std"] > 0
        dead = np.mean(snap.layers[0].units["active"] == 0)
        assert conv["dead_fraction"] == pytest.approx(dead)
        assert linear["dead_fraction"] is None  # the output layer is never flagged
        assert (
            "Conv2d, Linear" in graph["note"] and "decision boundary" in graph["note"]
        )
        assert state["output_kind"] == "unknown"  # not the page's MSE
        ws.send_text(json.dumps({"type": "seek", "epoch": 1}))
        header, _ = receive(ws, "frame", lambda h: h["epoch"] == 1)
        first = run.snapshot(0).layers[0].norms["grad_weights"]
        assert header["layers"][0]["grad_norm"] == pytest.approx(first)
        ws.send_text(json.dumps({"type": "focus", "layer": 1, "unit": 0}))
        assert "dense layers" in receive(ws, "error")["message"]
        ws.send_text(json.dumps({"type": "play"}))
        assert "replayed run" in receive(ws, "error")["message"]
        (sid,) = client.app.state.playground.sessions
        base = f"/api/session/{sid}/export"
        svg = client.get(f"{base}/network.svg")
        assert svg.status_code == 200 and b"<svg" in svg.content[:400]
        assert client.get(f"{base}/run.ngrun").content[:6] == b"SQLite"
        refused = client.get(f"{base}/model.npz")
        assert refused.status_code == 500 and "export the run" in refused.text
    run.close()
