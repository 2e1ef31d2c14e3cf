"""The week and trends summaries that the views and ``--json`` output are built from.

Builders take the nights the storage layer loaded and return frozen objects; ``to_json()``
gives exactly the keys of the product contract, with dates as ISO strings, clock means as
``HH:MM`` and everything not computable as None (``null``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tracker.domain import clock, metrics
from tracker.domain.errors import InputRefused
from tracker.domain.grid import Cell, cell_state, practice_starts
from tracker.domain.nights import Night, Targets
from tracker.domain.practices import Mark, Practice
from tracker.domain.streaks import streaks_of_rows

DAYS_PER_WEEK = 7


def format_clock_mean(minutes: float | None) -> str | None:
    """``HH:MM`` of a mean clock time rounded to the nearest minute (23:59.6 -> 00:00)."""
    return None if minutes is None else clock.format_clock(round(minutes))


def _in_range(nights: Iterable[Night], first: date, last: date) -> list[Night]:
    """The nights from first to last inclusive, oldest first, one per date."""
    by_date = {night.night: night for night in nights if first <= night.night <= last}
    return [by_date[night] for night in sorted(by_date)]


@dataclass(frozen=True, slots=True)
class DaySummary:
    """One column of the week grid."""

    night: date
    record: Night | None
    """The logged night, or None when nothing was logged."""
    marks: Mapping[str, Mark] = field(default_factory=dict)
    """Checked and derived marks of the night (empty when not logged)."""

    @property
    def logged(self) -> bool:
        return self.record is not None

    @property
    def adherence(self) -> float | None:
        """The night's own overall adherence."""
        return metrics.night_adherence(self.marks)


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """Everything the week view and ``week --json`` show about one 7-night week."""

    week_start: date
    week_end: date
    nights_logged: int
    nights_total: int
    """Nights of the week up to the default night (a future night cannot be logged)."""
    adherence: float | None
    previous_adherence: float | None
    categories: Mapping[str, float | None]
    practices: Mapping[str, metrics.Tally]
    """Key -> tally for every active practice and every archived one marked in the week."""
    included_practices: tuple[Practice, ...]
    """The practices of ``practices`` in display order, for labels and rows."""
    bedtime_mean: float | None
    """Circular mean bedtime in clock minutes (see ``to_json`` for ``HH:MM``)."""
    wake_mean: float | None
    bedtime_sd_min: float | None
    wake_sd_min: float | None
    sleep_mean_min: float | None
    quality_mean: float | None
    sri: float | None
    weekend_shift_min: float | None
    diary: metrics.DiaryMeans
    days: tuple[DaySummary, ...]
    """One entry per night of the week, week_start first."""
    default_night: date = date.max
    """The latest night that can be logged (nights after it are still to come)."""
    starts: Mapping[str, date | None] = field(default_factory=dict)
    """Practice key -> its first night (``grid.life_start``: added or first mark, the earlier;
    ``date.min`` for derived ones)."""

    def cell(self, key: str, index: int) -> Cell:
        """What practice ``key`` shows on the week's night ``index`` (0 = week_start)."""
        day = self.days[index]
        marks = day.marks if day.logged else None
        return cell_state(marks, key, day.night, self.starts.get(key, date.min), self.default_night)

    @property
    def coverage(self) -> float | None:
        """Logged nights / nights so far; None before the week has begun."""
        return metrics.coverage(self.nights_logged, self.nights_total)

    @property
    def adherence_change(self) -> float | None:
        """Adherence minus the previous week's; None unless both are known."""
        if self.adherence is None or self.previous_adherence is None:
            return None
        return self.adherence - self.previous_adherence

    def to_json(self) -> dict[str, Any]:
        """The object printed by ``week --json``."""
        return {
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "nights_logged": self.nights_logged,
            "nights_total": self.nights_total,
            "adherence": self.adherence,
            "previous_adherence": self.previous_adherence,
            "categories": dict(self.categories),
            "practices": {key: tally.to_json() for key, tally in self.practices.items()},
            "bedtime_mean": format_clock_mean(self.bedtime_mean),
            "wake_mean": format_clock_mean(self.wake_mean),
            "bedtime_sd_min": self.bedtime_sd_min,
            "wake_sd_min": self.wake_sd_min,
            "sleep_mean_min": self.sleep_mean_min,
            "quality_mean": self.quality_mean,
            "sri": self.sri,
            "weekend_shift_min": self.weekend_shift_min,
            "latency_mean_min": self.diary.latency,
            "awakenings_mean": self.diary.awakenings,
            "waso_mean_min": self.diary.waso,
            "total_sleep_mean_min": self.diary.total_sleep,
            "time_in_bed_mean_min": self.diary.time_in_bed,
            "efficiency_mean": self.diary.efficiency,
        }


def _nights_total(first: date, last: date, default_night: date) -> int:
    """Nights of first..last on or before the default night (a future night cannot be logged)."""
    days = (last - first).days + 1
    return max(0, min(days, (default_night - first).days + 1))


@dataclass(frozen=True, slots=True)
class RangeSummary:
    """The figures of any run of consecutive nights: a week, or a report's fortnight.

    The one implementation behind ``week --json`` and the sleep diary report, so the same
    nights always give the same figures.
    """

    first: date
    last: date
    nights_logged: int
    nights_total: int
    """Nights of the range up to the default night."""
    adherence: float | None
    categories: Mapping[str, float | None]
    practices: Mapping[str, metrics.Tally]
    """Key -> tally for every active practice and every archived one marked in the range."""
    included_practices: tuple[Practice, ...]
    bedtime_mean: float | None
    wake_mean: float | None
    bedtime_sd_min: float | None
    wake_sd_min: float | None
    sleep_mean_min: float | None
    quality_mean: float | None
    sri: float | None
    weekend_shift_min: float | None
    diary: metrics.DiaryMeans
    nightly: tuple[metrics.NightMarks, ...]
    """Each logged night of the range, oldest first, with its checked and derived marks."""

    @property
    def coverage(self) -> float | None:
        """Logged nights / nights so far; None before the range has begun."""
        return metrics.coverage(self.nights_logged, self.nights_total)


def summarize_range(
    *,
    first: date,
    last: date,
    nights: Sequence[Night],
    night_before: Night | None,
    practices: Sequence[Practice],
    targets: Sequence[Targets],
    default_night: date,
) -> RangeSummary:
    """Summarise the nights from ``first`` to ``last`` inclusive.

    Args:
        nights: the nights logged in the range (others are ignored).
        night_before: the night before ``first`` if logged; its sleep may run past noon
            into the first window of the SRI.
        practices: every practice, active and archived, in display order.
        targets: the targets history, for the derived schedule practices.
        default_night: nights after it are not counted in ``nights_total``.
    """
    logged = _in_range(nights, first, last)
    rows = metrics.nightly_marks(logged, targets)
    tallies = metrics.tally_marks(marks for _, marks in rows)
    shown = metrics.included_practices(practices, tallies)
    sri_nights = ([night_before] if night_before is not None else []) + logged
    return RangeSummary(
        first=first,
        last=last,
        nights_logged=len(logged),
        nights_total=_nights_total(first, last, default_night),
        adherence=metrics.overall_adherence(tallies, shown),
        categories=metrics.category_adherence(tallies, shown),
        practices={p.key: tallies.get(p.key, metrics.Tally()) for p in shown},
        included_practices=tuple(shown),
        bedtime_mean=metrics.bedtime_mean(logged),
        wake_mean=metrics.wake_mean(logged),
        bedtime_sd_min=metrics.bedtime_sd(logged),
        wake_sd_min=metrics.wake_sd(logged),
        sleep_mean_min=metrics.sleep_mean(logged),
        quality_mean=metrics.quality_mean(logged),
        sri=metrics.sleep_regularity_index(sri_nights, first, last),
        weekend_shift_min=metrics.weekend_shift(logged),
        diary=metrics.diary_means(logged),
        nightly=tuple(rows),
    )


def summarize_week(
    *,
    week_start: date,
    nights: Sequence[Night],
    previous_nights: Sequence[Night],
    night_before: Night | None,
    practices: Sequence[Practice],
    targets: Sequence[Targets],
    default_night: date,
    first_marks: Mapping[str, date] | None = None,
) -> WeekSummary:
    """Summarise the 7 nights from ``week_start``.

    Args:
        week_start: first night of the week.
        nights: the nights logged in the week (others are ignored).
        previous_nights: the nights logged in the week before, for ``previous_adherence``.
        night_before: the night before ``week_start`` if logged; its sleep may run past noon
            into the first window of the SRI.
        practices: every practice, active and archived, in display order.
        targets: the targets history, for the derived schedule practices.
        default_night: nights after it are not counted in ``nights_total``.
        first_marks: practice key -> night of its first mark over the whole history; with the
            night each practice was added, nights before its life began are blank
            (``Cell.BEFORE``, see ``grid.life_start``). None: every practice exists all along.
    """
    week_end = week_start + timedelta(days=DAYS_PER_WEEK - 1)
    figures = summarize_range(
        first=week_start,
        last=week_end,
        nights=nights,
        night_before=night_before,
        practices=practices,
        targets=targets,
        default_night=default_night,
    )
    previous_start = week_start - timedelta(days=DAYS_PER_WEEK)
    previous_rows = metrics.nightly_marks(
        _in_range(previous_nights, previous_start, week_start - timedelta(days=1)), targets
    )
    previous_tallies = metrics.tally_marks(marks for _, marks in previous_rows)

    marks_by_date = {night.night: (night, marks) for night, marks in figures.nightly}
    days = tuple(
        _day(week_start + timedelta(days=offset), marks_by_date) for offset in range(DAYS_PER_WEEK)
    )
    return WeekSummary(
        week_start=week_start,
        week_end=week_end,
        nights_logged=figures.nights_logged,
        nights_total=figures.nights_total,
        adherence=figures.adherence,
        previous_adherence=metrics.overall_adherence(previous_tallies, practices),
        categories=figures.categories,
        practices=figures.practices,
        included_practices=figures.included_practices,
        bedtime_mean=figures.bedtime_mean,
        wake_mean=figures.wake_mean,
        bedtime_sd_min=figures.bedtime_sd_min,
        wake_sd_min=figures.wake_sd_min,
        sleep_mean_min=figures.sleep_mean_min,
        quality_mean=figures.quality_mean,
        sri=figures.sri,
        weekend_shift_min=figures.weekend_shift_min,
        diary=figures.diary,
        days=days,
        default_night=default_night,
        starts=({} if first_marks is None else practice_starts(practices, first_marks)),
    )


def _day(night: date, marks_by_date: Mapping[date, metrics.NightMarks]) -> DaySummary:
    found = marks_by_date.get(night)
    if found is None:
        return DaySummary(night=night, record=None)
    return DaySummary(night=night, record=found[0], marks=found[1])


@dataclass(frozen=True, slots=True)
class WeekTrend:
    """One week of the trends charts."""

    week_start: date
    nights_logged: int
    adherence: float | None
    categories: Mapping[str, float | None]
    bedtime_mean: float | None
    """Circular mean bedtime in clock minutes."""
    wake_mean: float | None
    sleep_mean_min: float | None
    quality_mean: float | None
    total_sleep_mean_min: float | None
    efficiency_mean: float | None
    latency_mean_min: float | None

    def to_json(self) -> dict[str, Any]:
        """One element of ``weeks`` in ``trends --json``."""
        return {
            "week_start": self.week_start.isoformat(),
            "nights_logged": self.nights_logged,
            "adherence": self.adherence,
            "categories": dict(self.categories),
            "bedtime_mean": format_clock_mean(self.bedtime_mean),
            "wake_mean": format_clock_mean(self.wake_mean),
            "sleep_mean_min": self.sleep_mean_min,
            "quality_mean": self.quality_mean,
            "total_sleep_mean_min": self.total_sleep_mean_min,
            "efficiency_mean": self.efficiency_mean,
            "latency_mean_min": self.latency_mean_min,
        }


@dataclass(frozen=True, slots=True)
class PracticeTrend:
    """One practice over the trends range, with its streaks over the whole history."""

    adherence: float | None
    current_streak: int
    best_streak: int
    quality_done: float | None
    quality_missed: float | None
    efficiency_done: float | None
    efficiency_missed: float | None
    latency_done: float | None
    latency_missed: float | None
    strength: float | None = None
    """Habit strength on the default night (0..1), None for a practice never marked."""

    def to_json(self) -> dict[str, Any]:
        """One value of ``practices`` in ``trends --json``."""
        return {
            "adherence": self.adherence,
            "current_streak": self.current_streak,
            "best_streak": self.best_streak,
            "quality_done": self.quality_done,
            "quality_missed": self.quality_missed,
            "efficiency_done": self.efficiency_done,
            "efficiency_missed": self.efficiency_missed,
            "latency_done": self.latency_done,
            "latency_missed": self.latency_missed,
            "strength": self.strength,
        }


@dataclass(frozen=True, slots=True)
class TrendsSummary:
    """Everything the trends view and ``trends --json`` show."""

    weeks: tuple[WeekTrend, ...]
    """Oldest first; the last is the week holding the default night."""
    practices: Mapping[str, PracticeTrend]
    included_practices: tuple[Practice, ...]
    """The practices of ``practices`` in display order."""
    nightly_adherence: Mapping[date, float | None]
    """Each logged night of the last 53 weeks (or of the range, if longer) and the first logged
    night -> its own overall adherence (for the heat-map calendar)."""

    def to_json(self) -> dict[str, Any]:
        """The object printed by ``trends --json``."""
        return {
            "weeks": [week.to_json() for week in self.weeks],
            "practices": {key: trend.to_json() for key, trend in self.practices.items()},
        }


def _first_week_start(weeks: int, last_start: date) -> date:
    if weeks < 1:
        raise InputRefused(f"The number of weeks must be at least 1, not {weeks}")
    try:
        return last_start - timedelta(days=DAYS_PER_WEEK * (weeks - 1))
    except OverflowError:
        raise InputRefused(f"{weeks} weeks reach back before the year 1; use fewer") from None


def summarize_trends(
    *,
    weeks: int,
    default_night: date,
    week_start_weekday: int,
    nights: Sequence[Night],
    history: Sequence[Night],
    practices: Sequence[Practice],
    targets: Sequence[Targets],
) -> TrendsSummary:
    """Summarise the last ``weeks`` weeks, the last being the week holding the default night.

    Args:
        weeks: how many weeks, at least 1.
        default_night: the night the check-in is about; its week is the last one.
        week_start_weekday: 0 for Monday ... 6 for Sunday.
        nights: the nights logged in those weeks (others are ignored).
        history: every logged night, for streaks and the heat-map (marks, bedtime and wake
            are enough).
        practices: every practice, active and archived, in display order.
        targets: the targets history.

    Raises:
        InputRefused: ``weeks`` is below 1 or reaches before the first representable date.
    """
    last_start = metrics.week_start_for(default_night, week_start_weekday)
    first_start = _first_week_start(weeks, last_start)
    last_night = last_start + timedelta(days=DAYS_PER_WEEK - 1)
    rows = metrics.nightly_marks(_in_range(nights, first_start, last_night), targets)

    tallies = metrics.tally_marks(marks for _, marks in rows)
    shown = metrics.included_practices(practices, tallies)
    buckets: list[list[metrics.NightMarks]] = [[] for _ in range(weeks)]
    for row in rows:
        buckets[(row[0].night - first_start).days // DAYS_PER_WEEK].append(row)
    week_trends = tuple(
        _week_trend(first_start + timedelta(days=DAYS_PER_WEEK * index), bucket, shown)
        for index, bucket in enumerate(buckets)
    )

    history_rows = metrics.nightly_marks(
        (night for night in history if night.night <= default_night), targets
    )
    # The heat-map calendar shows a year of weeks (or the whole range, if longer); it also
    # needs the first logged night, before which it leaves the calendar blank.
    calendar_from = min(first_start, last_start - timedelta(days=DAYS_PER_WEEK * 52))
    first_logged = min((night.night for night, _ in history_rows), default=None)
    return TrendsSummary(
        weeks=week_trends,
        practices=_practice_trends(rows, history_rows, tallies, shown, default_night),
        included_practices=tuple(shown),
        nightly_adherence={
            night.night: metrics.night_adherence(marks)
            for night, marks in history_rows
            if night.night >= calendar_from or night.night == first_logged
        },
    )


def _week_trend(
    week_start: date, rows: Sequence[metrics.NightMarks], shown: Sequence[Practice]
) -> WeekTrend:
    logged = [night for night, _ in rows]
    tallies = metrics.tally_marks(marks for _, marks in rows)
    diary = metrics.diary_means(logged)
    return WeekTrend(
        week_start=week_start,
        nights_logged=len(logged),
        adherence=metrics.overall_adherence(tallies, shown),
        categories=metrics.category_adherence(tallies, shown),
        bedtime_mean=metrics.bedtime_mean(logged),
        wake_mean=metrics.wake_mean(logged),
        sleep_mean_min=metrics.sleep_mean(logged),
        quality_mean=metrics.quality_mean(logged),
        total_sleep_mean_min=diary.total_sleep,
        efficiency_mean=diary.efficiency,
        latency_mean_min=diary.latency,
    )


def _practice_trends(
    rows: Sequence[metrics.NightMarks],
    history_rows: Sequence[metrics.NightMarks],
    tallies: Mapping[str, metrics.Tally],
    shown: Sequence[Practice],
    default_night: date,
) -> dict[str, PracticeTrend]:
    keys = [practice.key for practice in shown]
    streaks = streaks_of_rows(history_rows, keys, default_night)
    strengths = metrics.strengths_of_rows(history_rows, keys, default_night)
    quality = metrics.with_without_by_practice(rows, keys, metrics.quality_of)
    efficiency = metrics.with_without_by_practice(rows, keys, metrics.efficiency_of)
    latency = metrics.with_without_by_practice(rows, keys, metrics.latency_of)
    return {
        key: PracticeTrend(
            adherence=tallies.get(key, metrics.Tally()).adherence,
            current_streak=streaks[key].current,
            best_streak=streaks[key].best,
            quality_done=quality[key].done,
            quality_missed=quality[key].missed,
            efficiency_done=efficiency[key].done,
            efficiency_missed=efficiency[key].missed,
            latency_done=latency[key].done,
            latency_missed=latency[key].missed,
            strength=strengths[key],
        )
        for key in keys
    }
