"""A year of one practice's marks: weeks as columns, weekdays as rows, one symbol per night.

The symbols are the week grid's (✓ ✗ – ? ·), so the calendar reads without colour; colour
only repeats them. Blank: before the practice was added or first marked, or a night still to come.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from textual.content import Content
from textual.widgets import Static

from tracker.domain.grid import Cell
from tracker.tui.widgets import figures as f

ROW_LABEL_WIDTH = 4
LEGEND = "✓ done  ✗ missed  – skipped  ? not answered  · not logged  blank: not yet"


def year_calendar(cells: Mapping[date, Cell], year: int, week_start_weekday: int) -> Content:
    """Month names over week columns, then one row per weekday.

    Args:
        cells: every night of the year -> its cell (see ``history.year_cells``).
        week_start_weekday: 0 for Monday ... 6 for Sunday (the top row).
    """
    first = date(year, 1, 1)
    start = first - timedelta(days=(first.weekday() - week_start_weekday) % 7)
    last = date(year, 12, 31)
    columns = (last - start).days // 7 + 1
    months = [" "] * columns
    free_from = 0
    for column in range(columns):
        week = start + timedelta(days=7 * column)
        for offset in range(7):
            night = week + timedelta(days=offset)
            if night.year == year and night.day == 1 and column >= free_from:
                name = f"{night:%b}"
                months[column : column + len(name)] = list(name)
                free_from = column + len(name) + 1
                break
    rows = [Content(" " * ROW_LABEL_WIDTH + "".join(months[:columns])).stylize("bold")]
    for offset in range(7):
        weekday = start + timedelta(days=offset)
        parts = [Content(f"{weekday:%a}"[:3].ljust(ROW_LABEL_WIDTH)).stylize("$text-muted")]
        for column in range(columns):
            night = weekday + timedelta(days=7 * column)
            state = cells.get(night) if night.year == year else None
            if state is None:
                parts.append(Content(" "))
            else:
                symbol = f.CELL_SYMBOLS[state] or " "
                parts.append(Content(symbol).stylize(f.CELL_STYLES[state]))
        rows.append(Content("").join(parts))
    return Content("\n").join(rows)


class YearCalendar(Static):
    """One year of a practice's marks; ``show`` draws it."""

    def show(self, cells: Mapping[date, Cell], year: int, week_start_weekday: int) -> None:
        self.update(year_calendar(cells, year, week_start_weekday))
