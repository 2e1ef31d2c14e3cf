"""Checks a database file before SQLite touches it, with the standard library only.

SQLite happily turns an empty file into a database and reports damage late, so before
opening we make sure the path is something we may use: a regular, readable and writable
SQLite file of ours, whole, and of a schema version we know. Nothing here writes.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from pathlib import Path

from tracker.domain.errors import UnusableFile
from tracker.domain.text import printable

APPLICATION_ID = 0x534C5450  # "SLTP": marks a file as a sleep-tracker database
SQLITE_MAGIC = b"SQLite format 3\x00"


class FileState:
    """What a database path holds.

    A plain class, not a dataclass: this module is on the ``status`` fast path, where the
    dataclasses and typing imports would cost ~7 ms.
    """

    __slots__ = ("exists", "schema_version")

    def __init__(self, exists: bool, schema_version: int = 0) -> None:
        self.exists = exists
        self.schema_version = schema_version


class AccessRefused(UnusableFile):
    """SQLite could not use the file for a reason that is not damage (a full disk, say)."""


def damaged(path: Path, what: str) -> UnusableFile:
    """The one message for a damaged database (here: the ``status`` path uses it too)."""
    return UnusableFile(
        f"Cannot use {path}: the database is damaged ({one_line(what)}); nothing was written. "
        "Run 'sleep-tracker check' to see what is wrong and which backup to restore"
    )


def one_line(text: str, limit: int = 200) -> str:
    """Text from a file (SQLite quotes stored text in its errors) made safe for one terminal
    line: control characters escaped visibly, at most ``limit`` characters."""
    escaped = printable(text)
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def _refuse(path: Path, reason: str) -> UnusableFile:
    return UnusableFile(f"Cannot use {path}: {reason}")


def inspect_database(path: Path, latest_version: int) -> FileState:
    """Say whether ``path`` is missing or a usable tracker database, and of which version.

    Raises:
        UnusableFile: a folder, an unreadable file, an empty or foreign file, a damaged or
            truncated database, or one written by a newer version of the program.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        if path.is_symlink():  # a dangling link: creating its target would be a surprise
            raise _refuse(
                path, f"it is a symbolic link to {os.readlink(path)}, which does not exist"
            ) from None
        return FileState(exists=False)
    except OSError as error:
        raise _refuse(path, error.strerror or str(error)) from None
    if path.is_dir():
        raise _refuse(path, "it is a folder, not a database file")
    if not os.access(path, os.R_OK | os.W_OK):
        raise _refuse(path, "permission denied (the file must be readable and writable)")
    if stat.st_size == 0:
        raise _refuse(path, "the file is empty, not a sleep-tracker database")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise _refuse(path, error.strerror or str(error)) from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise _refuse(path, "not a sleep-tracker database (not an SQLite file)")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    # With a -wal file beside it, a checkpoint in another process may have written page 1
    # (with the new size) before the pages that grow the file: no truncation check then.
    wal = path.with_name(f"{path.name}-wal")
    has_wal = wal.exists()
    if page_count and not has_wal and stat.st_size < page_size * page_count:
        raise _refuse(path, "the database is damaged (the file is truncated)")
    application_id = struct.unpack(">I", header[68:72])[0]
    if application_id != APPLICATION_ID:
        raise _refuse(path, "not a sleep-tracker database (it belongs to another program)")
    # Without a WAL the header holds the current version; asking SQLite would leave -wal and
    # -shm files beside a file we may be about to refuse.
    version = _schema_version(path) if has_wal else struct.unpack(">I", header[60:64])[0]
    if version == 0:
        # Our mark but no schema: only a creation cut short makes that, and SQLite would
        # change it (switch it to WAL) before we could tell.
        raise _refuse(path, "not a sleep-tracker database (it has no tracker tables)")
    if version > latest_version:
        raise _refuse(
            path,
            f"it was written by a newer sleep-tracker (schema {version}; this one knows "
            f"{latest_version}); upgrade sleep-tracker to use it",
        )
    return FileState(exists=True, schema_version=version)


def _schema_version(path: Path) -> int:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            return int(connection.execute("PRAGMA user_version").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise sqlite_refusal(path, error) from None


def sqlite_refusal(path: Path, error: sqlite3.Error) -> UnusableFile:
    """An SQLite failure as one line: damage only when SQLite says the file is damaged; a
    disk that refuses a write (the ``-shm`` or ``-wal`` beside the file cannot grow) is said
    as such, not as damage."""
    text = str(error)
    lowered = text.lower()
    if any(word in lowered for word in ("malformed", "corrupt", "not a database")):
        return damaged(path, text)
    if "disk i/o error" in lowered or "full" in lowered:
        return AccessRefused(
            f"Cannot use {path}: {one_line(text)}: SQLite could not write beside the file "
            "(is the disk full, or the folder read-only?); nothing was written"
        )
    return AccessRefused(f"Cannot use {path}: {one_line(text)}")
