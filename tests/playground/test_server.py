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
from neuroglass.playground import create_app, wire
from neuroglass.playground.data import MAX_ROWS

# Starlette's test client sends "Host: testserver"
HOSTS = {"127.0.0.1", "localhost", "testserver"}


@pytest.fixture
def client(tmp_path):
    app = create_app(tmp_path / "runs", max_fps=0, allowed_hosts=HOSTS)
    with TestClient(app) as c:
        yield c


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


def test_websocket_session_trains(client, receive):
    with client.websocket_connect("/ws") as ws:
        receive.open(ws)
        ws.send_text(json.dumps({"type": "step"}))
        header, arrays = receive(ws, "frame", lambda h: h["epoch"] == 1)
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
def test_invalid_messages_get_an_error_and_change_nothing(
    client, message, field, receive
):
    with client.websocket_connect("/ws") as ws:
        receive.open(ws)
        ws.send_text(message)
        error = receive(ws, "error")
        assert error["field"] == field and error["message"]
        ws.send_text(json.dumps({"type": "step"}))
        header, _ = receive(ws, "frame", lambda h: h["epoch"] == 1)
        state_kept = header["epoch"] == 1
        assert state_kept


def test_oversized_message_is_refused(client, receive):
    with client.websocket_connect("/ws") as ws:
        receive.open(ws)
        ws.send_text(json.dumps({"type": "play", "x": "a" * 70_000}))
        error = receive(ws, "error")
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


def test_own_origin_is_accepted_and_other_hosts_get_nothing(client, receive):
    with client.websocket_connect("/ws", headers={"Origin": "http://testserver"}) as ws:
        assert receive(ws, "hello")["mode"] == "live"


def _csv(rows):
    return "x1,x2,label\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)


def test_upload_a_csv(client, receive):
    rng = np.random.default_rng(0)
    X = rng.uniform(-5, 5, size=(60, 2))
    rows = [(a, b, int(a > 0) + int(b > 0)) for a, b in X]  # three classes
    with client.websocket_connect("/ws") as ws:
        session = receive.open(ws)
        response = client.post(f"/api/session/{session}/data", content=_csv(rows))
        reply = response.json()
        assert reply["ok"] and reply["rows"] == 60 and reply["classes"] == 3
        assert reply["task"] == "classification" and "3 classes" in reply["note"]
        state = receive(ws, "state", lambda m: m["config"]["dataset"] == "custom")
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
def test_bad_uploads_get_a_clear_message(client, body, status, words, receive):
    with client.websocket_connect("/ws") as ws:
        session = receive.open(ws)
        response = client.post(f"/api/session/{session}/data", content=body)
        assert response.status_code == status
        assert words in response.json()["error"]


def test_unknown_host_gets_nothing(client):
    response = client.get("/", headers={"Host": "evil.example:8765"})
    assert response.status_code == 400 and "<html" not in response.text


def test_binary_and_malformed_messages_get_an_error(client, receive):
    with client.websocket_connect("/ws") as ws:
        receive.open(ws)
        ws.send_bytes(b"\x00\x01")
        assert "JSON text" in receive(ws, "error")["message"]
        ws.send_text('{"type": [1]}')
        assert receive(ws, "error")["field"] == "type"
        ws.send_text("[" * 30_000)
        assert "not valid JSON" in receive(ws, "error")["message"]
        ws.send_text(
            '{"type": "config", "config": {"learning_rate": 1' + "0" * 400 + "}}"
        )
        assert receive(ws, "error")["field"] == "learning_rate"
        ws.send_text(
            '{"type": "set_bias", "layer": 1, "unit": 0, "value": 1' + "0" * 400 + "}"
        )
        assert receive(ws, "error")["field"] == "value"
        ws.send_text(json.dumps({"type": "step"}))
        receive(ws, "frame", lambda h: h["epoch"] == 1)  # still alive


def test_upload_from_a_foreign_origin_is_refused(client, receive):
    with client.websocket_connect("/ws") as ws:
        session = receive.open(ws)
        response = client.post(
            f"/api/session/{session}/data",
            content=_csv([(1, 2, 0)] * 5),
            headers={"Origin": "http://evil.example"},
        )
        assert response.status_code == 403
    assert client.post("/api/session/nope/data", content="1,2,3").status_code == 404


def test_exports(client, tmp_path, receive):
    with client.websocket_connect("/ws") as ws:
        session = receive.open(ws)
        ws.send_text(json.dumps({"type": "step"}))
        receive(ws, "frame", lambda h: h["epoch"] == 1)
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


def test_disconnects_free_their_sessions(client, receive):
    """200 connect/disconnect cycles leave no session, thread or memory behind."""
    import tracemalloc

    app_state = client.app.state.playground

    def cycle():
        with client.websocket_connect("/ws") as ws:
            receive(ws, "frame")

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


@pytest.mark.parametrize(
    ("labels", "task", "words"),
    [
        (list(range(12)), "regression", "12 distinct values"),
        ([0.5, 1.5, 2.25, 3.0], "regression", "not all whole numbers"),
        ([0, 1, 2], "classification", "3 classes"),
    ],
)
def test_an_upload_says_which_task_was_chosen_and_why(
    client, labels, task, words, receive
):
    rows = [(i % 5, i // 5, labels[i % len(labels)]) for i in range(48)]
    with client.websocket_connect("/ws") as ws:
        session = receive.open(ws)
        reply = client.post(f"/api/session/{session}/data", content=_csv(rows)).json()
        assert reply["task"] == task and words in reply["note"]
        header, _ = receive(ws, "frame", lambda h: h["events"])
        (event,) = [e for e in header["events"] if e["code"] == "csv_task"]
        assert words in event["message"]
