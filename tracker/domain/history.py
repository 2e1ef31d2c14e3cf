"""One practice over its whole life: strength week by week, its longest streaks, adherence by
weekday, and a year of its nights for the calendar.

``practice_history`` walks the practice's logged nights oldest first, so twenty years cost a
pass of plain tuples. Its streaks are those of ``streaks.StreakCounter`` (the longest runs are
the best streak and the next ones), its strength that of ``metrics.StrengthCounter``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.domain import metrics
from tracker.domain.grid import Cell, cell_state
from tracker.domain.practices import Mark
from tracker.domain.streaks import StreakCounter

LONGEST_SHOWN = 5
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

PracticeNight = tuple[date, Mark | None]
"""A logged night and the practice's mark on it (None: not answered)."""


@dataclass(frozen=True, slots=True)
class StreakRun:
    """A run of nights done (skipped nights inside neither break nor count)."""

    length: int
    first: date
    """The first night done."""
    last: date
    """The last night done."""


@dataclass(frozen=True, slots=True)
class PracticeHistory:
    """What the practice history screen shows besides the calendar."""

    first_night: date | None
    """The practice's first mark (None: never marked up to the default night)."""
    default_night: date
    tally: metrics.Tally
    """Every mark of its life."""
    strength: float | None
    """Habit strength on the default night."""
    strength_by_week: tuple[tuple[date, float], ...]
    """(week start, strength on the week's last night, or on the default night for its own
    week), from the week of the first mark on."""
    longest: tuple[StreakRun, ...]
    """Its longest streaks, longest first (the earlier first among equals), at most five."""
    weekdays: tuple[metrics.Tally, ...]
    """Marks by the weekday of the night, Monday first."""
    started: date | None = None
    """The first night of its life (``grid.life_start``: added or first mark, the earlier):
    the calendar is blank before it. Strength and streaks start at ``first_night``."""


def practice_history(
    nights: Sequence[PracticeNight],
    default_night: date,
    week_start_weekday: int = 0,
    started: date | None = None,
) -> PracticeHistory:
    """Summarise a practice's life from its logged nights, oldest first.

    Args:
        nights: every logged night up to the default night with the practice's mark; nights
            before its first mark are ignored.
        default_night: the last night there can be.
        week_start_weekday: 0 for Monday ... 6 for Sunday, for the weekly strength points.
        started: the first night of its life (``grid.life_start``); None: its first mark.
    """
    counter = metrics.StrengthCounter(default_night)
    decay = metrics.STRENGTH_DECAY
    default = default_night.toordinal()
    first: date | None = None
    weekday_counts = [[0, 0, 0] for _ in range(7)]
    samples: list[tuple[date, float]] = []
    next_sample = 0  # ordinal of the next week's last night to sample
    last_fed = 0

    def value_on(ordinal: int) -> float:
        """Strength on a night after the last one fed (all unlogged in between)."""
        gap = ordinal - last_fed - (1 if ordinal == default else 0)
        return counter.value * decay**gap if gap > 0 else counter.value  # type: ignore[operator]

    for night, mark in nights:
        ordinal = night.toordinal()
        if ordinal > default:
            break
        if first is None:
            if mark is None:
                continue
            first = night
            week_start = metrics.week_start_for(night, week_start_weekday)
            next_sample = (week_start + timedelta(days=6)).toordinal()
        while next_sample < ordinal:  # weeks that ended before this night
            samples.append((date.fromordinal(next_sample - 6), value_on(next_sample)))
            next_sample += 7
        counter.feed(ordinal, mark)
        last_fed = ordinal
        if ordinal == next_sample:
            samples.append((date.fromordinal(next_sample - 6), counter.value or 0.0))
            next_sample += 7
        if mark is not None:
            weekday_counts[night.weekday()][_INDEX[mark]] += 1
    if first is not None:
        while next_sample - 6 <= default:  # the weeks after the last logged night
            samples.append((date.fromordinal(next_sample - 6), value_on(min(next_sample, default))))
            next_sample += 7
    tallies = tuple(metrics.Tally(*counts) for counts in weekday_counts)
    streaks = StreakCounter(default_night, keep_runs=True)
    streaks.feed((night.toordinal(), mark) for night, mark in nights)
    runs = sorted(streaks.all_runs(), key=lambda run: (-run[0], run[1]))[:LONGEST_SHOWN]
    longest = tuple(
        StreakRun(length, date.fromordinal(start), date.fromordinal(end))
        for length, start, end in runs
    )
    return PracticeHistory(
        first_night=first,
        default_night=default_night,
        tally=sum(tallies, metrics.Tally()),
        strength=counter.result(),
        strength_by_week=tuple(samples),
        longest=longest,
        weekdays=tallies,
        started=first if started is None else started,
    )


_INDEX = {Mark.DONE: 0, Mark.MISSED: 1, Mark.SKIPPED: 2}


def year_cells(
    nights: Sequence[PracticeNight], year: int, started: date | None, default_night: date
) -> dict[date, Cell]:
    """Every night of ``year`` -> what the practice shows on it (the calendar's cells).

    Args:
        nights: the logged nights of that year with the practice's mark.
        started: the first night of the practice's life (nights before it are blank).
    """
    marks = {night: ({} if mark is None else {"k": mark}) for night, mark in nights}
    first = date(year, 1, 1)
    days = (date(year, 12, 31) - first).days + 1
    cells: dict[date, Cell] = {}
    for offset in range(days):
        night = first + timedelta(days=offset)
        cells[night] = cell_state(marks.get(night), "k", night, started, default_night)
    return cells
