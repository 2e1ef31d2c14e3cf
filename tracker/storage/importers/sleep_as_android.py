"""Sleep as Android: ``sleep-export.csv`` (alone or in the app's backup zip).

Layout (docs.sleep.urbandroid.org, "CSV file documentation"): every record is a header row
starting ``Id,Tz,From,To,Sched,Hours,Rating,Comment,...`` followed by its value row, every value
quoted, rows of different lengths (actigraphy columns, ``Event`` cells), and an optional third
row of noise values whose first cell is empty. ``Id`` is the start in epoch milliseconds, ``Tz``
an IANA zone, ``Hours`` the length, ``Rating`` 0-5 in quarter steps, ``Comment`` free text with
the app's hashtags and newlines written as `` \\n ``.

``From``/``To`` are ignored: they are ambiguous when the clocks go back; ``Id`` + ``Hours`` in
``Tz`` are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tracker.domain import values
from tracker.domain.errors import InputRefused
from tracker.domain.text import quote
from tracker.storage.importers.records import (
    Episode,
    Malformed,
    Problem,
    ReadOptions,
    Record,
    csv_rows,
    parse_decimal,
    parse_whole,
    quality_from_rating,
)
from tracker.storage.importers.source import Source
from tracker.storage.importers.times import from_epoch_ms, to_minute, zone_named

NAME = "sleep-as-android"
FILE_NAME = "sleep-export.csv"
NAMES = {
    "bedtime": "Id",
    "wake": "Hours",
    "quality": "Rating",
    "note": "Comment",
}
MAX_HOURS = 48.0
_HASHTAG = re.compile(r"(?<!\S)#\w+")


def member(source: Source) -> str | None:
    return source.find(FILE_NAME) if source.kind in ("zip", "folder") else None


def read(source: Source, options: ReadOptions) -> Iterator[Record]:
    part = member(source)
    text = source.read_text(part)
    where = source.label(part) if part else None
    columns: dict[str, int] | None = None
    try:
        for line, row in csv_rows(text):
            first = row[0].strip()
            if first == "Id":
                columns = {name.strip(): index for index, name in enumerate(row)}
                continue
            if not first:
                continue  # the noise row of the record above
            if columns is None:
                yield Problem(line, "Id", "a record before any header row", where)
                continue
            yield _record(line, row, columns, options, where)
    except Malformed as error:
        yield Problem(error.line, "row", f"the CSV is malformed ({error.reason})", where)


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _record(
    line: int, row: list[str], columns: dict[str, int], options: ReadOptions, where: str | None
) -> Record:
    raw_id = _cell(row, columns, "Id")
    try:
        start_ms = parse_whole(raw_id)
    except ValueError:
        return Problem(line, "Id", f"{quote(raw_id)} is not a start time in milliseconds", where)
    zone_text = _cell(row, columns, "Tz")
    zone = options.zone
    if zone_text:
        try:
            zone = zone_named(zone_text)
        except InputRefused:
            return Problem(line, "Tz", f"{quote(zone_text)} is not a known time zone", where)
    raw_hours = _cell(row, columns, "Hours")
    try:
        hours = parse_decimal(raw_hours)
    except ValueError:
        return Problem(line, "Hours", f"{quote(raw_hours)} is not a number of hours", where)
    if not 0 < hours <= MAX_HOURS:
        return Problem(line, "Hours", f"{quote(raw_hours)} hours is not a sleep length", where)
    quality = None
    raw_rating = _cell(row, columns, "Rating")
    if raw_rating:
        try:
            rating = parse_decimal(raw_rating)
        except ValueError:
            rating = -1.0
        if not 0 <= rating <= 5:
            return Problem(line, "Rating", f"{quote(raw_rating)} is not a rating 0-5", where)
        quality = quality_from_rating(rating)
    try:
        note = values.parse_note(_note(_cell(row, columns, "Comment")) or "")
    except InputRefused as error:
        return Problem(line, "Comment", error.message, where)
    minutes = round(hours * 60)
    end_ms = start_ms + minutes * 60_000
    return Episode(
        line=line,
        start=to_minute(from_epoch_ms(start_ms, zone)),
        end=to_minute(from_epoch_ms(end_ms, zone)),
        minutes=minutes,
        names=NAMES,
        quality=quality,
        note=note,
        file=where,
    )


def _note(comment: str) -> str | None:
    """The person's words: the app's hashtags dropped, its `` \\n `` made a line break."""
    text = _HASHTAG.sub("", comment.replace(" \\n ", "\n"))
    lines = [" ".join(part.split()) for part in text.split("\n")]
    joined = "\n".join(part for part in lines if part)
    return joined or None
