"""Snapshots of the Settings screen at 80x24 (issue 7), on fixed data with a fixed clock."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from textual.pilot import Pilot

from tests.tui.tui_support import opened, settled
from tracker.domain.practices import Category
from tracker.storage.repository import Repository
from tracker.tui.app import make_app

NOW = datetime(2026, 11, 24, 7, 30)
"""A Tuesday morning: the default night is Monday 23 November 2026."""


def fixed_database(path: Path) -> Path:
    """One change of targets, a custom practice and an archived one."""
    repository = Repository.open(path)
    repository.set_target("bedtime", 22 * 60 + 30, date(2026, 11, 2))
    repository.set_target("tolerance", 20, date(2026, 11, 16))
    repository.add_practice("no_screens", "No screens after 22:00", Category.EVENING)
    repository.add_practice("journal", "Wrote in my journal", Category.CUSTOM)
    repository.set_archived("journal", True)
    repository.close()
    return path


async def open_settings(pilot: Pilot[None]) -> None:
    """Open the settings and wait until they are read and shown (a condition, not time)."""
    app = pilot.app
    await opened(pilot)
    app.action_open_view("Settings")  # type: ignore[attr-defined]
    for _ in range(200):
        await settled(pilot)
        if type(app.screen).__name__ == "SettingsScreen":
            break


class TestSettingsScreen:
    def test_targets_tab_at_80x24(self, snap_compare, tmp_path):  # type: ignore[no-untyped-def]
        """The Settings screen opened on its Targets tab, the tab bar focused: bedtime 22:30,
        wake 07:00, tolerance 20 (the targets in force for the default night), "From night"
        2026-11-23 with the hint "default night (Mon 23 Nov) or any before it"; the history
        lists the defaults (before 2026-11-02), "from 2026-11-02 bedtime 22:30 ... ±30 min"
        and "from 2026-11-16 ... ±20 min ◀ now"; the footer shows esc Back and [ ] Tab.
        """
        app = make_app(fixed_database(tmp_path / "tracker.db"), now=NOW, sub_title="test")
        assert snap_compare(app, terminal_size=(80, 24), run_before=open_settings)

    def test_practices_tab_at_80x24(self, snap_compare, tmp_path):  # type: ignore[no-untyped-def]
        """The Practices tab: the six built-ins numbered 1-6, then no_screens (7, evening,
        active) and journal (8, custom, archived), then the two schedule practices marked
        "derived" with "-"; the cursor row on routine; the footer shows a Add, n Rename,
        x Archive, u d Move, esc Back and [ ] Tab.
        """

        async def run_before(pilot: Pilot[None]) -> None:
            await open_settings(pilot)
            await pilot.press("right_square_bracket")
            await settled(pilot)

        app = make_app(fixed_database(tmp_path / "tracker.db"), now=NOW, sub_title="test")
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

    def test_preferences_tab_at_80x24(self, snap_compare, tmp_path):  # type: ignore[no-untyped-def]
        """The Preferences tab: temperature °C Celsius, week starts Monday, rollover 15:00,
        theme textual-dark, sleep diary basic, each with its hint; the unit menu focused, its
        background clearly tinted with the theme's primary colour (issue 19 item 9).
        """

        async def run_before(pilot: Pilot[None]) -> None:
            await open_settings(pilot)
            await pilot.press("left_square_bracket")
            await settled(pilot)

        app = make_app(fixed_database(tmp_path / "tracker.db"), now=NOW, sub_title="test")
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
