"""Opening a database: check the file, create or migrate it, hand back an engine.

A new database is created only where no file exists, and appears under its final name only
once its schema is complete. An older schema is copied beside itself before it is migrated.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from tracker.domain.errors import UnusableFile
from tracker.storage.connection import configure_connection
from tracker.storage.fileguard import inspect_database
from tracker.storage.migrations import LATEST_VERSION, migrate


def prepare_database(path: Path) -> None:
    """Make ``path`` a usable database at the latest schema, or refuse it untouched.

    Raises:
        UnusableFile: the path cannot hold our database (see ``fileguard``).
    """
    state = inspect_database(path, LATEST_VERSION)
    try:
        if not state.exists:
            _create(path)
        elif state.schema_version < LATEST_VERSION:
            _backup(path, state.schema_version)
            _migrate_file(path)
    except sqlite3.Error as error:
        raise UnusableFile(f"Cannot use {path}: {error}") from None
    except OSError as error:
        raise UnusableFile(f"Cannot use {path}: {error.strerror or error}") from None


def _create(path: Path) -> None:
    folder = path.parent
    _make_private_folders(folder)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=folder)
    os.close(descriptor)
    os.chmod(temporary, 0o600)
    try:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            configure_connection(connection)
            migrate(connection)
            # Fold the WAL into the file so it is whole before it gets its final name.
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        try:
            os.link(temporary, path)  # fails if another process created it meanwhile
        except FileExistsError:
            inspect_database(path, LATEST_VERSION)
    finally:
        for leftover in (temporary, f"{temporary}-wal", f"{temporary}-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)


def _make_private_folders(folder: Path) -> None:
    """Create the folder and any missing parents, each private to the user (0700).

    mkdir's mode is filtered by the umask and ``parents=True`` ignores it for the parents;
    another process creating the same folder at the same moment is not an error.
    """
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(created, 0o700)


def _backup(path: Path, version: int) -> Path:
    """Copy the database beside itself (consistently, through SQLite) before migrating."""
    target = path.with_name(f"{path.name}.v{version}.bak")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.v{version}.{counter}.bak")
        counter += 1
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
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        configure_connection(connection)
        migrate(connection)
    finally:
        connection.close()
