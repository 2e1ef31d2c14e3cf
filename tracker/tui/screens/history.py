"""Practice history: one practice over its whole life.

A year calendar of its marks (``[`` and ``]`` page back to its first year, reading only the
year shown), its five longest streaks with their first and last nights, adherence by weekday,
and its habit strength week by week as a chart. Opened from the trends practice table
(``enter``) and from the palette ("History: <label>").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static
from textual.worker import get_current_worker

from tracker.domain.errors import TrackerError
from tracker.domain.history import WEEKDAYS, PracticeHistory
from tracker.domain.text import printable
from tracker.tui.widgets import figures as f
from tracker.tui.widgets.charts import Series, TrendChart, percent_axis, scaled
from tracker.tui.widgets.year_calendar import LEGEND, YearCalendar

if TYPE_CHECKING:
    from tracker.domain.grid import Cell
    from tracker.domain.practices import Practice
    from tracker.tui.commands import ViewContext

YEAR_GROUP = Binding.Group("Year", compact=True)
BAR_WIDTH = 20
CHART_POINTS = 60
"""Points of the strength chart (about one per column at 80)."""


def describe_history(practice: Practice, history: PracticeHistory) -> str:
    """The headline: since when, strength, and every mark of its life."""
    if history.first_night is None:
        if history.started is not None:
            added = history.started
            return (
                f"Added {added:%a} {added.day} {added:%b %Y} · not marked yet (strength starts "
                "at the first mark)"
            )
        return "Never marked yet: its history starts with its first mark."
    tally = history.tally
    first = history.first_night
    return (
        f"Since {first:%a} {first.day} {first:%b %Y} · strength {f.percent(history.strength)} · "
        f"adherence {f.percent(tally.adherence)} ({tally.done} done, {tally.missed} missed, "
        f"{tally.skipped} skipped)"
    )


def streak_lines(history: PracticeHistory) -> Content:
    """Its longest streaks, one line each."""
    lines = [Content("Longest streaks").stylize("bold")]
    if not history.longest:
        lines.append(Content("No night done yet.").stylize("$text-muted"))
    for run in history.longest:
        nights = f"{run.length} night{'s' if run.length != 1 else ''}"
        span = (
            f"{run.first:%a} {run.first.day} {run.first:%b %Y}"
            if run.first == run.last
            else f"{run.first:%a} {run.first.day} {run.first:%b %Y} – "
            f"{run.last:%a} {run.last.day} {run.last:%b %Y}"
        )
        lines.append(Content(f"{nights:>11}  {span}"))
    return Content("\n").join(lines)


def weekday_lines(history: PracticeHistory) -> Content:
    """Adherence by the weekday of the night, as a bar of blocks and a percentage."""
    lines = [Content("Adherence by weekday").stylize("bold")]
    for name, tally in zip(WEEKDAYS, history.weekdays, strict=True):
        share = tally.adherence
        filled = 0 if share is None else round(share * BAR_WIDTH)
        bar = Content("█" * filled).stylize("$text-success") + Content(
            "░" * (BAR_WIDTH - filled)
        ).stylize("$text-muted")
        answered = tally.done + tally.missed
        lines.append(
            Content(f"{name}  ") + bar + Content(f" {f.percent(share):>4}  of {answered} nights")
        )
    return Content("\n").join(lines)


def thinned(
    points: Sequence[tuple[date, float]], most: int = CHART_POINTS
) -> list[tuple[date, float]]:
    """At most ``most`` evenly spaced points, always with the last: a chart of twenty years
    costs what a chart of one year does, and its markers stay apart."""
    step = max(1, -(-len(points) // most))
    return list(points[::-1][::step][::-1])


class HistoryScreen(Screen[None]):
    """One practice over its whole life."""

    CSS_PATH = "reports.tcss"
    BINDINGS = [
        Binding("left_square_bracket", "year(-1)", "Earlier year", id="history.previous",
                group=YEAR_GROUP, tooltip="The year before (back to the practice's first)"),
        Binding("right_square_bracket", "year(1)", "Later year", id="history.next",
                group=YEAR_GROUP, tooltip="The year after (not past the default night's)"),
        Binding("left", "year(-1)", "Earlier year", id="history.previous_arrow", show=False),
        Binding("right", "year(1)", "Later year", id="history.next_arrow", show=False),
        Binding("escape", "back", "Back", id="history.back", tooltip="Back to where you were"),
    ]  # fmt: skip

    @dataclass
    class Loaded(Message):
        """The practice's life was read."""

        history: PracticeHistory

    @dataclass
    class YearLoaded(Message):
        """One year of the calendar was read."""

        year: int
        cells: dict[date, Cell]

    @dataclass
    class LoadFailed(Message):
        message: str

    def __init__(self, context: ViewContext, practice: Practice) -> None:
        super().__init__()
        self.context = context
        self.practice = practice
        self.year = context.default_night.year
        """The year of the calendar on screen (or being loaded)."""
        self.history: PracticeHistory | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="☾")
        yield Label(
            Content("History · ") + Content(printable(self.practice.label)),
            id="history-title",
            classes="report-title",
        )
        yield Label("", id="history-headline", classes="headline")
        with VerticalScroll(id="history-body", classes="report-body"):
            yield Label("", id="history-year", classes="chart-title")
            yield YearCalendar(id="history-calendar")
            yield Static(LEGEND, classes="legend")
            yield Static("", id="history-streaks")
            yield Static("", id="history-weekdays")
            yield TrendChart(id="history-strength")
            yield Static(
                "Strength grows with each night done and fades on nights missed or not logged "
                "(Loop Habit Tracker's score); skipped nights leave it as it is.",
                classes="note",
            )
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#history-body").loading = True
        self.load_history()

    # Loading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def load_history(self) -> None:
        from tracker.storage.reports import load_practice_history, load_practice_year

        repository = self.context.repository
        default_night = self.context.default_night
        try:
            history = load_practice_history(repository, self.practice, default_night)
            cells = load_practice_year(
                repository, self.practice, self.year, history.started, default_night
            )
        except TrackerError as error:
            self.post_message(self.LoadFailed(error.message))
            return
        self.post_message(self.Loaded(history))
        self.post_message(self.YearLoaded(self.year, cells))

    @work(thread=True, exclusive=True, group="history-year", exit_on_error=False)
    def load_year(self, year: int) -> None:
        from tracker.storage.reports import load_practice_year

        worker = get_current_worker()
        started = self.history.started if self.history else None
        try:
            cells = load_practice_year(
                self.context.repository, self.practice, year, started, self.context.default_night
            )
        except TrackerError as error:
            self.post_message(self.LoadFailed(error.message))
            return
        if not worker.is_cancelled:
            self.post_message(self.YearLoaded(year, cells))

    def on_history_screen_loaded(self, message: Loaded) -> None:
        history = self.history = message.history
        self.query_one("#history-headline", Label).update(describe_history(self.practice, history))
        self.query_one("#history-streaks", Static).update(streak_lines(history))
        self.query_one("#history-weekdays", Static).update(weekday_lines(history))
        points = thinned(history.strength_by_week)
        weeks = [week for week, _ in points]
        values = scaled([value for _, value in points], lambda v: v * 100)
        limits, ticks = percent_axis()
        self.query_one(TrendChart).draw(
            "Strength, week by week",
            weeks,
            [Series("strength", "●", "blue+", values)],
            limits=limits,
            ticks=ticks,
            empty="no mark yet",
        )

    def on_history_screen_year_loaded(self, message: YearLoaded) -> None:
        if message.year != self.year:
            return
        self.query_one("#history-year", Label).update(
            f"{message.year}   ([ earlier year · ] later year)"
        )
        self.query_one(YearCalendar).show(
            message.cells, message.year, self.context.preferences.week_start_weekday
        )
        self.query_one("#history-body").loading = False

    def on_history_screen_load_failed(self, message: LoadFailed) -> None:
        self.query_one("#history-body").loading = False
        self.notify(message.message, title="History not read", severity="error")

    # Actions ----------------------------------------------------------------------------

    @property
    def first_year(self) -> int:
        first = self.history.started if self.history else None
        return first.year if first is not None else self.context.default_night.year

    def action_year(self, step: int) -> None:
        year = self.year + step
        if year > self.context.default_night.year:
            self.notify("This is the year of the latest night", title="No later year")
            return
        if year < self.first_year:
            self.notify(
                f"{self.first_year} is the first year of this practice", title="No earlier year"
            )
            return
        self.year = year
        self.load_year(year)

    def action_back(self) -> None:
        self.app.pop_screen()


def make_history_screen(context: ViewContext, practice: Practice) -> HistoryScreen:
    return HistoryScreen(context, practice)
