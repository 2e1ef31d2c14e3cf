"""The practices a person works on, their marks, and the built-in catalogue."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tracker.domain.errors import InputRefused
from tracker.domain.marks import Mark as Mark  # where the rest of the tracker finds it
from tracker.domain.text import is_utf8, printable, quote


class Category(StrEnum):
    """The group a practice belongs to; adherence is also pooled per category."""

    EVENING = "evening"
    ENVIRONMENT = "environment"
    SCHEDULE = "schedule"
    CUSTOM = "custom"


class Kind(StrEnum):
    """Checked practices are marked by the user; derived ones are computed from logged times."""

    CHECKED = "checked"
    DERIVED = "derived"


CUSTOM_CATEGORIES = (Category.EVENING, Category.ENVIRONMENT, Category.CUSTOM)
"""Categories a user may give a custom practice (schedule ones are derived)."""

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,31}")
MAX_LABEL_LENGTH = 60

CSV_NIGHT_COLUMNS = (
    "night", "bedtime", "wake_time", "sleep_minutes", "quality", "room_temp_c", "note",
    "in_bed", "out_of_bed", "latency_min", "awakenings", "waso_min", "total_sleep_min",
    "efficiency",
)  # fmt: skip
"""The per-night columns of the CSV format, in order: the basic ones, then the diary's.
Practice keys name the columns after them, so a key must not be one of these."""
RESERVED_KEYS = frozenset(CSV_NIGHT_COLUMNS)

ON_TIME_BED = "on_time_bed"
ON_TIME_WAKE = "on_time_wake"


@dataclass(frozen=True, slots=True)
class Practice:
    """A habit the user tracks."""

    key: str
    """Stable identifier used on the command line and as a CSV column."""
    label: str
    """What the user sees."""
    category: Category
    kind: Kind = Kind.CHECKED
    position: int = 0
    """Order among the practices (lower first)."""
    archived: bool = False
    """Hidden from the check-in; its history stays."""
    builtin: bool = False
    added: date | None = None
    """The default night at the moment it was added (None: it has always been there, as the
    built-in ones, or it was added before the tracker kept that date)."""

    @property
    def derived(self) -> bool:
        return self.kind is Kind.DERIVED


CATALOGUE: tuple[Practice, ...] = (
    Practice("routine", "Followed my evening routine", Category.EVENING, position=1, builtin=True),
    Practice("meditation", "Meditated before bed", Category.EVENING, position=2, builtin=True),
    Practice("stretching", "Did light stretching", Category.EVENING, position=3, builtin=True),
    Practice("cool_room", "Kept the bedroom cool", Category.ENVIRONMENT, position=4, builtin=True),
    Practice("quiet_room", "Kept noise down", Category.ENVIRONMENT, position=5, builtin=True),
    Practice(
        "comfortable",
        "Comfortable sleep environment",
        Category.ENVIRONMENT,
        position=6,
        builtin=True,
    ),
    Practice(
        ON_TIME_BED,
        "In bed on schedule",
        Category.SCHEDULE,
        Kind.DERIVED,
        position=7,
        builtin=True,
    ),
    Practice(
        ON_TIME_WAKE,
        "Up on schedule",
        Category.SCHEDULE,
        Kind.DERIVED,
        position=8,
        builtin=True,
    ),
)
BUILTIN_KEYS = tuple(practice.key for practice in CATALOGUE)


def validate_key(key: str) -> str:
    """Refuse a practice key that is not lowercase ``[a-z][a-z0-9_]{0,31}``."""
    if not KEY_PATTERN.fullmatch(key):
        raise InputRefused(
            f"{quote(key)} is not a valid practice key: use 1-32 lowercase letters, digits or _, "
            "starting with a letter (e.g. no_screens)"
        )
    if key in RESERVED_KEYS:
        raise InputRefused(f"'{key}' is a column of the CSV export; choose another practice key")
    return key


def validate_label(label: str) -> str:
    """Refuse an empty, multi-line, over-long or undecodable label, or one holding control
    characters; returns it stripped."""
    cleaned = label.strip()
    if not cleaned:
        raise InputRefused("A practice label cannot be empty")
    if len(cleaned) > MAX_LABEL_LENGTH:
        raise InputRefused(
            f"A practice label has at most {MAX_LABEL_LENGTH} characters, not {len(cleaned):,}"
        )
    if not is_utf8(cleaned):
        raise InputRefused(f"A practice label must be valid UTF-8 text, not {quote(cleaned)}")
    if "\n" in cleaned or "\r" in cleaned:
        raise InputRefused("A practice label must be one line")
    if printable(cleaned) != cleaned:
        raise InputRefused(
            f"A practice label cannot hold control characters such as {quote(cleaned)}"
        )
    return cleaned


def parse_category(text: str) -> Category:
    """A category a custom practice may have."""
    try:
        category = Category(text.strip().lower())
    except ValueError:
        category = None
    if category not in CUSTOM_CATEGORIES:
        allowed = ", ".join(str(c) for c in CUSTOM_CATEGORIES)
        raise InputRefused(f"{quote(text)} is not a category for a practice; use one of {allowed}")
    return category


def unknown_key_message(key: str, known: list[str]) -> str:
    """'Unknown practice' with a did-you-mean suggestion when one is close."""
    close = difflib.get_close_matches(key[:64], known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(known)}"
    return f"Unknown practice {quote(key)}{hint}"
