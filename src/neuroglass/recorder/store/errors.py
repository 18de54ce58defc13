"""The errors of reading and writing run files."""

from __future__ import annotations

from ...engine.errors import NeuroglassError


class RecorderError(NeuroglassError, OSError):
    """The run file cannot be created, written or read."""


class RunFileError(RecorderError, ValueError):
    """A file that is not a neuroglass run, or is damaged or too new."""


class NotRecordedError(NeuroglassError, KeyError):
    """What was asked of a run (a snapshot epoch, the weights) is not in it."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""
