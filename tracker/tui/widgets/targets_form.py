"""The Targets tab of Settings: bedtime, wake, tolerance, the night they take effect from, and
the history of targets.

The form parses what is typed with the same domain functions as ``sleep-tracker settings set``
and announces a complete, valid entry with ``TargetsForm.Submitted``; the Settings screen
writes it. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static

from tracker.domain import clock, values
from tracker.domain.errors import InputRefused
from tracker.domain.nights import DEFAULT_TARGETS, Targets, targets_for
from tracker.tui.widgets.settings_field import SettingsField

TARGET_NAMES = ("bedtime", "wake", "tolerance")


def parse_effective_night(text: str, *, today: date, default_night: date) -> date:
    """The first night judged by new targets: any night up to the default night.

    Raises:
        InputRefused: not a date, or a night after the default night.
    """
    night = clock.parse_night(text, today=today)
    if night > default_night:
        raise InputRefused(
            f"{night.isoformat()} is in the future; the latest night is {default_night.isoformat()}"
        )
    return night


def target_line(label: str, targets: Targets) -> str:
    return (
        f"{label:<17} bedtime {clock.format_clock(targets.bedtime)}  "
        f"wake {clock.format_clock(targets.wake)}  ±{targets.tolerance} min"
    )


def history_lines(history: Sequence[Targets], default_night: date) -> list[str]:
    """One line per version of the targets, oldest first, the one in force marked."""
    in_force = targets_for(default_night, history)
    first = f"before {history[0].effective_from.isoformat()}" if history else "from the start"
    lines = [target_line(first, DEFAULT_TARGETS) + "  (defaults)"]
    for targets in history:
        lines.append(target_line(f"from {targets.effective_from.isoformat()}", targets))
    marked = 0 if in_force is DEFAULT_TARGETS else 1 + list(history).index(in_force)
    lines[marked] += "  ◀ now"
    return lines


class TargetsForm(Vertical):
    """The schedule targets and when they take effect; Enter or ctrl+s saves."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "submit",
            "Save targets",
            id="settings.targets.save",
            tooltip="Save the targets from the night given",
        ),
    ]

    @dataclass
    class Submitted(Message):
        """Valid targets were entered: from ``effective_from`` on, judge nights by these."""

        form: TargetsForm
        values: dict[str, int]
        """``bedtime``, ``wake`` (clock minutes) and ``tolerance`` (minutes)."""
        effective_from: date

        @property
        def control(self) -> TargetsForm:
            return self.form

    def __init__(self, today: date, default_night: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.default_night = default_night
        """The latest night new targets may take effect from."""

    def compose(self) -> ComposeResult:
        yield Label(
            "Each night is judged against the targets in force for it; nights before the "
            "one you give keep theirs.",
            classes="intro",
        )
        yield SettingsField(
            "Bedtime",
            clock.parse_clock,
            placeholder="HH:MM",
            max_length=8,
            hint="when you try to sleep",
            id="target-bedtime",
        )
        yield SettingsField(
            "Wake time",
            clock.parse_clock,
            placeholder="HH:MM",
            max_length=8,
            hint="your final awakening",
            id="target-wake",
        )
        yield SettingsField(
            "Tolerance",
            values.parse_tolerance,
            placeholder="minutes",
            max_length=7,
            hint="minutes either side, 0-180",
            id="target-tolerance",
        )
        yield SettingsField(
            "From night",
            self._parse_night,
            placeholder="YYYY-MM-DD",
            max_length=10,
            hint="",
            id="target-from",
        )
        yield Label("enter or ctrl+s saves", classes="hint")
        yield Label("History of targets", classes="heading")
        with VerticalScroll(id="targets-history-scroll"):
            yield Static("", id="targets-history", markup=False)

    def _parse_night(self, text: str) -> date:
        return parse_effective_night(text, today=self.today, default_night=self.default_night)

    @property
    def fields(self) -> dict[str, SettingsField]:
        return {
            "bedtime": self.query_one("#target-bedtime", SettingsField),
            "wake": self.query_one("#target-wake", SettingsField),
            "tolerance": self.query_one("#target-tolerance", SettingsField),
            "from": self.query_one("#target-from", SettingsField),
        }

    def show(self, history: Sequence[Targets], default_night: date) -> None:
        """Fill the form with the targets in force for the default night, and the history."""
        self.default_night = default_night
        current = targets_for(default_night, history)
        fields = self.fields
        fields["bedtime"].set_text(clock.format_clock(current.bedtime))
        fields["wake"].set_text(clock.format_clock(current.wake))
        fields["tolerance"].set_text(str(current.tolerance))
        fields["from"].hint = f"default night ({default_night:%a %d %b}) or any before it"
        fields["from"].set_text(default_night.isoformat())
        self.query_one("#targets-history", Static).update(
            "\n".join(history_lines(history, default_night))
        )

    def action_submit(self) -> None:
        """Check every field; announce the targets only when all of them are valid."""
        values: dict[str, Any] = {}
        refused: list[tuple[SettingsField, str]] = []
        for name, field in self.fields.items():
            try:
                values[name] = field.value()
            except InputRefused as refusal:
                refused.append((field, refusal.message))
        if refused:
            field, message = refused[0]
            field.entry.focus()
            self.notify(message, title="Targets not saved", severity="error")
            return
        effective_from: date = values.pop("from")
        self.post_message(self.Submitted(self, values, effective_from))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()
