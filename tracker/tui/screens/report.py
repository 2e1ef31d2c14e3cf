"""The sleep diary report dialog: the 14 nights up to the night on screen, to an HTML or PDF
file whose name can be edited.

Opened from the ``Sleep report`` entry of ``tracker.tui.commands.VIEWS`` (key ``p``). The page
is the one ``sleep-tracker report`` writes (``tracker.report``), written whole or not at all.
Success is a notification with the full path; a problem is one line in the dialog, which stays
open so the name can be corrected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label

from tracker.domain.errors import TrackerError
from tracker.domain.report import DEFAULT_NIGHTS
from tracker.domain.text import printable

if TYPE_CHECKING:
    from collections.abc import Callable

    from tracker.storage.repository import Repository
    from tracker.tui.commands import ViewContext


def default_report_path(first: date, last: date, folder: Path | None = None) -> Path:
    """``<documents folder or home>/sleep-report-FROM-TO.html``."""
    if folder is None:
        from tracker.storage.paths import default_documents_dir

        folder = default_documents_dir()
    return folder / f"sleep-report-{first.isoformat()}-{last.isoformat()}.html"


class ReportScreen(ModalScreen[Path | None]):
    """Asks for a file name and writes the report; returns the path written, or None."""

    CSS_PATH = "report.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="report.cancel", tooltip="Close without writing"),
    ]

    @dataclass
    class Written(Message):
        path: Path

    @dataclass
    class Failed(Message):
        message: str

    def __init__(
        self,
        repository: Repository,
        first: date,
        last: date,
        default_night: date,
        now: Callable[[], datetime],
        path: Path,
    ) -> None:
        super().__init__()
        self.repository = repository
        self.first, self.last = first, last
        self.default_night = default_night
        self.now = now
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="report-dialog"):
            yield Label("Sleep diary report", classes="title")
            yield Label(
                f"Nights {self.first:%a %d %b} to {self.last:%a %d %b %Y}: summary, sleep log "
                "chart, night-by-night table, practices week by week, notes."
            )
            yield Input(str(self.path), id="report-path", compact=True)
            yield Label("", id="report-error")
            yield Label(
                "a name ending in .pdf writes a PDF · enter writes (an existing file is "
                "replaced) · escape cancels",
                classes="hint",
            )
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        entry = self.query_one("#report-path", Input)
        entry.focus()
        entry.cursor_position = len(entry.value)

    @on(Input.Submitted, "#report-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.show_error("Type the name of the file to write, e.g. ~/sleep-report.pdf")
            return
        self.show_error("")
        event.input.disabled = True
        self.write(Path(text).expanduser().absolute())

    @on(Input.Changed, "#report-path")
    def _changed(self) -> None:
        self.show_error("")

    def show_error(self, message: str) -> None:
        self.query_one("#report-error", Label).update(message)

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def write(self, path: Path) -> None:
        # matplotlib, Jinja2, ReportLab and pypdf: loaded only now, in this thread.
        from tracker.report import format_for, render
        from tracker.storage.atomic import output_target, write_atomically
        from tracker.storage.reports import load_report

        try:
            output_target(path)
            kind = format_for(path.name)
            report = load_report(
                self.repository, self.first, self.last, self.default_night, self.now()
            )
            content = render(report, kind)
            write_atomically(path, lambda handle: handle.write(content), binary=True)
        except TrackerError as error:
            self.post_message(self.Failed(error.message))
            return
        self.post_message(self.Written(path))

    def on_report_screen_written(self, message: Written) -> None:
        self.app.notify(
            f"Wrote the report of {self.first:%d %b} to {self.last:%d %b} to "
            f"{printable(str(message.path))}",
            title="Sleep diary report",
        )
        self.dismiss(message.path)

    def on_report_screen_failed(self, message: Failed) -> None:
        entry = self.query_one("#report-path", Input)
        entry.disabled = False
        entry.focus()
        self.show_error(printable(" ".join(message.message.split())))

    def action_cancel(self) -> None:
        self.dismiss(None)


def make_report_screen(context: ViewContext) -> ReportScreen:
    """The factory ``tracker.tui.commands.VIEWS`` calls for ``Sleep report``: the 14 nights
    up to the night on screen."""
    last = min(context.night, context.default_night)
    first = last - timedelta(days=DEFAULT_NIGHTS - 1)
    return ReportScreen(
        context.repository,
        first,
        last,
        context.default_night,
        context.now,
        default_report_path(first, last),
    )
