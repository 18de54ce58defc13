"""Helpers for the playground's tests: a session driven without a server, the
messages of an in-process websocket, data to upload, a server on a free local
port, and Debian's Chromium driven by Playwright."""

import contextlib
import json
import queue
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from neuroglass.playground import create_app, exports, validate, wire
from neuroglass.playground import data as pdata
from neuroglass.playground import messages as msg
from neuroglass.playground.config import ConfigMessageError
from neuroglass.playground.session import Session


def csv_rows(X, y) -> str:
    """A CSV of points ``X`` (n, 2) labelled ``y``, as a page uploads it."""
    return "x1,x2,label\n" + "\n".join(
        f"{float(a)!r},{float(b)!r},{float(v)!r}" for (a, b), v in zip(X, y)
    )


def plane_values(n=300, seed=0):
    """``n`` points of [-6, 6]^2 whose values rise 0..1 along the diagonal."""
    X = np.random.default_rng(seed).uniform(-6, 6, size=(n, 2))
    return X, (X[:, 0] + X[:, 1] + 12) / 24


@pytest.fixture
def csv_text():
    """:func:`csv_rows` (test modules cannot import conftest by name)."""
    return csv_rows


@pytest.fixture
def plane():
    """:func:`plane_values`."""
    return plane_values


class Driver:
    """A Session whose outgoing messages land in a queue; frames are acknowledged."""

    def __init__(self, runs_dir, config=None, max_fps=0):
        self.out = queue.Queue()
        self.session = Session(self.out.put, str(runs_dir), config, max_fps=max_fps)
        self.session.start()

    def send(self, **command):
        """``command`` as the server passes it on: JSON text checked by
        validate.command (an error reply, as the server's, when it is refused)."""
        if command["type"].startswith("_"):  # the server's own (an upload's data)
            self.session.put(command)
            return
        try:
            checked = validate.command(json.dumps(command))
        except ConfigMessageError as exc:
            self.out.put(msg.error(str(exc), exc.field))
            return
        self.session.put(checked)

    def send_unchecked(self, **command):
        """``command`` straight to the session, as no server would pass it."""
        self.session.put(command)

    def next(self, kind, timeout=20.0, where=None):
        """The next message of ``kind`` ("frame" or a JSON type) meeting ``where``."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {kind!r} message within {timeout} s")
            try:
                message = self.out.get(timeout=left)
            except queue.Empty:
                continue
            if isinstance(message, bytes):
                header, arrays = wire.decode(message)
                self.session.put({"type": "ack", "seq": header["seq"]})
                if kind == "frame" and (where is None or where(header)):
                    return header, arrays
            elif message["type"] == kind and (where is None or where(message)):
                return message

    def initial(self):
        """The first state and frame of the session (the frame returned)."""
        self.next("state")
        return self.next("frame")

    def export(self, name):
        """The bytes of the download ``name`` (see ``exports.EXPORTS``)."""
        box = self.session.call(exports.EXPORTS[name])
        assert box["done"].wait(10) and box["error"] is None, box["error"]
        return box["value"][0]

    def upload(self, X, y):
        """Upload points as the server does (parse_csv, then a ``_data``
        command); returns the new state and the upload's note."""
        X, y, classes, names, note = pdata.parse_csv(csv_rows(X, y))
        event = {"kind": "diagnostic", "code": "csv_task", "severity": "info"}
        self.send(type="_data", data=(X, y, classes, names, {**event, "message": note}))
        state = self.next("state", where=lambda m: m["config"]["dataset"] == "custom")
        return state, note

    def play_until(self, epochs):
        """Play until the frame of ``epochs``, then pause; that frame."""
        self.send(type="play")
        where = lambda h: h["epoch"] >= epochs  # noqa: E731
        header, arrays = self.next("frame", timeout=60, where=where)
        self.send(type="pause")
        return header, arrays

    def close(self):
        self.session.close()


@pytest.fixture
def driver(tmp_path):
    drivers = []

    def make(config=None, **kwargs):
        d = Driver(tmp_path / "runs", config, **kwargs)
        drivers.append(d)
        return d

    yield make
    for d in drivers:
        d.close()


# -- an in-process websocket (starlette's TestClient) -------------------------------
class Receive:
    """``receive(ws, kind, where)``: the next message of ``kind`` ("frame" for
    binary ones) meeting ``where``, acknowledging frames; ``receive.open(ws)``:
    the first hello, state and frame of a session (its id returned)."""

    def __call__(self, ws, kind, where=None, limit=500):
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

    def open(self, ws):
        hello = self(ws, "hello")
        self(ws, "state")
        self(ws, "frame")
        return hello["session"]


@pytest.fixture
def receive():
    """A :class:`Receive`."""
    return Receive()


# -- a real server, a real browser ---------------------------------------------------
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "playground"


@contextlib.contextmanager
def serve(app):
    """Serve ``app`` with uvicorn on a free port of 127.0.0.1 in a thread; yields
    its base URL and stops the server on exit."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        deadline = time.time() + 20
        while not srv.started and time.time() < deadline:
            time.sleep(0.05)
        assert srv.started, "the playground server did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def serve_app():
    """:func:`serve`, for test modules (conftest is not imported by name)."""
    return serve


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The playground on a free port, one per test module."""
    with serve(create_app(tmp_path_factory.mktemp("runs"))) as url:
        yield url


# the browser fixture (Debian's headless Chromium) is tests/conftest.py's


LAB_ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "playground"


@pytest.fixture
def open_lab(browser, server):
    """A function that opens the neuron lab in a new browser context:
    ``open_lab(width=1400, height=900, lang="en", theme="light") -> (ctx, page)``;
    ``page.errors`` collects page errors and console errors."""

    def open_page(width=1400, height=900, lang="en", theme="light"):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        pg = ctx.new_page()
        pg.errors = []
        pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
        pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
        pg.add_init_script(
            f"localStorage.setItem('ng-lang', '{lang}');"
            f"localStorage.setItem('ng-theme', '{theme}');"
        )
        pg.goto(server + "/lab")
        return ctx, pg

    return open_page


@pytest.fixture
def lab_page(open_lab, request):
    """The neuron lab, running (a few frames in), in English and light; its
    screenshot is kept in test-artifacts/playground, and any page error fails
    the test."""
    ctx, pg = open_lab()
    pg.wait_for_function("window.lab.model !== null && window.lab.frames > 3")
    yield pg
    LAB_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(LAB_ARTIFACTS / f"{request.node.name}.png"))
    assert pg.errors == [], f"the page logged errors: {pg.errors}"
    ctx.close()
