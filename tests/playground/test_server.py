"""The playground's server, in-process: routes, websocket, validation, security."""

import gc
import json
import threading
import time

import numpy as np
import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

import neuroglass as ng
from neuroglass.playground import create_app, validate, wire
from neuroglass.playground.config import ConfigMessageError
from neuroglass.playground.data import MAX_ROWS

# Starlette's test client sends "Host: testserver"
HOSTS = {"127.0.0.1", "localhost", "testserver"}


@pytest.fixture
def client(tmp_path):
    app = create_app(tmp_path / "runs", max_fps=0, allowed_hosts=HOSTS)
    with TestClient(app) as c:
        yield c


def _until(ws, kind, where=None, limit=500):
    """The next message of ``kind`` ("frame" for binary ones), acking frames."""
    for _ in range(limit):
        message = ws.receive()
        if message.get("bytes") is not None:
            header, arrays = wire.decode(message["bytes"])
            ws.send_text(json.dumps({"type": "ack", "seq": header["seq"]}))
            if kind == "frame" and (where is None or where(header)):
                return header, arrays
        elif message.get("text") is not None:
            data = json.loads(message["text"])
            if data["type"] == kind and (where is None or where(data)):
                return data
    raise AssertionError(f"no {kind!r} message")


def _open(ws):
    hello = _until(ws, "hello")
    _until(ws, "state")
    _until(ws, "frame")
    return hello["session"]


def test_page_and_static_files(client):
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/no-such-file.js").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/../server.py",
        "/static/%2e%2e/server.py",
        "/static//etc/passwd",
    ],
)
def test_no_static_path_escapes_its_folder(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text and "def create_app" not in response.text


def test_websocket_session_trains(client):
    with client.websocket_connect("/ws") as ws:
        _open(ws)
        ws.send_text(json.dumps({"type": "step"}))
        header, arrays = _until(ws, "frame", lambda h: h["epoch"] == 1)
        assert arrays["output"].shape == (100, 100) and header["train_loss"] > 0


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("not json", None),
        ("[1, 2]", None),
        ('{"type": "launch"}', "type"),
        ('{"type": "play", "speed": 3}', "speed"),
        ('{"type": "config", "config": {"batch_size": 501}}', "batch_size"),
        ('{"type": "config", "config": {"batch_size": 0}}', "batch_size"),
        ('{"type": "config", "config": {"hidden": [1,1,1,1,1,1,1,1,1]}}', "hidden"),
        ('{"type": "config", "config": {"hidden": [33]}}', "hidden"),
        ('{"type": "config", "config": {"learning_rate": 10.5}}', "learning_rate"),
        ('{"type": "config", "config": {"learning_rate": "fast"}}', "learning_rate"),
        ('{"type": "config", "config": {"dataset": "moons"}}', "dataset"),
        ('{"type": "config", "config": {"colour": "red"}}', "colour"),
        (
            '{"type": "set_weight", "layer": 1, "from": 0, "to": 0, "value": 1e9}',
            "value",
        ),
        ('{"type": "set_bias", "layer": 1, "unit": 0, "value": "NaN"}', "value"),
        ('{"type": "seek", "epoch": -1}', "epoch"),
        ('{"type": "add_point", "x": 1, "y": true, "label": 0}', "y"),
    ],
)
def test_invalid_messages_get_an_error_and_change_nothing(client, message, field):
    with client.websocket_connect("/ws") as ws:
        _open(ws)
        ws.send_text(message)
        error = _until(ws, "error")
        assert error["field"] == field and error["message"]
        ws.send_text(json.dumps({"type": "step"}))
        header, _ = _until(ws, "frame", lambda h: h["epoch"] == 1)
        state_kept = header["epoch"] == 1
        assert state_kept


def test_oversized_message_is_refused(client):
    with client.websocket_connect("/ws") as ws:
        _open(ws)
        ws.send_text(json.dumps({"type": "play", "x": "a" * 70_000}))
        error = _until(ws, "error")
        assert "at most" in error["message"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "http://localhost:3000"},  # another local site
        {"Origin": "http://testserver:8766"},
        {"Origin": "null"},
        # DNS rebinding: evil.example made to resolve to 127.0.0.1
        {"Origin": "http://evil.example:8765", "Host": "evil.example:8765"},
    ],
)
def test_foreign_origin_is_refused(client, headers):
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/ws", headers=headers) as ws:
            ws.receive()


def test_own_origin_is_accepted_and_other_hosts_get_nothing(client):
    with client.websocket_connect("/ws", headers={"Origin": "http://testserver"}) as ws:
        assert _until(ws, "hello")["mode"] == "live"


def _csv(rows):
    return "x1,x2,label\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)


def test_upload_a_csv(client):
    rng = np.random.default_rng(0)
    X = rng.uniform(-5, 5, size=(60, 2))
    rows = [(a, b, int(a > 0) + int(b > 0)) for a, b in X]  # three classes
    with client.websocket_connect("/ws") as ws:
        session = _open(ws)
        response = client.post(f"/api/session/{session}/data", content=_csv(rows))
        reply = response.json()
        assert reply["ok"] and reply["rows"] == 60 and reply["classes"] == 3
        assert reply["task"] == "classification" and "3 classes" in reply["note"]
        state = _until(ws, "state", lambda m: m["config"]["dataset"] == "custom")
        assert state["classes"] == 3 and state["output_kind"] == "softmax_ce"
        assert len(state["train"]) + len(state["test"]) == 60


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ("x1,x2,label\n1,2,0\n", 400, "at least 4"),
        ("x1,x2,label\n1,2,0\n3,4\n1,1,1\n2,2,0\n", 400, "row 2 has 2 columns"),
        ("1,2,0\n1,b,1\n1,1,1\n2,2,0\n", 400, "column 2 (x2) holds text"),
        ("a,b,c\nd,e,f\n", 400, "column 1 ('a') holds text, not numbers: 'd'"),
        ("x,y,label\n1,2,cat\n", 400, "column 3 ('label') holds text"),
        ("p,q,r\ns,t,u\nv,w,x\n", 400, "not numbers"),
        ("1,2,0\n1,2,0\n1,1,0\n2,2,0\n", 400, "two classes"),
        ("1,2,0\n1,inf,1\n1,1,1\n2,2,0\n", 400, "inf or NaN"),
        ("".join("1,2,0\n" for _ in range(MAX_ROWS + 1)), 400, "at most 50,000"),
        ("1," * 3_000_000, 413, "larger than 5 MB"),
        ("1,2,0\n1,2,1\n1,1,1\n1e300,2,0\n", 400, "beyond"),
        ('1,2,0\n"' + "x" * 200_000 + '",1,1\n', 400, "not readable as CSV"),
    ],
)
def test_bad_uploads_get_a_clear_message(client, body, status, words):
    with client.websocket_connect("/ws") as ws:
        session = _open(ws)
        response = client.post(f"/api/session/{session}/data", content=body)
        assert response.status_code == status
        assert words in response.json()["error"]


def test_unknown_host_gets_nothing(client):
    response = client.get("/", headers={"Host": "evil.example:8765"})
    assert response.status_code == 400 and "<html" not in response.text


def test_binary_and_malformed_messages_get_an_error(client):
    with client.websocket_connect("/ws") as ws:
        _open(ws)
        ws.send_bytes(b"\x00\x01")
        assert "JSON text" in _until(ws, "error")["message"]
        ws.send_text('{"type": [1]}')
        assert _until(ws, "error")["field"] == "type"
        ws.send_text("[" * 30_000)
        assert "not valid JSON" in _until(ws, "error")["message"]
        ws.send_text(
            '{"type": "config", "config": {"learning_rate": 1' + "0" * 400 + "}}"
        )
        assert _until(ws, "error")["field"] == "learning_rate"
        ws.send_text(
            '{"type": "set_bias", "layer": 1, "unit": 0, "value": 1' + "0" * 400 + "}"
        )
        assert _until(ws, "error")["field"] == "value"
        ws.send_text(json.dumps({"type": "step"}))
        _until(ws, "frame", lambda h: h["epoch"] == 1)  # still alive


def test_upload_from_a_foreign_origin_is_refused(client):
    with client.websocket_connect("/ws") as ws:
        session = _open(ws)
        response = client.post(
            f"/api/session/{session}/data",
            content=_csv([(1, 2, 0)] * 5),
            headers={"Origin": "http://evil.example"},
        )
        assert response.status_code == 403
    assert client.post("/api/session/nope/data", content="1,2,3").status_code == 404


def test_exports(client, tmp_path):
    with client.websocket_connect("/ws") as ws:
        session = _open(ws)
        ws.send_text(json.dumps({"type": "step"}))
        _until(ws, "frame", lambda h: h["epoch"] == 1)
        base = f"/api/session/{session}/export"
        model = client.get(f"{base}/model.npz")
        assert model.status_code == 200
        (tmp_path / "model.npz").write_bytes(model.content)
        net = ng.load(tmp_path / "model.npz")
        assert net.sizes == [2, 4, 2, 1]
        run = client.get(f"{base}/run.ngrun")
        assert run.content[:16] == b"SQLite format 3\x00"
        csv = client.get(f"{base}/data.csv").text.splitlines()
        assert csv[0] == "x1,x2,label,split" and len(csv) == 501
        assert "ng.Network" in client.get(f"{base}/snippet.py").text
        assert client.get(f"{base}/network.svg").text.lstrip().startswith("<?xml")
        assert client.get(f"{base}/network.png").content[:4] == b"\x89PNG"
        assert client.get(f"{base}/secrets.txt").status_code == 404


def test_disconnects_free_their_sessions(client):
    """200 connect/disconnect cycles leave no session, thread or memory behind."""
    import tracemalloc

    app_state = client.app.state.playground

    def cycle():
        with client.websocket_connect("/ws") as ws:
            _until(ws, "frame")

    for _ in range(20):  # warm-up: caches, imports
        cycle()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(200):
        cycle()
    for t in threading.enumerate():
        if t.name.startswith("playground-"):
            t.join(10)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert app_state.sessions == {}
    workers = [t for t in threading.enumerate() if t.name.startswith("playground-")]
    assert workers == []  # every session's training thread has ended
    assert after - before < 2_000_000, f"memory grew by {after - before:,} bytes"


def test_dashboard_replays_a_recorded_run(tmp_path):
    X, y = ng.datasets.circle(n=200, seed=0)
    net = ng.mlp([2, 5, 1], output="sigmoid", loss="bce", seed=0)
    path = tmp_path / "script.ngrun"
    net.fit(X, y, epochs=6, batch_size=20, lr=0.3, callbacks=[ng.Recorder(path)])
    app = create_app(tmp_path, replay=path, allowed_hosts=HOSTS)
    with TestClient(app) as client:
        with client.websocket_connect("/ws") as ws:
            assert _until(ws, "hello")["mode"] == "replay"
            state = _until(ws, "state")
            assert state["sizes"] == [2, 5, 1] and state["mode"] == "replay"
            history = _until(ws, "history")
            assert history["epoch"] == [1, 2, 3, 4, 5, 6]
            header, arrays = _until(ws, "frame")
            assert header["replay"] and header["epoch"] == 6
            ws.send_text(json.dumps({"type": "seek", "epoch": 2}))
            header, early = _until(ws, "frame", lambda h: h["epoch"] == 2)
            assert not np.array_equal(early["weights"], arrays["weights"])
            with ng.open_run(path) as run:  # that snapshot's gradients, shown
                expected = run.snapshot(1).layers[0].grad_weights
            np.testing.assert_allclose(
                early["grad_weights"][:10], expected.ravel(), rtol=1e-5
            )
            assert header["grad_norms"][0] > 0
            ws.send_text(json.dumps({"type": "play"}))
            assert "replayed run" in _until(ws, "error")["message"]
            assert state["config"]["hidden"] == [5]
            session = client.app.state.playground.sessions
            (sid,) = session
            base = f"/api/session/{sid}/export"
            assert client.get(f"{base}/run.ngrun").content[:6] == b"SQLite"
            assert client.get(f"{base}/model.npz").status_code == 200
            assert "recorded by a script" in client.get(f"{base}/snippet.py").text


def test_dashboard_draws_wider_networks_and_explains_narrow_ones(tmp_path):
    X, y = ng.datasets.iris()
    wide = tmp_path / "iris.ngrun"
    ng.mlp([4, 6, 3], loss="cross_entropy", seed=0).fit(
        X, y, epochs=3, batch_size=30, callbacks=[ng.Recorder(wide)]
    )
    app = create_app(tmp_path, replay=wide, allowed_hosts=HOSTS)
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        state = _until(ws, "state")
        assert state["input_names"] == ["x1", "x2", "x3", "x4"]
        header, arrays = _until(ws, "frame")
        assert arrays["thumbs"].shape == (6 + 3, 20, 20) and header["epoch"] == 3
    narrow = tmp_path / "line.ngrun"
    Xl = np.linspace(-1, 1, 40)[:, None]
    ng.mlp([1, 4, 1], seed=0).fit(
        Xl, Xl[:, 0] ** 2, epochs=2, batch_size=8, callbacks=[ng.Recorder(narrow)]
    )
    app = create_app(tmp_path, replay=narrow, allowed_hosts=HOSTS)
    with TestClient(app) as client, client.websocket_connect("/ws") as ws:
        assert "two inputs" in _until(ws, "error")["message"]
        ws.send_text(json.dumps({"type": "seek", "epoch": 1}))
        assert "cannot be replayed" in _until(ws, "error")["message"]


# -- floods: every queue is bounded, a closed socket stops the work ----------------
#: one valid message of every type the page can send (8x32 network, see below)
FLOOD = {
    "config": [{"learning_rate": 0.01}, {"learning_rate": 0.03}],
    "config_reset": [{"batch_size": 11}, {"batch_size": 10}],
    "play": [{}],
    "pause": [{}],
    "live": [{}],
    "step": [{}],
    "regenerate": [{}],
    "clear_points": [{}],
    "reset": [{}, {"same_init": True}],
    "set_weight": [{"layer": 2, "from": 3, "to": 4, "value": 0.5}],
    "set_bias": [{"layer": 3, "unit": 5, "value": -0.5}],
    "focus": [{"layer": 4, "unit": 7}, {"layer": None}],
    "explain": [{"layer": 5, "unit": 1, "sample": 3}],
    "trace": [{"sample": 2}],
    "seek": [{"epoch": 1}],
    "add_point": [{"x": 1.0, "y": -2.0, "label": 1}],
    "ack": [{"seq": 1}],
}


@pytest.fixture
def real_server(tmp_path):
    """The app under uvicorn on 127.0.0.1 (a real socket: a client that does not
    read makes the server's writes wait, as a browser tab would)."""
    import uvicorn

    app = create_app(tmp_path / "runs", max_fps=0, allowed_hosts=HOSTS)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield app.state.playground, f"ws://127.0.0.1:{port}/ws"
    server.should_exit = True
    thread.join(10)


def _workers():
    return [t for t in threading.enumerate() if t.name.startswith("playground-")]


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(FLOOD))
def test_a_flood_keeps_memory_bounded_and_a_close_stops_the_work(real_server, kind):
    """20,000 traces once took the server to 7.7 GB and kept it busy after the
    page left: every message type, sent 1,500 times without reading a reply."""
    import tracemalloc

    from websockets.sync.client import connect

    playground, url = real_server
    with connect(url, max_size=None, close_timeout=1) as ws:
        ws.send(json.dumps({"type": "config", "config": {"hidden": [32] * 8}}))
        for _ in range(100):
            reply = ws.recv(timeout=20)
            if isinstance(reply, str) and '"hidden": [32, 32, 32' in reply:
                break
        ws.send(json.dumps({"type": "step"}))  # something recorded, for seek
        for _ in range(100):
            reply = ws.recv(timeout=20)
            if isinstance(reply, bytes) and wire.decode(reply)[0]["epoch"] == 1:
                break
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        variants = FLOOD[kind]
        name = "config" if kind.startswith("config") else kind
        for i in range(1500):
            fields = variants[i % len(variants)]
            if name == "config":
                fields = {"config": fields}
            ws.send(json.dumps({"type": name, **fields}))
        time.sleep(1.0)  # the server goes on working on what it accepted
        peak = tracemalloc.get_traced_memory()[1] - base
        assert len(_workers()) == 1
        (session,) = playground.sessions.values()
        assert len(session.commands) <= 64
    closed = time.monotonic()
    while _workers() and time.monotonic() - closed < 5:
        time.sleep(0.02)
    stopped_after = time.monotonic() - closed
    gc.collect()
    left = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    assert _workers() == [], "the session still works after its page left"
    assert stopped_after < 3, f"the session took {stopped_after:.1f} s to stop"
    assert playground.sessions == {}
    assert peak < 60_000_000, f"{kind} flood: memory peaked {peak:,} bytes above"
    assert left < 5_000_000, f"{kind} flood: {left:,} bytes still held after"


def _valid_fields():
    return {name: dict(fields[0]) for name, fields in FLOOD.items()}


@pytest.mark.parametrize("kind", sorted(validate.SCHEMA))
def test_every_message_type_refuses_unknown_fields_and_wrong_types(kind):
    base = {"type": kind, **_valid_fields()[kind]}
    if kind == "config":
        base = {"type": "config", "config": {"learning_rate": 0.1}}
    assert validate.command(json.dumps(base))["type"] == kind  # the valid form
    with pytest.raises(ConfigMessageError) as info:
        validate.command(json.dumps({**base, "extra": 1}))
    assert info.value.field == "extra"
    for key in set(base) - {"type"}:
        for bad in ("a", [1], {"x": 1}, 1e300, -(2**40)):
            if key == "layer" and kind == "focus" and bad is None:
                continue
            if key == "config" and isinstance(bad, dict):
                continue  # a dict of settings: checked by the session (merge)
            with pytest.raises(ConfigMessageError) as info:
                validate.command(json.dumps({**base, key: bad}))
            assert info.value.field == key, (key, bad)


@pytest.mark.parametrize(
    ("labels", "task", "words"),
    [
        (list(range(12)), "regression", "12 distinct values"),
        ([0.5, 1.5, 2.25, 3.0], "regression", "not all whole numbers"),
        ([0, 1, 2], "classification", "3 classes"),
    ],
)
def test_an_upload_says_which_task_was_chosen_and_why(client, labels, task, words):
    rows = [(i % 5, i // 5, labels[i % len(labels)]) for i in range(48)]
    with client.websocket_connect("/ws") as ws:
        session = _open(ws)
        reply = client.post(f"/api/session/{session}/data", content=_csv(rows)).json()
        assert reply["task"] == task and words in reply["note"]
        header, _ = _until(ws, "frame", lambda h: h["events"])
        (event,) = [e for e in header["events"] if e["code"] == "csv_task"]
        assert words in event["message"]


@pytest.mark.parametrize("source", ["cli", "script"])
def test_dashboard_shows_what_a_run_holds(tmp_path, source):
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
        history = _until(ws, "history")
        assert history["grad_epochs"][-1] == 5
        assert all(v > 0 for v in history["grad_norms"][-1])
        header, _ = _until(ws, "frame")
        assert header["train_loss"] == pytest.approx(metrics["loss"][-1])
        assert header["train_accuracy"] == pytest.approx(metrics["accuracy"][-1])
        val = metrics["val_loss"][-1]
        assert header["test_loss"] == (pytest.approx(val) if np.isfinite(val) else None)
