"""SQLite storage of a run: one file, WAL mode, one transaction per epoch.

The writer commits each epoch (metrics and the steps not yet written,
snapshot, diagnostics, checkpoint) in one transaction, and buffered steps at
least every ``flush_seconds`` (as one ``step_blocks`` row).
WAL mode lets any number of readers open the file while it is written; a
killed writer leaves every committed transaction intact.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import struct
import time
import urllib.parse

from ..engine.errors import NeuroglassError
from . import schema
from .lock import lock_run
from .lock import writer_identity as writer_identity  # the Recorder imports it here

HEARTBEAT_SECONDS = 2.0  # how often the "updated" time is refreshed
#: one step's row in a ``step_blocks`` array: step, epoch, batch, loss, lr
_pack_step = struct.Struct("<5d").pack


class RecorderError(NeuroglassError, OSError):
    """The run file cannot be created, written or read."""


class RunFileError(RecorderError, ValueError):
    """A file that is not a neuroglass run, or is damaged or too new."""


class NotRecordedError(NeuroglassError, KeyError):
    """What was asked of a run (a snapshot epoch, the weights) is not in it."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def _short(value, limit=60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def sqlite_uri(path, mode: str) -> str:
    """A ``file:`` URI naming exactly ``path`` (every character that a URI
    would read as syntax, such as ``%``, ``?``, ``#``, quoted), opened in
    ``mode`` ("ro" or "rw": SQLite never creates the file)."""
    absolute = os.fsencode(os.path.abspath(path))
    return f"file://{urllib.parse.quote_from_bytes(absolute)}?mode={mode}"


def run_size(path) -> int:
    """The bytes a run takes on disk: the file and its WAL and shared-memory
    files (a run being written keeps its newest data in the WAL)."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        try:
            total += os.path.getsize(os.fspath(path) + suffix)
        except OSError:
            pass
    return total


def check_run_file(con: sqlite3.Connection, path: str) -> dict:
    """Read and validate the ``meta`` table; return it as a dict."""
    try:
        rows = con.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.DatabaseError as exc:
        raise RunFileError(
            f"{path!r} is not a neuroglass run (or it is damaged): {_describe(exc)}."
        ) from None
    meta = {}
    for key, value in rows:
        try:
            meta[key] = json.loads(value)
        except (TypeError, ValueError, RecursionError):
            raise RunFileError(
                f"{path!r} is damaged: its meta entry {_short(key)} is not JSON "
                f"(found {_short(value)})."
            ) from None
    if meta.get("format") != schema.FORMAT:
        raise RunFileError(f"{path!r} is an SQLite file but not a neuroglass run.")
    version = meta.get("schema_version")
    if not isinstance(version, int) or version > schema.SCHEMA_VERSION:
        raise RunFileError(
            f"{path!r} was written by a newer neuroglass (run schema version "
            f"{version!r}; this version reads up to {schema.SCHEMA_VERSION}). "
            "Upgrade neuroglass to open it."
        )
    return meta


class RunWriter:
    """The single writer of one run file."""

    def __init__(self, path, *, mode="create", flush_seconds=0.5):
        """``mode``: "create" a new run (refused if ``path`` exists),
        "overwrite" (replace a run no one is writing) or "append" (resume).
        A second writer of the same file is refused with a RecorderError."""
        self.path = os.fsdecode(path)
        self.flush_seconds = flush_seconds
        # steps to write: objects with the attributes schema.STEP_COLUMNS (the
        # engine's StepInfo); the Recorder appends, the writer empties the list
        self.pending_steps: list = []
        self.last_heartbeat = 0.0
        self.last_flush = time.monotonic()
        self.flush_at = self.last_flush + flush_seconds  # when add_step commits
        self._lock = None
        self.con = None
        directory = os.path.dirname(os.path.abspath(self.path))
        try:
            self._lock = self._take_lock(mode, directory)
            self.con = sqlite3.connect(
                sqlite_uri(self.path, "rw"), uri=True, isolation_level=None, timeout=30
            )
            self.con.execute("PRAGMA synchronous=NORMAL")
            if mode != "append":
                # the switch to WAL writes the new, empty file's header; without
                # a rollback journal for that (nothing to roll back) it needs no
                # journal file and none of its fsyncs
                self.con.execute("PRAGMA journal_mode=OFF")
            self.con.execute("PRAGMA journal_mode=WAL")
            # checkpoint the WAL into the file every ~16 MB rather than every 4 MB
            self.con.execute("PRAGMA wal_autocheckpoint=4000")
            # one cursor for every write: Connection.execute makes a new one
            self.cur = self.con.cursor()
            if mode != "append":
                # one transaction (one commit) for all the tables
                self.con.executescript(f"BEGIN IMMEDIATE; {schema.TABLES} COMMIT;")
            else:
                check_run_file(self.con, self.path)
                # a run from an older version may lack a newer table or column
                self.con.executescript(f"BEGIN IMMEDIATE; {schema.TABLES} COMMIT;")
                if "steps" not in table_columns(self.con, "epochs"):
                    self.con.execute("ALTER TABLE epochs ADD COLUMN steps BLOB")
        except RecorderError:
            self._release()
            raise
        except (sqlite3.Error, OSError) as exc:
            self._release()
            if mode == "append" and isinstance(exc, sqlite3.DatabaseError):
                raise RunFileError(
                    f"cannot continue the run {self.path!r}: it is damaged or not "
                    f"a neuroglass run ({_describe(exc)})."
                ) from None
            raise RecorderError(
                f"cannot write the run {self.path!r}: {_describe(exc)}. Check that "
                f"the folder {directory!r} is writable and the disk is not full."
            ) from None

    def _take_lock(self, mode, directory) -> int:
        if mode not in ("create", "overwrite", "append"):
            raise ValueError(f"mode must be create, overwrite or append; got {mode!r}")
        path = self.path
        if os.path.isdir(path):
            raise RecorderError(
                f"cannot record to {path!r}: it is a folder. Pass the folder to "
                "Recorder(folder) for a new run in it, or a file name."
            )
        if not os.path.isdir(directory):
            raise RecorderError(
                f"cannot create the run {path!r}: the folder {directory!r} "
                "does not exist."
            )
        if mode == "append":
            try:
                return lock_run(path, create=False)
            except FileNotFoundError:
                raise RecorderError(f"no run to continue at {path!r}.") from None
        if mode == "overwrite" and os.path.lexists(path):
            # refused while someone writes it; else removed, under the lock
            fd = lock_run(path, create=False)
            try:
                for suffix in ("", "-wal", "-shm"):
                    try:
                        os.remove(path + suffix)
                    except FileNotFoundError:
                        pass
            finally:
                os.close(fd)
        try:
            fd = lock_run(path, create=True)
        except FileExistsError:
            raise RecorderError(
                f"a run already exists at {path!r}; choose another name, "
                "pass overwrite=True, or continue it with fit(resume=...)."
            ) from None
        # a WAL left by a deleted run of the same name must not be replayed
        # into this new, empty file
        for suffix in ("-wal", "-shm"):
            try:
                os.remove(path + suffix)
            except FileNotFoundError:
                pass
        return fd

    def _release(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        if self._lock is not None:
            os.close(self._lock)  # after the connection: it ends the lock
            self._lock = None

    def check_space(self, estimated_bytes: int) -> None:
        """Fail now, not in an hour, when the disk cannot hold the run."""
        free = shutil.disk_usage(os.path.dirname(os.path.abspath(self.path))).free
        if estimated_bytes > free:
            raise RecorderError(
                f"the run {self.path!r} needs about {estimated_bytes / 1e6:.0f} MB but "
                f"only {free / 1e6:.0f} MB are free. Free some space, record less "
                "(Recorder(snapshot_every=...)) or choose another disk."
            )

    def set_meta(self, values: dict) -> None:
        self.transaction(lambda con: self._meta(con, values))

    @staticmethod
    def _meta(con, values):
        con.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            [(k, json.dumps(v)) for k, v in values.items()],
        )

    def transaction(self, write) -> None:
        """Run ``write(cur)`` in one transaction, with any pending step rows;
        ``cur`` is a cursor (``execute``, ``executemany``)."""
        cur = self.cur
        try:
            cur.execute("BEGIN IMMEDIATE")
            try:
                write(cur)  # first: it may take the pending steps (take_steps)
                self._write_steps(cur)
                now = time.time()
                if now - self.last_heartbeat >= HEARTBEAT_SECONDS:
                    self._meta(cur, {"updated": now})
                    self.last_heartbeat = now
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")
        except sqlite3.Error as exc:
            raise self._write_error(exc) from None
        self.last_flush = time.monotonic()
        self.flush_at = self.last_flush + self.flush_seconds

    def commit(self, sql, params, writes=()) -> None:
        """Commit ``execute(sql, params)`` and ``write(cur)`` for each of
        ``writes`` in one transaction, with any pending steps. A lone statement
        is its own transaction (no BEGIN and COMMIT statements to run)."""
        if writes or self.pending_steps or self._heartbeat_due():
            self.transaction(
                lambda cur: [cur.execute(sql, params)] + [w(cur) for w in writes]
            )
            return
        try:
            self.cur.execute(sql, params)
        except sqlite3.Error as exc:
            raise self._write_error(exc) from None
        self.last_flush = time.monotonic()
        self.flush_at = self.last_flush + self.flush_seconds

    def _heartbeat_due(self) -> bool:
        return time.time() - self.last_heartbeat >= HEARTBEAT_SECONDS

    def _write_error(self, exc) -> RecorderError:
        return RecorderError(
            f"could not write to the run {self.path!r}: {_describe(exc)}. The "
            "epochs recorded so far are safe."
        )

    def flush(self) -> None:
        """Commit the pending step rows now."""
        self.transaction(lambda con: None)

    def add_step(self, step) -> None:
        """Buffer one step (a StepInfo); commit when ``flush_seconds`` passed."""
        self.pending_steps.append(step)
        if time.monotonic() >= self.flush_at:
            self.flush()

    def take_steps(self) -> bytes | None:
        """The pending steps packed as one array (None if there are none), now
        the caller's to write; one row per commit is far cheaper to insert
        than one per step."""
        steps = self.pending_steps
        if not steps:
            return None
        shape = (len(steps), len(schema.STEP_COLUMNS))
        data = b"".join(
            [_pack_step(s.step, s.epoch, s.batch, s.loss, s.lr) for s in steps]
        )
        steps.clear()
        return schema.pack_data("<f8", shape, data)

    def _write_steps(self, con):
        if self.pending_steps:  # those the transaction's writes did not take
            first, last = self.pending_steps[0].step, self.pending_steps[-1].step
            con.execute(
                "INSERT OR REPLACE INTO step_blocks VALUES (?, ?, ?)",
                (first, last, self.take_steps()),
            )

    @staticmethod
    def _trim_steps(con, n_steps: int) -> None:
        """Forget the recorded steps from step ``n_steps`` on (resuming)."""
        con.execute("DELETE FROM steps WHERE step >= ?", (n_steps,))
        con.execute("DELETE FROM step_blocks WHERE first >= ?", (n_steps,))
        for first, data in con.execute(
            "SELECT first, data FROM step_blocks WHERE last >= ?", (n_steps,)
        ).fetchall():
            block = schema.unpack(data)
            block = block[block[:, 0] < n_steps]
            con.execute(
                "UPDATE step_blocks SET last = ?, data = ? WHERE first = ?",
                (int(block[-1, 0]), schema.pack(block), first),
            )
        # an epoch row holds steps before its ``step`` (the count after it)
        for epoch, data in con.execute(
            "SELECT epoch, steps FROM epochs WHERE step > ? AND steps IS NOT NULL",
            (n_steps,),
        ).fetchall():
            block = schema.unpack(data)
            block = block[block[:, 0] < n_steps]
            con.execute(
                "UPDATE epochs SET steps = ? WHERE epoch = ?",
                (schema.pack(block) if len(block) else None, epoch),
            )

    def close(self) -> None:
        try:
            if self.pending_steps and self.con is not None:
                self.flush()
            self._finish_file()
        finally:
            self._release()

    def _finish_file(self) -> None:
        """Leave a finished run as one self-contained file: move the WAL into it
        and switch to a rollback journal, so that readers (read-only, unable to
        clean up after themselves) do not leave ``-wal``/``-shm`` files beside
        it. Resuming switches back to WAL. A reader still open keeps the WAL:
        the run is complete either way."""
        if self.con is None:
            return
        try:
            self.con.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error:
            pass


def table_columns(con, table: str) -> list:
    """The column names of ``table`` (empty if there is no such table)."""
    return [row[1] for row in con.execute(f"PRAGMA table_info({table})")]
