"""User preferences and the rules for changing them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tracker.domain.errors import InputRefused
from tracker.domain.text import quote
from tracker.domain.values import from_celsius, parse_hour

__all__ = ["from_celsius"]


class TempUnit(StrEnum):
    C = "C"
    F = "F"


class DiaryMode(StrEnum):
    BASIC = "basic"
    FULL = "full"


WEEK_STARTS = {"monday": 0, "sunday": 6}
DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True, slots=True)
class Preferences:
    """How the user wants to see things; stored in the database so a copy of it moves them along."""

    unit: TempUnit = TempUnit.C
    week_start: str = "monday"
    """``monday`` or ``sunday``: the first night of a week."""
    rollover: int = 15
    """Hour from which the default night is today rather than yesterday."""
    theme: str = DEFAULT_THEME
    diary: DiaryMode = DiaryMode.BASIC

    @property
    def week_start_weekday(self) -> int:
        return WEEK_STARTS[self.week_start]

    @classmethod
    def from_stored(cls, stored: dict[str, str]) -> Preferences:
        """Build from stored strings, ignoring values a newer or older version left behind."""
        values: dict[str, object] = {}
        for name, raw in stored.items():
            if name in PREFERENCE_NAMES:
                try:
                    values[name] = parse_preference(name, raw)
                except InputRefused:
                    continue
        return cls(**values)  # type: ignore[arg-type]


PREFERENCE_NAMES = ("unit", "week_start", "rollover", "theme", "diary")


def parse_preference(name: str, raw: str) -> object:
    """Validate a preference value typed by the user; returns the typed value.

    Theme names are checked by the interface that knows the themes.
    """
    text = raw.strip()
    if name == "unit":
        upper = text.upper().removeprefix("°")
        if upper not in ("C", "F"):
            raise InputRefused(f"unit must be C or F, not {quote(raw)}")
        return TempUnit(upper)
    if name == "week_start":
        lower = text.lower()
        if lower not in WEEK_STARTS:
            raise InputRefused(f"week_start must be monday or sunday, not {quote(raw)}")
        return lower
    if name == "rollover":
        return parse_hour(raw, "rollover")
    if name == "theme":
        if not text:
            raise InputRefused("theme cannot be empty")
        return text
    if name == "diary":
        lower = text.lower()
        if lower not in ("basic", "full"):
            raise InputRefused(f"diary must be basic or full, not {quote(raw)}")
        return DiaryMode(lower)
    raise InputRefused(f"Unknown setting {quote(name)}")
