"""Pilot tests of the week and trends views on a real database file with a fixed clock.

The views must draw the summaries ``week --json`` and ``trends --json`` print; one test reads
the figures off the screen and compares them with ``WeekSummary.to_json()`` of the same week.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from tests.tui.tui_support import DEFAULT_NIGHT, opened, settled
from tracker.domain.nights import Night
from tracker.domain.practices import Mark
from tracker.storage.reports import load_week
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.trends import DEFAULT_WEEKS, TrendsScreen
from tracker.tui.screens.week import WeekScreen
from tracker.tui.widgets import figures
from tracker.tui.widgets.charts import TrendChart
from tracker.tui.widgets.heatmap import HeatmapCalendar
from tracker.tui.widgets.week_grid import WeekFigures, WeekGrid

CHECKED = ("routine", "meditation", "stretching", "cool_room", "quiet_room", "comfortable")
SKIP_DAYS = {3, 10, 11, 19}
"""Offsets (nights before the default night) left unlogged."""


def sample_nights(default_night: date = DEFAULT_NIGHT, days: int = 35) -> list[Night]:
    """Five weeks of varied nights before the default night (which stays unlogged).

    Deterministic: marks cycle through done, missed, skipped and not answered; times drift a
    little; some nights carry the sleep diary detail.
    """
    nights: list[Night] = []
    for offset in range(days, 0, -1):
        if offset in SKIP_DAYS:
            continue
        night = default_night - timedelta(days=offset)
        marks: dict[str, Mark] = {}
        for index, key in enumerate(CHECKED):
            code = (offset * 3 + index * 5) % 7
            if code < 4:
                marks[key] = Mark.DONE
            elif code < 6:
                marks[key] = Mark.MISSED
            elif index % 2:
                marks[key] = Mark.SKIPPED
            # else: not answered
        bedtime = (23 * 60 - 20 + (offset * 17) % 70) % 1440
        wake = (7 * 60 - 30 + (offset * 23) % 80) % 1440
        diary: dict[str, int] = {}
        if offset % 3 == 0:
            diary = {"latency": 10 + offset % 20, "waso": 15 + offset % 25, "awakenings": 2}
        nights.append(
            Night(
                night=night,
                bedtime=bedtime,
                wake=wake,
                quality=1 + (offset * 7) % 5 if offset % 4 else None,
                marks=marks,
                **diary,  # type: ignore[arg-type]
            )
        )
    return nights


def fill(db_path: Path, nights: Sequence[Night]) -> None:
    """Write nights into the database file before the app opens it."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    repository = Repository.open(db_path)
    try:
        repository.bulk_save(nights)
    finally:
        repository.close()


def text(widget: Static) -> str:
    """The plain text a Static shows."""
    return str(widget.render())


async def open_view(pilot: Pilot[None], name: str) -> None:
    """Open a view through the command palette, as a user would, and wait for its data."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*name, "enter")
    await settled(pilot)


async def leave_text_field(pilot: Pilot[None]) -> None:
    """Move focus off the check-in's time field, where letters are typed, onto a practice."""
    pilot.app.screen.query_one(".practice").focus()
    await pilot.pause()


@pytest.fixture
def filled(db_path: Path) -> list[Night]:
    nights = sample_nights()
    fill(db_path, nights)
    return nights


class TestWeekView:
    async def test_opens_from_the_palette_on_the_week_of_the_default_night(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(100, 30)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Week")
            screen = pilot.app.screen
            assert isinstance(screen, WeekScreen)
            assert screen.summary is not None
            assert screen.summary.week_start == date(2026, 11, 23)
            title = text(screen.query_one("#week-title", Label))
            assert "Week of Mon 23 – Sun 29 Nov 2026" in title
            assert "0 of 1 nights logged" in title
            headline = text(screen.query_one("#week-headline", Label))
            assert headline.startswith("No check-ins this week")

    async def test_key_opens_it_and_brackets_and_arrows_step_weeks(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(100, 30)) as pilot:
            await opened(pilot)
            await leave_text_field(pilot)
            await pilot.press("w")
            await settled(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, WeekScreen)
            await pilot.press("left_square_bracket")
            await settled(pilot)
            assert screen.summary is not None
            assert screen.summary.week_start == date(2026, 11, 16)
            # The cursor is on Monday (the default night's column): left goes past the edge
            # to the week before, onto its Sunday; left again stays in that week.
            await pilot.press("left")
            await settled(pilot)
            assert screen.summary.week_start == date(2026, 11, 9)
            grid = screen.query_one(WeekGrid)
            assert grid.night == date(2026, 11, 15)
            await pilot.press("left")
            await settled(pilot)
            assert screen.summary.week_start == date(2026, 11, 9)
            assert grid.night == date(2026, 11, 14)
            await pilot.press("right_square_bracket")
            await settled(pilot)
            assert screen.summary.week_start == date(2026, 11, 16)
            await pilot.press("t")
            await settled(pilot)
            assert screen.summary.week_start == date(2026, 11, 23)

    async def test_next_week_past_the_default_night_is_refused_with_a_notice(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(100, 30)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Week")
            await pilot.press("right_square_bracket")
            await settled(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, WeekScreen) and screen.summary is not None
            assert screen.summary.week_start == date(2026, 11, 23)
            assert any("has not begun" in str(n.message) for n in pilot.app._notifications)

    async def test_figures_on_screen_equal_week_json(
        self, db_path: Path, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        """The adherence and the means shown are those of ``week --json`` for the week."""
        repository = Repository.open(db_path)
        try:
            expected = load_week(repository, date(2026, 11, 16), DEFAULT_NIGHT).to_json()
        finally:
            repository.close()
        async with new_app().run_test(size=(100, 30)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Week")
            await pilot.press("left")
            await settled(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, WeekScreen)
            grid = text(screen.query_one(WeekGrid)).splitlines()
            shown = "\n".join(
                [
                    text(screen.query_one("#week-headline", Label)),
                    text(screen.query_one(WeekFigures)),
                ]
            )
        assert expected["week_start"] == "2026-11-16"

        def week_column(label: str) -> str:
            row = next(line for line in grid if line.startswith(label))
            return row.split()[-1]

        def pct(value: float | None) -> str:
            return figures.percent(value)

        assert f"Overall adherence {pct(expected['adherence'])}" in shown
        assert f"on the week before's {pct(expected['previous_adherence'])}" in shown
        change = expected["adherence"] - expected["previous_adherence"]
        assert figures.points(change) in shown
        for name, value in expected["categories"].items():
            assert f"{name} {pct(value)}" in shown
        nights = f"{expected['nights_logged']} of {expected['nights_total']} nights logged"
        assert nights in shown
        assert f"Coverage {pct(expected['nights_logged'] / expected['nights_total'])}" in shown
        assert week_column("Bedtime") == expected["bedtime_mean"]
        assert week_column("Wake") == expected["wake_mean"]
        assert week_column("Time asleep") == figures.duration(expected["sleep_mean_min"])
        assert week_column("Quality") == f"{expected['quality_mean']:.1f}"
        assert week_column("Total sleep") == figures.duration(expected["total_sleep_mean_min"])
        assert week_column("Latency") == f"{expected['latency_mean_min']:.0f}"
        assert week_column("Awake in the night") == f"{expected['waso_mean_min']:.0f}"
        assert week_column("Sleep efficiency") == pct(expected["efficiency_mean"])
        assert f"SD bedtime {expected['bedtime_sd_min']:.0f} min" in shown
        assert f"wake {expected['wake_sd_min']:.0f} min" in shown
        assert f"SRI {expected['sri']:.0f}" in shown
        assert f"Weekend shift {expected['weekend_shift_min']:+.0f} min" in shown
        labels = {"routine": "Followed my evening", "on_time_wake": "Up on schedule"}
        for key, label in labels.items():
            assert week_column(label) == pct(expected["practices"][key]["adherence"])

    async def test_marks_use_distinct_symbols(
        self, db_path: Path, new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        monday = date(2026, 11, 16)
        fill(
            db_path,
            [
                Night(
                    night=monday,
                    bedtime=23 * 60,
                    wake=7 * 60,
                    marks={"routine": Mark.DONE, "meditation": Mark.MISSED},
                ),
                Night(night=monday + timedelta(days=1), marks={"routine": Mark.SKIPPED}),
            ],
        )
        async with new_app().run_test(size=(100, 30)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Week")
            await pilot.press("left")
            await settled(pilot)
            grid = text(pilot.app.screen.query_one(WeekGrid)).splitlines()
            legend = text(pilot.app.screen.query_one("#week-legend", Static))
        routine = next(line for line in grid if line.startswith("Followed"))
        meditation = next(line for line in grid if line.startswith("Meditated"))
        assert routine.split()[-8:-1] == ["✓", "–", "·", "·", "·", "·", "·"]
        assert meditation.split()[-8:-1] == ["✗", "?", "·", "·", "·", "·", "·"]
        assert legend == figures.LEGEND

    async def test_one_night_says_sd_and_sri_need_two_nights(
        self, db_path: Path, new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        fill(db_path, [Night(night=date(2026, 11, 17), bedtime=23 * 60, wake=7 * 60)])
        async with new_app().run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Week")
            await pilot.press("left")
            await settled(pilot)
            shown = text(pilot.app.screen.query_one(WeekFigures))
        assert "SD of bed and wake times needs 2 nights" in shown
        assert "SRI needs 2 nights" in shown

    async def test_empty_database_says_no_nights_yet(
        self, new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Week")
            screen = pilot.app.screen
            empty = screen.query_one("#week-empty", Static)
            assert empty.display
            assert "No nights logged yet" in text(empty)
            assert not screen.query_one(WeekGrid).display

    async def test_grid_fits_80_columns(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Week")
            await pilot.press("left")
            await settled(pilot)
            grid = pilot.app.screen.query_one(WeekGrid)
            assert grid.region.right <= 80
            assert max(len(line) for line in text(grid).splitlines()) <= grid.region.width


class TestTrendsView:
    async def test_opens_from_the_palette_with_twelve_weeks(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(100, 30)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Trends")
            screen = pilot.app.screen
            assert isinstance(screen, TrendsScreen)
            assert screen.summary is not None
            assert len(screen.summary.weeks) == DEFAULT_WEEKS
            assert screen.query_one("#trends-weeks", Input).value == "12"
            title = text(screen.query_one("#trends-title", Label))
            assert title.startswith("Last 12 weeks: 7 Sep 2026 – 29 Nov 2026")

    async def test_key_opens_it_and_plus_minus_and_typing_change_the_weeks(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(100, 30)) as pilot:
            await opened(pilot)
            await leave_text_field(pilot)
            await pilot.press("r")
            await settled(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, TrendsScreen)
            await pilot.press("plus")
            await settled(pilot)
            assert screen.summary is not None and len(screen.summary.weeks) == 13
            await pilot.press("minus", "minus")
            await settled(pilot)
            assert len(screen.summary.weeks) == 11
            await pilot.press("n")
            assert isinstance(pilot.app.focused, Input)
            await pilot.press("4", "enter")
            await settled(pilot)
            assert len(screen.summary.weeks) == 4
            assert not isinstance(pilot.app.focused, Input)

    async def test_figures_are_those_of_trends_json(
        self, db_path: Path, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        from tracker.storage.reports import load_trends

        repository = Repository.open(db_path)
        try:
            expected = load_trends(repository, 12, DEFAULT_NIGHT).to_json()
        finally:
            repository.close()
        async with new_app().run_test(size=(100, 30)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Trends")
            screen = pilot.app.screen
            assert isinstance(screen, TrendsScreen) and screen.summary is not None
            assert screen.summary.to_json() == expected
            table = text(screen.query_one("#practices-table", Static))
        row = next(line for line in table.splitlines() if line.startswith("Followed"))
        routine = expected["practices"]["routine"]
        assert row.split()[3:6] == [
            figures.percent(routine["adherence"]),
            str(routine["current_streak"]),
            str(routine["best_streak"]),
        ]

    async def test_every_tab_is_drawn_and_the_calendar_uses_characters(
        self, filled: list[Night], new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Trends")
            screen = pilot.app.screen
            for tab in ("tab-times", "tab-sleep", "tab-diary", "tab-calendar", "tab-practices"):
                screen.query_one("#trends-tabs").active = tab  # type: ignore[attr-defined]
                await pilot.pause()
            calendar = text(screen.query_one(HeatmapCalendar)).splitlines()
            assert len(calendar) == 8  # month names, then one row per weekday
            assert calendar[1].startswith("Mo")
            body = "".join(line[4:] for line in calendar[1:])
            assert "·" in body  # the unlogged nights
            assert any(c in body for c in "▁▃▅▇█")
            charts = list(screen.query(TrendChart))
            assert len(charts) == 11  # five adherence charts (overall, four categories), six more

    async def test_empty_database_says_no_nights_yet(
        self, new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        async with new_app().run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Trends")
            empty = pilot.app.screen.query_one("#trends-empty", Static)
            assert empty.display
            assert "No nights logged yet" in text(empty)
