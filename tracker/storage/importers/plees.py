"""Plees Tracker: its "Export to File" CSV.

Layout (plees-tracker ``DataModel.kt``): header ``sid,start,stop,rating,comment,wakes`` (older
versions stop after ``rating``), ``start``/``stop`` in epoch milliseconds, ``rating`` 0-5
stars (0 = not rated), ``wakes`` the number of awakenings. The file has no zone: times are
shown in ``--tz``, else the machine's zone. The "pretty backup" variant (formatted dates and a
``length`` column) cannot be read back reliably and is refused with a hint.
"""

from __future__ import annotations

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
    parse_whole,
    quality_from_rating,
)
from tracker.storage.importers.source import Source
from tracker.storage.importers.times import from_epoch_ms, to_minute

NAME = "plees"
NAMES = {
    "bedtime": "start",
    "wake": "stop",
    "quality": "rating",
    "note": "comment",
    "awakenings": "wakes",
}


def read(source: Source, options: ReadOptions) -> Iterator[Record]:
    text = source.read_text()
    rows = csv_rows(text)
    try:
        header_line, header = next(rows, (1, []))
        columns = {name.strip(): index for index, name in enumerate(header)}
        for required in ("start", "stop"):
            if required not in columns:
                yield Problem(header_line, required, "the header has no such column")
                return
        for line, row in rows:
            yield _record(line, row, columns, options)
    except Malformed as error:
        yield Problem(error.line, "row", f"the CSV is malformed ({error.reason})")


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _record(line: int, row: list[str], columns: dict[str, int], options: ReadOptions) -> Record:
    instants: list[int] = []
    for name in ("start", "stop"):
        raw = _cell(row, columns, name)
        try:
            instants.append(parse_whole(raw))
        except ValueError:
            return Problem(
                line,
                name,
                f"{quote(raw)} is not milliseconds since 1970 (export without "
                "'pretty backup' in Plees' settings)",
            )
    start_ms, stop_ms = instants
    if stop_ms <= start_ms:
        return Problem(line, "stop", "the sleep ends before it starts")
    quality = awakenings = note = None
    try:
        if raw := _cell(row, columns, "rating"):
            quality = quality_from_rating(values.parse_whole(raw, "rating", 0, 5))
    except InputRefused as error:
        return Problem(line, "rating", error.message)
    try:
        if raw := _cell(row, columns, "wakes"):
            awakenings = values.parse_awakenings(raw) or None  # 0 is also "never recorded"
    except InputRefused as error:
        return Problem(line, "wakes", error.message)
    try:
        note = values.parse_note(_cell(row, columns, "comment"))
    except InputRefused as error:
        return Problem(line, "comment", error.message)
    start = to_minute(from_epoch_ms(start_ms, options.zone))
    end = to_minute(from_epoch_ms(stop_ms, options.zone))
    return Episode(
        line=line,
        start=start,
        end=end,
        minutes=round((stop_ms - start_ms) / 60_000),
        names=NAMES,
        quality=quality,
        note=note,
        awakenings=awakenings,
    )
