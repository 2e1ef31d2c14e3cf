"""Settings: ``[`` and ``]`` switch tabs after targets are saved (issue 19 item 12), and from
any target field, where no value takes a bracket."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.tui.test_settings import open_settings
from tests.tui.tui_support import DEFAULT_NIGHT, opened, settled
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.settings import PracticeDialog, SettingsScreen
from tracker.tui.widgets.settings_field import SettingsField

NewApp = Callable[[], SleepTrackerApp]


async def test_tab_keys_work_after_saving_targets(new_app: NewApp, db_path: Path) -> None:
    async with new_app().run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = await open_settings(pilot)
        tabs = screen.query_one("#settings-tabs")
        fields = screen.targets_form.fields
        fields["from"].entry.focus()
        await pilot.press("ctrl+u", *DEFAULT_NIGHT.isoformat())
        fields["bedtime"].entry.focus()
        await pilot.press("ctrl+u", *"2215", "enter")
        await settled(pilot)
        with Repository.open(db_path) as repository:
            assert [t.bedtime for t in repository.targets_history()] == [22 * 60 + 15]
        assert pilot.app.focused is fields["bedtime"].entry  # where the save left it

        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert tabs.active == "tab-practices"  # type: ignore[attr-defined]
        assert pilot.app.focused is screen.practice_table
        await pilot.press("left_square_bracket")
        await settled(pilot)
        assert tabs.active == "tab-targets"  # type: ignore[attr-defined]
        assert fields["bedtime"].text == "22:15"  # no bracket typed into the field


async def test_brackets_never_land_in_a_target_field(new_app: NewApp) -> None:
    async with new_app().run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = await open_settings(pilot)
        assert isinstance(screen, SettingsScreen)
        for name, field in screen.targets_form.fields.items():
            before = field.text
            field.entry.focus()
            await pilot.press("left_square_bracket")
            await settled(pilot)
            assert field.text == before, name
            assert screen.query_one("#settings-tabs").active == "tab-preferences"  # type: ignore[attr-defined]
            await pilot.press("right_square_bracket")
            await settled(pilot)


async def test_brackets_are_typed_in_a_practice_label(new_app: NewApp) -> None:
    """The practice dialog has no tab keys: a label may hold brackets."""
    async with new_app().run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = await open_settings(pilot)
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert pilot.app.focused is screen.practice_table
        await pilot.press("a")
        await settled(pilot)
        assert isinstance(pilot.app.screen, PracticeDialog)
        await pilot.press(*"walk", "tab", "tab", *"Walk [outside]")
        label = pilot.app.screen.query_one("#practice-label", SettingsField)
        assert label.text == "Walk [outside]"
