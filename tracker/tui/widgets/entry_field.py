"""A one-line labelled entry that commits only valid values and always comes back to them.

Used for bedtime, wake, bedroom temperature, the note and the diary. The field keeps the last
valid value (what is stored). Text is judged when it is complete (four digits of a time, enter,
or leaving the field), not at each key: a refused text shows its reason beside the field while
the cursor stays, and goes back to the stored value when the field is left (escape too), with
the reason notified. Focus selects the stored text, so typing replaces it. Clearing the text
commits None (the value is cleared).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from tracker.domain import clock
from tracker.domain.errors import InputRefused
from tracker.tui.type_ahead import type_ahead_of
from tracker.tui.widgets.safe_input import SafeInput

Parser = Callable[[str], Any]
"""Turns the typed text into a value or raises ``InputRefused`` with the reason."""
Formatter = Callable[[Any], str]

FOUR_DIGITS = re.compile(r"\d{4}")
COMPLETE_TIME = re.compile(r"\d{4}|\d{1,2}[:.]\d{2}|.*\d\s*[ap]\.?m\.?", re.IGNORECASE)
"""A time typed in full, in any accepted form: judged as soon as it is typed."""
TIME_ON_ITS_WAY = re.compile(r"\d{0,3}|\d{1,2}[:.]\d?|\d{1,2}([:.]\d{2})?\s*[ap]?", re.IGNORECASE)
"""The beginning of a time that more typing can complete: not judged yet."""
TIME_KEYS = "0123456789:. apmAPM"
"""What a time field types; any other key goes to the bindings."""


class TrackerInput(SafeInput):
    """An Input that reports each typed character at once and lets typed-ahead keys follow
    the focus.

    Keys are queued on the widget that had the focus when they were read, so after a time field
    moves the cursor on by itself, keys typed ahead (fast typists, pasted or scripted input)
    may still arrive here; they are replayed so that they reach the widget that now has the
    focus, in order.
    """

    def __init__(
        self,
        on_typed: Callable[[str], None] | None = None,
        allowed: str | None = None,
        on_submit: Callable[[], None] | None = None,
        *,
        on_escape: Callable[[], bool] | None = None,
        digits_first: bool = False,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.on_escape = on_escape
        """Called on escape; True when it reverted the text (else escape goes on to the app)."""
        self.digits_first = digits_first
        """Only a digit can start the text: on an empty (or wholly selected) field, letters
        go to the key bindings, so `a` or `y` act on the practices past an empty time."""
        self.on_typed = on_typed
        self.on_submit = on_submit
        """Called right when Enter is pressed, before any key typed after it is handled."""
        """Called with the new value right after a character is typed (not via a message)."""
        self.allowed = allowed
        """Characters this field can use; None for any. Other keys are left to the key
        bindings, so `w` opens the week even while the cursor is in the bedtime field."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Only the characters this field can use hide the screen's and app's bindings."""
        if not self._takes(character):
            return False
        return super().check_consume_key(key, character)

    def _takes(self, character: str | None) -> bool:
        if character is None:
            return True
        if self.allowed is not None and character not in self.allowed:
            return False
        if self.digits_first and not character.isdigit():
            start, end = self.selection
            before = self.value[: min(start, end)]  # what stays before the typed character
            return any(c.isdigit() for c in before)
        return True

    async def _on_key(self, event: events.Key) -> None:
        type_ahead = type_ahead_of(self.app)
        if type_ahead is not None and type_ahead.holding:
            # Read before a key just handled started loading another night: it is for that
            # night, so it waits with the keys typed during the load.
            event.stop()
            event.prevent_default()
            type_ahead.keep(event)
            return
        if self.screen.focused is not self or self.screen is not self.app.screen:
            # Typed ahead of a focus change (or of another screen opening): hand the key on
            # to whatever has the focus now.
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key == "escape" and self.on_escape is not None and self.on_escape():
            event.stop()
            event.prevent_default()
            return
        if event.key in ("enter", "tab", "shift+tab"):
            # Handled here, in order with the typed characters: as a binding it would bubble
            # to the app first and the next key would land in this field.
            event.stop()
            event.prevent_default()
            if event.key == "enter":
                await self.action_submit()
            elif event.key == "tab":
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        if not event.is_printable:
            return
        if not self._takes(event.character):
            # Not ours: skip Input's own handler (which would type it). Its binding runs now,
            # in order with the keys queued here behind it: bubbled to the app it would run
            # after them, and a `2` typed just after `[` would land in the night being left.
            event.prevent_default()
            active = self.screen.active_bindings.get(event.key)
            if active is not None and active.enabled and not active.binding.priority:
                event.stop()
                await self.app.run_action(active.binding.action, active.node)
            return
        await super()._on_key(event)  # inserts the character and prevents the default
        if self.on_typed is not None:
            self.on_typed(self.value)

    async def action_submit(self) -> None:
        await super().action_submit()
        if self.on_submit is not None:
            # Synchronously, like the four-digit advance: keys typed ahead of the focus
            # change then follow it (see _on_key).
            self.on_submit()


class EntryField(Horizontal):
    """Caption, input and the reason why the text is refused."""

    DEFAULT_CSS = """
    EntryField {
        height: 1;
        & > .caption { width: 10; }
        & > Input { width: 9; }
        & > .reason { width: auto; padding-left: 1; color: $text-muted; }
        &.-invalid > .reason { color: $text-error; }
        /* In a row of several fields: caption and input only; the row shows the reason. */
        &.compact { width: auto; }
        &.compact > .caption { width: auto; padding: 0 1 0 2; }
        &.compact > .reason { display: none; }
    }
    """

    @dataclass
    class Committed(Message):
        """A valid value (or None: cleared) was entered and should be saved."""

        field: EntryField
        name: str
        """The night field this entry edits."""
        value: Any

        @property
        def control(self) -> EntryField:
            return self.field

    @dataclass
    class Checked(Message):
        """The text was checked as typed: ``reason`` says why it is refused ("" when valid)."""

        field: EntryField
        reason: str

        @property
        def control(self) -> EntryField:
            return self.field

    @dataclass
    class Completed(Message):
        """The text was complete (four digits of a time) and the cursor moved on."""

        field: EntryField

        @property
        def control(self) -> EntryField:
            return self.field

    def __init__(
        self,
        name: str,
        caption: str,
        parse: Parser,
        format: Formatter,
        *,
        placeholder: str = "",
        input_width: int | str | None = None,
        max_length: int = 0,
        advance_on_four_digits: bool = False,
        advance_on_submit: bool = False,
        allowed: str | None = None,
        digits_first: bool = False,
        complete: re.Pattern[str] | None = None,
        classes: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.digits_first = digits_first
        self.complete = complete
        """Text matching this is complete and judged as typed; other text on enter or leave."""
        self.info = ""
        """Shown beside the input while no reason is (e.g. "next day" for a bedtime)."""
        self.field_name = name
        self.caption = caption
        self.parse = parse
        self.format = format
        self.placeholder = placeholder
        self.input_width = input_width
        self.max_length = max_length
        self.advance_on_four_digits = advance_on_four_digits
        self.advance_on_submit = advance_on_submit
        """Enter moves on to the next field (numbers of any length)."""
        self.allowed = allowed
        self.reason = ""
        """Why the text on screen is refused ("" when it is valid)."""
        self.value: Any = None
        """The last valid value (what is saved)."""

    def compose(self) -> ComposeResult:
        yield Label(self.caption, classes="caption")
        entry = TrackerInput(
            self._typed,
            self.allowed,
            self._advance if self.advance_on_submit else None,
            on_escape=self._escape,
            digits_first=self.digits_first,
            placeholder=self.placeholder,
            compact=True,
            max_length=self.max_length,
            select_on_focus=True,
        )
        if self.input_width is not None:
            entry.styles.width = self.input_width
        yield entry
        yield Label("", classes="reason", markup=False)  # a reason quotes typed text

    @property
    def entry(self) -> Input:
        return self.query_one(Input)

    @property
    def stored_text(self) -> str:
        return "" if self.value is None else self.format(self.value)

    def show(self, value: Any) -> None:
        """Show a stored value without committing it (another night was loaded)."""
        self.value = value
        entry = self.entry
        with entry.prevent(Input.Changed):
            entry.value = self.stored_text
        if entry.has_focus:
            entry.select_all()  # typing replaces the stored text
        self._set_reason("")

    def show_info(self, info: str) -> None:
        """A note beside the input while the text is not refused ("" for none)."""
        self.info = info
        if not self.reason:
            self.query_one(".reason", Label).update(info)

    def _set_reason(self, reason: str) -> None:
        self.set_class(bool(reason), "-invalid")
        self.query_one(".reason", Label).update(reason or self.info)
        if reason != self.reason:
            self.reason = reason
            self.post_message(self.Checked(self, reason))

    def revert(self) -> str:
        """Put the stored value back; returns the reason the text was refused ("" if it was
        not)."""
        valid, _value = self._check(self.entry.value)
        reason = "" if valid else self.reason
        self.show(self.value)
        return reason

    def _escape(self) -> bool:
        if self.entry.value == self.stored_text:
            return False
        self.revert()
        self.entry.select_all()
        return True

    def _parse(self, text: str) -> tuple[bool, Any]:
        """(valid, value) for the text, without showing anything."""
        if not text.strip():
            return True, None
        try:
            return True, self.parse(text)
        except InputRefused:
            return False, None

    def _check(self, text: str) -> tuple[bool, Any]:
        """(valid, value) for the text, showing the reason when it is refused."""
        if not text.strip():
            self._set_reason("")
            return True, None
        try:
            value = self.parse(text)
        except InputRefused as refusal:
            self._set_reason(refusal.message)
            return False, None
        self._set_reason("")
        return True, value

    def _typed(self, value: str) -> None:
        if self.advance_on_four_digits and FOUR_DIGITS.fullmatch(value):
            valid, _value = self._check(value)  # complete: judged now, the reason shown
            if valid:
                self.commit()
                self.screen.focus_next()
                self.post_message(self.Completed(self))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """Judged while typing only once complete (``23`` is on its way to ``23:10``)."""
        event.stop()
        text = event.value.strip()
        if (
            self.complete is not None
            and not self.complete.fullmatch(text)
            and TIME_ON_ITS_WAY.fullmatch(text)
        ):
            if self.reason:
                self._set_reason("")
            return
        self._check(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._check(self.entry.value)[0]:
            self.commit()

    def _advance(self) -> None:
        """Enter on a field that moves on: commit a valid value and go to the next field."""
        valid, _value = self._check(self.entry.value)
        if valid:
            self.commit()
            self.screen.focus_next()

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        """Leaving the field: a valid text is committed, a refused one goes back to the
        stored value and its reason is notified (the field no longer shows it)."""
        event.stop()
        if self._check(self.entry.value)[0]:
            self.commit()
            return
        reason = self.revert()
        if self.is_attached and self.app is not None:
            self.app.notify(
                f"{self.caption.strip().capitalize()} kept as it was: {reason}",
                title="Not changed",
                severity="warning",
            )

    def take_commit(self) -> bool:
        """Take the text as the value if it is valid and differs; True if it changed.

        Synchronous, so that the screen can collect every valid value before quitting.
        """
        valid, value = self._parse(self.entry.value)
        if not valid or value == self.value:
            return False
        self.value = value
        return True

    def commit(self) -> None:
        """Take the text as the value and announce it when it changed."""
        if self.take_commit():
            self.show(self.value)  # 2310 reads back as 23:10
            self.post_message(self.Committed(self, self.field_name, self.value))


def time_entry(name: str, caption: str, *, id: str, compact: bool = False) -> EntryField:
    """A clock-time field: any form ``parse_clock`` accepts, moving on after four digits."""
    return EntryField(
        name,
        caption,
        clock.parse_clock,
        clock.format_clock,
        placeholder="HH:MM",
        input_width=6 if compact else 7,
        max_length=8,
        advance_on_four_digits=True,
        allowed=TIME_KEYS,
        digits_first=True,
        complete=COMPLETE_TIME,
        classes="compact" if compact else None,
        id=id,
    )
