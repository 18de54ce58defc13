"""Who writes a run: the OS's write lock on a run file, taken when the file is
opened (created exclusively, with ``O_EXCL``, for a new run), and the writing
process's identity (pid, host, start time) that the run's metadata records, so
that a reader can tell a run still being written from one whose writer died.
No SQL here: :class:`~neuroglass.recorder.store.RunWriter` takes the lock
before it opens the file with SQLite.
"""

from __future__ import annotations

import os
import socket

from .errors import RecorderError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; creating with O_EXCL still
    fcntl = None  # refuses a second run at the same path


def _same_file(fd: int, path: str) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def lock_run(path: str, *, create: bool) -> int:
    """Open ``path`` (creating it, exclusively, when ``create``) and take the
    OS's write lock on it; returns the descriptor, which holds the lock until
    it is closed (or the process dies: a killed writer leaves no stale lock).

    Readers are not affected: they never ask for this lock.
    """
    flags = os.O_RDWR | getattr(os, "O_CLOEXEC", 0)
    if create:
        flags |= os.O_CREAT | os.O_EXCL
    fd = os.open(path, flags, 0o666)
    if fcntl is None:
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise RecorderError(
            f"the run {path!r} is being written by another Recorder (in this or "
            "another process); a run has one writer. Record to another path, or "
            "wait until that fit ends (then continue it with fit(resume=...))."
        ) from None
    except OSError:
        pass  # a file system without locks: O_EXCL still guards the creation
    if not _same_file(fd, path):  # replaced while we waited for the lock
        os.close(fd)
        raise RecorderError(
            f"the run {path!r} was replaced while it was being opened for writing "
            "(another Recorder with overwrite=True?). Try again, or record to "
            "another path."
        )
    return fd


def _process_start(pid) -> str | None:
    """The kernel's start time of a process (Linux), to tell a reused pid apart."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def writer_identity() -> dict:
    pid = os.getpid()
    return {
        "writer_pid": pid,
        "writer_host": socket.gethostname(),
        "writer_start": _process_start(pid),
    }


def writer_alive(meta: dict) -> bool | None:
    """Whether the process that writes the run still lives (None: cannot tell)."""
    pid, host = meta.get("writer_pid"), meta.get("writer_host")
    if pid is None or host != socket.gethostname():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    started = meta.get("writer_start")
    return started is None or _process_start(pid) in (None, started)
