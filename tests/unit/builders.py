"""Small builders of domain objects shared by the metrics and summary tests."""

from __future__ import annotations

from datetime import date

from tracker.domain import clock
from tracker.domain.nights import Night
from tracker.domain.practices import Mark


def t(text: str) -> int:
    return clock.parse_clock(text)


def night(
    when: date,
    bed: str | None = "23:00",
    wake: str | None = "07:00",
    marks: dict[str, Mark] | None = None,
    **values: int,
) -> Night:
    return Night(
        night=when,
        bedtime=None if bed is None else t(bed),
        wake=None if wake is None else t(wake),
        marks=marks or {},
        **values,
    )
