"""Pilot tests of the practice history screen: opened from the trends practice table, paged
by year, and its figures read back against the domain's own computation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from textual.widgets import Label, Static

from tests.tui.test_week_trends import fill, sample_nights, text
from tests.tui.tui_support import DEFAULT_NIGHT, opened, settled
from tracker.domain.nights import Night
from tracker.storage.reports import load_practice_history
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.history import HistoryScreen
from tracker.tui.screens.trends import TrendsScreen
from tracker.tui.widgets.practice_table import PracticeTable
from tracker.tui.widgets.year_calendar import YearCalendar


async def open_trends_practices(pilot) -> None:  # type: ignore[no-untyped-def]
    await opened(pilot)
    pilot.app.action_open_view("Trends")
    await settled(pilot)
    assert isinstance(pilot.app.screen, TrendsScreen)
    await pilot.press("left")  # from the first tab round to the last: Practices
    await pilot.press("tab")
    await settled(pilot)
    assert isinstance(pilot.app.focused, PracticeTable)


@pytest.fixture
def filled(db_path) -> list[Night]:  # type: ignore[no-untyped-def]
    nights = sample_nights()
    fill(db_path, nights)
    return nights


class TestPracticeHistory:
    async def test_enter_on_the_practice_table_opens_that_practices_history(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp], db_path
    ) -> None:
        async with new_app().run_test(size=(80, 24)) as pilot:
            await open_trends_practices(pilot)
            await pilot.press("down", "enter")
            await settled(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, HistoryScreen)
            assert screen.practice.key == "meditation"
            assert "Meditated before bed" in text(screen.query_one("#history-title", Label))
            with Repository.open(db_path) as repository:
                expected = load_practice_history(repository, screen.practice, DEFAULT_NIGHT)
            headline = text(screen.query_one("#history-headline", Label))
            first = expected.first_night
            assert first is not None
            assert headline.startswith(f"Since {first:%a} {first.day} {first:%b %Y}")
            assert f"strength {expected.strength:.0%}" in headline
            streaks = text(screen.query_one("#history-streaks", Static))
            best = expected.longest[0]
            assert f"{best.length} nights  {best.first:%a} {best.first.day}" in streaks
            calendar = text(screen.query_one(YearCalendar))
            assert calendar.splitlines()[0].split()[:2] == ["Jan", "Feb"]
            assert "✓" in calendar and "✗" in calendar
            weekdays = text(screen.query_one("#history-weekdays", Static))
            assert weekdays.count("of ") == 7

            # The first mark is in 2026: no earlier year; escape goes back to trends.
            await pilot.press("left_square_bracket")
            await settled(pilot)
            assert screen.year == 2026
            await pilot.press("escape")
            await settled(pilot)
            assert isinstance(pilot.app.screen, TrendsScreen)

    async def test_pages_back_to_the_first_year_reading_that_year(
        self, db_path, new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        from tracker.domain.practices import Mark

        fill(db_path, [
            Night(date(2024, 6, 3), 23 * 60, 7 * 60, marks={"routine": Mark.DONE}),
            Night(date(2026, 11, 20), 23 * 60, 7 * 60, marks={"routine": Mark.MISSED}),
        ])  # fmt: skip
        async with new_app().run_test(size=(80, 24)) as pilot:
            await open_trends_practices(pilot)
            await pilot.press("enter")
            await settled(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, HistoryScreen) and screen.practice.key == "routine"
            await pilot.press("left_square_bracket")
            await settled(pilot)
            assert "2025" in text(screen.query_one("#history-year", Label))
            assert "✓" not in text(screen.query_one(YearCalendar))
            await pilot.press("left_square_bracket")
            await settled(pilot)
            assert "2024" in text(screen.query_one("#history-year", Label))
            assert text(screen.query_one(YearCalendar)).count("✓") == 1
            await pilot.press("left_square_bracket")  # no earlier year than the first
            await settled(pilot)
            assert screen.year == 2024


async def test_the_palette_offers_each_practices_history(
    filled: list[Night], new_app: Callable[[], SleepTrackerApp]
) -> None:
    async with new_app().run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"History: Kept noise")
        await until(pilot, lambda: any("Kept noise down" in o for o in palette_options(pilot)))
        await pilot.press("enter")
        await settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.practice.key == "quiet_room"


def palette_options(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    from textual.command import CommandList

    found = pilot.app.screen.query(CommandList)
    if not found:
        return []
    options = found.first()
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def until(pilot, condition, tries: int = 200) -> None:  # type: ignore[no-untyped-def]
    """Wait for a condition (the palette searches in a worker), not for a fixed time."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


async def test_a_practice_added_but_never_marked_has_a_history_from_its_night(
    db_path, new_app: Callable[[], SleepTrackerApp]
) -> None:
    """Schema 3: the calendar shows "?" on the logged nights from the night it was added on
    and is blank before; strength waits for the first mark, and the headline says so."""
    from datetime import timedelta

    from tracker.domain.practices import Mark

    monday = date(2026, 11, 16)
    fill(db_path, [Night(monday + timedelta(days=offset), 23 * 60, 7 * 60,
                         marks={"routine": Mark.DONE}) for offset in range(7)])  # fmt: skip
    with Repository.open(db_path) as repository:
        repository.add_practice("reading", "Read before bed", added=date(2026, 11, 20))
    async with new_app().run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"History: Read before")
        await until(pilot, lambda: any("Read before bed" in o for o in palette_options(pilot)))
        await pilot.press("enter")
        await settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen) and screen.practice.key == "reading"
        await until(pilot, lambda: screen.history is not None)
        await settled(pilot)
        headline = text(screen.query_one("#history-headline", Label))
        calendar = text(screen.query_one(YearCalendar))
    assert headline.startswith("Added Fri 20 Nov 2026 · not marked yet")
    assert screen.history is not None and screen.history.strength is None
    assert calendar.count("?") == 3  # Fri 20, Sat 21 and Sun 22 (Mon 23 is not logged)
