"""Plees Tracker: its "Export to File" CSV.

Layout (plees-tracker ``DataModel.kt``): header ``sid,start,stop,rating,comment,wakes`` (older
versions stop after ``rating``), ``start``/``stop`` in epoch milliseconds, ``rating`` 0-5
stars (0 = not rated), ``wakes`` the number of awakenings. The file has no zone: times are
shown in ``--tz``, else the machine's zone. The "pretty backup" variant (formatted dates and a
``length`` column) cannot be read back reliably and is refused with a hint.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.storage.importers.records import (
    Episode,
    Malformed,
    Problem,
    ReadOptions,
    Record,
    csv_rows,
    parse_whole,
    quality_from_rating,
    shown,
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
                f"'{shown(raw)}' is not milliseconds since 1970 (export without "
                "'pretty backup' in Plees' settings)",
            )
    start_ms, stop_ms = instants
    if stop_ms <= start_ms:
        return Problem(line, "stop", "the sleep ends before it starts")
    quality = awakenings = None
    if raw := _cell(row, columns, "rating"):
        try:
            rating = parse_whole(raw, limit=2)
        except ValueError:
            rating = -1
        if not 0 <= rating <= 5:
            return Problem(line, "rating", f"'{shown(raw)}' is not a rating 0-5")
        quality = quality_from_rating(rating)
    if raw := _cell(row, columns, "wakes"):
        try:
            awakenings = parse_whole(raw, limit=4) or None  # 0 is also "never recorded"
        except ValueError:
            return Problem(line, "wakes", f"'{shown(raw)}' is not a number of awakenings")
    note = _cell(row, columns, "comment") or None
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
