"""Rows to domain objects and back: the one place that knows each table's columns.

For every table of ``tables.py`` (the one definition of the schema) this module holds its
column names, the statements that read it, the mapping of a row to a domain object with the
damage checks of ``row_rules.py``, and the mapping of a domain object to a row. The
repository's reads, the writer's reads inside a write transaction and the writer's inserts
all go through it, on a file and on a server.

Standard library only: the file's fast read path (sqlite3) uses it, so the column names are
plain tuples rather than read from the SQLModel classes; a test checks that they are the
SQLModel tables' columns, in order.

A read takes a ``Run``: anything that runs one statement with ``?`` placeholders and returns
its rows as tuples (the repository's sqlite3 or psycopg reads, or the writer's session).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from tracker.domain.errors import InputRefused
from tracker.domain.nights import Night, Targets
from tracker.domain.practices import Category, Kind, Mark, Practice
from tracker.domain.preferences import PREFERENCE_NAMES, Preferences, parse_preference
from tracker.storage.dialects import (
    DIALECTS,
    MARK_SEPARATOR,
    MARKS_SEPARATOR,
    day_before,
    marks_sql,
)
from tracker.storage.row_rules import (
    RowDamage,
    check_clock,
    check_night,
    is_int,
    mark_state,
    night_date,
    practice_key,
    shown,
)

Run = Callable[[str, Sequence[object]], list[tuple]]
"""Runs one statement (``?`` placeholders) with its parameters and returns its rows."""

# The columns of each table, in the order of ``tables.py``.
NIGHT_COLUMNS = (
    "night", "bedtime", "wake", "quality", "room_temp_c", "note", "updated_at", "in_bed",
    "out_of_bed", "latency", "awakenings", "waso",
)  # fmt: skip
MARK_COLUMNS = ("night", "practice", "state")
PRACTICE_COLUMNS = (
    "key", "label", "category", "kind", "position", "archived", "builtin", "added",
)  # fmt: skip
TARGET_COLUMNS = ("effective_from", "bedtime", "wake", "tolerance")
SETTING_COLUMNS = ("name", "value")

COLUMNS = {
    "night": NIGHT_COLUMNS,
    "mark": MARK_COLUMNS,
    "practice": PRACTICE_COLUMNS,
    "target": TARGET_COLUMNS,
    "setting": SETTING_COLUMNS,
}
"""Table name -> its columns."""

WRITTEN_ONLY = {"night": ("updated_at",)}
"""Columns kept for people reading the database, never read back into a domain object."""

NIGHT_READ = tuple(column for column in NIGHT_COLUMNS if column not in WRITTEN_ONLY["night"])
"""The night columns a ``Night`` is made of, in the order ``nights_from_rows`` takes them."""


def select_all(table: str) -> str:
    """Every column of every row of a small table, in the table's order (no sorting)."""
    return f"SELECT {', '.join(COLUMNS[table])} FROM {table}"


# Nights ---------------------------------------------------------------------------------

NIGHT_BY_KEY = f"SELECT {', '.join(NIGHT_READ)} FROM night WHERE night = CAST(? AS TEXT)"
"""One night's columns (no marks) by its key, whatever type the key was stored as."""

NIGHTS_BETWEEN = {
    dialect: f"SELECT {', '.join('n.' + column for column in NIGHT_READ)}, "
    f"{marks_sql('n.night', dialect)} "
    "FROM night AS n WHERE n.night BETWEEN ? AND ? ORDER BY n.night"
    for dialect in DIALECTS
}
"""Whole nights with their concatenated marks, for ``nights_from_rows``."""

_LEAN = "SELECT n.night, n.bedtime, n.wake, {marks} FROM night AS n "
HISTORY = {
    dialect: _LEAN.format(marks=marks_sql("n.night", dialect))
    + "WHERE n.night <= ? ORDER BY n.night"
    for dialect in DIALECTS
}
"""Lean nights (times and marks) up to a night, oldest first, for ``lean_nights``."""
HISTORY_BACK = {
    dialect: _LEAN.format(marks=marks_sql("n.night", dialect))
    + "WHERE n.night < ? ORDER BY n.night DESC LIMIT ?"
    for dialect in DIALECTS
}
"""Lean nights before a night, newest first, at most a number of them."""

RECENT_RUN = {
    dialect: "SELECT (SELECT n.night FROM night AS n WHERE n.night <= ? AND NOT EXISTS "
    f"(SELECT 1 FROM night AS p WHERE p.night = {day_before('n.night', dialect)}) "
    "ORDER BY n.night DESC LIMIT 1), (SELECT max(night) FROM night WHERE night <= ?)"
    for dialect in DIALECTS
}
"""The first and last night of the newest run of consecutive nights at or before a night (the
first is the newest whose night before is not logged, found by the index alone)."""
NIGHT_DATES = "SELECT min(night), max(night), count(*) FROM night"
LOGGED_NIGHTS = "SELECT night FROM night"

PRACTICE_NIGHTS = (
    "SELECT n.night, n.bedtime, n.wake, m.state FROM night AS n "
    "LEFT JOIN mark AS m ON m.night = n.night AND m.practice = ? "
    "WHERE n.night BETWEEN ? AND ? ORDER BY n.night"
)
"""Each night of a range with its times and one practice's mark, for ``practice_night``."""


class MarksParser:
    """Turns a night's concatenated marks into (key, Mark) pairs, each distinct text once.

    Over a long history the same few hundred combinations recur, so each is parsed (and
    checked, see ``parse_marks``) once. One parser per read.
    """

    def __init__(self) -> None:
        self._seen: dict[str | None, tuple[tuple[str, Mark], ...]] = {None: ()}

    def __call__(self, night: str, text: str | None) -> tuple[tuple[str, Mark], ...]:
        pairs = self._seen.get(text)
        if pairs is None:
            pairs = parse_marks(night, text)
            self._seen[text] = pairs
        return pairs


def parse_marks(night: str, text: str | None) -> tuple[tuple[str, Mark], ...]:
    """A night's marks as concatenated by ``dialects.marks_sql``: (key, Mark) pairs."""
    if text is None:
        return ()
    pairs = []
    for item in text.split(MARKS_SEPARATOR):
        key, _, state = item.partition(MARK_SEPARATOR)
        pairs.append((practice_key("mark", f"{night} {key}", key), mark_state(night, key, state)))
    return tuple(pairs)


def nights_from_rows(rows: Iterable[Sequence], marks: MarksParser) -> list[Night]:
    """Rows of ``NIGHTS_BETWEEN`` (the ``NIGHT_READ`` columns, then the marks) as Nights,
    every field checked. One tight loop: an export maps decades of nights in one call."""
    return [
        check_night(
            Night(
                night_date("night", row[0]), row[1], row[2], row[3], row[4], row[5],
                dict(marks(row[0], row[11])), row[6], row[7], row[8], row[9], row[10],
            )
        )
        for row in rows
    ]  # fmt: skip


def night_from_row(row: Sequence, marks: MarksParser) -> Night:
    """One row of ``NIGHTS_BETWEEN`` (see ``nights_from_rows``)."""
    return nights_from_rows((row,), marks)[0]


def nights_between(run: Run, dialect: str, first: date, last: date) -> list[Night]:
    """Logged nights from ``first`` to ``last`` inclusive, oldest first, every field set."""
    rows = run(NIGHTS_BETWEEN[dialect], (first.isoformat(), last.isoformat()))
    return nights_from_rows(rows, MarksParser())


def night(run: Run, dialect: str, key: date) -> Night | None:
    """One night with every field, or None when it is not logged."""
    nights = nights_between(run, dialect, key, key)
    return nights[0] if nights else None


def lean_nights(rows: Iterable[Sequence], marks: MarksParser) -> list[Night]:
    """Rows of ``HISTORY`` or ``HISTORY_BACK`` as Nights with only their times and marks.

    One tight loop: ``history`` maps every night of decades in one call.
    """
    nights = []
    for key, bedtime, wake, text in rows:
        check_clock("night", key, "bedtime", bedtime)
        check_clock("night", key, "wake", wake)
        nights.append(Night(night_date("night", key), bedtime, wake, marks=dict(marks(key, text))))
    return nights


def lean_night(row: Sequence, marks: MarksParser) -> Night:
    """One row of ``HISTORY_BACK`` (see ``lean_nights``)."""
    return lean_nights((row,), marks)[0]


def practice_night(row: Sequence, key: str) -> tuple[date, int | None, int | None, Mark | None]:
    """A row of ``PRACTICE_NIGHTS``: the night, its times and the practice's mark or None."""
    night, bedtime, wake, state = row
    check_clock("night", night, "bedtime", bedtime)
    check_clock("night", night, "wake", wake)
    return (
        night_date("night", night), bedtime, wake,
        None if state is None else mark_state(night, key, state),
    )  # fmt: skip


def night_row(night: Night, updated_at: str) -> dict[str, object]:
    """A night as its row: every column of the ``night`` table."""
    return {
        "night": night.night.isoformat(),
        "bedtime": night.bedtime,
        "wake": night.wake,
        "quality": night.quality,
        "room_temp_c": night.room_temp_c,
        "note": night.note,
        "updated_at": updated_at,
        "in_bed": night.in_bed,
        "out_of_bed": night.out_of_bed,
        "latency": night.latency,
        "awakenings": night.awakenings,
        "waso": night.waso,
    }


def mark_rows(nights: Iterable[Night]) -> list[dict[str, object]]:
    """The marks of nights as rows of the ``mark`` table."""
    return [
        {"night": night.night.isoformat(), "practice": key, "state": str(mark)}
        for night in nights
        for key, mark in night.marks.items()
    ]


# Practices ------------------------------------------------------------------------------

PRACTICES = (
    f"{select_all('practice')} "
    # Schedule practices come last: a custom practice added later goes above them.
    "ORDER BY kind = 'derived', position, key"
)
"""All practices in their order (read by the repository and, in a write, by the writer)."""

_CATEGORIES = {str(category): category for category in Category}
_KINDS = {str(kind): kind for kind in Kind}


def practice_from_row(
    key: object, label: object, category: object, kind: object, position: object,
    archived: object, builtin: object, added: object,
) -> Practice:  # fmt: skip
    """A row of the ``practice`` table (its ``PRACTICE_COLUMNS``)."""
    key = practice_key("practice", key, key)
    if not isinstance(label, str) or not label.strip():
        raise RowDamage("practice", key, f"label {shown(label)} is not a label")
    checked_category = _CATEGORIES.get(category) if isinstance(category, str) else None
    if checked_category is None:
        raise RowDamage("practice", key, f"category {shown(category)} is not a category")
    checked_kind = _KINDS.get(kind) if isinstance(kind, str) else None
    if checked_kind is None:
        raise RowDamage("practice", key, f"kind {shown(kind)} is not checked or derived")
    if not is_int(position):
        raise RowDamage("practice", key, f"position {shown(position)} is not a number")
    for name, flag in (("archived", archived), ("builtin", builtin)):
        if flag not in (0, 1):
            raise RowDamage("practice", key, f"{name} {shown(flag)} is not 0 or 1")
    if added is not None:
        try:
            added = night_date("practice", added)
        except RowDamage:
            raise RowDamage("practice", key, f"added {shown(added)} is not a date") from None
    return Practice(
        key, label, checked_category, checked_kind, position, bool(archived), bool(builtin),  # type: ignore[arg-type]
        added,  # type: ignore[arg-type]
    )  # fmt: skip


def practices(run: Run) -> list[Practice]:
    """All practices, archived included, in their order (schedule ones last)."""
    return [practice_from_row(*row) for row in run(PRACTICES, ())]


def practice_row(practice: Practice) -> dict[str, object]:
    """A practice as its row: every column of the ``practice`` table."""
    return {
        "key": practice.key,
        "label": practice.label,
        "category": str(practice.category),
        "kind": str(practice.kind),
        "position": practice.position,
        "archived": practice.archived,
        "builtin": practice.builtin,
        "added": None if practice.added is None else practice.added.isoformat(),
    }


FIRST_MARKS = (
    "SELECT p.key, (SELECT min(m.night) FROM mark AS m WHERE m.practice = p.key) "
    "FROM practice AS p"
)  # fmt: skip
"""Each practice with the night of its first mark (one index lookup each)."""


def first_marks(rows: Iterable[tuple]) -> dict[str, date]:
    """Rows of ``FIRST_MARKS`` as practice key -> night of its first mark."""
    return {key: night_date("mark", first) for key, first in rows if first is not None}


# Targets and settings -------------------------------------------------------------------

TARGETS = f"{select_all('target')} ORDER BY effective_from"
"""Every version of the targets, oldest first."""


def targets_from_row(
    effective_from: object, bedtime: object, wake: object, tolerance: object
) -> Targets:
    """A row of the ``target`` table (its ``TARGET_COLUMNS``)."""
    night = night_date("target", effective_from)
    row = night.isoformat()
    check_clock("target", row, "bedtime", bedtime)
    check_clock("target", row, "wake", wake)
    if bedtime is None or wake is None:
        raise RowDamage("target", row, "a target time is missing")
    if not (is_int(tolerance) and 0 <= tolerance <= 180):  # type: ignore[operator]
        raise RowDamage("target", row, f"tolerance {shown(tolerance)} is not 0-180 minutes")
    return Targets(night, bedtime, wake, tolerance)  # type: ignore[arg-type]


def targets_history(run: Run) -> list[Targets]:
    return [targets_from_row(*row) for row in run(TARGETS, ())]


def target_row(targets: Targets) -> dict[str, object]:
    """One version of the targets as its row: every column of the ``target`` table."""
    return {
        "effective_from": targets.effective_from.isoformat(),
        "bedtime": targets.bedtime,
        "wake": targets.wake,
        "tolerance": targets.tolerance,
    }


SETTINGS = select_all("setting")


def preferences_from_rows(rows: Iterable[tuple[object, object]]) -> Preferences:
    """Rows of the ``setting`` table; names this version does not know are left alone."""
    stored: dict[str, str] = {}
    for name, value in rows:
        if name not in PREFERENCE_NAMES:
            continue
        if not isinstance(value, str):
            raise RowDamage("setting", name, f"value {shown(value)} is not text")
        try:
            parse_preference(name, value)  # type: ignore[arg-type]
        except InputRefused as refused:
            raise RowDamage("setting", name, refused.message) from None
        stored[name] = value  # type: ignore[index]
    return Preferences.from_stored(stored)


def preferences(run: Run) -> Preferences:
    return preferences_from_rows(run(SETTINGS, ()))


def setting_row(name: str, value: str) -> dict[str, object]:
    """One setting as its row: every column of the ``setting`` table."""
    return {"name": name, "value": value}
