"""The check-in screen driven by Pilot on a real database file (issue 4)."""

from __future__ import annotations

from datetime import timedelta

from textual.notifications import Notify

from tests.tui.tui_support import DEFAULT_NIGHT, opened, settled
from tracker.domain.practices import Mark
from tracker.storage.repository import Repository
from tracker.tui.screens.checkin import CheckinScreen
from tracker.tui.widgets.entry_field import EntryField
from tracker.tui.widgets.save_state import SaveState

DONE, MISSED, SKIPPED = Mark.DONE, Mark.MISSED, Mark.SKIPPED


async def test_opens_on_the_default_night_with_the_cursor_in_bedtime(new_app):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        assert screen.data.night == DEFAULT_NIGHT
        assert app.focused is screen.query_one("#bedtime", EntryField).entry
        assert "Monday 23 November 2026 · last night" in str(screen.query_one("#night").render())


async def test_full_checkin_is_saved_and_found_after_reopening(new_app, stored):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"2310", *"0650", *"ynsyyn", "4")
        await pilot.press("tab", *"19.5", "tab", *"read a book", "enter")
        await settled(pilot)
        assert app.screen.query_one(SaveState).state == "saved"
    night = stored(DEFAULT_NIGHT)
    assert night is not None
    assert (night.bedtime, night.wake, night.quality) == (23 * 60 + 10, 6 * 60 + 50, 4)
    assert night.room_temp_c == 19.5
    assert night.note == "read a book"
    assert dict(night.marks) == {
        "routine": DONE,
        "meditation": MISSED,
        "stretching": SKIPPED,
        "cool_room": DONE,
        "quiet_room": DONE,
        "comfortable": MISSED,
    }
    reopened = new_app()
    async with reopened.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = reopened.screen
        assert screen.query_one("#bedtime", EntryField).entry.value == "23:10"
        assert [row.mark for row in screen.rows] == [DONE, MISSED, SKIPPED, DONE, DONE, MISSED]
        assert "✓ done" in str(screen.query_one("DerivedRow").render())


async def test_complete_checkin_with_mixed_answers_takes_at_most_20_keys(new_app, stored):
    keys = [*"2310", *"0650", *"ynsyns", "ctrl+q"]
    assert len(keys) <= 20, keys
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*keys)
    assert app.return_code == 0
    night = stored(DEFAULT_NIGHT)
    assert night is not None
    assert (night.bedtime, night.wake) == (1390, 410)
    assert [night.marks[k] for k in ("routine", "meditation", "stretching")] == [
        DONE,
        MISSED,
        SKIPPED,
    ]
    assert [night.marks[k] for k in ("cool_room", "quiet_room", "comfortable")] == [
        DONE,
        MISSED,
        SKIPPED,
    ]
    print(f"complete check-in: {len(keys)} keys")


async def test_all_kept_night_takes_at_most_12_keys(new_app, stored):
    keys = [*"2310", *"0650", "a", "ctrl+q"]
    assert len(keys) <= 12, keys
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*keys)
    night = stored(DEFAULT_NIGHT)
    assert night is not None
    assert (night.bedtime, night.wake) == (1390, 410)
    assert set(night.marks.values()) == {DONE} and len(night.marks) == 6


async def test_quit_saves_a_valid_time_still_being_typed(new_app, stored):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"11pm", "ctrl+q")
    night = stored(DEFAULT_NIGHT)
    assert night is not None and night.bedtime == 23 * 60


async def test_bad_times_are_refused_beside_the_field_and_never_saved(new_app, stored):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        bedtime = app.screen.query_one("#bedtime", EntryField)
        await pilot.press(*"25:99")
        await pilot.pause()
        reason = str(bedtime.query_one(".reason").render())
        assert "'25:99' is not a clock time" in reason
        assert bedtime.has_class("-invalid")
        await pilot.press("tab")
        await settled(pilot)
        assert stored(DEFAULT_NIGHT) is None  # nothing saved
        # A valid time is saved; invalid text afterwards leaves it as it was.
        await pilot.press("shift+tab", *"2310")
        await settled(pilot)
        await pilot.press("shift+tab", *"23h", "tab")
        await settled(pilot)
        assert stored(DEFAULT_NIGHT).bedtime == 1390
        # Clearing the field clears the value.
        await pilot.press("shift+tab", "backspace", "backspace", "backspace", "tab")
        await settled(pilot)
        assert stored(DEFAULT_NIGHT).bedtime is None


async def test_a_refused_night_shows_the_error_and_keeps_the_stored_value(new_app, stored):
    seen: list[object] = []
    app = new_app()
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await opened(pilot)
        await pilot.press(*"2300", *"1800")  # 19 hours: more than 18
        await settled(pilot)
        assert app.screen.query_one(SaveState).state == "error"
        assert app.screen.query_one("#wake", EntryField).entry.value == ""
    errors = [m.notification for m in seen if isinstance(m, Notify)]
    assert any("at most 18 hours" in n.message and n.severity == "error" for n in errors)
    night = stored(DEFAULT_NIGHT)
    assert night is not None and night.wake is None


async def test_previous_and_next_nights_and_back_to_the_default(new_app, stored):
    seen: list[object] = []
    app = new_app()
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await opened(pilot)
        screen = app.screen
        await pilot.press(*"2310", *"0650", "a")
        await pilot.press("left_square_bracket")
        await settled(pilot)
        assert screen.data.night == DEFAULT_NIGHT - timedelta(days=1)
        assert [row.mark for row in screen.rows] == [None] * 6
        # Editing a past night works the same way.
        screen.rows[0].focus()
        await pilot.press("y", "n", "2")
        await pilot.press("left")  # outside text fields the arrows move between nights too
        await settled(pilot)
        assert screen.data.night == DEFAULT_NIGHT - timedelta(days=2)
        await pilot.press("t")
        await settled(pilot)
        assert screen.data.night == DEFAULT_NIGHT
        assert screen.query_one("#wake", EntryField).entry.value == "06:50"
        # A future night cannot be opened, and the key says so.
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert screen.data.night == DEFAULT_NIGHT
    warnings = [m.notification for m in seen if isinstance(m, Notify)]
    assert any("is in the future" in n.message for n in warnings)
    past = stored(DEFAULT_NIGHT - timedelta(days=1))
    assert past is not None and past.quality == 2
    assert (past.marks["routine"], past.marks["meditation"]) == (DONE, MISSED)


async def test_space_cycles_and_quality_keys_work_outside_text_fields(new_app, stored):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("tab", "tab", "space", "space", "5")
        await settled(pilot)
        assert app.screen.rows[0].mark is MISSED
    night = stored(DEFAULT_NIGHT)
    assert night is not None and night.marks["routine"] is MISSED and night.quality == 5


async def test_temperature_in_fahrenheit_is_stored_in_celsius(db_path, new_app, stored):
    repository = Repository.open(db_path)
    repository.set_preference("unit", "F")
    repository.close()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        app.screen.query_one("#temperature", EntryField).entry.focus()
        await pilot.press(*"68", "enter")
        await settled(pilot)
    assert stored(DEFAULT_NIGHT).room_temp_c == 20.0
