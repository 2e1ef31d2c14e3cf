"""The Export CSV dialog driven by Pilot on a real database file (issue 6)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input

from tests.tui.tui_support import DEFAULT_NIGHT, NOW, opened, settled
from tracker.domain.nights import Change
from tracker.domain.practices import Mark
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.checkin import CheckinScreen
from tracker.tui.screens.export import ExportScreen, default_export_path

NewApp = Callable[[], SleepTrackerApp]


def two_nights(db_path: Path) -> None:
    repository = Repository.open(db_path)
    for night in (DEFAULT_NIGHT.replace(day=22), DEFAULT_NIGHT):
        repository.save_change(
            night,
            Change(fields={"bedtime": 23 * 60, "wake": 7 * 60}, marks={"routine": Mark.DONE}),
            default_night=DEFAULT_NIGHT,
        )
    repository.close()


async def open_export(app: SleepTrackerApp, pilot) -> ExportScreen:  # type: ignore[no-untyped-def]
    """The Export CSV key from the check-in (focus on a practice row, where "e" is a key)."""
    assert isinstance(app.screen, CheckinScreen)
    app.screen.rows[0].focus()
    await pilot.press("e")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    return screen


def test_default_path_is_in_documents_or_home(private_home: Path) -> None:
    assert default_export_path(NOW) == private_home / "sleep-tracker-2026-11-24.csv"
    documents = private_home / "Documents"
    documents.mkdir()
    assert default_export_path(NOW) == documents / "sleep-tracker-2026-11-24.csv"


async def test_export_writes_the_file_and_reports_path_and_count(
    new_app: NewApp, db_path: Path, private_home: Path
) -> None:
    two_nights(db_path)
    app = new_app()
    seen: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await opened(pilot)
        screen = await open_export(app, pilot)
        entry = screen.query_one("#export-path", Input)
        expected = private_home / "sleep-tracker-2026-11-24.csv"
        assert entry.value == str(expected)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CheckinScreen)
    notes = [m.notification.message for m in seen if isinstance(m, Notify)]
    assert f"Wrote 2 nights to {expected}" in notes
    with expected.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["night"] for row in rows] == ["2026-11-22", "2026-11-23"]
    assert [row["routine"] for row in rows] == ["1", "1"]


async def test_edited_relative_name_is_reported_as_a_full_path(
    new_app: NewApp, db_path: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    two_nights(db_path)
    monkeypatch.chdir(tmp_path)
    app = new_app()
    seen: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await opened(pilot)
        await open_export(app, pilot)
        await pilot.press("ctrl+u", *"nights.csv", "enter")
        await settled(pilot)
    notes = [m.notification.message for m in seen if isinstance(m, Notify)]
    assert f"Wrote 2 nights to {tmp_path / 'nights.csv'}" in notes
    assert (tmp_path / "nights.csv").read_text(encoding="utf-8").startswith("night,bedtime,")


async def test_unwritable_folder_is_one_clear_line_and_nothing_is_written(
    new_app: NewApp, db_path: Path, tmp_path: Path
) -> None:
    two_nights(db_path)
    missing = tmp_path / "no-such-folder" / "out.csv"
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = await open_export(app, pilot)
        await pilot.press("ctrl+u", *str(missing), "enter")
        await settled(pilot)
        assert app.screen is screen  # still open, the name can be corrected
        error = str(screen.query_one("#export-error").render())
        assert error == f"Cannot write {missing}: the folder {missing.parent} does not exist"
        assert not screen.query_one("#export-path", Input).disabled
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, CheckinScreen)
    assert not missing.parent.exists()
