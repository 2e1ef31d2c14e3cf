"""The sleep diary report from the app: key ``p`` (and the palette), a dialog, the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Label

from tests.tui.test_export import two_nights
from tests.tui.tui_support import opened, settled
from tracker.tui.app import SleepTrackerApp
from tracker.tui.commands import view_named
from tracker.tui.screens.checkin import CheckinScreen
from tracker.tui.screens.report import ReportScreen

NewApp = Callable[[], SleepTrackerApp]
EXPECTED_NAME = "sleep-report-2026-11-10-2026-11-23.html"


async def open_report(app: SleepTrackerApp, pilot) -> ReportScreen:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, CheckinScreen)
    app.screen.rows[0].focus()  # on a practice row, where letters are keys
    await pilot.press("p")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReportScreen)
    return screen


async def test_p_writes_the_fortnight_up_to_the_night_on_screen_and_says_where(
    new_app: NewApp, db_path: Path, private_home: Path
) -> None:
    two_nights(db_path)
    app = new_app()
    seen: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await opened(pilot)
        screen = await open_report(app, pilot)
        entry = screen.query_one("#report-path", Input)
        assert entry.value == str(private_home / EXPECTED_NAME)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CheckinScreen)
    written = private_home / EXPECTED_NAME
    notes = [m.notification.message for m in seen if isinstance(m, Notify)]
    assert any(str(written) in note for note in notes), notes
    html = written.read_text(encoding="utf-8")
    assert "Nights Tue 10 Nov 2026 to Mon 23 Nov 2026" in html


async def test_a_pdf_name_writes_a_pdf_and_a_bad_name_is_one_line_in_the_dialog(
    new_app: NewApp, db_path: Path, tmp_path: Path
) -> None:
    two_nights(db_path)
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = await open_report(app, pilot)
        entry = screen.query_one("#report-path", Input)
        entry.value = str(tmp_path / "report.txt")
        await pilot.press("enter")
        await settled(pilot)
        assert app.screen is screen
        error = str(screen.query_one("#report-error", Label).content)
        assert ".html or .pdf" in error
        assert not (tmp_path / "report.txt").exists()
        entry.value = str(tmp_path / "report.pdf")
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, CheckinScreen)
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_the_report_is_in_the_palette() -> None:
    view = view_named("Sleep report")
    assert view.key == "p" and view.factory is not None
