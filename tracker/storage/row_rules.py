"""Rows the program cannot read are damage: each stored value checked by the domain's rules.

Called by ``mapping.py`` where rows become domain objects (the repository's reads, the
writer's reads inside a transaction, ``sleep-tracker check``), so a mark state ``bogus``, a
category ``weird``, a night ``nonsense``, a setting ``rollover = ²`` or a bedtime ``late``
stops the command with one line naming the table and the row, never a traceback deep inside
a computation.

``RowDamage`` carries no path; the repository's ``guard`` turns it into ``UnusableFile``
naming the database. The checks are plain comparisons: reading 20 years of nights pays a few
milliseconds for them.
"""

from __future__ import annotations

import math
from datetime import date

from tracker.domain.nights import Night
from tracker.domain.practices import KEY_PATTERN, Mark
from tracker.domain.text import quote

_CLOCK_FIELDS = ("bedtime", "wake", "in_bed", "out_of_bed")
_BOUNDED_FIELDS = (("quality", 1, 5), ("latency", 0, 720), ("awakenings", 0, 99), ("waso", 0, 720))
_MARKS = {str(mark): mark for mark in Mark}


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


def is_int(value: object) -> bool:
    return type(value) is int


def check_clock(table: str, row: object, name: str, value: object) -> None:
    if value is not None and not (is_int(value) and 0 <= value < 1440):  # type: ignore[operator]
        raise RowDamage(table, row, f"{name} {shown(value)} is not a clock time in minutes")


def check_night(night: Night) -> Night:
    """Every field of a night read back from the ``night`` table."""
    row = night.night.isoformat()
    for name in _CLOCK_FIELDS:
        check_clock("night", row, name, getattr(night, name))
    for name, low, high in _BOUNDED_FIELDS:
        value = getattr(night, name)
        if value is not None and not (is_int(value) and low <= value <= high):
            raise RowDamage("night", row, f"{name} {shown(value)} is not a number {low}-{high}")
    temperature = night.room_temp_c
    if temperature is not None and not (
        type(temperature) in (int, float) and math.isfinite(temperature)
    ):
        raise RowDamage("night", row, f"room_temp_c {shown(temperature)} is not a temperature")
    if night.note is not None and not isinstance(night.note, str):
        raise RowDamage("night", row, f"note {shown(night.note)} is not text")
    return night


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
