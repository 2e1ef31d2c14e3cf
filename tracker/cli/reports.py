"""``sleep-tracker week`` and ``sleep-tracker trends``: the app's numbers, as tables or JSON.

Both print what ``tracker.storage.reports`` builds, the same objects the app's views draw.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tracker.cli.context import current_default_night, open_repository, parse_night_option
from tracker.cli.grid import SYMBOLS as CELL_SYMBOLS
from tracker.cli.render import (
    number,
    percent,
    print_json,
    print_lines,
    print_table,
    separated,
    wrap_items,
)
from tracker.domain import clock, values

if TYPE_CHECKING:
    from tracker.domain.summary import TrendsSummary, WeekSummary

LEGEND = "✓ done  ✗ missed  – skipped  ? not answered  · not logged"


def register(add: Callable[..., Any]) -> None:
    week = add("week", "the week holding a night (default: the default night)", run_week)
    week.add_argument("--night", metavar="DATE", help="any night of the week, YYYY-MM-DD")
    week.add_argument("--json", action="store_true", help="print the figures as JSON")
    trends = add(
        "trends", "the last N weeks, streaks, quality with and without each practice", run_trends
    )
    trends.add_argument("--weeks", metavar="N", default="12", help="how many weeks (default 12)")
    trends.add_argument("--json", action="store_true", help="print the figures as JSON")


def run_week(args: argparse.Namespace) -> int:
    from tracker.storage.reports import load_week

    repository = open_repository(args)
    default = current_default_night(repository)
    night = parse_night_option(args.night, default)
    summary = load_week(repository, night, default)
    if args.json:
        print_json(summary.to_json())
    else:
        print_week(summary, repository.preferences().unit)
    return 0


def parse_weeks(text: str) -> int:
    return values.parse_count(text, "--weeks", low=1)


def run_trends(args: argparse.Namespace) -> int:
    from tracker.storage.reports import load_trends

    weeks = parse_weeks(args.weeks)
    repository = open_repository(args)
    summary = load_trends(repository, weeks, current_default_night(repository))
    if args.json:
        print_json(summary.to_json())
    else:
        print_trends(summary)
    return 0


def _clock(minutes: float | None) -> str:
    return "-" if minutes is None else clock.format_clock(round(minutes))


def _signed(minutes: float | None, unit: str = " min") -> str:
    return "-" if minutes is None else f"{minutes:+.0f}{unit}"


def print_week(summary: WeekSummary, unit: str = "C") -> None:
    headers = ["", *(day.night.strftime("%a %d") for day in summary.days)]
    rows: list[list[str]] = []

    def row(label: str, values: list[str]) -> None:
        rows.append([label, *values])

    logged = [day.record for day in summary.days]
    row("Bedtime", [_clock(n.bedtime) if n and n.bedtime is not None else "" for n in logged])
    row("Wake", [_clock(n.wake) if n and n.wake is not None else "" for n in logged])
    row(
        "Asleep",
        [clock.format_duration(n.sleep_minutes) if n and n.sleep_minutes else "" for n in logged],
    )
    row("Quality", [str(n.quality) if n and n.quality else "" for n in logged])

    def degrees(celsius: float) -> str:
        return values.format_degrees(celsius, unit)

    if any(n is not None and n.room_temp_c is not None for n in logged):
        row(  # as typed, in the person's unit (65 °F reads back 65)
            f"Bedroom °{unit}",
            ["" if n is None or n.room_temp_c is None else degrees(n.room_temp_c) for n in logged],
        )
    if any(n is not None and n.has_diary for n in logged):
        row(
            "Total sleep",
            [clock.format_duration(n.total_sleep) if n and n.total_sleep else "" for n in logged],
        )
        row(
            "Efficiency",
            [percent(n.efficiency) if n and n.efficiency is not None else "" for n in logged],
        )
    for practice in summary.included_practices:
        row(
            practice.key,
            [CELL_SYMBOLS[summary.cell(practice.key, index)] for index in range(len(summary.days))],
        )
    title = (
        f"Week {summary.week_start.isoformat()} to {summary.week_end.isoformat()}: "
        f"{summary.nights_logged} of {summary.nights_total} nights logged"
    )
    print_table(headers, rows, title=title)
    if summary.nights_logged == 0:
        print_lines(["No check-ins this week yet."])
        return
    change = summary.adherence_change
    adherence = f"Adherence {percent(summary.adherence)}" + (
        f" ({change * 100:+.0f} points on the previous week's "
        f"{percent(summary.previous_adherence)})"
        if change is not None
        else ""
    )
    lines = ["", LEGEND, ""]
    lines += wrap_items([f"{adherence};", f"coverage {percent(summary.coverage)}"])
    lines += wrap_items(
        separated([f"{name} {percent(value)}" for name, value in summary.categories.items()]),
        head="By category:",
    )
    lines += wrap_items(
        separated(
            [f"{key} {percent(tally.adherence)}" for key, tally in summary.practices.items()]
        ),
        head="By practice:",
    )
    lines += wrap_items(
        separated(
            [
                f"Bedtime {_clock(summary.bedtime_mean)} "
                f"(SD {number(summary.bedtime_sd_min, 0, ' min')})",
                f"wake {_clock(summary.wake_mean)} (SD {number(summary.wake_sd_min, 0, ' min')})",
                f"asleep {clock.format_duration(summary.sleep_mean_min)}",
                f"quality {number(summary.quality_mean, 1)}",
            ]
        )
    )
    lines += wrap_items(
        [
            f"Sleep Regularity Index {number(summary.sri, 0)};",
            f"weekend shift {_signed(summary.weekend_shift_min)}",
        ]
    )
    if summary.nights_logged < 2:
        lines.append("SD and SRI need at least 2 logged nights.")
    diary = summary.diary
    if diary.total_sleep is not None or diary.latency is not None:
        lines += wrap_items(
            separated(
                [
                    f"total sleep {clock.format_duration(diary.total_sleep)}",
                    f"latency {number(diary.latency, 0, ' min')}",
                    f"awake in the night {number(diary.waso, 0, ' min')}",
                    f"efficiency {percent(diary.efficiency)}",
                ]
            ),
            head="Diary:",
        )
    print_lines(lines)


def print_trends(summary: TrendsSummary) -> None:
    print_table(
        ["week", "nights", "adherence", "bed", "wake", "asleep", "quality", "eff."],
        [
            [
                week.week_start.isoformat(),
                str(week.nights_logged),
                percent(week.adherence),
                _clock(week.bedtime_mean),
                _clock(week.wake_mean),
                clock.format_duration(week.sleep_mean_min),
                number(week.quality_mean, 1),
                percent(week.efficiency_mean),
            ]
            for week in summary.weeks
        ],
        title=f"Last {len(summary.weeks)} weeks",
        right=[1, 2, 6, 7],
    )
    print_lines([""])
    print_table(
        ["practice", "adherence", "streak", "best", "strength", "quality done", "quality missed"],
        [
            [
                key,
                percent(trend.adherence),
                str(trend.current_streak),
                str(trend.best_streak),
                percent(trend.strength),
                number(trend.quality_done, 1),
                number(trend.quality_missed, 1),
            ]
            for key, trend in summary.practices.items()
        ],
        title="Practices (quality with and without: a description, not a cause)",
        right=[1, 2, 3, 4, 5, 6],
    )
