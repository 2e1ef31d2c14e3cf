"""A labelled one-line input for the Settings screen that checks its text as it is typed.

Used by the targets form and the practice dialog. The text is parsed by a domain function that
raises ``InputRefused``; its one-line message is shown beside the input, so the app refuses
with exactly the words of the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from tracker.domain.errors import InputRefused

Parser = Callable[[str], Any]
"""Turns the typed text into a value or raises ``InputRefused`` with the reason."""


class FieldInput(Input):
    """An input that lets a binding of its screen take ``[`` and ``]`` (the Settings tab
    keys): no target value holds a bracket. Where no binding wants them (the practice
    dialog), they are typed as usual."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character in ("[", "]"):
            return False
        return super().check_consume_key(key, character)


class SettingsField(Horizontal):
    """Caption, input, and beside it a hint or the reason the text is refused."""

    def __init__(
        self,
        caption: str,
        parse: Parser,
        *,
        hint: str = "",
        placeholder: str = "",
        max_length: int = 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="settings-field")
        self.caption = caption
        self.parse = parse
        self.hint = hint
        """Shown beside the input while the text is acceptable."""
        self.placeholder = placeholder
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        yield Label(self.caption, classes="caption")
        yield FieldInput(
            placeholder=self.placeholder,
            compact=True,
            max_length=self.max_length,
            select_on_focus=True,
        )
        yield Label(self.hint, classes="reason", markup=False)  # a reason quotes typed text

    @property
    def entry(self) -> Input:
        return self.query_one(Input)

    @property
    def text(self) -> str:
        return self.entry.value

    def set_text(self, text: str) -> None:
        """Show a value without judging it (it came from the database)."""
        with self.entry.prevent(Input.Changed):
            self.entry.value = text
        self.show_reason("")

    def show_reason(self, reason: str) -> None:
        """Show why the text is refused, or the hint when ``reason`` is empty."""
        self.set_class(bool(reason), "-invalid")
        self.query_one(".reason", Label).update(reason or self.hint)

    def value(self) -> Any:
        """The parsed value; shows the reason and re-raises when the text is refused.

        Raises:
            InputRefused: the text does not parse.
        """
        try:
            parsed = self.parse(self.text)
        except InputRefused as refusal:
            self.show_reason(refusal.message)
            raise
        self.show_reason("")
        return parsed

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self.show_reason("")
            return
        try:
            self.value()
        except InputRefused:
            pass
