"""The app open on a file while the command line writes to it (two processes, one file).

The app runs under Pilot in this process and saves a change on every key press; a driver
process checks in a hundred and fifty other nights through the command line's ``main()`` at
the same time. Every save of both must land, the app must never show "not saved", and the
file must pass ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from tests.safety.helpers import REPO_ROOT, integrity, query
from tests.safety.test_two_writers import WRITER
from tests.tui.tui_support import DEFAULT_NIGHT, NOW, opened, settled
from tracker.tui.app import make_app
from tracker.tui.widgets.save_state import SaveState

CHECKINS = 150
FIRST_NIGHT = date(2019, 1, 1)


async def test_app_and_cli_write_the_same_file_at_once(db_path: Path) -> None:
    app = make_app(db_path, now=lambda: NOW, sub_title="safety")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), "0", str(CHECKINS),
             str(time.time() + 0.5), FIRST_NIGHT.isoformat()],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT,
        )  # fmt: skip
        try:
            await pilot.press(*"2310", *"0650", *"ynsyyn", "4")
            await settled(pilot)
            presses = 0
            last_quality = 4
            while (writer.poll() is None or presses < 20) and presses < 400:
                last_quality = 1 + presses % 5
                await pilot.press(str(last_quality))
                await settled(pilot)
                state = app.screen.query_one(SaveState).state
                assert state == "saved", f"the app showed {state!r} after {presses} saves"
                presses += 1
        finally:
            out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    report = json.loads(out)
    refusals = report["errors"]
    assert not [error for error in refusals if "locked" in error], refusals
    assert set(report["codes"]) <= {0, 3}

    assert integrity(db_path) == "ok"
    default = (DEFAULT_NIGHT.isoformat(),)
    saved = query(db_path, "SELECT quality, bedtime, wake FROM night WHERE night = ?", default)
    assert saved == [(last_quality, 23 * 60 + 10, 6 * 60 + 50)]
    stored = {
        night for (night,) in query(db_path, "SELECT night FROM night WHERE night < ?", default)
    }
    assert stored == {
        (FIRST_NIGHT + timedelta(days=2 * index)).isoformat()
        for index, code in enumerate(report["codes"])
        if code == 0
    }
    assert presses >= 20
    assert refusals == []
