"""Snapshots of the trends view as a newcomer meets it (issue 19): the adherence charts at
80x24 in a light theme and at 120x40, and the Diary tab with the diary off.

Each ``run_before`` waits for the condition the picture needs (the summary drawn, the tab
shown), never for a fixed number of pauses. Review ``snapshot_report.html`` before
``--snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.test_week_trends import fill, sample_nights
from tests.tui.tui_support import NOW
from tracker.storage.repository import Repository
from tracker.tui.app import make_app
from tracker.tui.screens.trends import TrendsScreen

SnapCompare = Callable[..., bool]
NARROW = (80, 24)
LARGE = (120, 40)


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition`` holds (bounded, so a stuck app fails the test)."""
    for _ in range(500):
        if condition():
            return
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


def trends_tab(tab: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A ``run_before`` that opens Trends from its key, then a tab, once the data is drawn."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        ready = lambda: app.repository is not None and app.checkin is not None  # type: ignore[attr-defined]  # noqa: E731
        await wait_until(pilot, ready, "the database open and the check-in shown")
        app.action_open_view("Trends")  # type: ignore[attr-defined]

        def drawn() -> bool:
            screen = app.screen
            return (
                isinstance(screen, TrendsScreen)
                and screen.summary is not None
                and not screen.query_one("#trends-tabs").loading
            )

        await wait_until(pilot, drawn, "the trends drawn")
        tabs = app.screen.query_one("#trends-tabs")
        tabs.active = tab  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: tabs.active == tab, f"tab {tab}")  # type: ignore[attr-defined]
        await pilot.pause()

    return run_before


def database(tmp_path: Path, *, diary: bool = True, theme: str | None = None) -> Path:
    """Five weeks of sample nights (tests/tui), with or without the diary detail."""
    db_path = tmp_path / "snap" / "tracker.db"
    nights = sample_nights()
    if not diary:
        fields = ("in_bed", "out_of_bed", "latency", "awakenings", "waso")
        nights = [replace(night, **dict.fromkeys(fields)) for night in nights]
    fill(db_path, nights)
    if theme is not None:
        with Repository.open(db_path) as repository:
            repository.set_preference("theme", theme)
    return db_path


class TestTrendsTabs:
    def test_adherence_light_theme_at_80x24(
        self, snap_compare: SnapCompare, tmp_path: Path
    ) -> None:
        """textual-light at 80x24: four adherence charts two by two (overall, evening,
        environment, schedule), each whole with its title, 0/50/100 % axis and week labels,
        dark text and frames on the light background; the Adherence tab highlighted."""
        app = make_app(database(tmp_path, theme="textual-light"), now=NOW, sub_title="test")
        assert snap_compare(app, terminal_size=NARROW, run_before=trends_tab("tab-adherence"))

    def test_adherence_at_120x40(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        """120x40: the same four charts two by two, each about 58 columns by 17 rows, with
        three week labels under each."""
        app = make_app(database(tmp_path), now=NOW, sub_title="test")
        assert snap_compare(app, terminal_size=LARGE, run_before=trends_tab("tab-adherence"))

    @pytest.mark.parametrize("size", [NARROW, LARGE], ids=["80x24", "120x40"])
    def test_diary_tab_with_the_diary_off(
        self, snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
    ) -> None:
        """The Diary tab on nights without diary detail, diary setting basic: no empty chart
        boxes, but 'The sleep diary is off ...' and the two ways to turn it on (Settings >
        Preferences > Sleep diary: full; sleep-tracker settings set diary full)."""
        app = make_app(database(tmp_path, diary=False), now=NOW, sub_title="test")
        assert snap_compare(app, terminal_size=size, run_before=trends_tab("tab-diary"))
