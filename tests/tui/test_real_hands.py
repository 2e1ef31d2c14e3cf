"""Issue 13, "The app in real hands": one test per numbered defect, on the real app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from tests.tui.tui_support import DEFAULT_NIGHT, opened, settled
from tracker.domain.nights import Night
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.checkin import CheckinScreen
from tracker.tui.screens.help import HelpScreen

NewApp = Callable[[], SleepTrackerApp]
Stored = Callable[[date], Night | None]


@pytest.mark.parametrize("view_key", ["e", "w", "r", "comma", "question_mark"])
async def test_1_a_view_key_right_after_q_quits_cleanly(
    new_app: NewApp, stored: Stored, view_key: str
) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"2310", "q", view_key, view_key, "q")
    assert app.return_code == 0
    night = stored(DEFAULT_NIGHT)
    assert night is not None and night.bedtime == 23 * 60 + 10


async def test_7_the_palette_keys_command_opens_our_help_and_escape_closes_it(
    new_app: NewApp,
) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        keys = [c for c in app.get_system_commands(app.screen) if c.title == "Keys"]
        assert len(keys) == 1
        keys[0].callback()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert not app.screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)


@pytest.mark.parametrize("view_key", ["w", "r", "comma"])
async def test_13_escape_goes_back_to_the_checkin_from_every_view(
    new_app: NewApp, view_key: str
) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        checkin = app.screen
        await pilot.press("tab", "tab", view_key)  # outside the text fields
        await settled(pilot)
        assert app.screen is not checkin
        await pilot.press("escape")
        await settled(pilot)
        assert app.screen is checkin
        await pilot.press("escape")  # on the check-in itself: nothing happens
        await settled(pilot)
        assert app.screen is checkin


async def test_14_g_goes_to_a_typed_night_and_refuses_what_is_not_one(new_app: NewApp) -> None:
    from tracker.tui.screens.go_to_date import GoToDate

    app = new_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await opened(pilot)
        checkin = app.screen
        assert isinstance(checkin, CheckinScreen)
        await pilot.press("tab", "tab", "g")  # outside the text fields
        assert isinstance(app.screen, GoToDate)
        await pilot.press(*"2x", "enter")
        assert isinstance(app.screen, GoToDate)
        assert "not a date" in str(app.screen.query_one("#go-reason").render())
        await pilot.press("backspace", "backspace", *"21", "enter")
        await settled(pilot)
        assert app.screen is checkin
        assert checkin.data.night == date(2026, 11, 2)
        await pilot.press("g", *"2026-11-24", "enter")  # the future: refused, stays open
        assert isinstance(app.screen, GoToDate)
        await pilot.press(*"2026-11-20", "enter")  # the refused text was selected
        await settled(pilot)
        assert checkin.data.night == date(2026, 11, 20)
        await pilot.press("g", "escape")
        await settled(pilot)
        assert app.screen is checkin and checkin.data.night == date(2026, 11, 20)
