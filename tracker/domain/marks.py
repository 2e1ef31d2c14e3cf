"""The answer for one practice on one night. Its own module, and cheap to import: the `status`
line's check-in streak counts with it (``streaks.py``) without loading the rest of the domain."""

from __future__ import annotations

from enum import StrEnum


class Mark(StrEnum):
    """The answer for one practice on one night (absent when not answered)."""

    DONE = "done"
    MISSED = "missed"
    SKIPPED = "skipped"
