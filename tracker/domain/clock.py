"""Clock times, night dates and the arithmetic of a night that crosses midnight.

A clock time is an ``int`` of minutes since midnight (0..1439). Positions within a night are
"offsets": minutes since 00:00 of the night's date, so a bedtime of 00:40 on the next day is
offset 1480. Nothing here reads the clock: "now" is always a parameter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from tracker.domain.errors import InputRefused
from tracker.domain.text import quote

MINUTES_PER_DAY = 1440
HALF_DAY = 720
MAX_SLEEP_MINUTES = 18 * 60
FIRST_NIGHT = date(1900, 1, 1)
LAST_NIGHT = date(9998, 12, 31)

_CLOCK_FORMS = "use HH:MM (23:30), 2330, 23.30, 11:30pm, 11pm or 7am"
# Patterns as text: `re` compiles (and caches) them on first use, keeping this module's
# import cheap on the `status` path, which never parses a time.
# ASCII digits only: `\d` would also take Arabic-Indic and other decimal digits.
_HHMM = r"^([0-9]{1,2})[:.]([0-9]{2})$"
_DIGITS = r"^([0-9]{1,2})([0-9]{2})$"
_MERIDIEM = r"^([0-9]{1,2})(?:[:.]([0-9]{2}))? *([ap])\.?m\.?$"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
MAX_CLOCK_TEXT = 12
"""No accepted clock time is longer (``11:30 p.m.`` is 10): longer text is refused unread."""


def parse_clock(text: str) -> int:
    """Parse a wall-clock time typed by a user into minutes since midnight.

    Raises:
        InputRefused: the text is not one of the accepted forms or not a real time.
    """
    raw = text.strip().lower()
    hour: int | None = None
    minute = 0
    if len(raw) > MAX_CLOCK_TEXT:
        pass  # refused below
    elif match := re.match(_HHMM, raw) or re.match(_DIGITS, raw):
        hour, minute = int(match[1]), int(match[2])
    elif match := re.match(_MERIDIEM, raw):
        hour12, minute = int(match[1]), int(match[2] or 0)
        if 1 <= hour12 <= 12:
            hour = hour12 % 12 + (12 if match[3] == "p" else 0)
        else:
            hour = 99  # refused below with the same message
    if hour is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise InputRefused(f"{quote(text.strip())} is not a clock time; {_CLOCK_FORMS}")
    return hour * 60 + minute


def format_clock(minutes: int) -> str:
    """``HH:MM`` for a clock time (any integer is taken modulo one day)."""
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_duration(minutes: float | None) -> str:
    """``7h05`` for a number of minutes; ``-`` when there is none."""
    if minutes is None:
        return "-"
    whole = round(minutes)
    sign = "-" if whole < 0 else ""
    whole = abs(whole)
    return f"{sign}{whole // 60}h{whole % 60:02d}"


def parse_night(text: str, *, today: date | None = None) -> date:
    """Parse a night date: ISO ``YYYY-MM-DD``, or ``today`` / ``yesterday`` when today is given.

    Raises:
        InputRefused: not a date, or an impossible one such as 2026-13-40.
    """
    raw = text.strip().lower()
    if today is not None and raw in ("today", "yesterday"):
        return today if raw == "today" else today - timedelta(days=1)
    if not re.fullmatch(_DATE, raw):
        raise InputRefused(f"{quote(text)} is not a date; use YYYY-MM-DD, e.g. 2026-11-23")
    try:
        night = date.fromisoformat(raw)
    except ValueError:
        raise InputRefused(f"{quote(text)} is not a real date (YYYY-MM-DD)") from None
    if not FIRST_NIGHT <= night <= LAST_NIGHT:
        # Weeks, and the night before a week, must stay within what dates can hold.
        raise InputRefused(
            f"{night.isoformat()} is out of range; nights are {FIRST_NIGHT.isoformat()} to "
            f"{LAST_NIGHT.isoformat()}"
        )
    return night


def default_night(now: datetime, rollover_hour: int) -> date:
    """The night a check-in is about by default.

    Before the rollover hour it is yesterday's date (a morning check-in about last night);
    from the rollover hour on it is today.
    """
    today = now.date()
    return today - timedelta(days=1) if now.hour < rollover_hour else today


def bed_offset(bedtime: int) -> int:
    """Where a bedtime falls: 12:00-23:59 on the night date, 00:00-11:59 on the day after."""
    return bedtime if bedtime >= HALF_DAY else bedtime + MINUTES_PER_DAY


def wake_offset(bedtime: int, wake: int) -> int:
    """The first occurrence of the wake clock time strictly after bedtime."""
    bed = bed_offset(bedtime)
    return bed + ((wake - bed) % MINUTES_PER_DAY or MINUTES_PER_DAY)


def sleep_span(bedtime: int, wake: int) -> int:
    """Minutes from bedtime to wake time (1..1440); callers refuse what is over 18 hours."""
    return wake_offset(bedtime, wake) - bed_offset(bedtime)


def minutes_before(later: int, earlier: int) -> int:
    """How far a clock time lies at or before another, going back at most a day (0..1439)."""
    return (later - earlier) % MINUTES_PER_DAY


def wrap(difference: float) -> float:
    """A difference of clock minutes wrapped into [-720, 720)."""
    return (difference + HALF_DAY) % MINUTES_PER_DAY - HALF_DAY


def circular_mean(clock_times: Iterable[float]) -> float | None:
    """Circular mean of clock times on the 24-hour dial, in minutes 0..1440.

    None when there are no times, or when they cancel out so that no direction is defined.
    """
    sin_sum = cos_sum = 0.0
    count = 0
    for minutes in clock_times:
        angle = 2 * math.pi * minutes / MINUTES_PER_DAY
        sin_sum += math.sin(angle)
        cos_sum += math.cos(angle)
        count += 1
    if count == 0 or math.hypot(sin_sum, cos_sum) < 1e-9 * count:
        return None
    angle = math.atan2(sin_sum, cos_sum)
    return (angle * MINUTES_PER_DAY / (2 * math.pi)) % MINUTES_PER_DAY


def circular_sd(clock_times: Iterable[float]) -> float | None:
    """Population SD, in minutes, of each time's wrapped difference from the circular mean."""
    values = list(clock_times)
    mean = circular_mean(values)
    if mean is None:
        return None
    differences = [wrap(value - mean) for value in values]
    average = sum(differences) / len(differences)
    return math.sqrt(sum((d - average) ** 2 for d in differences) / len(differences))
