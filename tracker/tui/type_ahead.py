"""Type-ahead: keys pressed while the screen is not ready are kept, in order, and given back.

A person who presses ``[`` and then ``3`` means quality 3 for the night they went to, and one
who starts typing ``2310`` as the app opens means that bedtime. While a night is read (the
few milliseconds after ``[``, or the open at start-up) the fields are not there to take the
keys, so the app holds every key here instead of dropping it or letting it act on the night
being left. On release the keys go back to the app one at a time, each through the normal
path (priority bindings, the focused widget, the screen's bindings), after whatever was
pending before them; keys pressed during the hand-back queue behind it, so nothing is
reordered.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable

from textual import events
from textual.message_pump import MessagePump

TYPE_CHECKING = False
if TYPE_CHECKING:
    from textual.app import App

PATIENCE_SECONDS = 1.0
"""How long a hold may keep a quitting key: past it, ctrl+q acts at once (a server that is
slow to answer must not make the app impossible to leave)."""


OPENING = "opening"
"""The holder of the keys typed while the app opens its database, until the check-in shows."""

Kept = events.Key | events.Paste
"""What is kept: keys, and text pasted while holding (a pasted ``2310``)."""


def copy_of(event: Kept, sender: MessagePump) -> Kept:
    """A fresh event to post again (a message is handled once), sent by the app as the
    terminal's are: a message stops bubbling at the widget it came from, so one made while
    a screen handles a message would never reach the screen's or the app's bindings."""
    copy = (
        events.Paste(event.text)
        if isinstance(event, events.Paste)
        else (events.Key(event.key, event.character))
    )
    copy.time = event.time  # kept keys are ordered by when they were typed
    return copy.set_sender(sender)


def type_ahead_of(app: object) -> TypeAhead | None:
    """The app's type-ahead (None for an app without one, as in some widget tests)."""
    return getattr(app, "type_ahead", None)


class TypeAhead:
    """Holds keys while anything holds them; ``take`` decides, key by key, whether to keep
    one."""

    def __init__(self, app: App[object], is_urgent: Callable[[str], bool]):
        """
        Args:
            app: where keys come from and go back to.
            is_urgent: whether a key quits at once (a priority binding), for the patience.
        """
        self._app = app
        self._is_urgent = is_urgent
        self._pending: list[Kept] = []
        """Kept keys, oldest typed first."""
        self._in_flight: Kept | None = None
        """The key given back and not yet seen again by ``take``."""
        self._pacing: object | None = None
        """Set while the key given back last is still on its way through its widget."""
        self._holders: set[object] = set()
        self._since = 0.0

    @property
    def holding(self) -> bool:
        return bool(self._holders)

    def hold(self, holder: object) -> None:
        """Keep keys from now on, until ``holder`` releases them (each holder once)."""
        if not self._holders:
            self._since = time.monotonic()
        self._holders.add(holder)

    def release(self, holder: object) -> None:
        """``holder`` is ready (or gone: a screen releases on unmount, so a load that never
        ends cannot keep the keys forever): give the kept keys back, in order."""
        self._holders.discard(holder)
        self._give_back()

    def take(self, event: Kept) -> bool:
        """True when the key is kept for later (the app must not handle it now)."""
        if event is self._in_flight:
            self._in_flight = None
            if self.holding:  # a key given back started another load: it waits again
                self.keep(event)
                return True
            self._next_after_handled()
            return False
        if self.holding and isinstance(event, events.Key) and self._is_urgent(event.key):
            if time.monotonic() - self._since > PATIENCE_SECONDS:
                return False
        if self.holding or self._pending or self._in_flight is not None or self._pacing:
            self.keep(event)
            return True
        return False

    def keep(self, event: Kept) -> None:
        """Keep a key that already reached a widget when the hold began (it was on its way
        when ``[`` started the load), in its place by the time it was typed."""
        bisect.insort(self._pending, event, key=lambda kept: kept.time)

    def _next_after_handled(self) -> None:
        """Give back the next key once the widget this one goes to has handled it.

        Given back at once, a key could overtake the one before it: a widget handles its
        keys in its own queue, while ctrl+q, a priority binding, acts as soon as the app
        reads it, and would quit before a bedtime given back just ahead of it was typed.
        """
        target = self._app.focused or self._app.screen  # where the app forwards the key
        token = self._pacing = object()

        def resume() -> None:
            if self._pacing is token:
                self._pacing = None
                self._give_back()

        # Queued on the target after the key (the app forwards it once ``take`` returns).
        self._app.call_later(target.call_later, resume)
        self._app.set_timer(0.5, resume)  # a target that went away must not keep the keys

    def _give_back(self) -> None:
        if self.holding or self._in_flight is not None or self._pacing or not self._pending:
            return
        kept = self._pending.pop(0)
        self._in_flight = copy_of(kept, self._app)
        self._app.post_message(self._in_flight)
