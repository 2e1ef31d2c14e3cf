"""The few pieces of SQL that differ between a file (SQLite) and a server (PostgreSQL).

Every statement the tracker reads is built in ``mapping.py``, with ``?`` placeholders
(``for_dialect`` turns them into psycopg's ``%s``); these are the fragments it builds them
from where the two databases disagree. Standard library only: the file's fast read path uses
it.
"""

from __future__ import annotations

DIALECTS = ("sqlite", "postgresql")

MARK_SEPARATOR = "\x1f"
"""Between a mark's practice key and state in a night's concatenated marks (never in a key)."""
MARKS_SEPARATOR = "\x1e"
"""Between the marks of one night."""


def for_dialect(sql: str, dialect: str) -> str:
    """A statement with ``?`` placeholders as the dialect's driver wants it."""
    return sql.replace("?", "%s") if dialect == "postgresql" else sql


def marks_sql(night_column: str, dialect: str) -> str:
    """A subquery concatenating the marks of the night in ``night_column`` (read back by
    ``mapping.parse_marks``)."""
    mark, marks = ord(MARK_SEPARATOR), ord(MARKS_SEPARATOR)
    if dialect == "sqlite":
        return (
            f"(SELECT group_concat(m.practice || char({mark}) || m.state, char({marks})) "
            f"FROM mark AS m WHERE m.night = {night_column})"
        )
    return (
        f"(SELECT string_agg(m.practice || chr({mark}) || m.state, chr({marks})) "
        f"FROM mark AS m WHERE m.night = {night_column})"
    )


def day_before(night_column: str, dialect: str) -> str:
    """The ISO date of the night before the one in ``night_column``."""
    if dialect == "sqlite":
        return f"date({night_column}, '-1 day')"
    return f"to_char(CAST({night_column} AS date) - 1, 'YYYY-MM-DD')"


def broken_night_key_sql(dialect: str) -> str:
    """One night whose key is not an ISO date, if any (a quick check on opening)."""
    if dialect == "sqlite":
        return "SELECT night FROM night WHERE date(night) IS NOT night LIMIT 1"
    return "SELECT night FROM night WHERE night !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' LIMIT 1"
