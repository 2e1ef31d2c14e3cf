"""The first frame: the shell with a loading state while the database opens."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Label


class StartScreen(Screen[None]):
    """Painted before SQLModel is imported; the check-in replaces it once data is read."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path

    def compose(self) -> ComposeResult:
        yield Header(icon="☾")
        with Middle(), Center():
            yield Label(f"Opening {self.db_path}…", id="opening")
        yield Footer(show_command_palette=False)

    def show_failure(self, message: str) -> None:
        """Say why the database cannot be used (the app exits right after)."""
        # The database can fail before this screen has composed: query, don't insist.
        for label in self.query("#opening").results(Label):
            label.update(f"Error: {message}")


class QuittingScreen(ModalScreen[None]):
    """Shown while the last saves are written on the way out; it takes every key and does
    nothing with them, so no view or dialog opens while the app closes."""

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Label("Saving and quitting…", id="quitting")
