"""The week grid (nights as columns, practices and times as rows) and the week's figures.

Both draw a ``WeekSummary`` as it is: every number comes from the summary, the same object
``week --json`` prints, and is only rounded here. Used by ``tracker.tui.screens.week``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from tracker.tui.widgets import figures as f

if TYPE_CHECKING:
    from tracker.domain.nights import Night
    from tracker.domain.summary import DaySummary, WeekSummary

LABEL_WIDTH = 26
"""Row labels; with 7 cells of 6 and the week column the grid is 75 columns wide."""
CELL_WIDTH = 6
WEEK_WIDTH = 7
CATEGORY_NAMES = {
    "evening": "evening",
    "environment": "environment",
    "schedule": "schedule",
    "custom": "custom",
}


def _label(text: str) -> str:
    if len(text) > LABEL_WIDTH - 1:
        text = text[: LABEL_WIDTH - 2] + "…"
    return text.ljust(LABEL_WIDTH)


def _cell(text: str, style: str = "") -> Content:
    content = Content(text.rjust(CELL_WIDTH - 1) + " ")
    return content.stylize(style, 0, CELL_WIDTH - 1) if style else content


def _week(text: str, style: str = "$text-primary") -> Content:
    return Content(" " + text.rjust(WEEK_WIDTH - 1)).stylize(style)


def has_diary(summary: WeekSummary) -> bool:
    """Whether any night of the week holds diary detail (the diary rows are shown)."""
    return any(day.record is not None and day.record.has_diary for day in summary.days)


def _value_row(
    label: str,
    summary: WeekSummary,
    value: Callable[[Night], str | None],
    week_value: str,
) -> Content:
    cells: list[Content] = [Content(_label(label)).stylize("bold")]
    for index, day in enumerate(summary.days):
        if index >= summary.nights_total:
            cells.append(_cell(""))  # a night still to come
        elif day.record is None:
            cells.append(_cell(f.NOT_LOGGED, "$text-muted"))
        else:
            shown = value(day.record)
            cells.append(_cell(f.MISSING if shown is None else shown))
    cells.append(_week(week_value))
    return Content("").join(cells)


def _practice_row(label: str, key: str, summary: WeekSummary, week_value: str) -> Content:
    cells: list[Content] = [Content(_label(label))]
    for index in range(len(summary.days)):
        state = summary.cell(key, index)
        cells.append(_cell(f.CELL_SYMBOLS[state], f.CELL_STYLES[state]))
    cells.append(_week(week_value))
    return Content("").join(cells)


def _header(days: Sequence[DaySummary], today_index: int) -> Content:
    cells: list[Content] = [Content(" " * LABEL_WIDTH)]
    for index, day in enumerate(days):
        text = f"{day.night:%a}"[:2] + f"{day.night.day:>3}"
        cells.append(_cell(text, "bold reverse" if index == today_index else "bold"))
    cells.append(_week("week", "bold"))
    return Content("").join(cells)


def _optional(value: float | int | None, show: Callable[[float], str]) -> str | None:
    return None if value is None else show(value)


def week_grid(summary: WeekSummary, default_index: int | None = None) -> Content:
    """The grid: a header of nights, then times, quality, diary detail and practices.

    Args:
        summary: the week to draw.
        default_index: column of the default night, highlighted; None when not in this week.
    """
    rows = [
        _header(summary.days, -1 if default_index is None else default_index),
        _value_row(
            "Bedtime",
            summary,
            lambda n: _optional(n.bedtime, f.clock_time),
            f.clock_time(summary.bedtime_mean),
        ),
        _value_row(
            "Wake",
            summary,
            lambda n: _optional(n.wake, f.clock_time),
            f.clock_time(summary.wake_mean),
        ),
        _value_row(
            "Time asleep",
            summary,
            lambda n: _optional(n.sleep_minutes, f.duration),
            f.duration(summary.sleep_mean_min),
        ),
        _value_row(
            "Quality (1-5)",
            summary,
            lambda n: _optional(n.quality, lambda q: f"{q:.0f}"),
            f.number(summary.quality_mean),
        ),
    ]
    if has_diary(summary):
        diary = summary.diary
        rows += [
            _value_row(
                "Total sleep",
                summary,
                lambda n: _optional(n.total_sleep, f.duration),
                f.duration(diary.total_sleep),
            ),
            _value_row(
                "Latency (min)",
                summary,
                lambda n: _optional(n.latency, lambda v: f"{v:.0f}"),
                f.number(diary.latency, 0),
            ),
            _value_row(
                "Awake in the night (min)",
                summary,
                lambda n: _optional(n.waso, lambda v: f"{v:.0f}"),
                f.number(diary.waso, 0),
            ),
            _value_row(
                "Sleep efficiency",
                summary,
                lambda n: _optional(n.efficiency, f.percent),
                f.percent(diary.efficiency),
            ),
        ]
    rows.append(Content(""))
    for practice in summary.included_practices:
        tally = summary.practices[practice.key]
        label = practice.label + (" (archived)" if practice.archived else "")
        rows.append(_practice_row(label, practice.key, summary, f.percent(tally.adherence)))
    return Content("\n").join(rows)


def week_headline(summary: WeekSummary) -> str:
    """Overall adherence and its change against the week before, in one line."""
    if summary.nights_logged == 0:
        return (
            f"No check-ins this week ({summary.nights_total} of 7 nights so far): "
            "nothing to add up yet."
        )
    if summary.previous_adherence is None:
        against = "no marks the week before to compare with"
    else:
        against = (
            f"{f.points(summary.adherence_change)} on the week before's "
            f"{f.percent(summary.previous_adherence)}"
        )
    return f"Overall adherence {f.percent(summary.adherence)} ({against})"


def week_figures(summary: WeekSummary) -> list[str]:
    """The week's coverage, category adherence and regularity, one line each, as plain text."""
    if summary.nights_logged == 0:
        return []
    lines = [
        f"Coverage {f.percent(summary.coverage)}: "
        f"{summary.nights_logged} of {summary.nights_total} nights logged",
        "By category: "
        + " · ".join(
            f"{CATEGORY_NAMES.get(name, name)} {f.percent(value)}"
            for name, value in summary.categories.items()
        ),
    ]
    if summary.bedtime_sd_min is None and summary.wake_sd_min is None:
        spread = "SD of bed and wake times needs 2 nights"
    else:
        spread = (
            f"SD bedtime {f.minutes(summary.bedtime_sd_min)} · "
            f"wake {f.minutes(summary.wake_sd_min)}"
        )
    if summary.sri is not None:
        sri = f"SRI {summary.sri:.0f}"
    elif summary.nights_logged < 2:
        sri = "SRI needs 2 nights"
    else:
        sri = "SRI needs 2 nights in a row"
    if summary.weekend_shift_min is not None:
        shift = f"weekend shift {f.minutes(summary.weekend_shift_min, signed=True)}"
    else:
        shift = "weekend shift needs a weekend and a weekday night"
    lines.append(f"{spread} · {sri}")
    lines.append(shift[0].upper() + shift[1:])
    if has_diary(summary):
        diary = summary.diary
        lines.append(
            f"Diary means: awakenings {f.number(diary.awakenings)} · "
            f"time in bed {f.duration(diary.time_in_bed)} · "
            f"efficiency {f.percent(diary.efficiency)}"
        )
    return lines


class WeekGrid(Static):
    """The week grid; ``show`` draws a summary."""

    def show(self, summary: WeekSummary, default_index: int | None) -> None:
        self.update(week_grid(summary, default_index))


class WeekFigures(Static):
    """The week's figures under the grid."""

    def show(self, summary: WeekSummary) -> None:
        self.update(Content("\n").join(Content(line) for line in week_figures(summary)))
