"""The "Import file…" dialog driven by Pilot on a real database file: the dry-run summary first,
the import on a second enter."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Static

from tests.tui.tui_support import opened, settled
from tracker.domain.nights import Night
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.checkin import CheckinScreen
from tracker.tui.screens.import_file import ImportScreen

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"
NewApp = Callable[[], SleepTrackerApp]


def _text(screen: ImportScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _until(pilot, condition: Callable[[], bool], timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for a condition (the worker's result handled), never a fixed number of pauses."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await settled(pilot)


def _done(screen: ImportScreen) -> Callable[[], bool]:
    """The check finished: the path field is enabled again and a result is shown."""
    return lambda: (
        not screen.query_one("#import-path", Input).disabled
        and bool(_text(screen, "#import-summary") or _text(screen, "#import-problems"))
    )


async def _open(app: SleepTrackerApp, pilot) -> ImportScreen:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, CheckinScreen)
    app.screen.rows[0].focus()  # where "i" is a key, not text
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, ImportScreen)
    return app.screen


async def test_summary_first_then_import(
    new_app: NewApp, tmp_path: Path, stored: Callable[[date], Night | None]
) -> None:
    source = tmp_path / "sleep-export.csv"
    text = (FIXTURES / "sleep-export.csv").read_text(encoding="utf-8")
    source.write_text("".join(
        line for line in text.splitlines(keepends=True) if '"eight"' not in line
    ), encoding="utf-8")  # fmt: skip
    app = new_app()
    seen: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await opened(pilot)
        screen = await _open(app, pilot)
        screen.query_one("#import-path", Input).value = str(source)
        await pilot.press("enter")
        await _until(pilot, _done(screen))
        summary = _text(screen, "#import-summary")
        assert "5 new, 0 filled, 0 unchanged, 0 conflicting; 1 nap not stored" in summary
        assert "enter imports" in _text(screen, "#import-hint")
        assert stored(date(2024, 10, 25)) is None  # nothing written by the check

        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, CheckinScreen))
    notes = [m.notification.message for m in seen if isinstance(m, Notify)]
    assert any("Imported 5 nights" in note for note in notes)
    night = stored(date(2024, 10, 27))
    assert night is not None and (night.bedtime, night.wake) == (40, 7 * 60 + 30)


async def test_problems_are_listed_and_nothing_is_written(
    new_app: NewApp, stored: Callable[[date], Night | None]
) -> None:
    app = new_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await opened(pilot)
        screen = await _open(app, pilot)
        screen.query_one("#import-path", Input).value = str(FIXTURES / "plees.csv")
        await pilot.press("enter")
        await _until(pilot, _done(screen))
        assert f"{FIXTURES / 'plees.csv'}:8: start: " in _text(screen, "#import-problems")
        assert "Nothing is imported until" in _text(screen, "#import-hint")
        await pilot.press("enter")  # checks again; still refuses
        await _until(pilot, _done(screen))
        assert isinstance(app.screen, ImportScreen)
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, CheckinScreen)
    assert stored(date(2024, 10, 25)) is None
