"""Helpers for the playground's tests: a session driven without a server, a
server on a free local port, and Debian's Chromium driven by Playwright."""

import contextlib
import os
import queue
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from neuroglass.playground import create_app, wire
from neuroglass.playground.session import Session


class Driver:
    """A Session whose outgoing messages land in a queue; frames are acknowledged."""

    def __init__(self, runs_dir, config=None, max_fps=0):
        self.out = queue.Queue()
        self.session = Session(self.out.put, str(runs_dir), config, max_fps=max_fps)
        self.session.start()

    def send(self, **command):
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


# -- a real server, a real browser ---------------------------------------------------
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "playground"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium (or ``$NEUROGLASS_CHROMIUM``); fails the test if absent."""
    path = os.environ.get("NEUROGLASS_CHROMIUM") or shutil.which("chromium")
    if path is None:
        pytest.fail(
            "Chromium is not installed: run `make test` (it installs Debian's "
            "chromium), or set NEUROGLASS_CHROMIUM to a Chromium binary."
        )
    return path


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


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()
