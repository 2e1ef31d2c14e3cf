"""A GitHub-style calendar of nightly adherence over one year: weeks as columns, 7 rows.

Each night's own overall adherence comes from ``TrendsSummary.nightly_adherence``; the
calendar only sorts it into five levels. Levels are drawn with blocks of rising height as well
as shades of the theme's success colour, so they read without colour too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from textual.content import Content
from textual.widgets import Static

WEEKS_SHOWN = 53
"""Enough columns for a whole year whatever the weekday it starts on."""
LEVELS: tuple[tuple[float, str, str], ...] = (
    (0.25, "▁", "$success-darken-3"),
    (0.50, "▃", "$success-darken-2"),
    (0.75, "▅", "$success-darken-1"),
    (1.00, "▇", "$success"),
)
"""(upper bound, exclusive, of the level; character; style); 100 % has its own level."""
FULL = ("█", "$success-lighten-1")
NOT_LOGGED = ("·", "$text-muted")
UNANSWERED = ("?", "$text-muted")
ROW_LABEL_WIDTH = 4
LEGEND = "· not logged  ? unmarked  ▁ <25%  ▃ <50%  ▅ <75%  ▇ <100%  █ 100%"


def cell(adherence: float | None, logged: bool) -> tuple[str, str]:
    """Character and style for one night."""
    if not logged:
        return NOT_LOGGED
    if adherence is None:
        return UNANSWERED
    for bound, character, style in LEVELS:
        if adherence < bound:
            return character, style
    return FULL


def month_labels(first: date) -> str:
    """The line over the calendar's columns: each month's name over the week holding its
    1st, and the first column's month when there is room for it before the next name.

    Months start at least four columns apart, so three letters and a space always fit; a
    name over one of the last columns runs on past the grid rather than being dropped.
    """
    starts: list[tuple[int, str]] = []
    for column in range(WEEKS_SHOWN):
        week = first + timedelta(days=7 * column)
        first_of_month = next(
            (week + timedelta(days=d) for d in range(7) if (week + timedelta(days=d)).day == 1),
            None,
        )
        if first_of_month is not None:
            starts.append((column, f"{first_of_month:%b}"))
    if not starts or starts[0][0] >= 4:  # the first column's month fits before the next name
        starts.insert(0, (0, f"{first:%b}"))
    line = ""
    for column, name in starts:
        line = line.ljust(column) + name
    return line


def calendar(
    nightly: Mapping[date, float | None], last_night: date, week_start_weekday: int
) -> Content:
    """The calendar for the year of weeks ending with the week holding ``last_night``.

    Args:
        nightly: each logged night -> its own overall adherence (None: nothing marked).
        last_night: the default night; later nights of its week are left blank, and so are
            the nights before the first logged one.
        week_start_weekday: 0 for Monday ... 6 for Sunday (the top row).
    """
    first_logged = min(nightly, default=last_night + timedelta(days=1))
    last_start = last_night - timedelta(days=(last_night.weekday() - week_start_weekday) % 7)
    first = last_start - timedelta(days=7 * (WEEKS_SHOWN - 1))
    months = month_labels(first)
    lines = [Content(" " * ROW_LABEL_WIDTH + months).stylize("$text-muted")]
    for row in range(7):
        day = first + timedelta(days=row)
        parts = [Content(f"{day:%a}"[:2].ljust(ROW_LABEL_WIDTH)).stylize("$text-muted")]
        for column in range(WEEKS_SHOWN):
            night = day + timedelta(days=7 * column)
            if night > last_night or night < first_logged:
                parts.append(Content(" "))  # still to come, or before the first check-in
                continue
            character, style = cell(nightly.get(night), night in nightly)
            parts.append(Content(character).stylize(style))
        lines.append(Content("").join(parts))
    return Content("\n").join(lines)


class HeatmapCalendar(Static):
    """One year of nightly adherence; ``show`` draws it."""

    def show(
        self, nightly: Mapping[date, float | None], last_night: date, week_start_weekday: int
    ) -> None:
        self.update(calendar(nightly, last_night, week_start_weekday))
