"""Instants and wall-clock times: every record ends up in the local time of its own zone.

Zones come from the record (Sleep as Android's ``Tz``, Apple Health's offsets), else from
``--tz``, else the machine's; ``zoneinfo`` does the daylight-saving arithmetic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.domain.errors import InputRefused
from tracker.domain.text import quote


def zone_named(name: str) -> ZoneInfo:
    """An IANA zone such as ``Europe/Paris``.

    Raises:
        InputRefused: not a zone this machine knows.
    """
    try:
        if not name or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputRefused(f"{quote(name)} is not a known time zone (e.g. Europe/Paris)") from None


def wall_clock(instant: datetime, zone: tzinfo | None) -> datetime:
    """An aware instant as naive wall-clock time in ``zone`` (None: the machine's)."""
    local = instant.astimezone(zone) if zone is not None else instant.astimezone()
    return local.replace(tzinfo=None)


def from_epoch_ms(milliseconds: int, zone: tzinfo | None) -> datetime:
    """Naive wall-clock time of an epoch-milliseconds instant in ``zone``."""
    instant = datetime.fromtimestamp(milliseconds / 1000, UTC)
    return wall_clock(instant, zone)


def elapsed_minutes(start: datetime, end: datetime, zone: tzinfo | None) -> int:
    """Real minutes between two naive wall-clock times of ``zone`` (None: the machine's)."""
    if zone is not None:
        first, last = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
    else:
        first, last = start.astimezone(), end.astimezone()  # naive = the machine's time
    return round((last.astimezone(UTC) - first.astimezone(UTC)) / timedelta(minutes=1))


def to_minute(moment: datetime) -> datetime:
    """Rounded to the nearest minute (half a minute up)."""
    return (moment + timedelta(seconds=30)).replace(second=0, microsecond=0)
