"""Domain objects with every field set, for the tests that every column is written and read."""

from __future__ import annotations

from dataclasses import MISSING, fields
from datetime import date

from tracker.domain.nights import Night, Targets
from tracker.domain.practices import Category, Kind, Mark, Practice


def every_field_set() -> tuple[Night, Practice, Targets]:
    """A night, a practice and a version of the targets with no field left at its default,
    so a column the mapping forgets shows as a difference."""
    night = Night(
        date(2026, 1, 1), bedtime=23 * 60 + 10, wake=6 * 60 + 50, quality=4, room_temp_c=18.5,
        note="a note", marks={"routine": Mark.DONE, "meditation": Mark.SKIPPED}, in_bed=23 * 60,
        out_of_bed=7 * 60, latency=15, awakenings=2, waso=20,
    )  # fmt: skip
    practice = Practice(
        "reading", "Read a book", Category.CUSTOM, Kind.DERIVED, 9, True, True, date(2026, 1, 3)
    )
    targets = Targets(date(2026, 1, 2), bedtime=22 * 60, wake=6 * 60, tolerance=20)
    for item in (night, practice, targets):
        for field in fields(item):
            default = (field.default_factory() if field.default_factory is not MISSING  # type: ignore[misc]
                       else field.default)  # fmt: skip
            assert getattr(item, field.name) != default, field.name
    return night, practice, targets
