"""The Export CSV dialog: an editable file name, then every logged night written to it.

Opened from the ``Export CSV`` entry of ``tracker.tui.commands.VIEWS`` (key ``e``). The file is
written by ``tracker.storage.csv_io.export_to_file`` (the same code as ``sleep-tracker export
-o FILE``): atomically, so an existing file is replaced whole or left as it was. Success is a
notification with the full path and the number of nights; a problem is one line in the dialog,
which stays open so the name can be corrected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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

if TYPE_CHECKING:
    from tracker.storage.repository import Repository
    from tracker.tui.commands import ViewContext


def default_export_path(now: datetime, folder: Path | None = None) -> Path:
    """``<documents folder or home>/sleep-tracker-YYYY-MM-DD.csv`` for today's date."""
    if folder is None:
        from tracker.storage.paths import default_documents_dir

        folder = default_documents_dir()
    return folder / f"sleep-tracker-{now:%Y-%m-%d}.csv"


def nights_text(count: int) -> str:
    return f"{count} night{'s' if count != 1 else ''}"


class ExportScreen(ModalScreen[Path | None]):
    """Asks for a file name and writes the CSV; returns the path written, or None."""

    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Close without writing"),
    ]

    @dataclass
    class Written(Message):
        """The file was written."""

        path: Path
        nights: int

    @dataclass
    class Failed(Message):
        """Nothing was written (an existing file is as it was)."""

        message: str

    def __init__(self, repository: Repository, path: Path) -> None:
        super().__init__()
        self.repository = repository
        self.path = path
        """The file name proposed."""

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label("Export CSV", classes="title")
            yield Label("Every logged night, oldest first, one column per practice.")
            yield Input(str(self.path), id="export-path", compact=True)
            yield Label("", id="export-error")
            yield Label(
                "enter writes the file (an existing one is replaced) · escape cancels",
                classes="hint",
            )
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        entry = self.query_one("#export-path", Input)
        entry.focus()
        entry.cursor_position = len(entry.value)

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.show_error("Type the name of the file to write, e.g. ~/sleep.csv")
            return
        self.show_error("")
        event.input.disabled = True
        self.export(Path(text).expanduser().absolute())

    @on(Input.Changed, "#export-path")
    def _changed(self) -> None:
        self.show_error("")

    def show_error(self, message: str) -> None:
        self.query_one("#export-error", Label).update(message)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self, path: Path) -> None:
        from tracker.storage.csv_io import export_to_file  # the csv module: only when used

        try:
            summary = export_to_file(self.repository, path)
        except TrackerError as error:
            self.post_message(self.Failed(error.message))
            return
        self.post_message(self.Written(path, summary.nights))

    def on_export_screen_written(self, message: Written) -> None:
        self.app.notify(
            f"Wrote {nights_text(message.nights)} to {message.path}", title="Exported CSV"
        )
        self.dismiss(message.path)

    def on_export_screen_failed(self, message: Failed) -> None:
        entry = self.query_one("#export-path", Input)
        entry.disabled = False
        entry.focus()
        self.show_error(" ".join(message.message.split()))

    def action_cancel(self) -> None:
        self.dismiss(None)


def make_export_screen(context: ViewContext) -> ExportScreen:
    """The factory ``tracker.tui.commands.VIEWS`` calls for ``Export CSV``."""
    return ExportScreen(context.repository, default_export_path(context.now()))
