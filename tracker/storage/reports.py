"""Loads exactly the nights a summary needs and builds it: the one implementation behind
``week --json``, ``trends --json`` and the app's week and trends views.

Each view reads only its own range (plus the week before, and the night before for SRI);
only streaks read history, in one lean pass of times and marks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tracker.domain.grid import Cell, GridSummary, grid_range, life_start, summarize_grid
from tracker.domain.history import PracticeHistory, PracticeNight, practice_history, year_cells
from tracker.domain.metrics import week_start_for
from tracker.domain.nights import TargetsTimeline, schedule_mark
from tracker.domain.practices import ON_TIME_BED, Practice
from tracker.domain.report import SleepReport, build_report
from tracker.domain.summary import TrendsSummary, WeekSummary, summarize_trends, summarize_week
from tracker.storage.repository import Repository


def load_week(repository: Repository, night: date, default_night: date) -> WeekSummary:
    """The summary of the week holding ``night``, with the user's week start."""
    preferences = repository.preferences()
    start = week_start_for(night, preferences.week_start_weekday)
    nights = repository.nights_between(start - timedelta(days=8), start + timedelta(days=6))
    in_week = [n for n in nights if n.night >= start]
    previous = [n for n in nights if start - timedelta(days=7) <= n.night < start]
    before = next((n for n in nights if n.night == start - timedelta(days=1)), None)
    return summarize_week(
        week_start=start,
        nights=in_week,
        previous_nights=previous,
        night_before=before,
        practices=repository.practices(),
        targets=repository.targets_history(),
        default_night=default_night,
        first_marks=repository.first_marks(),
    )


def load_trends(repository: Repository, weeks: int, default_night: date) -> TrendsSummary:
    """The last ``weeks`` weeks up to the one holding the default night, and streaks."""
    preferences = repository.preferences()
    last_start = week_start_for(default_night, preferences.week_start_weekday)
    try:
        first = last_start - timedelta(days=7 * (weeks - 1))
    except OverflowError:
        first = date.min  # summarize_trends refuses the count with a clear message
    return summarize_trends(
        weeks=weeks,
        default_night=default_night,
        week_start_weekday=preferences.week_start_weekday,
        nights=repository.nights_between(first, last_start + timedelta(days=6)),
        history=repository.history(default_night),
        practices=repository.practices(),
        targets=repository.targets_history(),
    )


def load_grid(repository: Repository, count: int, default_night: date) -> GridSummary:
    """The last ``count`` nights up to the default night: reads only those nights."""
    first, last = grid_range(count, default_night)
    return summarize_grid(
        count=count,
        default_night=default_night,
        nights=repository.nights_between(first, last),
        practices=repository.practices(),
        targets=repository.targets_history(),
        first_marks=repository.first_marks(),
    )


def load_report(
    repository: Repository, first: date, last: date, default_night: date, made: datetime
) -> SleepReport:
    """The sleep diary report of ``first``..``last`` (see ``tracker.domain.report``)."""
    nights = repository.nights_between(first - timedelta(days=1), last)
    return build_report(
        first=first,
        last=last,
        made=made,
        nights=[n for n in nights if n.night >= first],
        night_before=next((n for n in nights if n.night < first), None),
        practices=repository.practices(),
        targets=repository.targets_history(),
        default_night=default_night,
        week_start_weekday=repository.preferences().week_start_weekday,
    )


def _practice_nights(
    repository: Repository, practice: Practice, first: date, last: date
) -> list[PracticeNight]:
    """The practice's mark on each logged night of a range; derived ones judged by targets."""
    rows = repository.practice_nights(practice.key, first, last)
    if not practice.derived:
        return [(night, mark) for night, _, _, mark in rows]
    # One tight loop over the clock times (no Night objects): twenty years of nights.
    at = TargetsTimeline(repository.targets_history()).at
    bed = practice.key == ON_TIME_BED
    judged: list[PracticeNight] = []
    for night, bedtime, wake, _ in rows:
        goals = at(night)
        time, target = (bedtime, goals.bedtime) if bed else (wake, goals.wake)
        judged.append((night, schedule_mark(time, target, goals.tolerance)))
    return judged


def practice_start(repository: Repository, practice: Practice) -> date | None:
    """The practice's first night (``life_start``: added or first mark, the earlier), or the
    first logged night if derived."""
    if practice.derived:
        return repository.night_dates()[0]
    return life_start(practice, repository.first_marks().get(practice.key))


def load_practice_history(
    repository: Repository, practice: Practice, default_night: date
) -> PracticeHistory:
    """One practice's whole life in one pass from its first night (strength, streaks,
    weekdays: these start at its first mark)."""
    start = practice_start(repository, practice)
    nights = [] if start is None else _practice_nights(repository, practice, start, default_night)
    weekday = repository.preferences().week_start_weekday
    started = None if practice.derived else start  # derived: from the first night judged
    return practice_history(nights, default_night, weekday, started=started)


def load_practice_year(
    repository: Repository,
    practice: Practice,
    year: int,
    started: date | None,
    default_night: date,
) -> dict[date, Cell]:
    """The calendar of one year of a practice: reads that year only."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    nights = _practice_nights(repository, practice, first, last)
    return year_cells(nights, year, started, default_night)
