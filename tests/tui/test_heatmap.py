"""The trends calendar's month line names every month, over the week holding its 1st
(issue 13 item 8: it read ``Nov  Jan Feb``, December missing)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.tui.widgets.heatmap import WEEKS_SHOWN, calendar, month_labels


def month_firsts(first: date) -> list[tuple[int, str]]:
    """(column, name) of every 1st of a month inside the calendar's 53 week columns."""
    found = []
    for offset in range(WEEKS_SHOWN * 7):
        day = first + timedelta(days=offset)
        if day.day == 1:
            found.append((offset // 7, f"{day:%b}"))
    return found


@pytest.mark.parametrize("weekday", [0, 6], ids=["weeks from Monday", "weeks from Sunday"])
def test_every_month_named_over_its_first_week(weekday: int) -> None:
    """Every first day of a calendar over three years of start weeks."""
    start = date(2024, 1, 1)
    start += timedelta(days=(weekday - start.weekday()) % 7)
    for week in range(3 * 52):
        first = start + timedelta(weeks=week)
        line = month_labels(first)
        for column, name in month_firsts(first):
            assert line[column : column + 3] == name, (first, line)
        assert line == line.rstrip()


def test_december_is_named_in_a_year_ending_in_november() -> None:
    """The case seen: the year of weeks from Mon 24 Nov 2025 to Sun 29 Nov 2026."""
    line = month_labels(date(2025, 11, 24))
    names = line.split()
    assert names[:3] == ["Dec", "Jan", "Feb"]
    assert names[-1] == "Nov" and len(names) == 12


def test_the_calendar_draws_the_month_line() -> None:
    night = date(2026, 11, 29)
    text = calendar({night - timedelta(days=1): 1.0}, night, 0).plain
    assert text.splitlines()[0].split()[:3] == ["Dec", "Jan", "Feb"]
