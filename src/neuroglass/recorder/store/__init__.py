"""SQLite storage of a run: every SQL statement of the recorder lives here.

One file per run, WAL mode, one transaction per epoch. The package:
``files`` (naming and checking a run file, its ``meta`` table), ``writer``
(:class:`RunWriter`, the single writer of a run: transactions, buffered steps,
the end of a file), ``lock`` (the OS's write lock the writer takes on a run
file, and the writing process's identity a reader checks), ``writes`` (the
rows a Recorder writes, as statements the writer runs in its transactions)
and ``reader`` (:class:`RunReader`, the
read-only connection and the queries a :class:`~neuroglass.recorder.Run`
makes). The errors of reading and writing runs are defined here.
"""

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


# the modules below import the errors above from this package
from .files import (  # noqa: E402
    check_run_file,
    describe,
    run_size,
    short_repr,
    sqlite_uri,
    table_columns,
)
from .reader import RunReader  # noqa: E402
from .writer import RunWriter  # noqa: E402
from .writes import (  # noqa: E402
    insert_blobs,
    insert_checkpoint,
    insert_diagnostics,
    insert_layer_stats,
    insert_meta,
    insert_snapshot,
)

__all__ = [
    "NotRecordedError",
    "RecorderError",
    "RunFileError",
    "RunReader",
    "RunWriter",
    "check_run_file",
    "describe",
    "insert_blobs",
    "insert_checkpoint",
    "insert_diagnostics",
    "insert_layer_stats",
    "insert_meta",
    "insert_snapshot",
    "run_size",
    "short_repr",
    "sqlite_uri",
    "table_columns",
]
