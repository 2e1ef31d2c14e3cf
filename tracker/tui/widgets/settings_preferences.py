"""The Preferences tab of Settings: temperature unit, week start, rollover hour, theme, diary.

Each preference is a compact ``Select`` of the values it may take, so nothing typed here can be
refused. A choice that differs from the stored value is announced with
``PreferencesForm.Chosen``; the Settings screen writes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Select

from tracker.domain.preferences import Preferences

CHOICES: dict[str, tuple[str, list[tuple[str, str]], str]] = {
    "unit": (
        "Temperature",
        [("°C  Celsius", "C"), ("°F  Fahrenheit", "F")],
        "bedroom temperature is stored in °C",
    ),
    "week_start": (
        "Week starts",
        [("Monday", "monday"), ("Sunday", "sunday")],
        "first night of a week",
    ),
    "rollover": (
        "Rollover",
        [(f"{hour:02d}:00", str(hour)) for hour in range(24)],
        "check-in opens on last night before it",
    ),
    "theme": ("Theme", [], "applied at once"),
    "diary": (
        "Sleep diary",
        [("basic", "basic"), ("full", "full")],
        "full adds in bed, latency, awakenings...",
    ),
}
"""Preference name -> caption, options (label, stored text) and a hint."""


def stored_text(preferences: Preferences, name: str) -> str:
    """A preference's value as the text ``set_preference`` takes."""
    return str(getattr(preferences, name))


class PreferencesForm(Vertical):
    """One Select per preference; enter opens it, up / down choose, enter confirms."""

    @dataclass
    class Chosen(Message):
        """The user chose a new value for a preference."""

        form: PreferencesForm
        name: str
        """``unit``, ``week_start``, ``rollover``, ``theme`` or ``diary``."""
        value: str

        @property
        def control(self) -> PreferencesForm:
            return self.form

    def __init__(self, themes: Iterable[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.themes = sorted(themes)
        self.preferences: Preferences | None = None
        """The preferences as stored (None until loaded)."""

    def compose(self) -> ComposeResult:
        for name, (caption, options, hint) in CHOICES.items():
            if name == "theme":
                options = [(theme, theme) for theme in self.themes]
            with Horizontal(classes="preference"):
                yield Label(caption, classes="caption")
                yield Select(options, allow_blank=True, compact=True, id=f"pref-{name}", prompt="…")
                yield Label(hint, classes="hint")

    def select(self, name: str) -> Select[str]:
        return self.query_one(f"#pref-{name}", Select)

    def show(self, preferences: Preferences) -> None:
        """Show the stored preferences; setting them announces nothing."""
        self.preferences = preferences
        for name in CHOICES:
            value = stored_text(preferences, name)
            select = self.select(name)
            if name == "theme" and value not in self.themes:
                select.clear()
            elif select.value != value:
                select.value = value

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        name = (event.select.id or "").removeprefix("pref-")
        if self.preferences is None or name not in CHOICES or event.value is Select.NULL:
            return
        value = str(event.value)
        if value != stored_text(self.preferences, name):
            self.post_message(self.Chosen(self, name, value))
