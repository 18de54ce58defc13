"""The neuron lab under a flood (a real uvicorn server on 127.0.0.1): 10,000
messages as fast as a client can send them keep the server responsive for
another page and its memory bounded; a page that never reads is closed, not
buffered for without bound."""

import base64
import gc
import json
import os
import socket
import threading
import time
import tracemalloc

import pytest

from neuroglass.playground import create_app, lab_socket

HOSTS = {"127.0.0.1", "localhost"}

#: one of each message type, with values that make work (models, f-I curves)
FLOOD = [
    {"type": "model", "model": "hh"},
    {"type": "parameter", "name": "g_K", "value": 30.0},
    {"type": "current", "value": 12.5},
    {"type": "pulse", "amplitude": 5.0, "duration": 1000.0},
    {"type": "speed", "value": 8},
    {"type": "model", "model": "izhikevich", "preset": "CH"},
    {"type": "parameter", "name": "d", "value": 3.0},
    {"type": "mystery"},
    {"type": "answer", "value": "II"},
    {"type": "play"},
    {"type": "reset"},
    {"type": "pause"},
    {"type": "current", "value": float("nan")},  # as the text NaN: refused
    {"type": "fly"},
]


@pytest.fixture
def lab_server(tmp_path):
    import uvicorn

    app = create_app(tmp_path / "runs", allowed_hosts=HOSTS)
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
    yield port
    server.should_exit = True
    thread.join(10)


def _wait(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


class Watcher(threading.Thread):
    """Another page: counts its frames and the longest gap between them."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.gaps, self.frames, self.stop = port, [], 0, False

    def run(self):
        from websockets.sync.client import connect

        with connect(f"ws://127.0.0.1:{self.port}/ws/lab", max_size=None) as ws:
            last = None
            while not self.stop:
                message = json.loads(ws.recv(timeout=10))
                if message["type"] == "lab_frame":
                    now = time.monotonic()
                    if last is not None:
                        self.gaps.append(now - last)
                    last, self.frames = now, self.frames + 1


@pytest.mark.slow
def test_a_flood_of_10000_messages_leaves_the_lab_responsive(lab_server):
    from websockets.sync.client import connect

    watcher = Watcher(lab_server)
    watcher.start()
    assert _wait(lambda: watcher.frames > 10, 20)
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    texts = [json.dumps(m) for m in FLOOD]
    with connect(f"ws://127.0.0.1:{lab_server}/ws/lab", max_size=None) as ws:
        started = time.monotonic()
        for i in range(10_000):
            ws.send(texts[i % len(texts)])
        sent_in = time.monotonic() - started
        time.sleep(2.0)  # the server works through what it accepted
        ws.send(json.dumps({"type": "model", "model": "lif"}))
        replies = []
        while not any(r.get("model") == "lif" for r in replies):  # still answers
            replies.append(json.loads(ws.recv(timeout=20)))
        peak = tracemalloc.get_traced_memory()[1] - base
    assert _wait(lambda: lab_socket._open == 1, 5), "the flooding page's loop lives on"
    watcher.stop = True
    watcher.join(15)
    tracemalloc.stop()
    during = [g for g in watcher.gaps[-200:]]
    assert max(during) < 2.0, f"the other page waited {max(during):.1f} s for a frame"
    assert peak < 50_000_000, f"memory peaked {peak:,} bytes above the start"
    assert sent_in < 60


def _raw_socket(port):
    """A websocket handshake on a socket with a tiny receive buffer, after
    which the client never reads."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            f"GET /ws/lab HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)
    assert b" 101 " in head
    return sock


def _masked(text: str) -> bytes:
    data, mask = text.encode(), os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
    return bytes([0x81, 0x80 | len(data)]) + mask + body


@pytest.mark.slow
def test_a_page_that_never_reads_is_closed(lab_server, monkeypatch):
    monkeypatch.setattr(lab_socket, "SEND_TIMEOUT_S", 1.0)
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    sock = _raw_socket(lab_server)
    sock.sendall(_masked(json.dumps({"type": "speed", "value": 8})))
    try:
        assert _wait(lambda: lab_socket._open == 1, 5)
        closed = _wait(lambda: lab_socket._open == 0, 60)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        sock.close()
        tracemalloc.stop()
    assert closed, "the server still serves a page that stopped reading"
    assert peak < 30_000_000, f"memory peaked {peak:,} bytes above the start"
