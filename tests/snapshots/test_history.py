"""Snapshot of the practice history screen at 80x24 (tests/tui sample nights, fixed clock).

Review ``snapshot_report.html`` before ``--snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.snapshots.test_week_trends import NARROW, SnapCompare
from tests.tui.test_week_trends import fill, sample_nights
from tests.tui.tui_support import NOW, opened, settled
from tracker.tui.app import make_app


async def open_history(pilot: Pilot[None]) -> None:
    await opened(pilot)
    pilot.app.action_open_view("Trends")  # type: ignore[attr-defined]
    await settled(pilot)
    for key in ("left", "tab", "enter"):
        await pilot.press(key)
        await settled(pilot)


class TestHistorySnapshots:
    def test_history_at_80x24(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        """'History · Followed my evening routine'; the headline 'Since Mon 19 Oct 2026 ·
        strength ..% · adherence ..%' with its done, missed and skipped counts; the 2026
        calendar with month names over week columns and Mon..Sun rows of ✓ ✗ – ? · from
        19 Oct to 22 Nov, blank before and after (23 Nov not logged: ·); the legend; the
        longest streaks with first and last nights; the footer with [] Year and esc Back."""
        db_path = tmp_path / "snap" / "tracker.db"
        fill(db_path, sample_nights())
        app = make_app(db_path, now=NOW, sub_title="test")
        assert snap_compare(app, terminal_size=NARROW, run_before=open_history)
