"""The trends view: the last N weeks as charts, a year's calendar, streaks and with/without means.

Built by ``make_trends_screen`` (registered in ``tracker.tui.commands``). The screen draws the
``TrendsSummary`` that ``tracker.storage.reports.load_trends`` builds, the same object
``sleep-tracker trends --json`` prints. The charts sit in tabs so that the first screenful, at
80x24, is one whole chart: weekly adherence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from tracker.domain.errors import InputRefused, TrackerError
from tracker.domain.preferences import DiaryMode
from tracker.domain.values import parse_count
from tracker.tui.widgets.charts import (
    Series,
    TrendChart,
    clock_axis,
    hours_axis,
    percent_axis,
    scaled,
    since_noon,
)
from tracker.tui.widgets.heatmap import LEGEND as CALENDAR_LEGEND
from tracker.tui.widgets.heatmap import HeatmapCalendar
from tracker.tui.widgets.practice_table import NOTE, PracticeTable

if TYPE_CHECKING:
    from datetime import date

    from tracker.domain.summary import TrendsSummary
    from tracker.tui.commands import ViewContext

DEFAULT_WEEKS = 12
MAX_WEEKS = 1040
"""Twenty years: a bound for the view only (``trends --weeks`` has none)."""
WEEKS_GROUP = Binding.Group("Weeks", compact=True)
CATEGORY_MARKERS = {
    "evening": "green+",
    "environment": "cyan+",
    "schedule": "magenta+",
    "custom": "yellow+",
}
"""Each category's adherence chart, in this order, and the colour of its line."""


DIARY_OFF = (
    "The sleep diary is off, so these weeks have no sleep efficiency or total sleep to "
    "chart.\n\n"
    "To keep the full sleep diary (in bed, time to fall asleep, awakenings, time awake in the "
    "night, out of bed), turn it on:\n\n"
    "  in the app:    Settings (key ,) > Preferences > Sleep diary: full\n"
    "  in a shell:    sleep-tracker settings set diary full\n\n"
    "The check-in then asks for those items, and this tab charts weekly sleep efficiency and "
    "total sleep."
)
DIARY_EMPTY = (
    "The sleep diary is on, but these weeks hold no diary detail yet.\n\n"
    "Fill in the diary items in the check-in (in bed, latency, awakenings, awake in the night, "
    "out of bed): this tab then charts weekly sleep efficiency and total sleep. Sleep "
    "efficiency needs both latency and time awake in the night."
)
"""What the Diary tab says when none of the weeks shown has diary detail."""


def describe_range(summary: TrendsSummary) -> str:
    """``Last 12 weeks: 7 Sep – 29 Nov 2026``."""
    weeks = summary.weeks
    first, last_night = weeks[0].week_start, weeks[-1].week_start + timedelta(days=6)
    count = len(weeks)
    return (
        f"Last {count} week{'s' if count != 1 else ''}: {first.day} {first:%b %Y} – "
        f"{last_night.day} {last_night:%b %Y}"
    )


class TrendsScreen(Screen[None]):
    """The last N weeks, the year's calendar, streaks."""

    CSS_PATH = "reports.tcss"
    AUTO_FOCUS = "#trends-tabs Tabs"
    BINDINGS = [
        Binding("plus,equals_sign", "weeks(1)", "More", id="trends.more_weeks",
                group=WEEKS_GROUP, tooltip="One more week"),
        Binding("minus", "weeks(-1)", "Fewer", id="trends.fewer_weeks",
                group=WEEKS_GROUP, tooltip="One week fewer"),
        Binding("n", "type_weeks", "Weeks…", id="trends.type_weeks",
                tooltip="Type how many weeks to show"),
    ]  # fmt: skip

    @dataclass
    class Loaded(Message):
        """The weeks were read and summarised."""

        summary: TrendsSummary
        weeks: int
        default_night: date
        nights_in_history: int
        """How many nights the database holds (0: nothing logged yet)."""

    @dataclass
    class LoadFailed(Message):
        """The weeks could not be read."""

        message: str

    def __init__(self, context: ViewContext, weeks: int = DEFAULT_WEEKS) -> None:
        super().__init__()
        self.context = context
        self.weeks = weeks
        """How many weeks are shown (or being loaded)."""
        self.summary: TrendsSummary | None = None
        """The summary on screen."""

    def compose(self) -> ComposeResult:
        yield Header(icon="☾")
        with Horizontal(id="trends-bar"):
            yield Label("", id="trends-title")
            yield Label("weeks (n) ", id="trends-weeks-label")
            yield Input(str(self.weeks), type="integer", max_length=4, id="trends-weeks",
                        tooltip="How many weeks; Enter to apply")  # fmt: skip
        yield Static("", id="trends-empty", classes="empty")
        with TabbedContent(id="trends-tabs"):
            with TabPane("Adherence", id="tab-adherence"), Grid(id="adherence-grid"):
                # Small multiples: one series per chart, so no line crosses another.
                yield TrendChart(id="chart-adherence", x_ticks=3)
                for category in CATEGORY_MARKERS:
                    yield TrendChart(id=f"chart-adherence-{category}", x_ticks=3)
            with TabPane("Times", id="tab-times"), Vertical(classes="chart-pair"):
                yield TrendChart(id="chart-bedtime")
                yield TrendChart(id="chart-wake")
            with TabPane("Sleep", id="tab-sleep"), Vertical(classes="chart-pair"):
                yield TrendChart(id="chart-asleep")
                yield TrendChart(id="chart-quality")
            with TabPane("Diary", id="tab-diary"):
                yield Static("", id="diary-none", markup=False)
                with Vertical(classes="chart-pair", id="diary-charts"):
                    yield TrendChart(id="chart-efficiency")
                    yield TrendChart(id="chart-total-sleep")
            with TabPane("Calendar", id="tab-calendar"), VerticalScroll():
                yield Static("Nightly adherence over the last year", classes="chart-title")
                yield HeatmapCalendar(id="calendar")
                yield Static(CALENDAR_LEGEND, classes="legend")
                yield Static(
                    "Each night's own adherence: its done marks over its done and missed "
                    "marks, derived schedule practices included.",
                    classes="note",
                )
            # The table takes the focus (tab from the tabs), not its scroll container.
            with TabPane("Practices", id="tab-practices"), VerticalScroll(can_focus=False):
                yield PracticeTable(id="practices-table")
                yield Static(NOTE, classes="note")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#trends-empty").display = False
        self.open_weeks(self.weeks)

    # Loading ----------------------------------------------------------------------------

    def open_weeks(self, weeks: int) -> None:
        """Show the last ``weeks`` weeks (read in a worker)."""
        self.weeks = weeks
        self.query_one("#trends-weeks", Input).value = str(weeks)
        self.query_one("#trends-tabs").loading = True
        self.load_trends(weeks)

    @work(thread=True, exclusive=True, group="trends", exit_on_error=False)
    def load_trends(self, weeks: int) -> None:
        # SQLModel is imported here, in the worker, so opening the view paints at once.
        from tracker.storage.reports import load_trends

        worker = get_current_worker()
        repository = self.context.repository
        default_night = self.context.default_night
        try:
            summary = load_trends(repository, weeks, default_night)
            count = repository.night_dates()[2]
        except TrackerError as error:
            self.post_message(self.LoadFailed(error.message))
            return
        if not worker.is_cancelled:  # a newer count was asked for meanwhile
            self.post_message(self.Loaded(summary, weeks, default_night, count))

    def on_trends_screen_loaded(self, message: Loaded) -> None:
        if message.weeks != self.weeks:
            return
        self.show(message.summary, message.default_night, message.nights_in_history)
        self.query_one("#trends-tabs").loading = False

    def on_trends_screen_load_failed(self, message: LoadFailed) -> None:
        self.query_one("#trends-tabs").loading = False
        self.notify(message.message, title="Trends not read", severity="error")

    # Drawing ----------------------------------------------------------------------------

    def show(self, summary: TrendsSummary, default_night: date, nights_in_history: int) -> None:
        """Draw every tab from one summary."""
        self.summary = summary
        self.query_one("#trends-title", Label).update(describe_range(summary))
        empty = self.query_one("#trends-empty", Static)
        empty.display = nights_in_history == 0
        empty.update("No nights logged yet. Press c to check in; the charts fill in week by week.")
        weeks = [week.week_start for week in summary.weeks]

        def column(name: str) -> list[float | None]:
            return [getattr(week, name) for week in summary.weeks]

        def percent(name: str) -> list[float | None]:
            return scaled(column(name), lambda fraction: fraction * 100)

        def hours(name: str) -> list[float | None]:
            return scaled(column(name), lambda minutes: minutes / 60)

        self._draw_adherence(summary, weeks)
        self._draw_times(summary, weeks)
        self._draw_hours(
            "#chart-asleep", "Mean time asleep", weeks, "asleep", "●", hours("sleep_mean_min")
        )
        self.query_one("#chart-quality", TrendChart).draw(
            "Mean quality (1 very poor – 5 very good)",
            weeks,
            [Series("quality", "●", "yellow+", column("quality_mean"))],
            limits=(1, 5),
            ticks=([1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"]),
        )
        self._show_diary_state(summary)
        no_diary = "no sleep diary detail in these weeks"
        self.query_one("#chart-efficiency", TrendChart).draw(
            "Mean sleep efficiency",
            weeks,
            [Series("efficiency", "●", "green+", percent("efficiency_mean"))],
            limits=percent_axis()[0],
            ticks=percent_axis()[1],
            empty=no_diary,
        )
        self._draw_hours(
            "#chart-total-sleep",
            "Mean total sleep",
            weeks,
            "total sleep",
            "●",
            hours("total_sleep_mean_min"),
            empty=no_diary,
        )
        self.query_one(HeatmapCalendar).show(
            summary.nightly_adherence, default_night, self.context.preferences.week_start_weekday
        )
        self.query_one(PracticeTable).show(summary)

    def _draw_adherence(self, summary: TrendsSummary, weeks: list[date]) -> None:
        """Overall adherence and one chart per category that has marks, side by side."""
        limits, ticks = percent_axis(step=50)
        present = self._category_names(summary)
        charts = [("overall", "blue+", [w.adherence for w in summary.weeks])]
        for name, color in CATEGORY_MARKERS.items():
            chart = self.query_one(f"#chart-adherence-{name}", TrendChart)
            chart.display = name in present
            if name in present:
                charts.append((name, color, [w.categories.get(name) for w in summary.weeks]))
        for name, color, fractions in charts:
            selector = "#chart-adherence" if name == "overall" else f"#chart-adherence-{name}"
            self.query_one(selector, TrendChart).draw(
                f"Adherence: {name}",
                weeks,
                [Series(name, "●", color, scaled(fractions, lambda v: v * 100))],
                limits=limits,
                ticks=ticks,
            )
        grid = self.query_one("#adherence-grid", Grid)
        grid.styles.grid_size_columns = 1 if len(charts) == 1 else 2 if len(charts) <= 4 else 3
        grid.styles.grid_size_rows = 1 if len(charts) <= 2 else 2

    def _show_diary_state(self, summary: TrendsSummary) -> None:
        """Charts when some week has diary detail; otherwise why not, and how to start."""
        has_diary = any(
            week.efficiency_mean is not None or week.total_sleep_mean_min is not None
            for week in summary.weeks
        )
        diary_on = self.context.preferences.diary == DiaryMode.FULL
        self.query_one("#diary-charts").display = has_diary
        message = self.query_one("#diary-none", Static)
        message.display = not has_diary
        message.update(DIARY_EMPTY if diary_on else DIARY_OFF)

    def _draw_hours(
        self,
        selector: str,
        title: str,
        weeks: list[date],
        label: str,
        marker: str,
        values: list[float | None],
        empty: str = "No weeks with a value yet",
    ) -> None:
        known = [v for v in values if v is not None]
        limits, ticks = hours_axis(known) if known else (None, None)
        self.query_one(selector, TrendChart).draw(
            title,
            weeks,
            [Series(label, marker, "blue+", values)],
            limits=limits,
            ticks=ticks,
            empty=empty,
        )

    @staticmethod
    def _category_names(summary: TrendsSummary) -> list[str]:
        names: list[str] = []
        for week in summary.weeks:
            names += [name for name in week.categories if name not in names]
        return names

    def _draw_times(self, summary: TrendsSummary, weeks: list[date]) -> None:
        for name, label, marker, color in (
            ("bedtime", "bedtime", "●", "magenta+"),
            ("wake", "wake time", "●", "yellow+"),
        ):
            means = [getattr(week, f"{name}_mean") for week in summary.weeks]
            placed = [None if v is None else since_noon(v) for v in means]
            known = [v for v in placed if v is not None]
            chart = self.query_one(f"#chart-{name}", TrendChart)
            series = [Series(label, marker, color, placed)]
            if not known:
                chart.draw(f"Mean {label}", weeks, series)
                continue
            low, high, positions, labels = clock_axis(known)
            chart.draw(
                f"Mean {label}",
                weeks,
                series,
                limits=(low, high),
                ticks=(positions, labels),
            )

    @on(PracticeTable.Chosen)
    def _open_history(self, message: PracticeTable.Chosen) -> None:
        from tracker.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.context, message.practice))

    # Actions ----------------------------------------------------------------------------

    def action_weeks(self, step: int) -> None:
        weeks = self.weeks + step
        if not 1 <= weeks <= MAX_WEEKS:
            self.notify(f"Between 1 and {MAX_WEEKS} weeks", title="Weeks", severity="warning")
            return
        self.open_weeks(weeks)

    def action_type_weeks(self) -> None:
        entry = self.query_one("#trends-weeks", Input)
        entry.focus()
        entry.select_all()  # what is typed replaces the count

    @on(Input.Submitted, "#trends-weeks")
    def _weeks_typed(self, event: Input.Submitted) -> None:
        try:
            weeks = parse_count(event.value, "Weeks", low=1, high=MAX_WEEKS)
        except InputRefused as refusal:
            self.notify(refusal.message, title="Weeks", severity="error")
            return
        self.query_one("#trends-tabs Tabs").focus()
        if weeks != self.weeks:
            self.open_weeks(weeks)


def make_trends_screen(context: ViewContext) -> TrendsScreen:
    """The factory registered for "Trends" in ``tracker.tui.commands``."""
    return TrendsScreen(context)
