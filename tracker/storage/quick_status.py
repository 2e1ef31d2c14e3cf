"""The `status` line's data, read with the standard library's sqlite3 only.

`status` runs on every shell prompt, so this path must not load SQLAlchemy, SQLModel,
Textual or Rich (a test checks ``sys.modules``). It opens the file read-only and never
creates or migrates anything.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from tracker.domain.clock import default_night
from tracker.domain.errors import UnusableFile
from tracker.storage.connection import connect
from tracker.storage.fileguard import inspect_database
from tracker.storage.migrations import LATEST_VERSION


class Status:
    """The default night, whether it is logged, and the check-in streak.

    A plain class, not a dataclass: dataclasses and typing cost ~7 ms on this path.
    """

    __slots__ = ("default_night", "logged", "streak", "has_database")

    def __init__(self, default_night: date, logged: bool, streak: int, has_database: bool = True):
        self.default_night = default_night
        self.logged = logged
        """Whether the default night has a check-in."""
        self.streak = streak
        """Consecutive logged nights back from the default night (or from the night before)."""
        self.has_database = has_database


# Nights back from the anchor without a gap: walking newest first, a night belongs to the run
# while its distance in days from the anchor equals its rank (0, 1, 2, ...); after the first
# gap the distance stays ahead of the rank. Counted in SQL: one pass, no Python loop.
_STREAK_SQL = """
SELECT count(*) FROM (
    SELECT julianday(:anchor) - julianday(night) AS distance,
           row_number() OVER (ORDER BY night DESC) - 1 AS rank
    FROM night WHERE night <= :anchor
) WHERE distance = rank
"""


def read_status(path: Path, now: datetime) -> Status:
    """The default night, whether it is logged, and the check-in streak."""
    state = inspect_database(path, LATEST_VERSION)
    if not state.exists:
        night = default_night(now, 15)
        return Status(night, False, 0, has_database=False)
    try:
        connection = connect(path)
        try:
            row = connection.execute("SELECT value FROM setting WHERE name = 'rollover'").fetchone()
            rollover = int(row[0]) if row and str(row[0]).isdigit() else 15
            night = default_night(now, rollover)
            logged = bool(
                connection.execute(
                    "SELECT 1 FROM night WHERE night = ?", (night.isoformat(),)
                ).fetchone()
            )
            # While the default night is not logged, the streak counts from the night before.
            anchor = night if logged else night - timedelta(days=1)
            (streak,) = connection.execute(_STREAK_SQL, {"anchor": anchor.isoformat()}).fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise UnusableFile(f"Cannot use {path}: {error}") from None
    return Status(night, logged, streak)
