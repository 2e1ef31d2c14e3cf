"""The statements whose SQL differs between a file (SQLite) and a server (PostgreSQL).

Everything else the repository reads is plain SQL both understand (with ``?`` placeholders,
turned into psycopg's ``%s`` by ``for_dialect``); rows become domain objects, with their
damage checks, in ``row_rules.py``. Standard library only: the file's fast read path uses it.
"""

from __future__ import annotations

from tracker.storage import row_rules

DIALECTS = ("sqlite", "postgresql")

# Read by the repository and, inside a write transaction, by the writer: one statement each.
PRACTICES_SQL = (
    "SELECT key, label, category, kind, position, archived, builtin FROM practice "
    # Schedule practices come last: a custom practice added later goes above them.
    "ORDER BY kind = 'derived', position, key"
)
TARGETS_SQL = "SELECT effective_from, bedtime, wake, tolerance FROM target ORDER BY effective_from"


def for_dialect(sql: str, dialect: str) -> str:
    """A statement with ``?`` placeholders as the dialect's driver wants it."""
    return sql.replace("?", "%s") if dialect == "postgresql" else sql


def marks_sql(night_column: str, dialect: str) -> str:
    """A night's marks concatenated for ``row_rules.parse_marks``, in the dialect."""
    if dialect == "sqlite":
        return row_rules.marks_sql(night_column)
    mark, marks = ord(row_rules.MARK_SEPARATOR), ord(row_rules.MARKS_SEPARATOR)
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
