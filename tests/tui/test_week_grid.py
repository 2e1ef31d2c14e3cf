"""The week grid as a place to work (issue 17; issue 13 items 3 and 6; issue 19 item 4): a
cursor over the cells, marks saved through the check-in's rules and read back from the
database, the check-in of the cursor's night, notes, and the grid at 60 columns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Label

from tests.tui.test_week_trends import fill, open_view, sample_nights, text
from tests.tui.tui_support import DEFAULT_NIGHT, opened, settled
from tracker.domain.nights import Night
from tracker.domain.practices import Mark
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.week import WeekScreen
from tracker.tui.widgets.save_state import SaveState
from tracker.tui.widgets.week_grid import WeekGrid

MON_16 = date(2026, 11, 16)


@pytest.fixture
def filled(db_path: Path) -> list[Night]:
    nights = sample_nights()
    fill(db_path, nights)
    return nights


def stored(db_path: Path, night: date) -> Night | None:
    with Repository.open(db_path) as repository:
        return repository.get_night(night)


async def until(pilot: Pilot[None], condition: Callable[[], bool], tries: int = 300) -> None:
    """Wait for what a person would see (saves run in threads), never for a fixed time."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the screen never reached the expected state")


def saved(screen: WeekScreen) -> Callable[[], bool]:
    grid = screen.query_one(WeekGrid)
    state = screen.query_one(SaveState)
    return lambda: state.state == "saved" and not grid.overlay


async def open_week(pilot: Pilot[None]) -> WeekScreen:
    await opened(pilot)
    await open_view(pilot, "Week")
    screen = pilot.app.screen
    assert isinstance(screen, WeekScreen) and screen.summary is not None
    return screen


def row_of(grid: WeekGrid, key: str) -> str:
    """The text of a practice's row in the grid."""
    assert grid.summary is not None
    labels = {p.key: p.label[:20] for p in grid.summary.included_practices}
    return next(line for line in text(grid).splitlines() if line.startswith(labels[key]))


class TestMarkingFromTheGrid:
    async def test_y_n_s_mark_the_default_night_and_the_database_has_them(
        self, db_path: Path, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(100, 30)) as pilot:
            screen = await open_week(pilot)
            grid = screen.query_one(WeekGrid)
            assert grid.night == DEFAULT_NIGHT  # the default night's column first
            assert grid.practice is not None and grid.practice.key == "routine"
            await pilot.press("y", "n", "s")
            await until(pilot, saved(screen))
            night = stored(db_path, DEFAULT_NIGHT)
            assert night is not None
            assert night.marks == {
                "routine": Mark.DONE,
                "meditation": Mark.MISSED,
                "stretching": Mark.SKIPPED,
            }
            assert row_of(grid, "routine").split()[-2:] == ["✓", "100%"]
            assert row_of(grid, "meditation").split()[-2:] == ["✗", "0%"]
            assert grid.practice.key == "cool_room"  # y/n/s move on, as in the check-in
            # The check-in of that night shows the marks made in the grid.
            await pilot.press("c")
            await settled(pilot)
            checkin = pilot.app.screen
            assert checkin is pilot.app.checkin  # type: ignore[attr-defined]
            await until(
                pilot,
                lambda: [row.mark for row in checkin.rows][:3]  # type: ignore[attr-defined]
                == [Mark.DONE, Mark.MISSED, Mark.SKIPPED],
            )

    async def test_space_cycles_and_backspace_clears_on_a_past_night(
        self, db_path: Path, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(100, 30)) as pilot:
            screen = await open_week(pilot)
            grid = screen.query_one(WeekGrid)
            await pilot.press("left_square_bracket")
            await settled(pilot)
            assert grid.night == MON_16
            before = stored(db_path, MON_16)
            assert before is not None
            current = before.marks.get("routine")
            order = [None, Mark.DONE, Mark.MISSED, Mark.SKIPPED]
            await pilot.press("space")
            await until(pilot, saved(screen))
            expected = order[(order.index(current) + 1) % 4]
            assert stored(db_path, MON_16).marks.get("routine") == expected  # type: ignore[union-attr]
            await pilot.press("backspace")
            await until(pilot, lambda: "routine" not in stored(db_path, MON_16).marks)  # type: ignore[union-attr]
            await until(pilot, saved(screen))
            # Every other value of the night is untouched.
            after = stored(db_path, MON_16)
            assert after is not None and after.bedtime == before.bedtime
            assert {k: v for k, v in after.marks.items() if k != "routine"} == {
                k: v for k, v in before.marks.items() if k != "routine"
            }

    async def test_a_future_night_and_a_derived_practice_refuse_with_their_reason(
        self, db_path: Path, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(100, 30)) as pilot:
            screen = await open_week(pilot)
            grid = screen.query_one(WeekGrid)
            await pilot.press("right", "y")
            await settled(pilot)
            assert grid.night == date(2026, 11, 24)
            messages = [str(n.message) for n in pilot.app._notifications]
            assert any("Tue 24 Nov is in the future" in m for m in messages)
            assert stored(db_path, date(2026, 11, 24)) is None
            await pilot.press("left", *["down"] * 6)
            assert grid.practice is not None and grid.practice.key == "on_time_bed"
            await pilot.press("y")
            await settled(pilot)
            messages = [str(n.message) for n in pilot.app._notifications]
            assert any("is judged from the bedtime you log" in m for m in messages)
            assert stored(db_path, DEFAULT_NIGHT) is None
            assert not grid.overlay


    async def test_a_mark_shows_at_once_while_the_session_is_still_writing(
        self, db_path: Path, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(100, 30)) as pilot:
            screen = await open_week(pilot)
            grid = screen.query_one(WeekGrid)
            session = pilot.app.session  # type: ignore[attr-defined]
            with session.held():  # the check-in's own queue: nothing is written meanwhile
                await pilot.press("y")
                await pilot.pause()
                assert row_of(grid, "routine").split()[-2] == "✓"
                assert screen.query_one(SaveState).state == "saving"
                assert stored(db_path, DEFAULT_NIGHT) is None
            await until(pilot, saved(screen))
            assert stored(db_path, DEFAULT_NIGHT).marks == {"routine": Mark.DONE}  # type: ignore[union-attr]


class TestCheckinFromTheGrid:
    async def test_enter_opens_that_nights_checkin_and_w_brings_the_week_back(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(100, 30)) as pilot:
            screen = await open_week(pilot)
            await pilot.press("left_square_bracket")
            await settled(pilot)
            await pilot.press("right", "right", "down", "enter")
            await settled(pilot)
            checkin = pilot.app.screen
            assert checkin is pilot.app.checkin  # type: ignore[attr-defined]
            assert checkin.data.night == date(2026, 11, 18)  # type: ignore[attr-defined]
            assert "Wednesday 18 November 2026" in text(checkin.query_one("#night", Label))
            checkin.query_one(".practice").focus()
            await pilot.press("w")
            await settled(pilot)
            week = pilot.app.screen
            assert isinstance(week, WeekScreen) and week is not screen
            grid = week.query_one(WeekGrid)
            assert week.summary is not None and week.summary.week_start == MON_16
            assert grid.night == date(2026, 11, 18)
            assert grid.practice is not None and grid.practice.key == "meditation"

    async def test_c_opens_a_night_of_the_week_on_screen(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        """Issue 13, item 6: not the default night, the night under the cursor."""
        async with new_app().run_test(size=(100, 30)) as pilot:
            await open_week(pilot)
            await pilot.press("left_square_bracket")
            await settled(pilot)
            await pilot.press("right", "c")
            await settled(pilot)
            assert pilot.app.screen.data.night == date(2026, 11, 17)  # type: ignore[attr-defined]


class TestNotesAndWidth:
    async def test_the_note_of_the_night_under_the_cursor_shows_escaped(
        self, db_path: Path, new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        fill(db_path, [Night(date(2026, 11, 22), 23 * 60, 7 * 60, note="late \x1b[31mparty")])
        async with new_app().run_test(size=(100, 30)) as pilot:
            screen = await open_week(pilot)
            await pilot.press("left_square_bracket")
            await settled(pilot)
            note = screen.query_one("#week-note", Label)
            assert "No note on Mon 16 Nov" in text(note)
            grid = screen.query_one(WeekGrid)
            await pilot.press(*["right"] * 6)
            await until(pilot, lambda: grid.night == date(2026, 11, 22))
            assert text(note) == "✎ Sun 22 Nov: late \\x1b[31mparty"
            assert "✎" in next(line for line in text(grid).splitlines() if line.startswith("Note"))

    async def test_at_60_columns_the_cursor_scrolls_to_sunday_and_the_week_column(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(60, 20)) as pilot:
            screen = await open_week(pilot)
            await pilot.press("left_square_bracket")
            await settled(pilot)
            body = screen.query_one("#week-body")
            assert body.scroll_x == 0  # Monday: the labels are in view
            await pilot.press(*["right"] * 6)
            await pilot.pause()
            grid = screen.query_one(WeekGrid)
            assert grid.night == date(2026, 11, 22)
            assert body.scroll_x > 0  # scrolled sideways to Sunday
            assert body.max_scroll_x > 0  # and Sa, Su and the week column can be reached


class TestGoToDate:
    async def test_g_goes_to_the_week_of_a_typed_night_with_the_cursor_on_it(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        """Issue 13, item 14: three weeks back is `g 21 enter`, not 21 presses."""
        async with new_app().run_test(size=(80, 24)) as pilot:
            screen = await open_week(pilot)
            grid = screen.query_one(WeekGrid)
            await pilot.press("g", *"21", "enter")
            await until(pilot, lambda: screen.summary.week_start == date(2026, 11, 2))  # type: ignore[union-attr]
            assert pilot.app.screen is screen
            assert grid.night == date(2026, 11, 2)
            await pilot.press("g", *"2026-10-29", "enter")
            await until(pilot, lambda: screen.summary.week_start == date(2026, 10, 26))  # type: ignore[union-attr]
            assert grid.night == date(2026, 10, 29)
            await pilot.press("g", "escape")  # closed: nothing moves
            await settled(pilot)
            assert pilot.app.screen is screen and grid.night == date(2026, 10, 29)


async def test_a_practice_added_on_friday_is_blank_before_and_not_answered_from_then_on(
    db_path: Path, new_app: Callable[[], SleepTrackerApp]
) -> None:
    """Schema 3: nights before the practice was added are blank; the logged nights from the
    night it was added on show "?" (not answered) although it was never marked."""
    fill(db_path, [Night(night=MON_16 + timedelta(days=offset), bedtime=23 * 60, wake=7 * 60,
                         marks={"routine": Mark.DONE}) for offset in range(8)])  # fmt: skip
    with Repository.open(db_path) as repository:
        repository.add_practice("reading", "Read before bed", added=MON_16 + timedelta(days=4))
    async with new_app().run_test(size=(100, 30)) as pilot:
        screen = await open_week(pilot)
        await pilot.press("left")  # the week of Mon 16 - Sun 22
        await until(pilot, lambda: screen.summary is not None
                    and screen.summary.week_start == MON_16)  # fmt: skip
        await settled(pilot)
        grid = str(screen.query_one(WeekGrid).render()).splitlines()
    reading = next(line for line in grid if line.startswith("Read before bed"))
    routine = next(line for line in grid if line.startswith("Followed"))
    assert reading.split()[3:] == ["?", "?", "?", "–"], grid
    # Each "?" stands under Friday, Saturday and Sunday's marks of routine.
    assert [i for i, c in enumerate(reading) if c == "?"] == [
        i for i, c in enumerate(routine) if c == "✓"][4:]  # fmt: skip


async def test_the_bedroom_temperature_reads_back_in_the_week_as_typed(
    db_path: Path, new_app: Callable[[], SleepTrackerApp]
) -> None:
    """DESIGN: a temperature typed in either unit reads back exactly as typed, in the week
    too: 65 °F is stored as 18.33 °C and shown as 65, not 65.0 or 64.9."""
    from tracker.domain.nights import Change
    from tracker.domain.values import parse_temperature

    with Repository.open(db_path) as repository:
        repository.set_preference("unit", "F")
        change = Change({"bedtime": 23 * 60, "room_temp_c": parse_temperature("65", "F")})
        repository.save_change(DEFAULT_NIGHT, change, default_night=DEFAULT_NIGHT)
    async with new_app().run_test(size=(100, 30)) as pilot:
        screen = await open_week(pilot)
        row = next(
            line for line in text(screen.query_one(WeekGrid)).splitlines() if "Bedroom" in line
        )
    assert row.split() == ["Bedroom", "°F", "65", "65"]  # Monday (the week so far), the mean
