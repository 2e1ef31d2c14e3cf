"""The one exception hierarchy of the tracker.

Every error carries a message meant for the user; the interfaces decide how to show it
(the CLI maps the class onto an exit status, the app shows a notification).
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base of every error the tracker reports to a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputRefused(TrackerError):
    """The user's input was refused; nothing was written (exit status 1)."""


class UnusableFile(TrackerError):
    """A database or other file could not be used; it was left untouched (exit status 3)."""
