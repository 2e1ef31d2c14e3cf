"""The check-in session: changes to nights queued, written in order, each outcome reported.

Plain Python (no Textual): the check-in screen and the week grid hand their changes to one
session, and tests drive it directly. One writer thread at a time takes the changes in the order
they were queued and writes each in its own transaction through ``Repository.save_change`` (the
same rules as the command line). Every outcome is handed to each listener *from the writer
thread*: a screen posts it on as a Textual message (``post_message`` is thread-safe).

    session = CheckinSession(repository, default_night=lambda: night)
    session.listen(print)
    session.queue(night, Change(marks={"routine": Mark.DONE}))
    session.wait()  # every change queued so far is written (or refused)
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tracker.domain.errors import TrackerError
from tracker.domain.nights import Change, Night
from tracker.domain.practices import Mark

if TYPE_CHECKING:
    from tracker.storage.repository import Repository


@dataclass(frozen=True)
class Saved:
    """A change was written; ``stored`` is the night as it is now in the database."""

    night: date
    stored: Night
    pending: bool
    """More changes were still waiting when this one was written."""
    serial: int = 0
    """Which change this was: 1 for the first queued in the session, and so on."""


@dataclass(frozen=True)
class Refused:
    """A change was refused (a rule) or could not be written (the file); nothing was written."""

    night: date
    message: str
    """Why, in one line, for the person."""
    stored: Night | None
    """The night as it is stored (None: not logged, or it could not be read)."""
    pending: bool
    serial: int = 0


Outcome = Saved | Refused
Listener = Callable[[Outcome], None]


class CheckinSession:
    """Queues changes to nights and writes them in order, one transaction each."""

    def __init__(
        self,
        repository: Repository,
        *,
        default_night: Callable[[], date],
    ) -> None:
        """
        Args:
            repository: where the nights are written.
            default_night: the latest night that can be logged, asked at each write (the
                clock may pass the rollover hour while the app is open).
        """
        self.repository = repository
        self.default_night = default_night
        self._listeners: list[Listener] = []
        self._pending: deque[tuple[int, date, Change]] = deque()
        self.queued = 0
        """How many changes were queued so far (the serial of the last one)."""
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._writer: threading.Thread | None = None
        self._writing = False
        self._held = 0
        self.closed = False
        self.outcomes = 0
        """How many changes were written or refused so far (a screen coming back can tell
        whether another one changed nights meanwhile)."""

    def listen(self, listener: Listener) -> None:
        """Call ``listener`` with each outcome from now on, from the writer thread, in order."""
        with self._lock:
            self._listeners = [*self._listeners, listener]

    def unlisten(self, listener: Listener) -> None:
        with self._lock:
            self._listeners = [known for known in self._listeners if known is not listener]

    # Queueing ---------------------------------------------------------------------------

    def queue(self, night: date, change: Change) -> bool:
        """Write ``change`` to ``night`` after everything queued before it (returns at once).

        False, and nothing queued, once the session is closed (the app is quitting).
        """
        with self._lock:
            if self.closed:
                return False
            self.queued += 1
            self._pending.append((self.queued, night, change))
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_all, name="checkin-saves", daemon=True
                )
                self._writer.start()
        return True

    def mark(self, night: date, key: str, mark: Mark | None) -> bool:
        """Queue one practice's mark on one night (None clears it)."""
        return self.queue(night, Change(marks={key: mark}))

    def is_latest(self, outcome: Outcome) -> bool:
        """Whether no change was queued after the one this outcome reports."""
        with self._lock:
            return outcome.serial == self.queued

    @property
    def busy(self) -> bool:
        """Whether a change is queued or being written."""
        with self._lock:
            return bool(self._pending) or self._writing

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every change queued so far is written or refused; False on timeout.

        Call it from a thread, never from the Textual event loop (see ``drained``).
        """
        with self._idle:
            return self._idle.wait_for(lambda: self._writer is None and not self._held, timeout)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Nothing is written, and ``wait`` does not return, until the block ends: for tests
        of what happens while saves (and the loads behind them) are slow."""
        with self._lock:
            self._held += 1
        try:
            yield
        finally:
            with self._idle:
                self._held -= 1
                self._idle.notify_all()

    def close(self, timeout: float | None = None) -> bool:
        """Write what is queued, then accept no more changes; False if that timed out."""
        done = self.wait(timeout)
        with self._lock:
            self.closed = True
        return done

    # Writing ----------------------------------------------------------------------------

    def _write_all(self) -> None:
        while True:
            with self._idle:
                self._idle.wait_for(lambda: not self._held)
                if not self._pending:
                    self._writer = None
                    self._writing = False
                    self._idle.notify_all()
                    return
                serial, night, change = self._pending.popleft()
                self._writing = True
                listeners = self._listeners
            outcome = self._write(serial, night, change)
            with self._lock:
                self.outcomes += 1
            for listener in listeners:
                try:
                    listener(outcome)
                except Exception:  # noqa: BLE001 - a failing listener must not stop the writes
                    pass

    def _write(self, serial: int, night: date, change: Change) -> Outcome:
        try:
            stored = self.repository.save_change(night, change, default_night=self.default_night())
        except Exception as error:  # noqa: BLE001 - reported, never lost in a thread
            message = error.message if isinstance(error, TrackerError) else str(error)
            try:
                current = self.repository.get_night(night)
            except Exception:  # noqa: BLE001
                current = None
            return Refused(night, message, current, self._has_pending(), serial)
        return Saved(night, stored, self._has_pending(), serial)

    def _has_pending(self) -> bool:
        with self._lock:
            return bool(self._pending)
