"""Snapshots of the week and trends views on fixed data (tests/tui sample nights, fixed clock).

Review ``snapshot_report.html`` before ``--snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.test_week_trends import fill, sample_nights
from tests.tui.tui_support import NOW, opened, settled
from tracker.tui.app import SleepTrackerApp, make_app

SnapCompare = Callable[..., bool]
WIDE = (100, 30)
NARROW = (80, 24)


@pytest.fixture
def app(tmp_path: Path) -> SleepTrackerApp:
    """The app on five weeks of sample nights, clock fixed on Tuesday 24 November 2026."""
    db_path = tmp_path / "snap" / "tracker.db"
    fill(db_path, sample_nights())
    return make_app(db_path, now=NOW, sub_title="test")


def open_view(name: str, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A ``run_before`` that opens a view from the palette, presses keys and waits."""

    async def run_before(pilot: Pilot[None]) -> None:
        await opened(pilot)
        pilot.app.action_open_view(name)  # type: ignore[attr-defined]
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)

    return run_before


class TestWeekSnapshots:
    def test_full_week_wide(self, snap_compare: SnapCompare, app: SleepTrackerApp) -> None:
        """Week of Mon 16 - Sun 22 Nov 2026 at 100x30: 6 of 7 nights logged (Fri 20 is ·),
        bed/wake/asleep/quality rows, diary rows (total sleep, latency, awake, efficiency),
        eight practice rows of ✓ ✗ – ? symbols with the week's adherence on the right, the
        legend, and under it adherence against the week before, coverage, categories, SD,
        SRI and the weekend shift."""
        assert snap_compare(app, terminal_size=WIDE, run_before=open_view("Week", "left"))

    def test_full_week_narrow(self, snap_compare: SnapCompare, app: SleepTrackerApp) -> None:
        """The same week at 80x24: the grid fits the width (no column cut off); the figures
        below the legend are reached by scrolling."""
        assert snap_compare(app, terminal_size=NARROW, run_before=open_view("Week", "left"))

    def test_grid_with_a_cursor_at_80x24(
        self, snap_compare: SnapCompare, app: SleepTrackerApp
    ) -> None:
        """Week of Mon 16 - Sun 22 Nov at 80x24 with the cursor (reversed cell) on Wednesday
        18's 'Did light stretching'; the line under the headline says 'No note on Wed 18
        Nov'; the footer offers y n s to mark, enter for the check-in, [ ] for weeks."""
        assert snap_compare(
            app,
            terminal_size=NARROW,
            run_before=open_view("Week", "left_square_bracket", "right", "right", "down", "down"),
        )

    def test_current_week_not_logged_yet(
        self, snap_compare: SnapCompare, app: SleepTrackerApp
    ) -> None:
        """The week of the default night (Mon 23 Nov) at 80x24: Monday's column highlighted
        and ·, the other six columns blank (still to come), and the headline saying there are
        no check-ins this week yet."""
        assert snap_compare(app, terminal_size=NARROW, run_before=open_view("Week"))


class TestTrendsSnapshots:
    def test_adherence_wide(self, snap_compare: SnapCompare, app: SleepTrackerApp) -> None:
        """Trends at 100x30 on its first tab: the title 'Last 12 weeks: 7 Sep 2026 – 29 Nov
        2026', the weeks box showing 12, and weekly adherence as four small charts, two by two
        (overall, evening, environment, schedule), one line each over the five logged weeks,
        each titled with its series, 0-100 % on the y axis."""
        assert snap_compare(app, terminal_size=WIDE, run_before=open_view("Trends"))

    def test_adherence_narrow(self, snap_compare: SnapCompare, app: SleepTrackerApp) -> None:
        """The same first screenful at 80x24: the four adherence charts whole, two by two,
        each with its title, y axis (0%, 50%, 100%) and week labels; no line crosses another."""
        assert snap_compare(app, terminal_size=NARROW, run_before=open_view("Trends"))

    def test_calendar_narrow(self, snap_compare: SnapCompare, app: SleepTrackerApp) -> None:
        """The Calendar tab at 80x24: month names over 53 week columns (Dec, Jan, ... Nov:
        every month, each over the week holding its 1st), Mo..Su rows, blank
        before the first logged night, then · for unlogged nights and ▁▃▅▇█ blocks for each
        night's adherence, with the legend below."""
        assert snap_compare(
            app,
            terminal_size=NARROW,
            run_before=open_view("Trends", "right", "right", "right", "right"),
        )

    def test_practices_wide(self, snap_compare: SnapCompare, app: SleepTrackerApp) -> None:
        """The Practices tab at 100x30: adherence, current and best streak, quality (and,
        with diary nights, efficiency and latency) on nights done vs missed, and the note that
        this describes the nights and shows no cause."""
        assert snap_compare(
            app,
            terminal_size=WIDE,
            run_before=open_view("Trends", "right", "right", "right", "right", "right"),
        )
