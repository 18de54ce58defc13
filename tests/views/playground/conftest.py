"""Helpers for the playground's tests: a session driven without a server."""

import queue
import time

import pytest

from neuroglass.views.playground import messages as msg
from neuroglass.views.playground.session import Session


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
                header, arrays = msg.decode(message)
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
