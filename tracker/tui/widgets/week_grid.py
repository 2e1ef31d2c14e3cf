"""The week grid (nights as columns, practices and times as rows) and the week's figures.

Both draw a ``WeekSummary`` as it is: every number comes from the summary, the same object
``week --json`` prints, and is only rounded here. Used by ``tracker.tui.screens.week``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static

from tracker.domain.grid import Cell
from tracker.domain.practices import Mark, Practice
from tracker.domain.text import printable
from tracker.domain.values import format_degrees
from tracker.tui.widgets import figures as f

if TYPE_CHECKING:
    from tracker.domain.nights import Night
    from tracker.domain.summary import DaySummary, WeekSummary

LABEL_WIDTH = 26
"""Row labels; with 7 cells of 6 and the week column the grid is 75 columns wide."""
CELL_WIDTH = 6
NOTE_MARK = "✎"
MARK_GROUP = Binding.Group("Mark", compact=True)
WEEK_WIDTH = 7
CATEGORY_NAMES = {
    "evening": "evening",
    "environment": "environment",
    "schedule": "schedule",
    "custom": "custom",
}


def _label(text: str, width: int = LABEL_WIDTH) -> str:
    if len(text) > width - 1:
        text = text[: width - 2] + "…"
    return text.ljust(width)


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
    width: int = LABEL_WIDTH,
) -> Content:
    cells: list[Content] = [Content(_label(label, width)).stylize("bold")]
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


def _practice_row(
    label: str,
    key: str,
    summary: WeekSummary,
    week_value: str,
    cursor: int | None = None,
    overlay: Mapping[tuple[date, str], Mark | None] | None = None,
    width: int = LABEL_WIDTH,
) -> Content:
    """One practice across the week; ``cursor`` is the column under the cursor (this row),
    ``overlay`` marks queued but not yet read back, shown at once."""
    cells: list[Content] = [Content(_label(label, width))]
    for index, day in enumerate(summary.days):
        state = summary.cell(key, index)
        if overlay and (day.night, key) in overlay:
            mark = overlay[(day.night, key)]
            state = Cell.NOT_ANSWERED if mark is None else Cell(mark.value)
        cell = _cell(f.CELL_SYMBOLS[state], f.CELL_STYLES[state])
        cells.append(cell.stylize("reverse", 0, CELL_WIDTH - 1) if index == cursor else cell)
    cells.append(_week(week_value))
    return Content("").join(cells)


def _note_row(summary: WeekSummary, width: int = LABEL_WIDTH) -> Content:
    """A marker under each night that has a note (its text shows over the grid)."""
    cells: list[Content] = [Content(_label("Note", width)).stylize("bold")]
    for day in summary.days:
        has_note = day.record is not None and bool(day.record.note)
        cells.append(_cell(NOTE_MARK if has_note else ""))
    return Content("").join(cells)


def _header(
    days: Sequence[DaySummary], today_index: int, width: int = LABEL_WIDTH, cursor: int = -1
) -> Content:
    cells: list[Content] = [Content(" " * width)]
    for index, day in enumerate(days):
        text = f"{day.night:%a}"[:2] + f"{day.night.day:>3}"
        style = "bold reverse" if index == today_index else "bold"
        cells.append(_cell(text, style + (" underline" if index == cursor else "")))
    cells.append(_week("week", "bold"))
    return Content("").join(cells)


def _optional(value: float | int | None, show: Callable[[float], str]) -> str | None:
    return None if value is None else show(value)


def week_grid(
    summary: WeekSummary,
    default_index: int | None = None,
    cursor: tuple[int, int] | None = None,
    overlay: Mapping[tuple[date, str], Mark | None] | None = None,
    width: int = LABEL_WIDTH,
    with_header: bool = True,
    unit: str = "C",
) -> Content:
    """The grid: a header of nights, then times, quality, bedroom temperature (in ``unit``,
    when any night has one), diary detail and practices.

    Args:
        summary: the week to draw.
        default_index: column of the default night, highlighted; None when not in this week.
        cursor: (practice row, night column) under the cursor, or None.
        overlay: marks queued for saving, shown before they are read back.
        width: columns of the row labels (at least ``LABEL_WIDTH``; wider where there is room).
        with_header: start with the header of nights (the app draws it apart, kept in view).
    """
    rows = [
        _header(summary.days, -1 if default_index is None else default_index, width),
        _value_row(
            "Bedtime",
            summary,
            lambda n: _optional(n.bedtime, f.clock_time),
            f.clock_time(summary.bedtime_mean),
            width=width,
        ),
        _value_row(
            "Wake",
            summary,
            lambda n: _optional(n.wake, f.clock_time),
            f.clock_time(summary.wake_mean),
            width=width,
        ),
        _value_row(
            "Time asleep",
            summary,
            lambda n: _optional(n.sleep_minutes, f.duration),
            f.duration(summary.sleep_mean_min),
            width=width,
        ),
        _value_row(
            "Quality (1-5)",
            summary,
            lambda n: _optional(n.quality, lambda q: f"{q:.0f}"),
            f.number(summary.quality_mean),
            width=width,
        ),
    ]
    temperatures = [
        day.record.room_temp_c
        for day in summary.days
        if day.record is not None and day.record.room_temp_c is not None
    ]
    if temperatures:  # as typed, in the person's unit (65 °F reads back 65)
        rows.append(
            _value_row(
                f"Bedroom °{unit}",
                summary,
                lambda n: None if n.room_temp_c is None else format_degrees(n.room_temp_c, unit),
                format_degrees(sum(temperatures) / len(temperatures), unit),
                width=width,
            )
        )
    if has_diary(summary):
        diary = summary.diary
        rows += [
            _value_row(
                "Total sleep",
                summary,
                lambda n: _optional(n.total_sleep, f.duration),
                f.duration(diary.total_sleep),
                width=width,
            ),
            _value_row(
                "Latency (min)",
                summary,
                lambda n: _optional(n.latency, lambda v: f"{v:.0f}"),
                f.number(diary.latency, 0),
                width=width,
            ),
            _value_row(
                "Awake in the night (min)",
                summary,
                lambda n: _optional(n.waso, lambda v: f"{v:.0f}"),
                f.number(diary.waso, 0),
                width=width,
            ),
            _value_row(
                "Sleep efficiency",
                summary,
                lambda n: _optional(n.efficiency, f.percent),
                f.percent(diary.efficiency),
                width=width,
            ),
        ]
    if any(day.record is not None and day.record.note for day in summary.days):
        rows.append(_note_row(summary, width))
    rows.append(Content(""))
    for index, practice in enumerate(summary.included_practices):
        tally = summary.practices[practice.key]
        label = printable(practice.label) + (" (archived)" if practice.archived else "")
        column = cursor[1] if cursor is not None and cursor[0] == index else None
        rows.append(
            _practice_row(
                label, practice.key, summary, f.percent(tally.adherence), column, overlay, width
            )
        )
    return Content("\n").join(rows if with_header else rows[1:])


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


class WeekGrid(Static, can_focus=True):
    """The week grid with a cursor over the practice cells.

    The grid only moves its cursor and says what was asked (messages up); the screen decides
    whether a mark is allowed and saves it through the check-in session.
    """

    BINDINGS = [
        Binding("up", "move(-1, 0)", "Up", show=False),
        Binding("down", "move(1, 0)", "Down", show=False),
        Binding("left", "move(0, -1)", "Night before", show=False),
        Binding("right", "move(0, 1)", "Night after", show=False),
        Binding("y", "mark('done')", "Done", id="week.done", group=MARK_GROUP,
                tooltip="Mark the practice done on the night under the cursor"),
        Binding("n", "mark('missed')", "Missed", id="week.missed", group=MARK_GROUP,
                tooltip="Mark it missed"),
        Binding("s", "mark('skipped')", "Skipped", id="week.skipped", group=MARK_GROUP,
                tooltip="Mark it skipped (excused)"),
        Binding("space", "mark('cycle')", "Cycle", id="week.cycle", show=False,
                tooltip="Cycle done, missed, skipped, not answered"),
        Binding("backspace", "mark('clear')", "Clear", id="week.clear", show=False,
                tooltip="Clear the answer"),
        Binding("enter", "open_night", "Check-in", id="week.open_night",
                tooltip="The check-in of the night under the cursor"),
    ]  # fmt: skip

    @dataclass
    class Moved(Message):
        """The cursor moved (or the week was redrawn under it)."""

        night: date

    @dataclass
    class PastEdge(Message):
        """The cursor was moved past the first or last night of the week."""

        step: int

    @dataclass
    class MarkAsked(Message):
        """A mark key was pressed on a cell."""

        night: date
        practice: Practice
        mark: Mark | None
        advance: bool
        """Move to the next practice once marked (``y``/``n``/``s``, as in the check-in)."""

    @dataclass
    class NightAsked(Message):
        """``enter``: open the check-in of this night."""

        night: date

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.summary: WeekSummary | None = None
        self.default_index: int | None = None
        self.row = 0
        """Index of the practice under the cursor (in ``summary.included_practices``)."""
        self.column = 0
        """Index of the night under the cursor (0 = the week's first night)."""
        self.overlay: dict[tuple[date, str], Mark | None] = {}
        """Marks queued for saving and not read back yet: shown at once."""
        self.unit = "C"
        """The person's temperature unit (the screen sets it from the preferences)."""

    def show(self, summary: WeekSummary, default_index: int | None) -> None:
        self.summary, self.default_index = summary, default_index
        self.row = max(0, min(self.row, len(summary.included_practices) - 1))
        self.redraw()

    def redraw(self) -> None:
        if self.summary is None:
            return
        cursor = (self.row, self.column) if self.summary.included_practices else None
        self.update(
            week_grid(
                self.summary,
                self.default_index,
                cursor,
                self.overlay,
                self.label_width,
                with_header=False,
                unit=self.unit,
            )
        )
        self.post_message(self.Moved(self.night))

    def header(self) -> Content:
        """The header of nights, the cursor's night underlined (drawn apart, kept in view)."""
        if self.summary is None:
            return Content("")
        today = -1 if self.default_index is None else self.default_index
        return _header(self.summary.days, today, self.label_width, self.column)

    @property
    def label_width(self) -> int:
        """Labels take the width there is (up to the longest), never less than 26 columns."""
        if self.summary is None:
            return LABEL_WIDTH
        longest = max(
            [len(p.label) + (11 if p.archived else 0) for p in self.summary.included_practices]
            + [LABEL_WIDTH - 1]
        )
        room = self.screen.size.width - 4 - CELL_WIDTH * 7 - WEEK_WIDTH
        return max(LABEL_WIDTH, min(longest + 1, room))

    @property
    def night(self) -> date:
        assert self.summary is not None
        return self.summary.days[self.column].night

    @property
    def practice(self) -> Practice | None:
        if self.summary is None or not self.summary.included_practices:
            return None
        return self.summary.included_practices[self.row]

    def place(self, column: int, key: str | None = None) -> None:
        """Put the cursor on a night column and, when it is shown, a practice's row."""
        self.column = max(0, min(6, column))
        if self.summary is not None and key is not None:
            keys = [p.key for p in self.summary.included_practices]
            if key in keys:
                self.row = keys.index(key)
        self.redraw()

    def cursor_region(self) -> Region:
        """Where the cursor cell is, in the grid's own coordinates (to scroll it into view)."""
        if self.summary is None:
            return Region(0, 0, 1, 1)
        top = self.summary_row_offset() + self.row
        return Region(self.label_width + CELL_WIDTH * self.column, top, CELL_WIDTH, 1)

    def summary_row_offset(self) -> int:
        """Lines above the first practice row: 4 values, diary rows, note row, gap."""
        assert self.summary is not None
        lines = 4 + (4 if has_diary(self.summary) else 0)
        if any(day.record is not None and day.record.note for day in self.summary.days):
            lines += 1
        return lines + 1

    def action_move(self, rows: int, columns: int) -> None:
        if self.summary is None:
            return
        if columns:
            column = self.column + columns
            if not 0 <= column <= 6:
                self.post_message(self.PastEdge(1 if column > 6 else -1))
                return
            self.column = column
        if rows:
            self.row = max(0, min(len(self.summary.included_practices) - 1, self.row + rows))
        self.redraw()

    def action_mark(self, what: str) -> None:
        practice = self.practice
        if practice is None:
            return
        night = self.night
        if what == "cycle":
            current = self.current_mark(practice.key)
            order = [None, Mark.DONE, Mark.MISSED, Mark.SKIPPED]
            mark = order[(order.index(current) + 1) % len(order)]
        elif what == "clear":
            mark = None
        else:
            mark = Mark(what)
        advance = what in ("done", "missed", "skipped")
        if self.column < self.summary.nights_total and not practice.derived:  # type: ignore[union-attr]
            # Shown and moved on now, not when the screen reads the message: the next key of
            # a burst (typed fast, or given back by the type-ahead) marks the next practice,
            # or cycles on from this mark. The screen saves it, or takes it back if refused.
            self.overlay[(night, practice.key)] = mark
            if advance:
                self.row = min(self.row + 1, len(self.summary.included_practices) - 1)  # type: ignore[union-attr]
            self.redraw()
        self.post_message(self.MarkAsked(night, practice, mark, advance))

    def current_mark(self, key: str) -> Mark | None:
        """The mark shown under the cursor (queued or stored)."""
        night = self.night
        if (night, key) in self.overlay:
            return self.overlay[(night, key)]
        assert self.summary is not None
        day = self.summary.days[self.column]
        return day.marks.get(key) if day.logged else None

    def action_open_night(self) -> None:
        if self.summary is not None:
            self.post_message(self.NightAsked(self.night))


class WeekFigures(Static):
    """The week's figures under the grid."""

    def show(self, summary: WeekSummary) -> None:
        self.update(Content("\n").join(Content(line) for line in week_figures(summary)))
