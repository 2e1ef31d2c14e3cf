"""The Settings screen driven by Pilot on a real database file (issue 7).

Every test opens the real app through its factory with the clock fixed at NOW (a Tuesday
morning: the default night is Monday 23 November 2026) and reads the results back through a
fresh repository, as another process would.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.widgets import Tabs

from tests.tui.tui_support import DEFAULT_NIGHT, opened, settled
from tracker.domain.nights import Change
from tracker.domain.practices import Mark
from tracker.storage.reports import load_week
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.checkin import CheckinScreen
from tracker.tui.screens.settings import PracticeDialog, SettingsScreen, targets_to_set
from tracker.tui.widgets.practice_row import DerivedRow
from tracker.tui.widgets.settings_field import SettingsField
from tracker.tui.widgets.settings_practices import SettingsPracticeTable

NewApp = Callable[[], SleepTrackerApp]
LABEL = "No screens after 22:00"


def repository_at(path: Path) -> Repository:
    return Repository.open(path)


def notifications(seen: list[Message], severity: str | None = None) -> list[Notification]:
    found = [m.notification for m in seen if isinstance(m, Notify)]
    return [n for n in found if severity is None or n.severity == severity]


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    """From the check-in, the Settings key (focus on a practice row, where "," is a key)."""
    app = pilot.app
    assert isinstance(app.screen, CheckinScreen)
    app.screen.rows[0].focus()
    await pilot.press("comma")
    await settled(pilot)
    screen = app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def practices_tab(pilot: Pilot[None]) -> SettingsPracticeTable:
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    screen.query_one(Tabs).focus()  # where shift+tab leads from the first field
    await pilot.press("right_square_bracket")
    await pilot.pause()
    table = screen.practice_table
    assert pilot.app.focused is table
    return table


async def add_practice(pilot: Pilot[None], key: str, label: str, category_ups: int = 0) -> None:
    """a, the key, the category (up from "custom" in its menu), the label, enter."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PracticeDialog)
    await pilot.press(*key, "tab")
    if category_ups:
        await pilot.press("enter", *["up"] * category_ups, "enter")
    await pilot.press("tab", *label, "enter")
    await settled(pilot)


async def back_to_checkin(pilot: Pilot[None]) -> CheckinScreen:
    await pilot.press("escape")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CheckinScreen)
    return screen


def checkin_keys(screen: CheckinScreen) -> list[str]:
    return [row.practice.key for row in screen.practice_rows]


async def test_practice_lifecycle_add_mark_archive(new_app: NewApp, db_path: Path) -> None:
    """Issue 7's done-when: add "No screens after 22:00", see it in tonight's check-in, archive
    it, and the week's summary still counts it."""
    app = new_app()
    seen: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await opened(pilot)
        await open_settings(pilot)
        table = await practices_tab(pilot)
        await add_practice(pilot, "no_screens", LABEL, category_ups=2)  # custom -> evening
        assert isinstance(app.screen, SettingsScreen)
        # A new practice goes after the checked ones, above the two schedule practices.
        assert [p.key for p in table.practices][-3:] == [
            "no_screens",
            "on_time_bed",
            "on_time_wake",
        ]
        assert table.selected is not None and table.selected.key == "no_screens"
        assert any("Added practice 'no_screens'" in n.message for n in notifications(seen))

        checkin = await back_to_checkin(pilot)
        assert "no_screens" in checkin_keys(checkin)
        row = next(r for r in checkin.rows if r.practice.key == "no_screens")
        assert row.practice.label == LABEL
        row.focus()
        await pilot.press("y")
        await settled(pilot)

        await open_settings(pilot)
        table = await practices_tab(pilot)
        table.move_cursor(row=[p.key for p in table.practices].index("no_screens"))
        await pilot.press("x")
        await settled(pilot)
        assert table.selected is not None and table.selected.archived
        assert table.get_row("no_screens")[-1] == "archived"

        checkin = await back_to_checkin(pilot)
        assert "no_screens" not in checkin_keys(checkin)

    repository = repository_at(db_path)
    practice = next(p for p in repository.practices() if p.key == "no_screens")
    assert (practice.label, str(practice.category), practice.archived) == (
        LABEL,
        "evening",
        True,
    )
    assert practice.added == DEFAULT_NIGHT  # the default night at the moment it was added
    night = repository.get_night(DEFAULT_NIGHT)
    assert night is not None and night.marks["no_screens"] is Mark.DONE
    week = load_week(repository, DEFAULT_NIGHT, DEFAULT_NIGHT)
    assert week.practices["no_screens"].done == 1
    assert "no_screens" in [p.key for p in week.included_practices]


async def test_restore_rename_and_reorder(new_app: NewApp, db_path: Path) -> None:
    repository = repository_at(db_path)
    repository.add_practice("no_screens", LABEL)
    repository.set_archived("no_screens", True)
    repository.close()
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert "no_screens" not in checkin_keys(app.screen)  # type: ignore[arg-type]
        await open_settings(pilot)
        table = await practices_tab(pilot)
        table.move_cursor(row=[p.key for p in table.practices].index("no_screens"))
        await pilot.press("x")  # restore
        await settled(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PracticeDialog)
        await pilot.press("ctrl+u", *"Screens off by 22:00", "enter")
        await settled(pilot)
        await pilot.press("u", "u")
        await settled(pilot)
        table.move_cursor(row=0)
        await pilot.press("d")
        await settled(pilot)
        checkin = await back_to_checkin(pilot)
        row = next(r for r in checkin.rows if r.practice.key == "no_screens")
        assert row.practice.label == "Screens off by 22:00"
    repository = repository_at(db_path)
    order = [p.key for p in repository.practices() if not p.derived]
    assert order == [
        "meditation",
        "routine",
        "stretching",
        "cool_room",
        "no_screens",
        "quiet_room",
        "comfortable",
    ]
    assert not next(p for p in repository.practices() if p.key == "no_screens").archived


def log_week(repository: Repository, first: date, bedtime: int) -> None:
    for offset in range(7):
        repository.save_change(
            first + timedelta(days=offset),
            Change(fields={"bedtime": bedtime, "wake": 7 * 60}),
            default_night=DEFAULT_NIGHT,
        )


async def test_target_change_from_a_night_keeps_past_weeks(new_app: NewApp, db_path: Path) -> None:
    """A new bedtime from the default night on: the week before is judged as it was, the
    default night by the new target, and the check-in shows the new target."""
    previous_week = DEFAULT_NIGHT - timedelta(days=7)
    repository = repository_at(db_path)
    log_week(repository, previous_week, 23 * 60 + 10)  # on time for 23:00 ±30
    repository.save_change(
        DEFAULT_NIGHT,
        Change(fields={"bedtime": 23 * 60 + 10, "wake": 7 * 60}),
        default_night=DEFAULT_NIGHT,
    )
    before = load_week(repository, previous_week, DEFAULT_NIGHT)
    repository.close()
    assert before.practices["on_time_bed"].done == 7

    app = new_app()
    seen: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await opened(pilot)
        screen = await open_settings(pilot)
        form = screen.targets_form
        assert form.fields["from"].text == DEFAULT_NIGHT.isoformat()
        form.fields["bedtime"].entry.focus()
        await pilot.press("ctrl+u", *"2200", "enter")
        await settled(pilot)
        assert not notifications(seen, "error")
        history = str(screen.query_one("#targets-history").render())
        assert "from 2026-11-23   bedtime 22:00" in history
        checkin = await back_to_checkin(pilot)
        derived = next(r for r in checkin.query(DerivedRow) if r.practice.key == "on_time_bed")
        assert derived.target == "22:00 ±30"
        assert derived.mark is Mark.MISSED

    repository = repository_at(db_path)
    assert [(t.effective_from, t.bedtime) for t in repository.targets_history()] == [
        (DEFAULT_NIGHT, 22 * 60)
    ]
    after = load_week(repository, previous_week, DEFAULT_NIGHT)
    assert after.practices == before.practices
    assert after.adherence == before.adherence
    this_week = load_week(repository, DEFAULT_NIGHT, DEFAULT_NIGHT)
    assert this_week.practices["on_time_bed"].missed == 1


async def test_target_from_an_earlier_night(new_app: NewApp, db_path: Path) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = await open_settings(pilot)
        fields = screen.targets_form.fields
        fields["tolerance"].entry.focus()
        await pilot.press("ctrl+u", *"45", "tab", "ctrl+u", *"2026-11-16", "ctrl+s")
        await settled(pilot)
    repository = repository_at(db_path)
    assert [(t.effective_from, t.tolerance) for t in repository.targets_history()] == [
        (date(2026, 11, 16), 45)
    ]


def test_targets_to_set_keeps_later_versions() -> None:
    from tracker.domain.nights import Targets

    history = [Targets(date(2026, 11, 1), 22 * 60), Targets(date(2026, 11, 10), 23 * 60)]
    values = {"bedtime": 22 * 60, "wake": 7 * 60, "tolerance": 30}
    # In force on the 5th: 22:00 already; the version of the 10th is kept as it is.
    assert targets_to_set(history, date(2026, 11, 5), values) == {}
    assert targets_to_set(history, date(2026, 11, 5), {**values, "bedtime": 21 * 60}) == {
        "bedtime": 21 * 60
    }
    assert targets_to_set(history, date(2026, 11, 12), {**values, "bedtime": 23 * 60}) == {}


async def test_invalid_entries_are_refused_and_nothing_is_written(
    new_app: NewApp, db_path: Path
) -> None:
    app = new_app()
    seen: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await opened(pilot)
        screen = await open_settings(pilot)

        # A bad time and a night in the future, beside their fields.
        fields = screen.targets_form.fields
        fields["bedtime"].entry.focus()
        await pilot.press("ctrl+u", *"25:00", "enter")
        await settled(pilot)
        assert "'25:00' is not a clock time" in str(fields["bedtime"].query_one(".reason").render())
        assert fields["bedtime"].has_class("-invalid")
        await pilot.press("ctrl+u", *"2230", "tab", "tab", "tab", "ctrl+u", *"2026-11-30")
        await pilot.press("enter")
        await settled(pilot)
        assert "is in the future" in str(fields["from"].query_one(".reason").render())
        await pilot.press("ctrl+u", *"2026-11-23", "shift+tab", "ctrl+u", *"200", "enter")
        await settled(pilot)
        assert "tolerance must be 0-180 minutes, not 200" in str(
            fields["tolerance"].query_one(".reason").render()
        )

        # A duplicate key and a bad key, in the dialog, which stays open.
        await practices_tab(pilot)
        await add_practice(pilot, "routine", "Another routine")
        dialog = app.screen
        assert isinstance(dialog, PracticeDialog)
        key_field = dialog.query_one("#practice-key", SettingsField)
        assert "A practice with the key 'routine' already exists" in str(
            key_field.query_one(".reason").render()
        )
        key_field.entry.focus()
        await pilot.press("ctrl+u", *"No Screens", "ctrl+s")
        await settled(pilot)
        assert "'No Screens' is not a valid practice key" in str(
            key_field.query_one(".reason").render()
        )
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, SettingsScreen)

    errors = [n.message for n in notifications(seen, "error")]
    assert any("'25:00' is not a clock time" in message for message in errors)
    assert any("already exists" in message for message in errors)
    assert any("is not a valid practice key" in message for message in errors)
    repository = repository_at(db_path)
    assert repository.targets_history() == []
    assert len(repository.practices()) == 8


async def test_preferences_persist_across_a_restart(new_app: NewApp, db_path: Path) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = await open_settings(pilot)
        await pilot.press("left_square_bracket")  # Targets -> Preferences
        await pilot.pause()
        form = screen.preferences_form
        assert app.focused is form.select("unit")
        await pilot.press("enter", "down", "enter")  # °C -> °F
        await settled(pilot)
        form.select("week_start").value = "sunday"
        await settled(pilot)
        form.select("theme").value = "nord"
        await pilot.pause()
        assert app.theme == "nord"  # applied at once
        await settled(pilot)
        checkin = await back_to_checkin(pilot)
        assert checkin.preferences.week_start == "sunday"

    repository = repository_at(db_path)
    preferences = repository.preferences()
    assert (str(preferences.unit), preferences.week_start, preferences.theme) == (
        "F",
        "sunday",
        "nord",
    )
    repository.close()

    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert app.theme == "nord"
        screen = await open_settings(pilot)
        form = screen.preferences_form
        assert form.select("unit").value == "F"
        assert form.select("week_start").value == "sunday"
        assert form.select("theme").value == "nord"
        assert form.select("rollover").value == "15"
