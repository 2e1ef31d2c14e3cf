"""One parser per kind of value: the command line, the app and every importer call these.

Each parser takes the text as typed (or as read from a file) and returns the value, or raises
``InputRefused`` with the reason, so that every interface accepts and refuses exactly the same
text with the same words. Numbers are ASCII digits only, with a sign or a decimal point only
where the value allows one, and of bounded length: ``²``, ``٣``, ``1_0``, ``1e3``, ``inf``,
``nan`` and 5,000-digit numbers are refused, never a traceback. Whole-number values (quality,
minutes, counts, hours, tolerance, positions) take no decimal point: ``4.0`` is refused as a
quality in the CLI, the app and CSV alike.

Standard library only and cheap to import (``re`` and ``decimal`` are imported on first use).
"""

from __future__ import annotations

from datetime import date

from tracker.domain.clock import parse_clock, parse_night
from tracker.domain.errors import InputRefused
from tracker.domain.practices import Category, parse_category, validate_key, validate_label
from tracker.domain.text import is_utf8, printable, quote

__all__ = [
    "MAX_AWAKENINGS",
    "MAX_DIARY_MINUTES",
    "MAX_NOTE_LENGTH",
    "MAX_TOLERANCE",
    "QUALITY_RANGE",
    "TEMP_RANGE_C",
    "Category",
    "check_awakenings",
    "check_minutes",
    "check_note",
    "check_quality",
    "check_temperature",
    "check_tolerance",
    "celsius_csv_text",
    "format_degrees",
    "from_celsius",
    "parse_awakenings",
    "parse_category",
    "parse_clock",
    "parse_count",
    "parse_date",
    "parse_date_range",
    "parse_hour",
    "parse_key",
    "parse_label",
    "parse_minutes",
    "parse_note",
    "parse_path",
    "parse_quality",
    "parse_temperature",
    "parse_tolerance",
    "parse_whole",
    "printable",
    "quote",
    "require_utf8",
]

QUALITY_RANGE = (1, 5)
QUALITY_HINT = "1 very poor ... 5 very good"
TEMP_RANGE_C = (0.0, 40.0)
MAX_NOTE_LENGTH = 1000
MAX_DIARY_MINUTES = 720
MAX_AWAKENINGS = 99
MAX_TOLERANCE = 180
MAX_DIGITS = 9
"""More significant digits than any count, minute or hour needs: longer is out of range."""

_WHOLE = r"[+-]?[0-9]+"
_DEGREES = r"[+-]?[0-9]{1,3}(?:[.,][0-9]{1,2})?"
_DECIMAL = r"[+-]?[0-9]+(?:[.,][0-9]+)?"

parse_date = parse_night
"""A date: ``YYYY-MM-DD`` (or ``today``/``yesterday`` when ``today`` is given)."""
parse_key = validate_key
"""A practice key: ``[a-z][a-z0-9_]{0,31}``, not a CSV night column."""
parse_label = validate_label
"""A practice label: one line, 1-60 characters, no control characters; returned stripped."""


def require_utf8(text: str, what: str) -> str:
    """Refuse text holding undecodable bytes (a surrogate-escaped argument)."""
    if not is_utf8(text):
        raise InputRefused(f"{what} must be valid UTF-8 text, not {quote(text)}")
    return text


def parse_date_range(
    first: str | None, last: str | None, *, today: date | None = None, what: str = "show"
) -> tuple[date | None, date | None]:
    """``--from`` and ``--to``: each a date or None; refused when the first is after the last.

    Raises:
        InputRefused: a text that is not a date (named by its option), or an empty range.
    """
    dates: list[date | None] = []
    for text, option in ((first, "--from"), (last, "--to")):
        try:
            dates.append(None if text is None else parse_night(text, today=today))
        except InputRefused as error:
            raise InputRefused(f"{option}: {error.message}") from None
    start, end = dates
    if start is not None and end is not None and start > end:
        raise InputRefused(
            f"--from {start.isoformat()} is after --to {end.isoformat()}; nothing to {what}"
        )
    return start, end


# Whole numbers --------------------------------------------------------------------------


def parse_whole(text: str, name: str, low: int, high: int | None, unit: str = "") -> int:
    """A whole number from ``low`` to ``high`` (None: no upper limit), ASCII digits only.

    Raises:
        InputRefused: ``{name} must be a whole number ...`` when the text is not one,
            ``{name} must be {low}-{high}...`` when it is out of range.
    """
    import re

    stripped = text.strip()
    if high is None:
        span = whole = f"a whole number of at least {low}{unit}"
    else:
        span, whole = f"{low}-{high}{unit}", f"a whole number {low}-{high}{unit}"
    if not re.fullmatch(_WHOLE, stripped):
        raise InputRefused(f"{name} must be {whole}, not {quote(text)}")
    if len(stripped.lstrip("+-").lstrip("0")) > MAX_DIGITS:
        raise InputRefused(f"{name} must be {span}; {quote(text)} has too many digits")
    value = int(stripped)
    if value < low or (high is not None and value > high):
        raise InputRefused(f"{name} must be {span}, not {value}")
    return value


def parse_count(text: str, name: str, low: int = 0, high: int | None = None) -> int:
    """A count (weeks, nights, a position): a whole number of at least ``low``."""
    return parse_whole(text, name, low, high)


def parse_quality(text: str) -> int:
    """How rested, 1-5."""
    low, high = QUALITY_RANGE
    return parse_whole(text, "Quality", low, high, f" ({QUALITY_HINT})")


def check_quality(value: int) -> int:
    low, high = QUALITY_RANGE
    if not low <= value <= high:
        raise InputRefused(f"Quality must be {low}-{high} ({QUALITY_HINT}), not {value}")
    return value


def parse_minutes(text: str, name: str, limit: int = MAX_DIARY_MINUTES) -> int:
    """Minutes 0..limit (the diary's latency and time awake)."""
    return parse_whole(text, name, 0, limit, " minutes")


def check_minutes(value: int, name: str, limit: int = MAX_DIARY_MINUTES) -> int:
    if not 0 <= value <= limit:
        raise InputRefused(f"{name} must be 0-{limit} minutes, not {value}")
    return value


def parse_awakenings(text: str) -> int:
    """Times woken in the night, 0-99."""
    return parse_whole(text, "Awakenings", 0, MAX_AWAKENINGS)


def check_awakenings(value: int) -> int:
    if not 0 <= value <= MAX_AWAKENINGS:
        raise InputRefused(f"Awakenings must be 0-{MAX_AWAKENINGS}, not {value}")
    return value


def parse_hour(text: str, name: str = "rollover") -> int:
    """An hour of the day, 0-23."""
    return parse_whole(text, name, 0, 23, " (an hour)")


def parse_tolerance(text: str) -> int:
    """Minutes either side of a target, 0-180; ``30``, ``30m`` and ``30 min`` are accepted."""
    stripped = text.strip().lower().removesuffix("min").removesuffix("m")
    return parse_whole(stripped, "tolerance", 0, MAX_TOLERANCE, " minutes")


def check_tolerance(value: int) -> int:
    if not 0 <= value <= MAX_TOLERANCE:
        raise InputRefused(f"tolerance must be 0-{MAX_TOLERANCE} minutes, not {value}")
    return value


# Temperature ----------------------------------------------------------------------------


def parse_temperature(text: str, unit: str = "C") -> float:
    """Degrees typed in ``unit`` (``C`` or ``F``) -> °C as stored.

    Stored to 0.01 °C: enough that a value typed in either unit, to 0.1 degree, reads back
    exactly as typed (65 °F -> 18.33 °C -> 65.0 °F). A comma is taken as the decimal point.

    Raises:
        InputRefused: not a number of degrees, or not plausible for a bedroom.
    """
    import re
    from decimal import Decimal

    stripped = text.strip()
    if not re.fullmatch(_DEGREES, stripped):
        if re.fullmatch(_DECIMAL, stripped):  # a number, but not one a bedroom's degrees take
            raise InputRefused(
                "A temperature takes at most 3 digits before the decimal point and 2 after it "
                f"(such as 19.5), not {quote(text)}"
            )
        raise InputRefused(f"A temperature is a number of degrees such as 19.5, not {quote(text)}")
    degrees = Decimal(stripped.replace(",", "."))
    celsius = degrees if unit == "C" else (degrees - 32) * 5 / 9
    stored = _round(celsius, "0.01")
    low, high = TEMP_RANGE_C
    if not low <= stored <= high:
        raise InputRefused(_implausible(f"{degrees.normalize():f}", unit))
    return stored


def check_temperature(celsius: float) -> float:
    low, high = TEMP_RANGE_C
    if not low <= celsius <= high:
        raise InputRefused(_implausible(f"{celsius:g}", "C"))
    return celsius


def _implausible(shown: str, unit: str) -> str:
    low, high = TEMP_RANGE_C
    return (
        f"A bedroom temperature of {shown} °{unit} is not plausible "
        f"(expected {low:g}-{high:g} °C, 32-104 °F)"
    )


def _round(value: object, step: str) -> float:
    """Halves away from zero, as people round (``round`` rounds 19.25 to 19.2)."""
    from decimal import ROUND_HALF_UP, Decimal

    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    return float(exact.quantize(Decimal(step), rounding=ROUND_HALF_UP)) + 0.0


def from_celsius(celsius: float, unit: str) -> float:
    """Stored °C -> degrees in ``unit``, to 0.1 (halves up)."""
    from decimal import Decimal

    if unit == "C":
        return _round(celsius, "0.1")
    return _round(Decimal(repr(celsius)) * 9 / 5 + 32, "0.1")


def format_degrees(celsius: float, unit: str) -> str:
    """``19.5``, ``65``: a stored temperature shown in ``unit`` as the person typed it."""
    return f"{from_celsius(celsius, unit):g}"


def celsius_csv_text(celsius: float) -> str:
    """``room_temp_c`` in CSV: one decimal (``20.5``), two where the value needs them
    (``18.33``, typed as 65 °F)."""
    one = f"{_round(celsius, '0.1'):.1f}"
    two = f"{_round(celsius, '0.01'):.2f}"
    return one if float(one) == float(two) else two


# Text -----------------------------------------------------------------------------------


def parse_note(text: str) -> str | None:
    """A note: up to 1000 characters, kept as typed (a CSV round trip keeps every byte);
    None when empty. Control characters are kept: they are escaped wherever the
    note is shown."""
    require_utf8(text, "A note")
    if len(text) > MAX_NOTE_LENGTH:
        raise InputRefused(f"A note has at most {MAX_NOTE_LENGTH} characters, not {len(text):,}")
    return text or None


def check_note(note: str) -> str:
    if len(note) > MAX_NOTE_LENGTH:
        raise InputRefused(f"A note has at most {MAX_NOTE_LENGTH} characters, not {len(note):,}")
    return note


def parse_path(text: str, what: str = "A path") -> str:
    """Path text as given: not empty, valid UTF-8, no NUL character.

    Its length is the file system's to judge: a name too long for it is a file that cannot
    be used (exit 3 naming it), found where the file is opened.
    """
    if not text:
        raise InputRefused(f"{what} cannot be empty")
    require_utf8(text, what)
    if "\x00" in text:
        raise InputRefused(f"{what} cannot hold a NUL character: {quote(text)}")
    return text
