"""The trends view as a newcomer meets it (issue 19): one adherence series per chart, readable
at 80x24, and a Diary tab that says how to turn the diary on when it has nothing to chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.tui.test_week_trends import fill, open_view, sample_nights, text
from tests.tui.tui_support import opened
from tracker.domain.nights import Night
from tracker.domain.practices import Category, Mark
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.trends import TrendsScreen
from tracker.tui.widgets.charts import TrendChart

DIARY_FIELDS = ("in_bed", "out_of_bed", "latency", "awakenings", "waso")


def without_diary(nights: list[Night]) -> list[Night]:
    return [replace(night, **dict.fromkeys(DIARY_FIELDS)) for night in nights]


def adherence_charts(screen: TrendsScreen) -> list[TrendChart]:
    """The adherence charts on screen, in their order."""
    grid = screen.query_one("#adherence-grid")
    return [chart for chart in grid.query(TrendChart) if chart.display]


class TestAdherenceSmallMultiples:
    @pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
    async def test_one_series_per_chart_each_whole_on_screen(
        self, db_path: Path, new_app: Callable[[], SleepTrackerApp], size: tuple[int, int]
    ) -> None:
        fill(db_path, sample_nights())
        async with new_app().run_test(size=size) as pilot:
            await opened(pilot)
            await open_view(pilot, "Trends")
            screen = pilot.app.screen
            assert isinstance(screen, TrendsScreen)
            charts = adherence_charts(screen)
            assert [c.chart_title for c in charts] == [
                "Adherence: overall",
                "Adherence: evening",
                "Adherence: environment",
                "Adherence: schedule",
            ]
            for chart in charts:
                assert len(chart.series_drawn) == 1
                region = chart.region
                assert region.width >= 30 and region.height >= 8, chart.chart_title
                assert screen.region.contains_region(region), "cut off"

    async def test_custom_practices_get_their_own_chart(
        self, db_path: Path, new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        nights = sample_nights()
        last = nights.pop()
        fill(db_path, nights)
        with Repository.open(db_path) as repository:
            repository.add_practice("journal", "Wrote in my journal", Category.CUSTOM)
            repository.bulk_save([replace(last, marks={**last.marks, "journal": Mark.DONE})])
        async with new_app().run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            await open_view(pilot, "Trends")
            screen = pilot.app.screen
            assert isinstance(screen, TrendsScreen)
            charts = adherence_charts(screen)
            assert charts[-1].chart_title == "Adherence: custom"
            assert len(charts) == 5
            for chart in charts:
                assert screen.region.contains_region(chart.region)
                assert chart.region.height >= 8


class TestDiaryTab:
    async def open_diary_tab(self, pilot) -> TrendsScreen:  # type: ignore[no-untyped-def]
        await opened(pilot)
        await open_view(pilot, "Trends")
        screen = pilot.app.screen
        assert isinstance(screen, TrendsScreen)
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert screen.query_one("#trends-tabs").active == "tab-diary"  # type: ignore[attr-defined]
        return screen

    async def test_diary_off_says_so_and_how_to_turn_it_on(
        self, db_path: Path, new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        fill(db_path, without_diary(sample_nights()))
        async with new_app().run_test(size=(80, 24)) as pilot:
            screen = await self.open_diary_tab(pilot)
            message = screen.query_one("#diary-none")
            assert message.display and not screen.query_one("#diary-charts").display
            said = " ".join(text(message).split())  # type: ignore[arg-type]
            assert said.startswith("The sleep diary is off")
            assert "sleep-tracker settings set diary full" in said
            assert "Settings (key ,) > Preferences > Sleep diary: full" in said
            assert screen.region.contains_region(message.region)

    async def test_diary_on_without_detail_says_what_to_fill_in(
        self, db_path: Path, new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        fill(db_path, without_diary(sample_nights()))
        with Repository.open(db_path) as repository:
            repository.set_preference("diary", "full")
        async with new_app().run_test(size=(80, 24)) as pilot:
            screen = await self.open_diary_tab(pilot)
            said = text(screen.query_one("#diary-none"))  # type: ignore[arg-type]
            assert said.startswith("The sleep diary is on, but these weeks hold no diary")

    async def test_diary_nights_are_charted(
        self, db_path: Path, new_app: Callable[[], SleepTrackerApp]
    ) -> None:
        fill(db_path, sample_nights())
        async with new_app().run_test(size=(80, 24)) as pilot:
            screen = await self.open_diary_tab(pilot)
            assert not screen.query_one("#diary-none").display
            assert screen.query_one("#diary-charts").display
            efficiency = screen.query_one("#chart-efficiency", TrendChart)
            assert efficiency.chart_title == "Mean sleep efficiency"
