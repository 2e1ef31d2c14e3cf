"""What one practice shows on one night, and the practices x nights grid built from it.

The week view, ``week``, ``grid`` and the practice history all draw a cell through
``cell_state`` so that they agree. A practice's life begins on the night it was added, or on
its first marked night if that is earlier (``life_start``): nights before it are blank, not
"not answered", and count nowhere. A practice without that date (a built-in one, or one added
before the tracker kept it) begins at its first mark. Derived practices are judged from logged
times and exist from the first night on. Habit strength still starts at the first mark
(DESIGN.md "Habit strength").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from tracker.domain import clock, metrics
from tracker.domain.errors import InputRefused
from tracker.domain.nights import Night, Targets
from tracker.domain.practices import Mark, Practice

DEFAULT_GRID_NIGHTS = 14


class Cell(StrEnum):
    """The state of one practice on one night, as the grids show it."""

    DONE = "done"
    MISSED = "missed"
    SKIPPED = "skipped"
    NOT_ANSWERED = "not answered"
    """A logged night on which the practice was not answered."""
    NOT_LOGGED = "not logged"
    BEFORE = "before"
    """Before the practice's life began (``life_start``): blank, and in no count."""
    FUTURE = "future"
    """After the default night: cannot be logged yet."""


_OF_MARK = {Mark.DONE: Cell.DONE, Mark.MISSED: Cell.MISSED, Mark.SKIPPED: Cell.SKIPPED}


def cell_state(
    marks: Mapping[str, Mark] | None,
    key: str,
    night: date,
    started: date | None,
    default_night: date,
) -> Cell:
    """The cell of practice ``key`` on ``night``.

    Args:
        marks: the night's checked and derived marks, None when the night is not logged.
        started: the practice's first night (see ``life_start``); None if it has none yet.
        default_night: nights after it are still to come.
    """
    if night > default_night:
        return Cell.FUTURE
    if started is None or night < started:
        return Cell.BEFORE
    if marks is None:
        return Cell.NOT_LOGGED
    mark = marks.get(key)
    return Cell.NOT_ANSWERED if mark is None else _OF_MARK[mark]


def life_start(practice: Practice, first_mark: date | None) -> date | None:
    """The first night of a practice's life: the night it was added or its first mark,
    whichever is earlier (a practice marked on a night before it was added, by an import or a
    back-dated check-in, lives from that mark). Without an added night (built-in practices and
    those of files older than schema 3) its first mark; derived practices from the first night
    on. None: nothing has started it yet (blank on every night)."""
    if practice.derived:
        return date.min
    if practice.added is None:
        return first_mark
    return practice.added if first_mark is None else min(practice.added, first_mark)


def practice_starts(
    practices: Sequence[Practice], first_marks: Mapping[str, date]
) -> dict[str, date | None]:
    """Each practice's first night (``life_start``), from the first marks of the history."""
    return {p.key: life_start(p, first_marks.get(p.key)) for p in practices}


@dataclass(frozen=True, slots=True)
class GridRow:
    """One practice across the nights of a grid."""

    practice: Practice
    cells: tuple[Cell, ...]
    tally: metrics.Tally
    """Its done, missed and skipped marks over the nights of the grid."""


@dataclass(frozen=True, slots=True)
class GridSummary:
    """Practices x the last N nights (``sleep-tracker grid``)."""

    nights: tuple[date, ...]
    """Oldest first; the last is the default night."""
    logged: frozenset[date]
    notes: Mapping[date, str]
    """Nights of the grid that have a note -> the note (raw: escape it to show it)."""
    rows: tuple[GridRow, ...]

    def to_json(self) -> dict[str, Any]:
        """The object printed by ``grid --json``; a cell before a practice's life began is
        ``null``."""
        return {
            "first_night": self.nights[0].isoformat(),
            "last_night": self.nights[-1].isoformat(),
            "nights": [night.isoformat() for night in self.nights],
            "nights_logged": len(self.logged),
            "practices": {
                row.practice.key: {
                    "label": row.practice.label,
                    "archived": row.practice.archived,
                    "marks": [None if c is Cell.BEFORE else str(c) for c in row.cells],
                    **row.tally.to_json(),
                }
                for row in self.rows
            },
        }


def grid_range(count: int, default_night: date) -> tuple[date, date]:
    """First and last night of a grid of ``count`` nights ending on the default night.

    Raises:
        InputRefused: ``count`` is below 1 or reaches before the first night there can be.
    """
    if count < 1:
        raise InputRefused(f"The number of nights must be at least 1, not {count}")
    days = (default_night - clock.FIRST_NIGHT).days + 1
    if count > days:
        raise InputRefused(
            f"{count} nights reach back before {clock.FIRST_NIGHT.isoformat()}; use at most {days}"
        )
    return default_night - timedelta(days=count - 1), default_night


def summarize_grid(
    *,
    count: int,
    default_night: date,
    nights: Sequence[Night],
    practices: Sequence[Practice],
    targets: Sequence[Targets],
    first_marks: Mapping[str, date],
) -> GridSummary:
    """The last ``count`` nights up to the default night, practice by practice.

    Args:
        nights: the nights logged in the range (others are ignored).
        practices: every practice, active and archived, in display order; archived ones are
            shown only when marked in the range.
        targets: the targets history, for the derived practices.
        first_marks: practice key -> the night of its first mark (over the whole history).
    """
    first, last = grid_range(count, default_night)
    rows = metrics.nightly_marks((n for n in nights if first <= n.night <= last), targets)
    marks_by_night = {night.night: marks for night, marks in rows}
    tallies = metrics.tally_marks(marks for _, marks in rows)
    starts = practice_starts(practices, first_marks)
    dates = tuple(first + timedelta(days=offset) for offset in range(count))
    grid_rows = tuple(
        GridRow(
            practice,
            tuple(
                cell_state(marks_by_night.get(d), practice.key, d, starts[practice.key], last)
                for d in dates
            ),
            tallies.get(practice.key, metrics.Tally()),
        )
        for practice in metrics.included_practices(practices, tallies)
    )
    return GridSummary(
        nights=dates,
        logged=frozenset(marks_by_night),
        notes={night.night: night.note for night, _ in rows if night.note},
        rows=grid_rows,
    )
