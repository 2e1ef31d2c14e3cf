"""The week view: seven nights as columns, practices and times as rows, and the week's figures.

Built by ``make_week_screen`` (registered in ``tracker.tui.commands``). The screen draws the
``WeekSummary`` that ``tracker.storage.reports.load_week`` builds, the same object
``sleep-tracker week --json`` prints, so the app and the command line cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static
from textual.worker import Worker, WorkerState

from tracker.domain.errors import TrackerError
from tracker.domain.metrics import week_start_for
from tracker.domain.practices import ON_TIME_BED, Mark
from tracker.domain.text import printable
from tracker.tui.type_ahead import type_ahead_of
from tracker.tui.widgets import figures
from tracker.tui.widgets.save_state import SaveState
from tracker.tui.widgets.week_grid import NOTE_MARK, WeekFigures, WeekGrid, week_headline

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
        Binding("t,home", "this_week", "This week", id="week.this_week",
                tooltip="Back to the week of the default night"),
        Binding("c", "checkin_here", "Check-in", id="week.checkin", show=False,
                tooltip="The check-in of the night under the cursor"),
        Binding("g", "go_to_date", "Go to", id="week.go_to_date",
                tooltip="The week of a typed night (date, yesterday, or nights back)"),
    ]  # fmt: skip

    @dataclass
    class Loaded(Message):
        """A week was read and summarised."""

        summary: WeekSummary
        nights_in_history: int
        """How many nights the whole database holds (0: nothing logged yet)."""
        clear_overlay: bool = False
        """Read back after saves: the marks shown at once are now stored."""

    @dataclass
    class LoadFailed(Message):
        """The week could not be read."""

        message: str

    @dataclass
    class Reported(Message):
        """A mark from the grid was written or refused (from the session's writer thread)."""

        night: date
        refused: str | None
        """Why it was refused, or None when it was written."""
        latest: bool
        """Nothing else is waiting to be written."""

    def __init__(self, context: ViewContext) -> None:
        super().__init__()
        self.context = context
        self.night = context.night
        """A night of the week on screen (or being loaded)."""
        self.summary: WeekSummary | None = None
        """The week on screen."""
        self._start_key: str | None = None
        """The practice the cursor was on when the week was last left."""
        self.reading = False
        """A week is being read (opened, ``[``, ``]``, ``t``, ``g``): keys typed meanwhile
        are held by the app's type-ahead and given back once it is on screen."""

    def compose(self) -> ComposeResult:
        yield Header(icon="☾")
        with Horizontal(id="week-bar"):
            yield Label("", id="week-title", classes="report-title")
            yield SaveState(id="week-save-state")
        yield Label("", id="week-headline", classes="headline")
        yield Label("", id="week-note", classes="week-note", markup=False)
        # The nights' header, kept in view above the rows and scrolled sideways with them.
        with ScrollableContainer(id="week-head-scroll", can_focus=False):
            yield Static("", id="week-head")
        with VerticalScroll(id="week-body", classes="report-body"):
            yield Static("", id="week-empty", classes="empty")
            yield WeekGrid(id="week-grid")
            yield Static(figures.LEGEND, id="week-legend", classes="legend")
            yield WeekFigures(id="week-figures")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        grid = self.query_one(WeekGrid)
        # The cursor starts on the check-in's night (the default night, unless one was opened
        # from here), on the practice it was on when the week was last left.
        grid.column = (self.night - self.week_start(self.night)).days
        grid.unit = self.context.preferences.unit
        self._start_key = getattr(self.app, "week_cursor_practice", None)
        grid.focus()
        self.open_week(self.night)
        if (session := self.session) is not None:
            session.listen(self._report)
        self.watch(self.query_one("#week-body"), "scroll_x", self._scroll_head)

    def _scroll_head(self, scroll_x: float) -> None:
        self.query_one("#week-head-scroll").scroll_to(x=scroll_x, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.query_one(WeekGrid).redraw()  # the labels take the width there is

    def on_unmount(self) -> None:
        if (session := self.session) is not None:
            session.unlisten(self._report)
        self._done_reading()  # a week still loading never keeps the keys

    @property
    def session(self) -> Any:
        """The app's check-in session (the same queue and rules as the check-in), if any."""
        return getattr(self.context, "session", None)

    def _report(self, outcome: Any) -> None:
        """Called from the session's writer thread for every outcome, whoever queued it."""
        refused = getattr(outcome, "message", None)
        self.post_message(self.Reported(outcome.night, refused, not outcome.pending))

    @property
    def default_night(self) -> date:
        return self.context.default_night

    def week_start(self, night: date) -> date:
        return week_start_for(night, self.context.preferences.week_start_weekday)

    # Loading ----------------------------------------------------------------------------

    def hold_keys(self) -> None:
        """Keys typed from now on wait for the week to be on screen (called by the app as it
        opens the view, so the keys typed right after ``w`` are not lost either)."""
        self.reading = True
        if (type_ahead := type_ahead_of(self.app)) is not None:
            type_ahead.hold(self)

    def open_week(self, night: date) -> None:
        """Show the week holding ``night`` (read in a worker).

        The grid is not covered while the week is read (a covered widget is disabled and
        loses the focus a moment later, after the keys were given back): the week shown
        stays, dimmed, the title says which week is being read, and the keys wait.
        """
        self.night = night
        self.hold_keys()
        start = self.week_start(night)
        self.query_one("#week-title", Label).update(
            f"Reading the week of {start:%a} {start.day} {start:%b %Y}…"
        )
        self.query_one("#week-body").add_class("-reading")
        self.load_week(night)

    def _done_reading(self) -> None:
        """The week is on screen (or could not be read): the keys typed meanwhile go to it."""
        self.query("#week-body").remove_class("-reading")  # (none left on unmount)
        if not self.reading:
            return
        self.reading = False
        if (type_ahead := type_ahead_of(self.app)) is not None:
            type_ahead.release(self)

    @work(thread=True, exclusive=True, group="week", exit_on_error=False)
    def load_week(self, night: date, clear_overlay: bool = False) -> None:
        # SQLModel is imported here, in the worker, so opening the view paints at once.
        from tracker.storage.reports import load_week

        repository = self.context.repository
        if (session := self.session) is not None:
            session.wait()  # marks queued from this screen are read back as stored
        try:
            summary = load_week(repository, night, self.default_night)
            count = repository.night_dates()[2]
        except TrackerError as error:
            self.post_message(self.LoadFailed(error.message))
            return
        self.post_message(self.Loaded(summary, count, clear_overlay))

    def on_week_screen_loaded(self, message: Loaded) -> None:
        if self.week_start(message.summary.week_start) != self.week_start(self.night):
            return  # overtaken by a later step
        if message.clear_overlay:
            self.query_one(WeekGrid).overlay.clear()
        self.show(message.summary, message.nights_in_history)
        self._done_reading()

    def on_week_screen_load_failed(self, message: LoadFailed) -> None:
        if self.summary is not None:  # the week still on screen: its title back
            self.query_one("#week-title", Label).update(describe_week(self.summary))
        self._done_reading()
        self.notify(message.message, title="Week not read", severity="error")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A read that failed unforeseen (the app says what): the keys are not kept for it."""
        if event.worker.group == "week" and event.state is WorkerState.ERROR:
            self._done_reading()

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
        for selector in ("#week-grid", "#week-legend", "#week-figures", "#week-head-scroll"):
            self.query_one(selector).display = not nothing_yet
        offset = (self.default_night - summary.week_start).days
        default_index = offset if 0 <= offset < len(summary.days) else None
        grid = self.query_one(WeekGrid)
        if self._start_key is not None:
            keys = [p.key for p in summary.included_practices]
            if self._start_key in keys:
                grid.row = keys.index(self._start_key)
            self._start_key = None
        grid.show(summary, default_index)
        self.query_one(WeekFigures).show(summary)

    # The cursor ---------------------------------------------------------------------------

    @on(WeekGrid.Moved)
    def _cursor_moved(self, message: WeekGrid.Moved) -> None:
        grid = self.query_one(WeekGrid)
        if grid.practice is not None:
            self.app.week_cursor_practice = grid.practice.key  # type: ignore[attr-defined]
        self._show_note(message.night)
        self.query_one("#week-head", Static).update(grid.header())
        # After the grid's new size is laid out, or the region would be measured on the old.
        self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        if not self.is_attached or not self.query(WeekGrid):
            return  # the view closed (escape, or quitting) before the refresh came
        grid = self.query_one(WeekGrid)
        body = self.query_one("#week-body", VerticalScroll)
        cell = grid.cursor_region()
        if cell.right <= body.scrollable_content_region.width:
            cell = Region(0, cell.y, cell.right, 1)  # keep the practice's label in view too
        region = cell.translate(grid.virtual_region.offset)
        body.scroll_to_region(region, animate=False, immediate=True)

    def _show_note(self, night: date) -> None:
        """The note of the night under the cursor, escaped, under the grid."""
        summary = self.summary
        note = None
        if summary is not None:
            day = next((d for d in summary.days if d.night == night), None)
            note = day.record.note if day is not None and day.record is not None else None
        shown = self.query_one("#week-note", Label)
        when = f"{night:%a} {night.day} {night:%b}"
        if note is None:
            shown.update(Content(f"No note on {when}").stylize("$text-muted"))
        else:
            shown.update(
                Content(f"{NOTE_MARK} {when}: ").stylize("bold") + Content(printable(note))
            )

    @on(WeekGrid.PastEdge)
    def _past_edge(self, message: WeekGrid.PastEdge) -> None:
        if self.action_step(message.step):
            self.query_one(WeekGrid).column = 0 if message.step > 0 else 6

    @on(WeekGrid.NightAsked)
    def _night_asked(self, message: WeekGrid.NightAsked) -> None:
        self.open_checkin(message.night)

    def action_go_to_date(self) -> None:
        from tracker.tui.screens.go_to_date import GoToDate

        grid = self.query_one(WeekGrid)
        current = grid.night if grid.summary is not None else self.night
        self.app.push_screen(
            GoToDate(latest=self.default_night, today=self.context.now().date(), current=current),
            self.go_to,
        )

    def go_to(self, night: date | None) -> None:
        """The week holding ``night``, with the cursor on it (None: the dialog was closed)."""
        if night is None:
            return
        self.query_one(WeekGrid).column = (night - self.week_start(night)).days
        self.open_week(night)

    def action_checkin_here(self) -> None:
        grid = self.query_one(WeekGrid)
        self.open_checkin(grid.night if grid.summary is not None else self.night)

    def open_checkin(self, night: date) -> None:
        """The check-in of a night of this week (``enter``, ``c``); the week and its cursor
        come back with ``w``."""
        if night > self.default_night:
            self.notify(self._future(night), title="Not yet", severity="warning")
            return
        app = self.app
        app.action_open_view("Check-in")  # type: ignore[attr-defined]
        checkin = getattr(app, "checkin", None)
        if checkin is not None and checkin.data.night != night:
            checkin.open_night(night)

    def _future(self, night: date) -> str:
        return (
            f"{night:%a} {night.day} {night:%b} is in the future: the latest night you can log "
            f"is {self.default_night:%a} {self.default_night.day} {self.default_night:%b}"
        )

    # Marking ------------------------------------------------------------------------------

    @on(WeekGrid.MarkAsked)
    def _mark_asked(self, message: WeekGrid.MarkAsked) -> None:
        """The grid shows the mark and moved on already; save it, or say why not."""
        practice, night = message.practice, message.night
        grid = self.query_one(WeekGrid)
        if (night > self.default_night or practice.derived) and (
            grid.overlay.pop((night, practice.key), False) is not False
        ):
            grid.redraw()  # (the grid refuses these itself; never shown as saved)
        if night > self.default_night:
            self.notify(self._future(night), title="Not saved", severity="warning")
            return
        if practice.derived:
            what = "bedtime" if practice.key == ON_TIME_BED else "wake time"
            self.notify(
                f"'{printable(practice.label)}' is judged from the {what} you log: press "
                f"enter to open this night's check-in and set it",
                title="Not marked here",
                severity="warning",
            )
            return
        self.query_one(SaveState).state = "saving"
        if (session := self.session) is not None:
            session.mark(night, practice.key, message.mark)
        else:
            self.save_mark(night, practice.key, message.mark)

    @work(thread=True, group="week-save", exit_on_error=False)
    def save_mark(self, night: date, key: str, mark: Mark | None) -> None:
        """Without a session (never in the app): the same rules, one transaction."""
        from tracker.domain.nights import Change

        try:
            self.context.repository.save_change(
                night, Change(marks={key: mark}), default_night=self.default_night
            )
        except TrackerError as error:
            self.post_message(self.Reported(night, error.message, True))
            return
        self.post_message(self.Reported(night, None, True))

    def on_week_screen_reported(self, message: Reported) -> None:
        if message.refused is not None:
            self.query_one(SaveState).state = "error"
            self.notify(message.refused, title="Not saved", severity="error")
        if not self.week_start(message.night) == self.week_start(self.night):
            return
        if message.latest:
            if message.refused is None:
                self.query_one(SaveState).state = "saved"
            self.reload_after_save()

    def reload_after_save(self) -> None:
        """Read the week back once the queue is empty: the marks as stored, new figures."""
        self.load_week(self.night, clear_overlay=True)

    # Actions ----------------------------------------------------------------------------

    def action_step(self, weeks: int) -> bool:
        start = self.week_start(self.night) + timedelta(days=7 * weeks)
        if start > self.default_night:
            self.notify(
                f"The week of {start:%a %d %b} has not begun: the latest night you can log is "
                f"{self.default_night:%a %d %b}",
                title="No next week",
                severity="warning",
            )
            return False
        self.open_week(start)
        return True

    def action_this_week(self) -> None:
        if self.week_start(self.night) == self.week_start(self.default_night):
            self.notify("Already on the week of the default night", title="This week")
            return
        self.open_week(self.default_night)


def make_week_screen(context: ViewContext) -> WeekScreen:
    """The factory registered for "Week" in ``tracker.tui.commands``."""
    return WeekScreen(context)
