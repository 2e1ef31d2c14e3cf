"""Rows the program cannot read are damage: each stored value checked by the domain's rules.

Called where rows become domain objects (the repository's reads, the writer's reads inside a
transaction, ``sleep-tracker check``), so a mark state ``bogus``, a category ``weird``, a night
``nonsense``, a setting ``rollover = ²`` or a bedtime ``late`` stops the command with one line
naming the table and the row, never a traceback deep inside a computation.

``RowDamage`` carries no path; the repository's ``guard`` turns it into ``UnusableFile``
naming the database. The checks are plain comparisons: reading 20 years of nights pays a few
milliseconds for them.
"""

from __future__ import annotations

import math
from datetime import date

from tracker.domain.errors import InputRefused
from tracker.domain.nights import Night, Targets
from tracker.domain.practices import KEY_PATTERN, Category, Kind, Mark, Practice
from tracker.domain.preferences import PREFERENCE_NAMES, Preferences, parse_preference
from tracker.domain.text import quote

MARK_SEPARATOR = "\x1f"
"""Between a mark's practice key and state in a night's concatenated marks (never in a key)."""
MARKS_SEPARATOR = "\x1e"
"""Between the marks of one night."""

_CLOCK_FIELDS = ("bedtime", "wake", "in_bed", "out_of_bed")
_BOUNDED_FIELDS = (("quality", 1, 5), ("latency", 0, 720), ("awakenings", 0, 99), ("waso", 0, 720))
_MARKS = {str(mark): mark for mark in Mark}
_CATEGORIES = {str(category): category for category in Category}
_KINDS = {str(kind): kind for kind in Kind}


class RowDamage(Exception):
    """A stored row breaks the domain's rules."""

    def __init__(self, table: str, row: object, reason: str) -> None:
        self.table = table
        self.row = shown(row)
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"table {self.table}, row {self.row}: {self.reason}"


def shown(value: object) -> str:
    """A stored value quoted for one line of a message (the domain's ``quote``: control
    characters escaped, at most 60 characters)."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "backslashreplace")
    return quote(str(value))


def night_date(table: str, value: object) -> date:
    """The ``night`` (or ``effective_from``) column as a date."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RowDamage(table, value, f"{shown(value)} is not a date (YYYY-MM-DD)")


def _is_int(value: object) -> bool:
    return type(value) is int


def check_clock(table: str, row: object, name: str, value: object) -> None:
    if value is not None and not (_is_int(value) and 0 <= value < 1440):  # type: ignore[operator]
        raise RowDamage(table, row, f"{name} {shown(value)} is not a clock time in minutes")


def check_night(night: Night) -> Night:
    """Every field of a night read back from the ``night`` table."""
    row = night.night.isoformat()
    for name in _CLOCK_FIELDS:
        check_clock("night", row, name, getattr(night, name))
    for name, low, high in _BOUNDED_FIELDS:
        value = getattr(night, name)
        if value is not None and not (_is_int(value) and low <= value <= high):
            raise RowDamage("night", row, f"{name} {shown(value)} is not a number {low}-{high}")
    temperature = night.room_temp_c
    if temperature is not None and not (
        type(temperature) in (int, float) and math.isfinite(temperature)
    ):
        raise RowDamage("night", row, f"room_temp_c {shown(temperature)} is not a temperature")
    if night.note is not None and not isinstance(night.note, str):
        raise RowDamage("night", row, f"note {shown(night.note)} is not text")
    return night


def parse_marks(night: str, text: str | None) -> tuple[tuple[str, Mark], ...]:
    """A night's marks as concatenated by ``marks_sql``: (key, Mark) pairs."""
    if text is None:
        return ()
    pairs = []
    for item in text.split(MARKS_SEPARATOR):
        key, _, state = item.partition(MARK_SEPARATOR)
        pairs.append((practice_key("mark", f"{night} {key}", key), mark_state(night, key, state)))
    return tuple(pairs)


def marks_sql(night_column: str) -> str:
    """A subquery concatenating the marks of the night in ``night_column`` for ``parse_marks``."""
    return (
        f"(SELECT group_concat(m.practice || char({ord(MARK_SEPARATOR)}) || m.state, "
        f"char({ord(MARKS_SEPARATOR)})) FROM mark AS m WHERE m.night = {night_column})"
    )


def mark_state(night: object, key: object, state: object) -> Mark:
    mark = _MARKS.get(state) if isinstance(state, str) else None
    if mark is None:
        raise RowDamage(
            "mark", f"{night} {key}", f"state {shown(state)} is not done, missed or skipped"
        )
    return mark


def practice_key(table: str, row: object, key: object) -> str:
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise RowDamage(table, row, f"practice key {shown(key)} is not a valid key")
    return key


def practice(
    key: object, label: object, category: object, kind: object, position: object,
    archived: object, builtin: object,
) -> Practice:  # fmt: skip
    """A row of the ``practice`` table."""
    key = practice_key("practice", key, key)
    if not isinstance(label, str) or not label.strip():
        raise RowDamage("practice", key, f"label {shown(label)} is not a label")
    checked_category = _CATEGORIES.get(category) if isinstance(category, str) else None
    if checked_category is None:
        raise RowDamage("practice", key, f"category {shown(category)} is not a category")
    checked_kind = _KINDS.get(kind) if isinstance(kind, str) else None
    if checked_kind is None:
        raise RowDamage("practice", key, f"kind {shown(kind)} is not checked or derived")
    if not _is_int(position):
        raise RowDamage("practice", key, f"position {shown(position)} is not a number")
    for name, flag in (("archived", archived), ("builtin", builtin)):
        if flag not in (0, 1):
            raise RowDamage("practice", key, f"{name} {shown(flag)} is not 0 or 1")
    return Practice(
        key, label, checked_category, checked_kind, position, bool(archived), bool(builtin)  # type: ignore[arg-type]
    )


def targets(effective_from: object, bedtime: object, wake: object, tolerance: object) -> Targets:
    """A row of the ``target`` table."""
    night = night_date("target", effective_from)
    row = night.isoformat()
    check_clock("target", row, "bedtime", bedtime)
    check_clock("target", row, "wake", wake)
    if bedtime is None or wake is None:
        raise RowDamage("target", row, "a target time is missing")
    if not (_is_int(tolerance) and 0 <= tolerance <= 180):  # type: ignore[operator]
        raise RowDamage("target", row, f"tolerance {shown(tolerance)} is not 0-180 minutes")
    return Targets(night, bedtime, wake, tolerance)  # type: ignore[arg-type]


def preferences(rows: list[tuple[object, object]]) -> Preferences:
    """The ``setting`` table; names this version does not know are left alone."""
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
