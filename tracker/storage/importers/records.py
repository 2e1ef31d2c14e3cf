"""What every reader of another app's export yields: records with the line they start on.

A reader turns its format into these few shapes and nothing else; ``plan.py`` takes them from
there (one main sleep per night, merge into stored nights, validation through the domain).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from tracker.domain.practices import Mark
from tracker.domain.text import printable
from tracker.storage.csv_records import Malformed, csv_rows  # noqa: F401 (the readers' API)

ProgressCallback = Callable[[int, int], None]
"""Called with (done, total) in bytes as a reader gets through its input."""


@dataclass(frozen=True, slots=True)
class Episode:
    """One sleep of the source, in local wall-clock time of the zone it happened in."""

    line: int
    start: datetime
    """Naive local wall-clock time the sleep began."""
    end: datetime
    """Naive local wall-clock time of the final awakening."""
    minutes: int
    """Real elapsed minutes (a daylight-saving change makes this differ from the clock)."""
    names: Mapping[str, str]
    """Our field -> the source's name for it, for messages (``bedtime`` -> ``From``)."""
    quality: int | None = None
    note: str | None = None
    in_bed: datetime | None = None
    out_of_bed: datetime | None = None
    latency: int | None = None
    awakenings: int | None = None
    waso: int | None = None
    file: str | None = None
    """The member of a zip or folder it was read from, when not the FILE itself."""


@dataclass(frozen=True, slots=True)
class HabitMark:
    """One answer of a habit app for one day (the night of that date)."""

    line: int
    night: date
    habit: str
    """The habit's name in the source."""
    mark: Mark
    file: str | None = None
    """The member of a zip or folder it was read from, when not the FILE itself."""


@dataclass(frozen=True, slots=True)
class HabitDeclared:
    """A habit the source lists, in the source's order (new practices keep that order)."""

    line: int
    habit: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A record the reader could not use: reported as ``FILE:LINE: FIELD: reason``."""

    line: int
    field: str
    reason: str
    file: str | None = None
    """The member of a zip or folder it was found in, when not the FILE itself."""


Record = Episode | HabitMark | HabitDeclared | Problem


@dataclass(frozen=True)
class ReadOptions:
    zone: tzinfo | None = None
    """``--tz``: the zone of times the file gives without one; None is the machine's."""
    progress: ProgressCallback | None = None


MAX_SHOWN = 60


def shown(text: str) -> str:
    """A name from a file (a habit, a field) as a message shows it unquoted: control
    characters escaped (the domain's ``printable``), at most 60 characters, one line."""
    cut = text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
    return printable(cut)


def quality_from_rating(rating: float) -> int | None:
    """A 0-5 star rating as our quality: rounded half up to 1-5; 0 means not rated."""
    if rating <= 0:
        return None
    return max(1, min(5, int(rating + 0.5)))


def parse_decimal(text: str) -> float:
    """A plain decimal number as these exports write it (ASCII digits, one point).

    Raises:
        ValueError: anything else (``inf``, ``1e3``, ``²``...).
    """
    raw = text.strip()
    body = raw[1:] if raw[:1] in "+-" else raw
    whole, _, fraction = body.partition(".")
    if (
        not body
        or len(body) > 24
        or not (whole or fraction)
        or not (whole.isascii() and (whole.isdigit() or not whole))
        or not (fraction.isascii() and (fraction.isdigit() or not fraction))
    ):
        raise ValueError(raw)
    return float(raw)


def parse_whole(text: str, *, limit: int = 18) -> int:
    """Non-negative ASCII digits only, of bounded length.

    Raises:
        ValueError: anything else.
    """
    raw = text.strip()
    if not raw or len(raw) > limit or not (raw.isascii() and raw.isdigit()):
        raise ValueError(raw)
    return int(raw)
