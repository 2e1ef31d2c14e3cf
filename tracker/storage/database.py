"""Opening a database: check the file, migrate it, or create it with its first write.

A new database is created only where no file exists, and only by a write that succeeds: the
schema and that first write go into a temporary file beside it, which gets its final name
only when both are done. So refused input never leaves a file (or a folder) behind. An older
schema is copied beside itself before it is migrated.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from tracker.domain.errors import UnusableFile
from tracker.storage import verify
from tracker.storage.atomic import clean_leftovers, make_temporary
from tracker.storage.connection import configure_connection
from tracker.storage.fileguard import inspect_database, sqlite_refusal
from tracker.storage.migrations import LATEST_VERSION, migrate

T = TypeVar("T")


class DatabaseAppeared(Exception):
    """Another process created the database while this one was creating it."""


def prepare_database(path: Path) -> bool:
    """Check ``path`` and migrate it to the latest schema; False when no file exists yet.

    Raises:
        UnusableFile: the path cannot hold our database (see ``fileguard``).
    """
    state = inspect_database(path, LATEST_VERSION)
    if not state.exists:
        return False
    if state.schema_version < LATEST_VERSION:
        # Recognise it and find damage before anything is written: the backup, the WAL
        # switch and the migration all come after.
        _require_tables(path, state.schema_version)
        verify.require_healthy(path, rows=False)
        with _unusable(path):
            _backup(path, state.schema_version)
            _migrate_file(path)
    return True


def _require_tables(path: Path, version: int) -> None:
    try:
        db = verify.open_read_only(path)
        try:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_schema")}
        finally:
            db.close()
    except sqlite3.Error as error:
        raise verify.damaged(path, str(error)) from None
    missing = sorted(set(TABLES_OF_VERSION_1) - tables)
    if missing:
        raise UnusableFile(
            f"Cannot use {path}: not a sleep-tracker database of version {version} "
            f"(no table {', '.join(missing)})"
        )


TABLES_OF_VERSION_1 = ("night", "practice", "mark", "target", "setting")


def ensure_database(path: Path) -> None:
    """Check, migrate, or create an empty database at ``path``."""
    if not prepare_database(path):
        try:
            create_database(path, lambda _temporary: None)
        except DatabaseAppeared:
            prepare_database(path)


def create_database(path: Path, first_write: Callable[[Path], T]) -> T:
    """Create the database at ``path`` with ``first_write`` applied to it, or leave nothing.

    ``first_write`` gets the path of the new, migrated file while it still has a temporary
    name. If it raises, the file and any folder made for it are removed.

    Raises:
        DatabaseAppeared: another process created ``path`` first (nothing was written).
    """
    made = _make_private_folders(path.parent)
    clean_leftovers(path.parent)  # what a creation killed half-way left behind
    temporary = ""
    try:
        with _unusable(path):
            temporary = str(make_temporary(path.parent, "new"))
            _run_on(temporary, migrate)
        result = first_write(Path(temporary))
        with _unusable(path):
            # Fold the WAL into the file so it is whole before it gets its final name.
            _run_on(temporary, lambda db: db.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
            try:
                os.link(temporary, path)  # fails if another process created it meanwhile
            except FileExistsError:
                raise DatabaseAppeared(str(path)) from None
        made = []
        return result
    finally:
        for leftover in (temporary, f"{temporary}-wal", f"{temporary}-shm"):
            if leftover and os.path.exists(leftover):
                os.unlink(leftover)
        for folder in reversed(made):  # the write failed: no empty folders either
            with contextlib.suppress(OSError):
                folder.rmdir()


def blank_database() -> sqlite3.Connection:
    """An in-memory database at the latest schema: what reads see before the first write."""
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    migrate(db)
    return db


def _run_on(path: str, work: Callable[[sqlite3.Connection], object]) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        configure_connection(connection)
        work(connection)
    finally:
        connection.close()


@contextlib.contextmanager
def _unusable(path: Path) -> Iterator[None]:
    """SQLite and file-system failures as one UnusableFile naming the path."""
    try:
        yield
    except sqlite3.Error as error:
        raise sqlite_refusal(path, error) from None
    except OSError as error:
        raise UnusableFile(f"Cannot use {path}: {error.strerror or error}") from None


def _make_private_folders(folder: Path) -> list[Path]:
    """Create the folder and any missing parents, each private to the user (0700).

    mkdir's mode is filtered by the umask and ``parents=True`` ignores it for the parents;
    another process creating the same folder at the same moment is not an error.

    Returns:
        The folders this call made, outermost first.
    """
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    made: list[Path] = []
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            continue
        except OSError as error:
            raise UnusableFile(f"Cannot create {created}: {error.strerror or error}") from None
        os.chmod(created, 0o700)
        made.append(created)
    return made


def _backup(path: Path, version: int) -> Path:
    """Copy the database beside itself (consistently, through SQLite) before migrating.

    One copy per version, ever: a migration that fails (a tampered version, say) and is
    tried again on every run must not leave a new copy each time.
    """
    target = path.with_name(f"{path.name}.v{version}.bak")
    if os.path.lexists(target):
        return target
    source = sqlite3.connect(path)
    try:
        descriptor = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(descriptor)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    shutil.copymode(path, target)
    return target


def _migrate_file(path: Path) -> None:
    _run_on(str(path), migrate)
