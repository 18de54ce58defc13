"""When a live session trains: the page's pace, and commands between epochs.

A playing session trains one epoch per 1/max_fps seconds at most, and only while
at most MAX_IN_FLIGHT frames wait to be drawn; a step trains one epoch. Between
epochs every command is handled; during a long epoch only closing, downloads and
acks are (every BATCH_CHECK seconds), the rest wait for its end.
"""

from __future__ import annotations

import queue
import time

from .commands import MAX_IN_FLIGHT
from .state import CLOSE

#: seconds between looks at the mailbox during a long epoch
BATCH_CHECK = 0.1
#: commands answered during an epoch; the others wait for its end
DURING_EPOCH = ("_close", "_call", "ack")


class Pacing:
    """The live session's waits (a mixin of :class:`.session.Session`: it uses
    its ``state``, ``commands``, ``handle``, ``min_interval``, ``_deferred`` and
    ``_last_release``)."""

    def _next_command(self, timeout):
        """The next command: ones deferred during an epoch first."""
        if self._deferred:
            return self._deferred.popleft()
        if timeout is not None and timeout <= 0:
            return self.commands.get_nowait()
        return self.commands.get(timeout=timeout)

    def _during_epoch(self):
        """During a long epoch, every ~0.1 s: stop if the page went, note a pause,
        answer downloads and acks; everything else waits for the epoch's end.
        Returns CLOSE when the page went."""
        now = time.perf_counter()
        if now - self._last_batch_check < BATCH_CHECK:
            return None
        self._last_batch_check = now
        while True:
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return None
            if command["type"] == "pause":
                self.state.playing = False
            elif command["type"] in DURING_EPOCH:
                if self.handle(command) is CLOSE:
                    return CLOSE
            else:
                self._deferred.append(command)

    def _wait(self):
        """Handle commands until it is time to train the next epoch (None), or
        until one of them restarts or closes (its outcome)."""
        state = self.state
        while True:
            if state.step_pending:
                state.step_pending = False
                self._last_release = time.perf_counter()
                return None
            timeout = None
            if state.playing and state.in_flight < MAX_IN_FLIGHT:
                # one epoch per 1/max_fps seconds at most, counted from the last start
                timeout = self.min_interval - (time.perf_counter() - self._last_release)
                if timeout <= 0:
                    try:
                        command = self._next_command(0)
                    except queue.Empty:
                        self._last_release = time.perf_counter()
                        return None
                    outcome = self.handle(command)
                    if outcome is not None:
                        return outcome
                    continue
            try:
                command = self._next_command(timeout)
            except queue.Empty:
                continue
            outcome = self.handle(command)
            if outcome is not None:
                return outcome
