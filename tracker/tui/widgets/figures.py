"""How the week and trends views write numbers: one place, so both views agree with each other.

Plain functions from the summary values (``WeekSummary``, ``TrendsSummary``) to short strings;
they never compute a figure, only round and label it. ``MISSING`` stands for a value the
summary could not compute (``null`` in ``--json``).
"""

from __future__ import annotations

from tracker.domain import clock
from tracker.domain.grid import Cell
from tracker.domain.practices import Mark

MISSING = "–"
"""Shown where the summary has no value."""

SYMBOLS: dict[Mark | None, str] = {
    Mark.DONE: "✓",
    Mark.MISSED: "✗",
    Mark.SKIPPED: "–",
    None: "?",
}
"""One character per mark; ``None`` is a logged night on which the practice was not answered."""
NOT_LOGGED = "·"
MARK_STYLES: dict[Mark | None, str] = {
    Mark.DONE: "$text-success",
    Mark.MISSED: "$text-error",
    Mark.SKIPPED: "$text-warning",
    None: "$text-muted",
}
LEGEND = "✓ done  ✗ missed  – skipped  ? not answered  · not logged"
CELL_SYMBOLS: dict[Cell, str] = {
    Cell.DONE: SYMBOLS[Mark.DONE],
    Cell.MISSED: SYMBOLS[Mark.MISSED],
    Cell.SKIPPED: SYMBOLS[Mark.SKIPPED],
    Cell.NOT_ANSWERED: SYMBOLS[None],
    Cell.NOT_LOGGED: NOT_LOGGED,
    Cell.BEFORE: "",
    Cell.FUTURE: "",
}
"""What a grid cell shows: blank before a practice's life began (added or first marked) and
for nights to come."""
CELL_STYLES: dict[Cell, str] = {
    Cell.DONE: MARK_STYLES[Mark.DONE],
    Cell.MISSED: MARK_STYLES[Mark.MISSED],
    Cell.SKIPPED: MARK_STYLES[Mark.SKIPPED],
    Cell.NOT_ANSWERED: MARK_STYLES[None],
    Cell.NOT_LOGGED: "$text-muted",
    Cell.BEFORE: "",
    Cell.FUTURE: "",
}


def percent(fraction: float | None) -> str:
    """``71%`` for 0.714; ``MISSING`` for None."""
    return MISSING if fraction is None else f"{fraction:.0%}"


def points(change: float | None) -> str:
    """A change of adherence in percentage points: ``+5 pts``, ``±0 pts`` (never ``-0``)."""
    if change is None:
        return MISSING
    whole = round(change * 100)
    return f"{whole:+d} pts" if whole else "±0 pts"


def clock_time(minutes: float | None) -> str:
    """``HH:MM`` of a (mean) clock time, rounded to the minute as ``--json`` rounds it."""
    return MISSING if minutes is None else clock.format_clock(round(minutes))


def duration(minutes: float | None) -> str:
    """``7h05``."""
    return MISSING if minutes is None else clock.format_duration(minutes)


def minutes(value: float | None, *, signed: bool = False) -> str:
    """``18 min`` (``+35 min`` when ``signed``)."""
    if value is None:
        return MISSING
    return f"{value:+.0f} min" if signed else f"{value:.0f} min"


def number(value: float | None, digits: int = 1) -> str:
    """A plain number with ``digits`` decimals."""
    return MISSING if value is None else f"{value:.{digits}f}"
