"""User preferences and the rules for changing them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tracker.domain.errors import InputRefused


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
            raise InputRefused(f"unit must be C or F, not '{raw}'")
        return TempUnit(upper)
    if name == "week_start":
        lower = text.lower()
        if lower not in WEEK_STARTS:
            raise InputRefused(f"week_start must be monday or sunday, not '{raw}'")
        return lower
    if name == "rollover":
        if not text.isdigit() or not 0 <= int(text) <= 23:
            raise InputRefused(f"rollover must be an hour 0-23, not '{raw}'")
        return int(text)
    if name == "theme":
        if not text:
            raise InputRefused("theme cannot be empty")
        return text
    if name == "diary":
        lower = text.lower()
        if lower not in ("basic", "full"):
            raise InputRefused(f"diary must be basic or full, not '{raw}'")
        return DiaryMode(lower)
    raise InputRefused(f"Unknown setting '{name}'")


def one_decimal(value: float) -> float:
    """Rounded to one decimal, halves away from zero as people round (19.25 -> 19.3).

    ``round`` rounds halves to even and works on the binary value (19.25 -> 19.2).
    """
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def to_celsius(value: float, unit: TempUnit) -> float:
    """Degrees in the user's unit -> stored °C, one decimal."""
    return one_decimal(value if unit is TempUnit.C else (value - 32) * 5 / 9)


def from_celsius(value: float, unit: TempUnit) -> float:
    """Stored °C -> the user's unit, one decimal."""
    return one_decimal(value if unit is TempUnit.C else value * 9 / 5 + 32)
