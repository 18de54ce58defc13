"""A page's session: a worker thread fed by a command queue.

The server calls :meth:`Worker.start`, :meth:`~Worker.put` (checked commands),
:meth:`~Worker.call` (downloads) and :meth:`~Worker.stop`/:meth:`~Worker.close`.
The thread is the only one that touches the session's state; subclasses
implement ``_work`` (what the thread does) and the hooks of :mod:`.dispatch`.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable

from . import config as cfg
from . import messages as msg
from .dispatch import COMMON, dispatch
from .queues import Mailbox


class Worker:
    """The thread, its mailbox and its state (a :class:`.state.View`)."""

    mode = "live"
    #: the command handlers of this kind of session (see :mod:`.dispatch`)
    handlers: dict = COMMON
    #: what answers a command with no handler (None: "unknown message type")
    refuse = None

    def __init__(self, send: Callable, state):
        self.id = secrets.token_urlsafe(12)
        self.send = send
        self.state = state
        self.commands = Mailbox()
        self._thread = threading.Thread(
            target=self._work, name=f"playground-{self.id}", daemon=True
        )

    def _work(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def start(self):
        self.send(msg.hello(self.id, self.mode, dict(cfg.DEFAULTS)))
        self._thread.start()

    def put(self, command: dict) -> bool:
        """Queue a checked command from the page; False when it was refused
        because too many wait (the caller tells the page)."""
        return self.commands.put(command)

    def stop(self) -> None:
        """End the worker: what waits is dropped; returns at once."""
        self.commands.close()

    def close(self, timeout=5.0) -> None:
        self.stop()
        self._thread.join(timeout)

    def call(self, fn):
        """Run ``fn(state)`` in the worker thread; returns a box whose "done"
        event is set when "value" (or "error") is there."""
        box = {"done": threading.Event(), "value": None, "error": None}
        queued = self.commands.put({"type": "_call", "fn": fn, "box": box})
        if not queued and not box["done"].is_set():  # (a closed mailbox told it)
            box["error"] = RuntimeError("the session is busy; try again")
            box["done"].set()
        return box

    def handle(self, command: dict):
        """Dispatch one command; returns its outcome (see :mod:`.dispatch`)."""
        return dispatch(self, command, self.handlers, self.refuse)

    def forget(self):
        """Remove what the session leaves on disk (nothing by default)."""

    # -- the hooks of the shared handlers ------------------------------------------
    def redraw(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def last_epoch(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def seek(self, epoch: int):  # pragma: no cover - abstract
        raise NotImplementedError
