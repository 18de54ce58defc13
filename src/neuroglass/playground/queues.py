"""The two queues between a page and its session, both bounded.

:class:`Mailbox` holds the commands a session has yet to handle. A newer request
replaces a waiting one it supersedes (the latest ``focus``, ``trace``, ``seek``
... is the only one worth answering; drawn points waiting are merged into one
command), and at most :data:`MAX_WAITING` other commands wait: :meth:`Mailbox.put`
refuses the rest, and the server tells the page. Closing it drops what waits, so
a page that leaves stops its session's work at once.

:class:`Outbox` holds the messages on their way to a page. The session's thread
blocks while :data:`MAX_OUTGOING` wait (back-pressure: a page that does not read
stops its session, whose mailbox then fills and refuses), until the page reads or
goes.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections import deque

#: commands (other than the superseding kinds) that may wait for the session
MAX_WAITING = 64
#: messages that may wait for the page
MAX_OUTGOING = 16
#: drawn points merged into one waiting command at most
MAX_MERGED_POINTS = 5_000

#: kinds where only the newest waiting request matters
NEWEST_WINS = frozenset(
    {"focus", "trace", "explain", "seek", "live", "play", "pause", "ack", "_data"}
)


def supersede_key(command: dict):
    """The key under which a newer command replaces a waiting one (None: never)."""
    kind = command["type"]
    if kind in NEWEST_WINS or kind == "add_point":
        return kind
    if kind == "set_weight":
        return (kind, command["layer"], command["from"], command["to"])
    if kind == "set_bias":
        return (kind, command["layer"], command["unit"])
    return None


def _merge(old: dict, new: dict) -> dict:
    if new["type"] != "add_point":
        return new
    points = old.get("points") or [(old["x"], old["y"], old["label"])]
    if len(points) >= MAX_MERGED_POINTS:
        return old
    return {
        "type": "add_point",
        "points": [*points, (new["x"], new["y"], new["label"])],
    }


class Mailbox:
    """A session's waiting commands; see the module's docstring."""

    def __init__(self, limit: int = MAX_WAITING):
        self.limit = limit
        self._items: deque = deque()  # [key, command] entries, oldest first
        self._keyed: dict = {}
        self._plain = 0
        self._closed = False
        self._cond = threading.Condition()

    def __len__(self) -> int:
        return len(self._items)

    def put(self, command: dict) -> bool:
        """Queue ``command``; False when it was refused (full, or closed)."""
        with self._cond:
            if self._closed:
                _fail(command)
                return False
            key = supersede_key(command)
            if key is not None and key in self._keyed:
                entry = self._keyed[key]
                self._items.remove(entry)  # the newest goes last, in order
                entry[1] = _merge(entry[1], command)
            else:
                if key is None and self._plain >= self.limit:
                    return False
                entry = [key, command]
                if key is None:
                    self._plain += 1
                else:
                    self._keyed[key] = entry
            self._items.append(entry)
            self._cond.notify()
            return True

    def get(self, timeout: float | None = None) -> dict:
        """The oldest command; ``{"type": "_close"}`` once closed. Raises
        queue.Empty after ``timeout`` seconds (0: don't wait)."""
        with self._cond:
            if not self._closed and not self._items:
                if timeout is not None and timeout <= 0:
                    raise queue.Empty
                self._cond.wait_for(lambda: self._closed or self._items, timeout)
            if self._closed:
                return {"type": "_close"}
            if not self._items:
                raise queue.Empty
            key, command = self._items.popleft()
            if key is None:
                self._plain -= 1
            else:
                del self._keyed[key]
            return command

    def get_nowait(self) -> dict:
        return self.get(0)

    def close(self) -> None:
        """Drop every waiting command (downloads waiting are told) and make
        :meth:`get` answer ``_close`` from now on."""
        with self._cond:
            self._closed = True
            for _, command in self._items:
                _fail(command)
            self._items.clear()
            self._keyed.clear()
            self._plain = 0
            self._cond.notify_all()


def _fail(command):
    if command.get("type") == "_call":
        command["box"]["error"] = RuntimeError("the session has ended")
        command["box"]["done"].set()


class Outbox:
    """Messages for one page; see the module's docstring.

    :meth:`put` may be called from any thread (the session's blocks while the
    box is full); :meth:`get` is awaited by the one task that writes to the socket,
    which calls :meth:`sent` after each write.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, limit: int = MAX_OUTGOING):
        self._loop = loop
        self._loop_thread = threading.get_ident()
        self._queue: asyncio.Queue = asyncio.Queue()
        self._room = threading.Semaphore(limit)
        self._closed = threading.Event()

    def put(self, message) -> None:
        """Send ``message`` when there is room; from the event loop's own thread
        (which must never block) it is dropped when the box is full."""
        if threading.get_ident() == self._loop_thread:
            self.offer(message)
            return
        while not self._room.acquire(timeout=0.05):
            if self._closed.is_set():
                return
        if self._closed.is_set():
            return
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, message)
        except RuntimeError:  # the loop has closed: the page is gone
            pass

    def offer(self, message) -> bool:
        """From the event loop: queue ``message`` if there is room, else drop it."""
        if self._closed.is_set() or not self._room.acquire(blocking=False):
            return False
        self._queue.put_nowait(message)
        return True

    async def get(self):
        return await self._queue.get()

    def sent(self) -> None:
        self._room.release()

    def close(self) -> None:
        """The page has gone: nothing more is sent, and no sender waits."""
        self._closed.set()
