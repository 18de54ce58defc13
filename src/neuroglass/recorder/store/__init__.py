"""SQLite storage of a run: every SQL statement of the recorder lives here.

One file per run, WAL mode, one transaction per epoch. The package:
``files`` (naming and checking a run file, its ``meta`` table), ``writer``
(:class:`RunWriter`, the single writer of a run: transactions, buffered steps,
the end of a file), ``lock`` (the OS's write lock the writer takes on a run
file, and the writing process's identity a reader checks), ``writes`` (the
rows a Recorder writes, as statements the writer runs in its transactions)
and ``reader`` (:class:`RunReader`, the
read-only connection and the queries a :class:`~neuroglass.recorder.Run`
makes); ``errors`` holds the errors of reading and writing runs.
"""

from __future__ import annotations

from .errors import NotRecordedError, RecorderError, RunFileError
from .files import (
    check_run_file,
    describe,
    run_size,
    short_repr,
    sqlite_uri,
    table_columns,
)
from .reader import RunReader
from .writer import RunWriter
from .writes import (
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
