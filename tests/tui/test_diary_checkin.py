"""The check-in with the full sleep diary (issue 8), and keys that pass through time fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.tui.tui_support import DEFAULT_NIGHT, opened, settled
from tracker.domain.nights import Night
from tracker.domain.preferences import DiaryMode, TempUnit
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.checkin import CheckinScreen
from tracker.tui.screens.settings import SettingsScreen
from tracker.tui.widgets.entry_field import EntryField


def set_preference(db_path: Path, name: str, value: str) -> None:
    with Repository.open(db_path) as repository:
        repository.set_preference(name, value)


async def test_full_diary_check_in_is_typed_like_the_times(
    db_path: Path,
    new_app: Callable[[], SleepTrackerApp],
    stored: Callable[[date], Night | None],
) -> None:
    set_preference(db_path, "diary", "full")
    app = new_app()
    keys = [*"2310", *"0650", *"2240", *"25", "enter", "2", "enter", *"40", "enter", *"0715"]
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert app.screen.query_one("#diary").display
        await pilot.press(*keys, *"ynsyyn", "4")
        await settled(pilot)
        await pilot.press("ctrl+q")
    night = stored(DEFAULT_NIGHT)
    assert night is not None
    assert (night.in_bed, night.latency, night.awakenings, night.waso, night.out_of_bed) == (
        22 * 60 + 40,
        25,
        2,
        40,
        7 * 60 + 15,
    )
    # The hand-worked night of DESIGN.md: TST 395, TIB 515, SE 0.767
    assert (night.total_sleep, night.time_in_bed) == (395, 515)
    assert round(night.efficiency or 0, 3) == 0.767
    assert night.marks["routine"] == "done" and night.quality == 4


async def test_basic_diary_hides_the_row_and_keeps_the_keystrokes(
    new_app: Callable[[], SleepTrackerApp], stored: Callable[[date], Night | None]
) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert not app.screen.query_one("#diary").display
        await pilot.press(*"2310", *"0650", "a", "ctrl+q")
    night = stored(DEFAULT_NIGHT)
    assert night is not None and night.in_bed is None and len(night.marks) == 6


async def test_a_refused_diary_value_is_explained_and_not_saved(
    db_path: Path,
    new_app: Callable[[], SleepTrackerApp],
    stored: Callable[[date], Night | None],
) -> None:
    set_preference(db_path, "diary", "full")
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"2310", *"0650", *"2240", *"999", "enter")
        await settled(pilot)
        reason = str(app.screen.query_one("#diary .reason").render())
        assert "Latency must be 0-720 minutes, not 999" in reason
        await pilot.press("ctrl+q")
    night = stored(DEFAULT_NIGHT)
    assert night is not None and night.in_bed == 22 * 60 + 40 and night.latency is None


async def test_view_keys_work_from_the_bedtime_field(
    new_app: Callable[[], SleepTrackerApp],
) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        bedtime = app.screen.query_one("#bedtime", EntryField)
        assert app.focused is bedtime.entry
        await pilot.press("w")
        await settled(pilot)
        assert type(app.screen).__name__ == "WeekScreen"
        assert bedtime.entry.value == ""  # the letter was not typed into the time field


async def test_settings_changes_reach_the_check_in(
    db_path: Path, new_app: Callable[[], SleepTrackerApp]
) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        checkin = app.screen
        assert isinstance(checkin, CheckinScreen)
        await pilot.press(*"2310", *"0650")
        temperature = checkin.query_one("#temperature", EntryField)
        temperature.entry.focus()
        await pilot.press(*"19.5", "enter")
        await settled(pilot)
        changed = replace(app.preferences, unit=TempUnit.F, diary=DiaryMode.FULL)
        app.post_message(SettingsScreen.Changed(changed))
        await settled(pilot)
        await settled(pilot)
        assert temperature.entry.value == "67.1"  # 19.5 °C shown in °F
        assert temperature.entry.placeholder == "°F"
        assert checkin.query_one("#diary").display


async def test_an_empty_previous_night_opens_at_the_bedtime(
    new_app: Callable[[], SleepTrackerApp], stored: Callable[[date], Night | None]
) -> None:
    """After a check-in, `[` goes to the night before; its times are typed straight away."""
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"2310", *"0650", "a", "4", "left_square_bracket")
        await settled(pilot)
        await pilot.press(*"2250", *"0640")
        await settled(pilot)
        await pilot.press("ctrl+q")
    before = stored(date(2026, 11, 22))
    assert before is not None and (before.bedtime, before.wake) == (22 * 60 + 50, 6 * 60 + 40)
    assert before.quality is None  # the digits went to the times, not to quality


async def test_night_keys_pressed_in_a_row_each_count(
    new_app: Callable[[], SleepTrackerApp],
) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        checkin = app.screen
        assert isinstance(checkin, CheckinScreen)
        checkin.query_one("#quality").focus()
        # Loads wait for the saves: the keys all arrive while the nights are still loading.
        with checkin.session.held():
            await pilot.press("3")
            await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await settled(pilot)
        await settled(pilot)
        assert checkin.data.night == date(2026, 11, 20)
        with checkin.session.held():
            await pilot.press("4")
            await pilot.press("left_square_bracket", "t")
        await settled(pilot)
        await settled(pilot)
        assert checkin.data.night == DEFAULT_NIGHT
