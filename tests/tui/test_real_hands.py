"""Issue 13, "The app in real hands": one test per numbered defect, on the real app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from tests.tui.tui_support import DEFAULT_NIGHT, opened, settled
from tracker.domain.nights import Night
from tracker.domain.practices import Mark
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.checkin import CheckinScreen
from tracker.tui.screens.help import HelpScreen
from tracker.tui.widgets.entry_field import EntryField
from tracker.tui.widgets.save_state import SaveState

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


def full_diary(db_path) -> None:  # type: ignore[no-untyped-def]
    from tracker.storage.repository import Repository

    with Repository.open(db_path) as repository:
        repository.set_preference("diary", "full")


async def test_2_with_the_full_diary_ten_keys_log_an_all_kept_night(
    new_app: NewApp, stored: Stored, db_path
) -> None:  # type: ignore[no-untyped-def]
    full_diary(db_path)
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"2310", *"0650", "a", "ctrl+q")
    night = stored(DEFAULT_NIGHT)
    assert night is not None and night.in_bed is None  # the diary stays empty
    assert (night.bedtime, night.wake) == (23 * 60 + 10, 6 * 60 + 50)
    assert len(night.marks) == 6 and set(night.marks.values()) == {Mark.DONE}


async def test_2_with_the_full_diary_the_mixed_sequence_marks_in_order(
    new_app: NewApp, stored: Stored, db_path
) -> None:  # type: ignore[no-untyped-def]
    full_diary(db_path)
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"2310", *"0650", *"ynsyns", "ctrl+q")
    night = stored(DEFAULT_NIGHT)
    assert night is not None and night.in_bed is None
    order = ["routine", "meditation", "stretching", "cool_room", "quiet_room", "comfortable"]
    d, m, s = Mark.DONE, Mark.MISSED, Mark.SKIPPED
    assert [night.marks[key] for key in order] == [d, m, s, d, m, s]


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_3_the_focused_field_is_always_in_view(
    new_app: NewApp, db_path, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    from tracker.storage.repository import Repository

    full_diary(db_path)
    with Repository.open(db_path) as repository:
        for number in range(4):
            repository.add_practice(f"extra_{number}", f"Extra practice {number}")
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        screen = app.screen
        region = screen.query_one("#checkin").region
        for _ in range(25):  # every field and row, round the whole screen
            await pilot.press("tab")
            await settled(pilot)
            focused = app.focused
            assert focused is not None
            assert region.contains_region(focused.region), (focused, focused.region, region)


async def test_4_invalid_text_goes_back_to_the_stored_value_when_left(
    new_app: NewApp, stored: Stored
) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        bedtime = app.screen.query_one("#bedtime", EntryField)
        await pilot.press(*"2310")
        await settled(pilot)
        await pilot.press("shift+tab")  # back: the stored text is selected
        await pilot.press("2")
        assert bedtime.entry.value == "2"  # replaced, not "23:102"
        await pilot.press("5", "9", "9")  # complete and refused: the reason shows
        assert bedtime.has_class("-invalid")
        await pilot.press("tab")
        await settled(pilot)
        assert bedtime.entry.value == "23:10" and not bedtime.has_class("-invalid")
        assert str(bedtime.query_one(".reason").render()) == ""
        await pilot.press("shift+tab", *"99", "escape")  # escape too
        assert bedtime.entry.value == "23:10"
    night = stored(DEFAULT_NIGHT)
    assert night is not None and night.bedtime == 23 * 60 + 10


async def test_4_the_rename_dialog_replaces_the_old_label(new_app: NewApp, db_path) -> None:  # type: ignore[no-untyped-def]
    from tracker.tui.screens.settings import PracticeDialog

    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert app.repository is not None
        practice = app.repository.practices()[0]
        app.push_screen(PracticeDialog(app.repository, practice))
        await settled(pilot)
        await pilot.press(*"Wind down")
        entry = app.screen.query_one("#practice-label").query_one("Input")
        assert entry.value == "Wind down"  # type: ignore[attr-defined]


async def test_5_saved_state_and_streak_follow_the_night_on_screen(new_app: NewApp) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        state = screen.query_one(SaveState)
        summary = screen.query_one("#summary")
        assert state.state == "idle"  # nothing logged: no "saved ✓"
        await pilot.press(*"2300", *"1800")  # wake refused (19 hours)
        await settled(pilot)
        assert state.state == "error"
        assert "1 night" in str(summary.render())  # the bedtime was saved: streak counted
        await pilot.press("left_square_bracket")
        await settled(pilot)
        assert state.state == "idle"  # neither the error nor "saved" carries over


async def test_12_time_asleep_and_the_next_day_show_as_soon_as_known(
    new_app: NewApp, db_path
) -> None:  # type: ignore[no-untyped-def]
    full_diary(db_path)
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = app.screen
        bedtime, wake = screen.query_one("#bedtime"), screen.query_one("#wake")
        await pilot.press(*"0040")
        assert "Tue 24 Nov" in str(bedtime.query_one(".reason").render())
        await pilot.press(*"0730")
        assert "asleep 6h50" in str(wake.query_one(".reason").render())
        # In bed is next; then latency 20 (enter moves on to awakenings), awake 30.
        await pilot.press("tab", *"20", "enter", "tab", *"30", "enter")
        await settled(pilot)
        text = str(wake.query_one(".reason").render())
        assert "total sleep 6h00" in text and "efficiency 88%" in text


async def test_19_11_the_note_takes_the_width_there_is(new_app: NewApp) -> None:
    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        note = app.screen.query_one("#note", EntryField)
        assert note.entry.size.width > 100


async def test_7_question_mark_lists_the_keys_of_the_screen_it_is_on(new_app: NewApp) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("tab", "tab", "w")
        await settled(pilot)
        await pilot.press("question_mark")
        await settled(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(f"{key} {description}" for key, description in app.screen.lines)
        assert "Mark every unanswered practice done" not in text  # a check-in key
        assert "four digits" not in text
        assert text.count("ctrl+p") == 1
        assert "Week" in str(app.screen.query_one("#help-title").render())
