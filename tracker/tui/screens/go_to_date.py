"""`g`: a small dialog that asks for a night and returns it; any screen can use it.

    def action_go_to_date(self) -> None:
        self.app.push_screen(GoToDate(latest=..., today=..., current=...), self.open_night)

The dialog returns the chosen night (never after ``latest``) or None when escape closed it.
A date is typed as ``2026-11-02``, ``today``, ``yesterday``, or a number of nights back
(``21`` or ``-21``: three weeks before the latest night); a text that is not one of those, or a
future night, is refused beside the field and the dialog stays open.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tracker.domain import clock
from tracker.domain.errors import InputRefused

NIGHTS_BACK = re.compile(r"-?[0-9]{1,5}")  # ASCII digits: `\d` also takes ٣


def parse_target(text: str, *, latest: date, today: date) -> date:
    """The night a person means by ``text``; refuses a future night.

    Raises:
        InputRefused: not a date, or after ``latest``.
    """
    raw = text.strip()
    if NIGHTS_BACK.fullmatch(raw):
        night = latest - timedelta(days=abs(int(raw)))
        if night < clock.FIRST_NIGHT:
            raise InputRefused(f"That is before {clock.FIRST_NIGHT.isoformat()}")
    else:
        night = clock.parse_night(raw, today=today)
    if night > latest:
        raise InputRefused(
            f"{night:%a %d %b %Y} is in the future: the latest night is {latest:%a %d %b}"
        )
    return night


class GoToDate(ModalScreen[date | None]):
    """Asks for a night; returns it, or None when cancelled."""

    DEFAULT_CSS = """
    GoToDate {
        align: center middle;
        & > Vertical {
            width: 60;
            max-width: 100%;
            height: auto;
            border: round $primary;
            background: $panel;
            padding: 0 1;
        }
        .title { text-style: bold; color: $text-primary; }
        .hint { color: $text-muted; }
        Horizontal { height: 1; margin-top: 1; }
        .caption { width: 7; }
        Input { width: 14; background: $boost; &:focus { background: $primary 30%; } }
        #go-reason { width: 1fr; height: auto; color: $text-error; }
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="go_to_date.cancel", tooltip="Stay where you are")
    ]

    def __init__(self, *, latest: date, today: date, current: date) -> None:
        super().__init__()
        self.latest = latest
        self.today = today
        self.current = current
        """The night on screen: the text the field starts with, selected."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Go to a night", classes="title")
            with Horizontal():
                yield Label("Night", classes="caption")
                yield Input(
                    self.current.isoformat(),
                    placeholder="YYYY-MM-DD",
                    compact=True,
                    max_length=10,
                    select_on_focus=True,
                    id="go-date",
                )
            yield Label("", id="go-reason")
            yield Label("YYYY-MM-DD, yesterday, or a number of nights back (21)", classes="hint")
            yield Label(
                f"latest {self.latest:%a %d %b} · enter goes there · escape stays", classes="hint"
            )

    def on_mount(self) -> None:
        entry = self.query_one("#go-date", Input)
        entry.focus()
        entry.select_all()

    @on(Input.Changed, "#go-date")
    def _changed(self) -> None:
        self.query_one("#go-reason", Label).update("")  # judged on enter, when complete

    @on(Input.Submitted, "#go-date")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            night = parse_target(event.value, latest=self.latest, today=self.today)
        except InputRefused as refusal:
            self.query_one("#go-reason", Label).update(refusal.message)
            event.input.select_all()  # typing again replaces it
            return
        self.dismiss(night)

    def action_cancel(self) -> None:
        self.dismiss(None)
