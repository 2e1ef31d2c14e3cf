"""Keys typed while the check-in is not ready (the app opening, a night loading) act, in
order, on what appears, never on the night being left and never lost."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from tests.tui.test_week_trends import fill, sample_nights
from tests.tui.tui_support import DEFAULT_NIGHT, NOW, opened, settled
from tracker.domain.errors import UnusableFile
from tracker.domain.nights import Night
from tracker.domain.practices import Mark
from tracker.domain.summary import WeekSummary
from tracker.storage import reports
from tracker.storage.repository import Repository
from tracker.tui import data as tui_data
from tracker.tui.app import SleepTrackerApp, make_app
from tracker.tui.screens import checkin as checkin_screen
from tracker.tui.screens.week import WeekScreen
from tracker.tui.widgets.week_grid import WeekGrid

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
        for _ in range(100):  # the keys are given back one by one, ctrl+q last
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
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


# The week view ---------------------------------------------------------------------------

WEEK_BEFORE = DEFAULT_NIGHT - timedelta(days=7)


@pytest.fixture
def slow_week_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a week takes 0.3 s: the marks typed after `w`, `[` or `]` come while it loads."""
    real = reports.load_week

    def slow(*args: object, **kwargs: object) -> WeekSummary:
        time.sleep(0.3)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "load_week", slow)  # the week imports it in its worker


def burst(app: SleepTrackerApp, *keys: str) -> None:
    """Keys posted faster than the app reads them (a fast typist, a paste)."""
    for key in keys:
        character = {"left_square_bracket": "[", "right_square_bracket": "]"}.get(key, key)
        app.post_message(events.Key(key, character))


async def week_on_screen(pilot: Pilot[None]) -> WeekScreen:
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WeekScreen) and screen.summary is not None
    return screen


@pytest.mark.usefixtures("slow_week_loads")
@pytest.mark.parametrize(
    "times",
    [(), (*"2310", *"0650")],
    ids=["from the bedtime field", "from a practice row"],
)
async def test_marks_typed_with_the_week_key_mark_the_week_s_default_night(
    db_path: Path, stored: Stored, times: tuple[str, ...]
) -> None:
    fill(db_path, sample_nights())
    app = make_app(db_path, now=NOW, sub_title="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*times)  # with times typed, the cursor is on the first practice
        await settled(pilot)
        burst(app, "w", "y", "n")  # before the week has read a thing, or even opened
        screen = await week_on_screen(pilot)
        grid = screen.query_one(WeekGrid)
        assert grid.has_focus and grid.practice is not None
        assert grid.practice.key == "stretching"  # y and n each moved the cursor on
    night = stored(DEFAULT_NIGHT)
    assert night is not None
    assert night.marks == {"routine": Mark.DONE, "meditation": Mark.MISSED}


@pytest.mark.usefixtures("slow_week_loads")
async def test_marks_typed_after_a_week_key_mark_the_week_moved_to(
    db_path: Path, stored: Stored
) -> None:
    nights = sample_nights()
    fill(db_path, nights)
    before = {night.night: night for night in nights}
    app = make_app(db_path, now=NOW, sub_title="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("w")
        screen = await week_on_screen(pilot)
        burst(app, "left_square_bracket", "y", "n")  # the week before, its Monday
        await settled(pilot)
        assert screen.summary is not None and screen.summary.week_start == WEEK_BEFORE
        burst(app, "right_square_bracket", "s")  # back to this week, the cursor's row kept
        await settled(pilot)
        assert screen.summary is not None and screen.summary.week_start == DEFAULT_NIGHT
    went = stored(WEEK_BEFORE)
    assert went is not None
    expected = {**before[WEEK_BEFORE].marks, "routine": Mark.DONE, "meditation": Mark.MISSED}
    assert went.marks == expected
    back = stored(DEFAULT_NIGHT)
    assert back is not None and back.marks == {"stretching": Mark.SKIPPED}


async def test_keys_typed_while_a_week_fails_to_load_still_act(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A week that cannot be read lets go of the keys: escape typed with `w` goes back."""

    def unreadable(*_args: object, **_kwargs: object) -> WeekSummary:
        time.sleep(0.3)
        raise UnusableFile("Cannot read the week: the disk went away")

    fill(db_path, sample_nights())
    monkeypatch.setattr(reports, "load_week", unreadable)
    app = make_app(db_path, now=NOW, sub_title="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        burst(app, "w", "escape")
        await settled(pilot)
        assert app.screen is app.checkin
        assert not app.type_ahead.holding
