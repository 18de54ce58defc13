"""The single writer of one run file: one transaction per epoch.

The writer commits each epoch (metrics and the steps not yet written,
snapshot, diagnostics, checkpoint) in one transaction, and buffered steps at
least every ``flush_seconds`` (as one ``step_blocks`` row).
WAL mode lets any number of readers open the file while it is written; a
killed writer leaves every committed transaction intact.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import time

from .. import schema
from .errors import RecorderError, RunFileError
from .files import check_run_file, describe, sqlite_uri, table_columns
from .lock import lock_run
from .writes import INSERT_EPOCH, INSERT_STEP_BLOCK, forget_from, insert_meta

HEARTBEAT_SECONDS = 2.0  # how often the "updated" time is refreshed
#: one step's row in a ``step_blocks`` array: step, epoch, batch, loss, lr
_pack_step = struct.Struct("<5d").pack


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
        #: when the buffered steps are due (the Recorder checks it at each step)
        self.flush_at = self.last_flush + flush_seconds
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
                    f"a neuroglass run ({describe(exc)})."
                ) from None
            raise RecorderError(
                f"cannot write the run {self.path!r}: {describe(exc)}. Check that "
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
                    insert_meta({"updated": now})(cur)
                    self.last_heartbeat = now
            except BaseException:
                self._roll_back()
                raise
            cur.execute("COMMIT")
        except sqlite3.Error as exc:
            self._roll_back()
            raise self._write_error(exc) from None
        self.last_flush = time.monotonic()
        self.flush_at = self.last_flush + self.flush_seconds

    def _roll_back(self) -> None:
        """End the open transaction, if SQLite has not ended it already (a full
        disk or an I/O error rolls it back on its own): the error that caused
        it is what the caller must see, never "no transaction is active"."""
        if self.con.in_transaction:
            try:
                self.cur.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the transaction is gone either way; keep the first error

    def commit_epoch(self, row, writes=()) -> None:
        """Commit an ``epochs`` row (epoch, step, loss, accuracy, val_loss,
        val_accuracy, lr, time, wall, packed steps) and ``write(cur)`` for each
        of ``writes`` in one transaction, with any pending steps."""
        self._commit(INSERT_EPOCH, row, writes)

    def _commit(self, sql, params, writes=()) -> None:
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
            f"could not write to the run {self.path!r}: {describe(exc)}. The "
            "epochs recorded so far are safe."
        )

    def flush(self) -> None:
        """Commit the pending step rows now."""
        self.transaction(lambda con: None)

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
            con.execute(INSERT_STEP_BLOCK, (first, last, self.take_steps()))

    def read_meta(self) -> dict:
        """The run's ``meta`` table, checked (see :func:`check_run_file`)."""
        return check_run_file(self.con, self.path)

    def forget_from(self, steps_trained: int, epochs_trained=None) -> None:
        """Forget the recorded steps from step ``steps_trained`` on and, given
        ``epochs_trained``, the epochs from there on: resuming from a
        checkpoint taken then. One transaction."""
        self.transaction(lambda cur: forget_from(cur, steps_trained, epochs_trained))

    @staticmethod
    def _trim_steps(cur, n_steps: int) -> None:
        """Transitional: resume.py (being rewritten into ``ng.Resume``) still
        calls this; the public call is :meth:`forget_from`. Remove with it."""
        forget_from(cur, n_steps)

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
