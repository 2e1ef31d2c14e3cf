"""Snapshot of a focused dropdown in a light theme (issue 19 item 9): the Preferences tab of
Settings in textual-light at 80x24, the unit menu focused."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Select

from tests.snapshots.test_settings import NOW, fixed_database
from tests.snapshots.test_trends_tabs import wait_until
from tracker.storage.repository import Repository
from tracker.tui.app import make_app
from tracker.tui.screens.settings import SettingsScreen


async def preferences_focused(pilot: Pilot[None]) -> None:
    app = pilot.app
    ready = lambda: app.repository is not None and app.checkin is not None  # type: ignore[attr-defined]  # noqa: E731
    await wait_until(pilot, ready, "the database open")
    app.action_open_view("Settings")  # type: ignore[attr-defined]
    loaded = lambda: isinstance(app.screen, SettingsScreen) and app.screen.data is not None  # noqa: E731
    await wait_until(pilot, loaded, "the settings read")
    await pilot.press("left_square_bracket")
    unit = app.screen.query_one("#pref-unit", Select)
    await wait_until(pilot, lambda: app.focused is unit, "the unit menu focused")
    await pilot.pause()


def test_preferences_focused_in_a_light_theme(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """textual-light: the Temperature menu (°C Celsius) stands out from the four menus below
    it by a primary-tinted background; the other menus keep the light panel colour."""
    path = fixed_database(tmp_path / "tracker.db")
    with Repository.open(path) as repository:
        repository.set_preference("theme", "textual-light")
    app = make_app(path, now=NOW, sub_title="test")
    assert snap_compare(app, terminal_size=(80, 24), run_before=preferences_focused)
