"""The sleep diary report's content: a range of nights, its figures, its weeks and its nights.

Plain data built from the same summary as ``week --json`` (``summarize_range``), so that the
report and the JSON give the same figures for the same nights. How it looks is the business
of ``tracker.report``; this module decides only what is in it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tracker.domain import clock, metrics
from tracker.domain.errors import InputRefused
from tracker.domain.nights import Night, Targets
from tracker.domain.practices import Mark, Practice
from tracker.domain.summary import RangeSummary, summarize_range

DEFAULT_NIGHTS = 14
"""The default range: the last two weeks, as a therapist asks for between sessions."""
MAX_NIGHTS = 366
"""At most a year in one report: a page a person can still print and read."""


def report_range(first: date | None, last: date | None, default_night: date) -> tuple[date, date]:
    """The nights a report covers, from the options given.

    Without ``last`` it is the default night; without ``first`` the 14 nights up to ``last``.

    Raises:
        InputRefused: ``first`` after ``last``, ``last`` after the default night, or more
            than a year of nights.
    """
    if last is None:
        last = max(default_night, first) if first is not None else default_night
    if last > default_night:
        raise InputRefused(
            f"--to {last.isoformat()} is after the default night {default_night.isoformat()}; "
            "a future night cannot be logged"
        )
    if first is None:
        first = last - timedelta(days=DEFAULT_NIGHTS - 1)
    if first > last:
        raise InputRefused(
            f"--from {first.isoformat()} is after --to {last.isoformat()}; nothing to report"
        )
    nights = (last - first).days + 1
    if nights > MAX_NIGHTS:
        raise InputRefused(
            f"{first.isoformat()} to {last.isoformat()} is {nights} nights; a report holds at "
            f"most {MAX_NIGHTS} (choose a later --from)"
        )
    return first, last


@dataclass(frozen=True, slots=True)
class Span:
    """Where a night's times fall, in minutes from midnight at the start of the night date.

    A bedtime of 23:10 is 1390, one of 00:40 the next day is 1480; every value is on the
    same axis so a chart can draw the night as bars.
    """

    in_bed: int
    bedtime: int
    asleep: int
    """When sleep began: bedtime + latency (bedtime when latency is not known)."""
    wake: int
    out_of_bed: int


def night_span(night: Night) -> Span | None:
    """The night's times on one axis; None without both bedtime and wake."""
    if night.bedtime is None or night.wake is None:
        return None
    bed = clock.bed_offset(night.bedtime)
    wake = clock.wake_offset(night.bedtime, night.wake)
    in_bed = bed
    if night.in_bed is not None:
        in_bed -= clock.minutes_before(night.bedtime, night.in_bed)
    out = wake
    if night.out_of_bed is not None:
        out += clock.minutes_before(night.out_of_bed, night.wake)
    asleep = min(wake, bed + (night.latency or 0))
    return Span(in_bed=in_bed, bedtime=bed, asleep=asleep, wake=wake, out_of_bed=out)


@dataclass(frozen=True, slots=True)
class ReportNight:
    """One row of the sleep log and the nightly table."""

    night: date
    record: Night | None
    """None when the night was not logged."""
    marks: Mapping[str, Mark]

    @property
    def span(self) -> Span | None:
        return None if self.record is None else night_span(self.record)


@dataclass(frozen=True, slots=True)
class ReportWeek:
    """One column of the practice table: a week of the user's calendar, cut to the range."""

    first: date
    last: date
    summary: RangeSummary


@dataclass(frozen=True, slots=True)
class Spread:
    """Mean and population SD of one nightly value over the nights where it is defined."""

    mean: float | None
    sd: float | None
    count: int


def spread(values: Iterable[float | None]) -> Spread:
    """Mean and SD of the values that are not None (SD only from 2 values on)."""
    present = [value for value in values if value is not None]
    if not present:
        return Spread(None, None, 0)
    average = sum(present) / len(present)
    sd = (
        math.sqrt(sum((value - average) ** 2 for value in present) / len(present))
        if len(present) >= 2
        else None
    )
    return Spread(average, sd, len(present))


@dataclass(frozen=True, slots=True)
class SleepReport:
    """Everything a sleep diary report shows."""

    first: date
    last: date
    made: datetime
    summary: RangeSummary
    """The range's figures: the same as ``week --json`` gives for the same nights."""
    spreads: Mapping[str, Spread]
    """SD of the nightly values (time asleep, TST, TIB, SE, latency, WASO, awakenings,
    quality), keyed like ``week --json``'s means."""
    nights: tuple[ReportNight, ...]
    """Every night of the range, oldest first, logged or not."""
    weeks: tuple[ReportWeek, ...]
    practices: tuple[Practice, ...]
    """The practices shown: active ones and archived ones marked in the range."""

    @property
    def has_diary(self) -> bool:
        """Whether any night of the range holds sleep diary detail."""
        return any(n.record is not None and n.record.has_diary for n in self.nights)

    @property
    def notes(self) -> list[tuple[date, str]]:
        return [
            (n.night, n.record.note) for n in self.nights if n.record is not None and n.record.note
        ]


def build_report(
    *,
    first: date,
    last: date,
    made: datetime,
    nights: Sequence[Night],
    night_before: Night | None,
    practices: Sequence[Practice],
    targets: Sequence[Targets],
    default_night: date,
    week_start_weekday: int,
) -> SleepReport:
    """The report of ``first``..``last``.

    Args:
        nights: the nights logged in the range (others are ignored).
        night_before: the night before ``first`` if logged (for the SRI, as in a week).
        practices: every practice, active and archived, in display order.
        default_night: nights after it count as not yet due.
        week_start_weekday: 0 Monday ... 6 Sunday, for the weekly columns.

    Raises:
        InputRefused: no night of the range is logged.
    """
    summary = summarize_range(
        first=first,
        last=last,
        nights=nights,
        night_before=night_before,
        practices=practices,
        targets=targets,
        default_night=default_night,
    )
    if summary.nights_logged == 0:
        raise InputRefused(
            f"No night is logged from {first.isoformat()} to {last.isoformat()}; nothing to report"
        )
    by_date = {night.night: (night, marks) for night, marks in summary.nightly}
    rows = tuple(
        ReportNight(day, *by_date.get(day, (None, {})))
        for day in (first + timedelta(days=i) for i in range((last - first).days + 1))
    )
    logged = [night for night, _ in summary.nightly]
    return SleepReport(
        first=first,
        last=last,
        made=made,
        summary=summary,
        spreads=_spreads(logged),
        nights=rows,
        weeks=_weeks(
            first,
            last,
            summary,
            night_before,
            practices,
            targets,
            default_night,
            week_start_weekday,
        ),  # fmt: skip
        practices=summary.included_practices,
    )


def _spreads(logged: Sequence[Night]) -> dict[str, Spread]:
    diary_nights = [n for n in logged if n.has_diary]
    return {
        "sleep_mean_min": spread(n.sleep_minutes for n in logged),
        "total_sleep_mean_min": spread(n.total_sleep for n in logged),
        # Over diary nights only, as the summary's mean (see metrics.diary_means).
        "time_in_bed_mean_min": spread(n.time_in_bed for n in diary_nights),
        "efficiency_mean": spread(n.efficiency for n in logged),
        "latency_mean_min": spread(n.latency for n in logged),
        "waso_mean_min": spread(n.waso for n in logged),
        "awakenings_mean": spread(n.awakenings for n in logged),
        "quality_mean": spread(n.quality for n in logged),
    }


def _weeks(
    first: date,
    last: date,
    summary: RangeSummary,
    night_before: Night | None,
    practices: Sequence[Practice],
    targets: Sequence[Targets],
    default_night: date,
    week_start_weekday: int,
) -> tuple[ReportWeek, ...]:
    """The calendar weeks that meet the range, each cut to it and summarised alone."""
    logged = {night.night: night for night, _ in summary.nightly}
    if night_before is not None:
        logged.setdefault(night_before.night, night_before)
    weeks: list[ReportWeek] = []
    start = metrics.week_start_for(first, week_start_weekday)
    while start <= last:
        begin, end = max(start, first), min(start + timedelta(days=6), last)
        weeks.append(
            ReportWeek(
                begin,
                end,
                summarize_range(
                    first=begin,
                    last=end,
                    nights=[n for d, n in logged.items() if begin <= d <= end],
                    night_before=logged.get(begin - timedelta(days=1)),
                    practices=practices,
                    targets=targets,
                    default_night=default_night,
                ),
            )
        )
        start += timedelta(days=7)
    return tuple(weeks)
