"""The `status` line's data, read with the standard library's sqlite3 only.

`status` runs on every shell prompt, so this path must not load SQLAlchemy, SQLModel,
Textual or Rich (a test checks ``sys.modules``). It opens the file read-only and never
creates or migrates anything.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime
from pathlib import Path

from tracker.domain.clock import default_night
from tracker.domain.streaks import checkin_streak
from tracker.domain.text import quote
from tracker.storage.connection import connect
from tracker.storage.fileguard import damaged, inspect_database, sqlite_refusal
from tracker.storage.migrations import LATEST_VERSION
from tracker.storage.paths import ServerUrl


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


# The first and last night of the newest run of consecutive logged nights up to the default
# night (as ``mapping.RECENT_RUN``, which this path cannot import): the first is the newest
# night whose night before is not logged, found by the index. The check-in streak is counted
# from that run by the domain's streak rule.
_RECENT_RUN_SQL = """
SELECT (
    SELECT n.night FROM night AS n WHERE n.night <= :night AND NOT EXISTS
        (SELECT 1 FROM night AS p WHERE p.night = date(n.night, '-1 day'))
    ORDER BY n.night DESC LIMIT 1
), (SELECT max(night) FROM night WHERE night <= :night)
"""


def read_status(path: Path | ServerUrl, now: datetime) -> Status:
    """The default night, whether it is logged, and the check-in streak."""
    if isinstance(path, ServerUrl):
        return _server_status(path, now)
    state = inspect_database(path, LATEST_VERSION)
    if not state.exists:
        night = default_night(now, 15)
        return Status(night, False, 0, has_database=False)
    try:
        connection = connect(path)
        try:
            row = connection.execute("SELECT value FROM setting WHERE name = 'rollover'").fetchone()
            rollover = _rollover(path, row[0]) if row else 15
            night = default_night(now, rollover)
            # The rows this line reads must be readable: a night that is not a date is damage.
            broken = connection.execute(_BROKEN_NIGHT_SQL).fetchone()
            if broken:
                raise damaged(path, f"table night, row {_shown(broken[0])}: not a date")
            small = connection.execute(_SMALL_TABLES_SQL).fetchone()
            if small:
                raise damaged(path, f"table {small[0]}, row {_shown(small[1])}: {small[2]}")
            for (key,) in connection.execute("SELECT key FROM practice"):
                if not _KEY.fullmatch(key):
                    raise damaged(path, f"table practice, row {_shown(key)}: not a valid key")
            first, last = connection.execute(
                _RECENT_RUN_SQL, {"night": night.isoformat()}
            ).fetchone()
            runs = [] if first is None else [(date.fromisoformat(first), date.fromisoformat(last))]
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise sqlite_refusal(path, error) from None
    return Status(night, bool(runs) and runs[0][1] == night, checkin_streak(runs, night))


_BROKEN_NIGHT_SQL = "SELECT CAST(night AS BLOB) FROM night WHERE date(night) IS NOT night LIMIT 1"
# The few rows of the small tables, by the rules of ``row_rules`` (the practice key pattern
# is checked in Python by ``_broken_practice``).
_SMALL_TABLES_SQL = (
    "SELECT 'practice', key, 'category ' || quote(category) FROM practice WHERE category NOT IN "
    "('evening', 'environment', 'schedule', 'custom') OR kind NOT IN ('checked', 'derived') "
    "UNION ALL SELECT 'target', effective_from, 'not a date' FROM target "
    "WHERE date(effective_from) IS NOT effective_from LIMIT 1"
)


_KEY = re.compile(r"[a-z][a-z0-9_]{0,31}")


def _rollover(path: Path, value: object) -> int:
    """The stored rollover hour, by the rule of ``preferences.parse_preference`` (repeated
    here: that module's dataclasses cost ~7 ms on this path)."""
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit() and len(text) <= 2 and int(text) <= 23:
        return int(text)
    raise damaged(path, f"table setting, row 'rollover': {_shown(value)} is not an hour 0-23")


def _shown(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "backslashreplace")
    return quote(str(value))


def _server_status(url: ServerUrl, now: datetime) -> Status:
    """The same line for a database on a server (through the repository and psycopg: a
    server is not the few-milliseconds path a local file is)."""
    from tracker.storage.repository import Repository

    with Repository.open(url) as repository:
        night = default_night(now, repository.preferences().rollover)
        if repository.night_dates()[2] == 0:
            return Status(night, False, 0, has_database=False)
        run = repository.recent_run(night)
        runs = [run] if run else []
        return Status(night, bool(runs) and runs[0][1] == night, checkin_streak(runs, night))
