"""Keys typed while the check-in is not ready (the app opening, a night loading) act, in
order, on what appears, never on the night being left and never lost."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual import events

from tests.tui.tui_support import DEFAULT_NIGHT, NOW, opened, settled
from tracker.domain.nights import Night
from tracker.storage.repository import Repository
from tracker.tui import data as tui_data
from tracker.tui.app import make_app
from tracker.tui.screens import checkin as checkin_screen

Stored = Callable[[date], Night | None]
NIGHT_BEFORE = DEFAULT_NIGHT - timedelta(days=1)


@pytest.fixture
def slow_night_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a night takes 0.3 s (a busy disk, a far server): keys come while it loads."""
    real = tui_data.load_checkin

    def slow(*args: object, **kwargs: object) -> tui_data.CheckinData:
        time.sleep(0.3)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checkin_screen, "load_checkin", slow)


@pytest.mark.usefixtures("slow_night_loads")
async def test_times_typed_while_the_previous_night_loads_go_to_that_night(
    db_path: Path, stored: Stored
) -> None:
    app = make_app(db_path, now=NOW, sub_title="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("left_square_bracket", *"2310", *"0650", "3")
        await settled(pilot)
        assert app.screen.data.night == NIGHT_BEFORE  # type: ignore[attr-defined]
    went = stored(NIGHT_BEFORE)
    assert went is not None
    assert (went.bedtime, went.wake, went.quality) == (23 * 60 + 10, 6 * 60 + 50, 3)
    assert stored(DEFAULT_NIGHT) is None  # the night left got none of it


@pytest.mark.usefixtures("slow_night_loads")
async def test_keys_after_two_night_keys_wait_for_the_second_night(
    db_path: Path, stored: Stored
) -> None:
    app = make_app(db_path, now=NOW, sub_title="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("left_square_bracket", "left_square_bracket", *"2230", "ctrl+q")
    assert app.return_code == 0
    two_back = stored(DEFAULT_NIGHT - timedelta(days=2))
    assert two_back is not None and two_back.bedtime == 22 * 60 + 30
    assert stored(NIGHT_BEFORE) is None and stored(DEFAULT_NIGHT) is None


async def test_a_bedtime_typed_while_the_app_opens_is_kept(db_path: Path, stored: Stored) -> None:
    def slow_open(_repository: Repository, _now: datetime) -> None:
        time.sleep(0.5)  # the first frame is up; the database is still opening

    app = make_app(db_path, now=NOW, fill=slow_open, sub_title="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"2310", *"0650")
        await opened(pilot)
        await settled(pilot)
    night = stored(DEFAULT_NIGHT)
    assert night is not None and (night.bedtime, night.wake) == (23 * 60 + 10, 6 * 60 + 50)


async def test_a_burst_after_the_night_key_from_a_practice_row_goes_to_the_new_night(
    db_path: Path, stored: Stored
) -> None:
    """Keys pasted or typed faster than the app reads them reach the focused row before the
    `[` ahead of them has run: they still belong to the night `[` goes to."""
    app = make_app(db_path, now=NOW, sub_title="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"2310", *"0650")  # the cursor moves on to the first practice
        await settled(pilot)
        assert type(app.focused).__name__ == "PracticeRow"
        for key in ("left_square_bracket", *"2245", *"0615", "4"):
            character = "[" if key == "left_square_bracket" else key
            app.post_message(events.Key(key, character))
        await settled(pilot)
    went, left = stored(NIGHT_BEFORE), stored(DEFAULT_NIGHT)
    assert went is not None
    assert (went.bedtime, went.wake, went.quality) == (22 * 60 + 45, 6 * 60 + 15, 4)
    assert left is not None and (left.bedtime, left.quality) == (23 * 60 + 10, None)
