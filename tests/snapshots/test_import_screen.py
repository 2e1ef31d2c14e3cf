"""Snapshot of the "Import file…" dialog at 80x24 after a dry run, on fixed data."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from tracker.tui.app import make_app

NOW = datetime(2026, 11, 24, 7, 30)
FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"


async def checked_loop_folder(pilot: Pilot[None]) -> None:
    app = pilot.app
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()
    app.action_open_view("Import file…")  # type: ignore[attr-defined]
    await pilot.pause()
    screen = app.screen
    entry = screen.query_one("#import-path", Input)
    entry.cursor_blink = False  # a blinking cursor would make the picture depend on timing
    entry.value = "loop"
    await pilot.press("enter")
    await checked(pilot, screen)


async def checked(pilot: Pilot[None], screen: Screen[object], timeout: float = 30.0) -> None:
    """Wait until the dry run's result is on screen (the path field is enabled again and the
    problems are shown)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        entry = screen.query_one("#import-path", Input)
        if not entry.disabled and str(screen.query_one("#import-problems", Static).render()):
            return
    raise AssertionError("the dry run did not finish")


class TestImportScreen:
    def test_dry_run_of_a_loop_folder_at_80x24(  # type: ignore[no-untyped-def]
        self, snap_compare, tmp_path, monkeypatch: pytest.MonkeyPatch
    ):
        """The dialog over the check-in: path "loop", the replace box unticked, the hint
        "Nothing is imported until these are fixed · escape closes", the
        dry-run summary "loop: 5 nights in the file: 5 new, 0 filled, 0 unchanged, 0
        conflicting; 0 naps not stored", the habits "Meditate -> meditate (new practice);
        Étirements du soir -> etirements_du_soir (new practice)", "1 problem: nothing is
        written until it is fixed", and the problem "loop/002 Étirements du
        soir/Checkmarks.csv:2: Value: 'MAYBE' is not a Loop checkmark"; footer esc Cancel.
        """
        monkeypatch.chdir(FIXTURES)
        app = make_app(tmp_path / "tracker.db", now=NOW, sub_title="test")
        assert snap_compare(app, terminal_size=(80, 24), run_before=checked_loop_folder)
