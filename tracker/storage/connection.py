"""Plain sqlite3 connections, configured like every connection of the tracker.

Standard library only: the app's first data, `status` and every read go through here without
loading SQLAlchemy; ``engine.py`` applies the same pragmas to SQLAlchemy's connections.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 30.0


def configure_connection(db: sqlite3.Connection) -> None:
    """Pragmas every connection needs, for SQLAlchemy's and the standard library's alike."""
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA foreign_keys = ON")
    # FULL: a check-in that was reported saved survives a power cut, not only a crash.
    db.execute("PRAGMA synchronous = FULL")


def connect(path: Path) -> sqlite3.Connection:
    """A configured connection in autocommit mode (each statement its own snapshot)."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        configure_connection(db)
    except BaseException:
        db.close()
        raise
    return db
