"""Text from a person or a file never reaches the terminal raw in any screen of the app
(issue 12): a note and a label holding terminal commands and Rich markup show escaped and
literally."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.safety.helpers import run_tracker
from tests.tui.tui_support import DEFAULT_NIGHT, opened, settled
from tracker.tui.app import SleepTrackerApp

HOSTILE_NOTE = "n[bold]\x1b]0;X\x07\x1b[2J\r\x9b"
HOSTILE_LABEL = "L[bold]x[/]\x1b[31m"
# Any C0 control but the newlines of the SVG's own text, DEL and C1.
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile_db(db_path):
    """A database whose default night holds a hostile note, and whose practice `routine`
    carries a hostile label, as an older version or another tool could have left it."""
    result = run_tracker(
        "checkin", "--night", DEFAULT_NIGHT.isoformat(), "--done", "routine",
        f"--note={HOSTILE_NOTE}", db=db_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE practice SET label = ? WHERE key = 'routine'", (HOSTILE_LABEL,))
    return db_path


def screen_text(app: SleepTrackerApp) -> str:
    return app.export_screenshot()


@pytest.mark.parametrize("view", ["c", "w", "r", "comma,right_square_bracket"])
async def test_hostile_note_and_label_show_escaped_on_every_screen(new_app, hostile_db, view):
    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press(*view.split(","))
        await settled(pilot)
        svg = screen_text(app)
        assert not RAW_CONTROL.search(svg), RAW_CONTROL.findall(svg)[:5]
        if view != "r":  # the first tab of Trends shows no label
            assert "x1b" in svg or "␛" in svg  # the escape shows: \x1b (␛ in an input)
            assert "[bold]" in svg  # markup shows as typed, it is not applied
