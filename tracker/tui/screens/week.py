"""The week view: seven nights as columns, practices and times as rows, and the week's figures.

Built by ``make_week_screen`` (registered in ``tracker.tui.commands``). The screen draws the
``WeekSummary`` that ``tracker.storage.reports.load_week`` builds, the same object
``sleep-tracker week --json`` prints, so the app and the command line cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from tracker.domain.errors import TrackerError
from tracker.domain.metrics import week_start_for
from tracker.tui.widgets import figures
from tracker.tui.widgets.week_grid import WeekFigures, WeekGrid, week_headline

if TYPE_CHECKING:
    from tracker.domain.summary import WeekSummary
    from tracker.tui.commands import ViewContext

WEEK_GROUP = Binding.Group("Week", compact=True)


def describe_week(summary: WeekSummary) -> str:
    """``Week of Mon 16 – Sun 22 Nov 2026 · 6 of 7 nights logged``."""
    start, end = summary.week_start, summary.week_end
    first = f"{start:%a} {start.day}" + (f" {start:%b}" if start.month != end.month else "")
    first += f" {start.year}" if start.year != end.year else ""
    return (
        f"Week of {first} – {end:%a} {end.day} {end:%b %Y} · "
        f"{summary.nights_logged} of {summary.nights_total} nights logged"
    )


class WeekScreen(Screen[None]):
    """The week holding a night, practice by practice."""

    CSS_PATH = "reports.tcss"
    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "Prev", id="week.previous",
                group=WEEK_GROUP, tooltip="The week before"),
        Binding("right_square_bracket", "step(1)", "Next", id="week.next",
                group=WEEK_GROUP, tooltip="The week after (not past this week)"),
        Binding("left", "step(-1)", "Previous week", id="week.previous_arrow", show=False),
        Binding("right", "step(1)", "Next week", id="week.next_arrow", show=False),
        Binding("t,home", "this_week", "This week", id="week.this_week",
                tooltip="Back to the week of the default night"),
    ]  # fmt: skip

    @dataclass
    class Loaded(Message):
        """A week was read and summarised."""

        summary: WeekSummary
        nights_in_history: int
        """How many nights the whole database holds (0: nothing logged yet)."""

    @dataclass
    class LoadFailed(Message):
        """The week could not be read."""

        message: str

    def __init__(self, context: ViewContext) -> None:
        super().__init__()
        self.context = context
        self.night = context.night
        """A night of the week on screen (or being loaded)."""
        self.summary: WeekSummary | None = None
        """The week on screen."""

    def compose(self) -> ComposeResult:
        yield Header(icon="☾")
        yield Label("", id="week-title", classes="report-title")
        yield Label("", id="week-headline", classes="headline")
        with VerticalScroll(id="week-body", classes="report-body"):
            yield Static("", id="week-empty", classes="empty")
            yield WeekGrid(id="week-grid")
            yield Static(figures.LEGEND, id="week-legend", classes="legend")
            yield WeekFigures(id="week-figures")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.open_week(self.night)

    @property
    def default_night(self) -> date:
        return self.context.default_night

    def week_start(self, night: date) -> date:
        return week_start_for(night, self.context.preferences.week_start_weekday)

    # Loading ----------------------------------------------------------------------------

    def open_week(self, night: date) -> None:
        """Show the week holding ``night`` (read in a worker)."""
        self.night = night
        self.query_one("#week-body").loading = True
        self.load_week(night)

    @work(thread=True, exclusive=True, group="week", exit_on_error=False)
    def load_week(self, night: date) -> None:
        # SQLModel is imported here, in the worker, so opening the view paints at once.
        from tracker.storage.reports import load_week

        repository = self.context.repository
        try:
            summary = load_week(repository, night, self.default_night)
            count = repository.night_dates()[2]
        except TrackerError as error:
            self.post_message(self.LoadFailed(error.message))
            return
        self.post_message(self.Loaded(summary, count))

    def on_week_screen_loaded(self, message: Loaded) -> None:
        self.show(message.summary, message.nights_in_history)
        self.query_one("#week-body").loading = False

    def on_week_screen_load_failed(self, message: LoadFailed) -> None:
        self.query_one("#week-body").loading = False
        self.notify(message.message, title="Week not read", severity="error")

    def show(self, summary: WeekSummary, nights_in_history: int) -> None:
        """Draw a week."""
        self.summary = summary
        self.query_one("#week-title", Label).update(describe_week(summary))
        self.query_one("#week-headline", Label).update(week_headline(summary))
        empty = self.query_one("#week-empty", Static)
        nothing_yet = nights_in_history == 0
        empty.display = nothing_yet
        if nothing_yet:
            empty.update(
                "No nights logged yet. Press c to check in for last night; each night you log "
                "becomes a column here."
            )
        for selector in ("#week-grid", "#week-legend", "#week-figures"):
            self.query_one(selector).display = not nothing_yet
        offset = (self.default_night - summary.week_start).days
        default_index = offset if 0 <= offset < len(summary.days) else None
        self.query_one(WeekGrid).show(summary, default_index)
        self.query_one(WeekFigures).show(summary)

    # Actions ----------------------------------------------------------------------------

    def action_step(self, weeks: int) -> None:
        start = self.week_start(self.night) + timedelta(days=7 * weeks)
        if start > self.default_night:
            self.notify(
                f"The week of {start:%a %d %b} has not begun: the latest night you can log is "
                f"{self.default_night:%a %d %b}",
                title="No next week",
                severity="warning",
            )
            return
        self.open_week(start)

    def action_this_week(self) -> None:
        if self.week_start(self.night) == self.week_start(self.default_night):
            self.notify("Already on the week of the default night", title="This week")
            return
        self.open_week(self.default_night)


def make_week_screen(context: ViewContext) -> WeekScreen:
    """The factory registered for "Week" in ``tracker.tui.commands``."""
    return WeekScreen(context)
