"""Fitbit: the account's CSV export (its ``Sleep`` section) and Google Takeout ``sleep-*.json``.

CSV layout: a section title line ``Sleep``, then the header ``Start Time,End Time,Minutes
Asleep,Minutes Awake,Number of Awakenings,Time in Bed,...`` and one quoted row per sleep, times
such as ``2020-01-05 10:57PM`` in the wearer's local time, numbers possibly with thousands
separators; other sections (Body, Activities...) are skipped.

Takeout layout: a JSON array of sleep logs with ``dateOfSleep``, ``startTime``/``endTime``
(local ``2020-01-05T22:57:30.000``), ``minutesToFallAsleep``, ``minutesAwake``, ``levels``
(``summary.wake.count`` for stage logs, ``summary.awake.count`` for classic ones)...

Both give local times without a zone: they are the wall-clock times already; ``--tz`` (else
the machine's zone) only measures the real length across a daylight-saving change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from tracker.domain import values
from tracker.domain.errors import InputRefused
from tracker.domain.nights import MAX_DIARY_MINUTES
from tracker.domain.text import quote
from tracker.storage.importers.records import (
    Episode,
    Malformed,
    Problem,
    ReadOptions,
    Record,
    csv_rows,
)
from tracker.storage.importers.source import Source
from tracker.storage.importers.times import elapsed_minutes, to_minute

NAME = "fitbit"
CSV_HEADER = ("Start Time", "End Time", "Minutes Asleep")
CSV_NAMES = {
    "bedtime": "Start Time",
    "wake": "End Time",
    "waso": "Minutes Awake",
    "awakenings": "Number of Awakenings",
}
JSON_NAMES = {
    "bedtime": "startTime",
    "wake": "endTime",
    "latency": "minutesToFallAsleep",
    "waso": "minutesAwake",
    "awakenings": "levels",
}
_CSV_TIMES = ("%Y-%m-%d %I:%M%p", "%Y-%m-%d %I:%M %p", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def is_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"["


def json_members(source: Source) -> list[str]:
    """Takeout's ``sleep-*.json`` files in a zip or folder (``Takeout/Fitbit/...``)."""
    return sorted(
        m for m in source.members() if re.fullmatch(r"sleep-.*\.json", PurePosixPath(m).name)
    )


def read(source: Source, options: ReadOptions) -> Iterator[Record]:
    if source.kind in ("zip", "folder"):
        for part in json_members(source):
            where = source.label(part)
            for record in _read_json(source.read_text(part), options):
                yield replace(record, file=where)
        return
    text = source.read_text()
    if is_json(text.encode("utf-8")[:64]):
        yield from _read_json(text, options)
    else:
        yield from _read_csv(text, options)


# CSV ----------------------------------------------------------------------------------


def _read_csv(text: str, options: ReadOptions) -> Iterator[Record]:
    columns: dict[str, int] | None = None
    in_sleep = False
    found = False
    try:
        for line, row in csv_rows(text):
            cells = [cell.strip() for cell in row]
            if len([c for c in cells if c]) == 1 and not cells[0][:1].isdigit():
                in_sleep, columns = cells[0] == "Sleep", None  # a section title
                continue
            if tuple(cells[:3]) == CSV_HEADER:
                in_sleep, found = True, True
                columns = {name: index for index, name in enumerate(cells)}
                continue
            if in_sleep and columns is not None:
                yield _csv_record(line, cells, columns, options)
    except Malformed as error:
        yield Problem(error.line, "row", f"the CSV is malformed ({error.reason})")
    if not found:
        yield Problem(1, "Sleep", "no Sleep section (its header 'Start Time,End Time,...')")


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index] if index is not None and index < len(row) else ""


def _csv_time(text: str) -> datetime:
    for form in _CSV_TIMES:
        try:
            return datetime.strptime(text.upper(), form)
        except ValueError:
            continue
    raise ValueError(text)


def _csv_record(line: int, row: list[str], columns: dict[str, int], options: ReadOptions) -> Record:
    times: list[datetime] = []
    for name in ("Start Time", "End Time"):
        raw = _cell(row, columns, name)
        try:
            times.append(_csv_time(raw))
        except ValueError:
            return Problem(line, name, f"{quote(raw)} is not a time such as 2020-01-05 10:57PM")
    counts: dict[str, int | None] = {}
    for name, high in (("Minutes Awake", MAX_DIARY_MINUTES), ("Number of Awakenings", 99)):
        raw = _cell(row, columns, name).replace(",", "")  # thousands separators
        try:
            counts[name] = values.parse_whole(raw, name, 0, high) if raw else None
        except InputRefused as error:
            return Problem(line, name, error.message)
    return _episode(
        line,
        times[0],
        times[1],
        options,
        CSV_NAMES,
        waso=counts["Minutes Awake"],
        awakenings=counts["Number of Awakenings"],
    )


def _episode(
    line: int,
    start: datetime,
    end: datetime,
    options: ReadOptions,
    names: dict[str, str],
    **diary: int | None,
) -> Record:
    start, end = to_minute(start), to_minute(end)
    minutes = elapsed_minutes(start, end, options.zone)
    if minutes <= 0:
        return Problem(line, names["wake"], "the sleep ends before it starts")
    return Episode(line=line, start=start, end=end, minutes=minutes, names=names, **diary)


# Takeout JSON -------------------------------------------------------------------------


def _read_json(text: str, options: ReadOptions) -> Iterator[Record]:
    """Each element of the top-level array, with the line its ``{`` is on."""
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    line = text.count("\n", 0, position) + 1
    length = len(text)
    while True:
        start = _skip_space(text, position)
        line += text.count("\n", position, start)
        if start >= length:
            yield Problem(line, "file", "the JSON array is not closed")
            return
        if text[start] == "]":
            return
        if text[start] == ",":
            position = start + 1
            continue
        try:
            item, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError as error:
            yield Problem(error.lineno, "file", f"not valid JSON ({error.msg}); reading stopped")
            return
        yield _json_record(line, item, options)
        line += text.count("\n", start, end)
        position = end


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _json_time(value: object) -> datetime:
    """``2020-01-05T22:57:30.000`` (local, no zone)."""
    if isinstance(value, str) and len(value) >= 16 and value[10] == "T":
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            return moment
    raise ValueError(value)


def _json_count(item: dict[str, Any], name: str) -> int | None:
    """A JSON number of minutes, through the domain's rule for minutes."""
    value = item.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputRefused(f"{name} must be a whole number of minutes, not {quote(str(value))}")
    return values.check_minutes(value, name)


def _json_record(line: int, item: object, options: ReadOptions) -> Record:
    if not isinstance(item, dict):
        return Problem(line, "record", "not a sleep log (an object with startTime, endTime)")
    times: list[datetime] = []
    for name in ("startTime", "endTime"):
        try:
            times.append(_json_time(item.get(name)))
        except ValueError:
            raw = quote(str(item.get(name, "")))
            return Problem(line, name, f"{raw} is not a time such as 2020-01-05T22:57:30.000")
    diary: dict[str, int | None] = {}
    for ours, name in (("latency", "minutesToFallAsleep"), ("waso", "minutesAwake")):
        try:
            diary[ours] = _json_count(item, name)
        except InputRefused as error:
            return Problem(line, name, error.message)
    diary["awakenings"] = _awakenings(item.get("levels"))
    return _episode(line, times[0], times[1], options, JSON_NAMES, **diary)


def _awakenings(levels: object) -> int | None:
    """``levels.summary.wake.count`` (stage logs) or ``.awake.count`` (classic logs)."""
    if not isinstance(levels, dict):
        return None
    summary = levels.get("summary")
    if not isinstance(summary, dict):
        return None
    for name in ("wake", "awake"):
        part = summary.get(name)
        if isinstance(part, dict):
            count = part.get("count")
            if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
                return count
    return None
