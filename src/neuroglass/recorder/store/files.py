"""A run file on disk: its name as an SQLite URI, its size, its ``meta``
table checked (format, schema version, JSON values)."""

from __future__ import annotations

import json
import os
import sqlite3
import urllib.parse

from .. import schema
from .errors import RunFileError


def describe(exc: Exception) -> str:
    """``"TypeName: message"`` of an exception, for error messages."""
    return f"{type(exc).__name__}: {exc}"


def short_repr(value, limit=60) -> str:
    """``repr(value)``, cut to ``limit`` characters (a damaged value may be
    huge)."""
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
            f"{path!r} is not a neuroglass run (or it is damaged): {describe(exc)}."
        ) from None
    meta = {}
    for key, value in rows:
        try:
            meta[key] = json.loads(value)
        except (TypeError, ValueError, RecursionError):
            raise RunFileError(
                f"{path!r} is damaged: its meta entry {short_repr(key)} is not JSON "
                f"(found {short_repr(value)})."
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


def table_columns(con, table: str) -> list:
    """The column names of ``table`` (empty if there is no such table)."""
    return [row[1] for row in con.execute(f"PRAGMA table_info({table})")]
