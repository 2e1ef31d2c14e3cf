"""The visible saved state of the check-in: saving…, saved ✓, or what went wrong."""

from __future__ import annotations

from typing import Literal

from textual.reactive import reactive
from textual.widgets import Static

State = Literal["idle", "saving", "saved", "error"]

TEXT: dict[State, str] = {
    "idle": "",
    "saving": "saving…",
    "saved": "saved ✓",
    "error": "not saved ✗",
}


class SaveState(Static):
    """One word for the state of the last change; the error itself is notified."""

    state: reactive[State] = reactive("idle")
    """Where the last change stands."""

    def render(self) -> str:
        return TEXT[self.state]

    def watch_state(self, state: State) -> None:
        for name in TEXT:
            self.set_class(name == state, f"-{name}")
