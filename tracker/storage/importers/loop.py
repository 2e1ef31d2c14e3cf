"""Loop Habit Tracker: its "Export as CSV" zip, or that zip unpacked into a folder.

Layout (uhabits ``HabitsCSVExporter`` and its test assets): ``Habits.csv`` with ``Position,Name,
Type,Question,Description,...,Archived?``; for each habit a folder ``NNN Name/`` (NNN its
position) holding ``Checkmarks.csv`` with ``Date,Value[,Notes]``, the value one of
``YES_MANUAL``, ``YES_AUTO``, ``NO``, ``SKIP``, ``UNKNOWN`` (older versions: 2, 1, 0, 3, -1),
or, for a measurable habit, a number. A root ``Checkmarks.csv`` (one column per habit, the
numeric codes) is used when the per-habit files are missing.

Marks: YES_MANUAL done, NO missed, SKIP skipped; YES_AUTO (Loop's "not needed today" for a
habit done less than daily) and UNKNOWN stay unanswered. A measurable habit's number is not
kept: above 0 is done, 0 missed. Notes are not kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from tracker.domain import values
from tracker.domain.errors import InputRefused
from tracker.domain.practices import Mark
from tracker.domain.text import quote
from tracker.storage.importers.records import (
    HabitDeclared,
    HabitMark,
    Malformed,
    Problem,
    ReadOptions,
    Record,
    csv_rows,
    parse_decimal,
    shown,
)
from tracker.storage.importers.source import Source

NAME = "loop"
HABITS = "Habits.csv"
CHECKMARKS = "Checkmarks.csv"
_WORDS = {
    "YES_MANUAL": Mark.DONE,
    "NO": Mark.MISSED,
    "SKIP": Mark.SKIPPED,
    "YES_AUTO": None,
    "UNKNOWN": None,
}
_CODES = {"2": Mark.DONE, "0": Mark.MISSED, "3": Mark.SKIPPED, "1": None, "-1": None}


def read(source: Source, options: ReadOptions) -> Iterator[Record]:
    habits_file = source.find(HABITS)
    if habits_file is None:
        yield Problem(1, HABITS, "no Habits.csv in this zip or folder")
        return
    where = source.label(habits_file)
    positions: dict[str, tuple[str, bool]] = {}
    try:
        rows = csv_rows(source.read_text(habits_file))
        _, header = next(rows, (1, []))
        columns = {name.strip(): index for index, name in enumerate(header)}
        if "Name" not in columns:
            yield Problem(1, "Name", "Habits.csv has no Name column", where)
            return
        for line, row in rows:
            name = _cell(row, columns, "Name")
            if not name:
                yield Problem(line, "Name", "a habit without a name", where)
                continue
            measurable = _cell(row, columns, "Type").upper() == "NUMERICAL"
            positions[_cell(row, columns, "Position").lstrip("0") or "0"] = (name, measurable)
            yield HabitDeclared(line, name)
    except Malformed as error:
        yield Problem(error.line, "row", f"the CSV is malformed ({error.reason})", where)
        return
    per_habit = [m for m in source.members() if PurePosixPath(m).name == CHECKMARKS and "/" in m]
    if per_habit:
        for part in sorted(per_habit):
            folder = PurePosixPath(part).parent.name
            number = folder.split(" ", 1)[0].lstrip("0") or "0"
            habit = positions.get(number)
            if habit is None:
                yield Problem(1, "folder", f"{quote(folder)} is not a habit of Habits.csv",
                              source.label(part))  # fmt: skip
                continue
            yield from _habit_checkmarks(source, part, *habit)
    elif (root := source.find(CHECKMARKS)) is not None:
        measurable = {name for name, numeric in positions.values() if numeric}
        yield from _root_checkmarks(source, root, measurable)


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _day(raw: str, line: int, where: str) -> Problem | object:
    try:
        return values.parse_date(raw)
    except InputRefused as error:
        return Problem(line, "Date", error.message, where)


def _mark(raw: str, measurable: bool) -> Mark | None:
    """Raises ValueError for a value Loop does not write."""
    text = raw.strip()
    if measurable and text not in _WORDS:
        return Mark.DONE if parse_decimal(text) > 0 else Mark.MISSED
    if text.upper() in _WORDS:
        return _WORDS[text.upper()]
    if text in _CODES:
        return _CODES[text]
    raise ValueError(text)


def _habit_checkmarks(source: Source, part: str, habit: str, measurable: bool) -> Iterator[Record]:
    where = source.label(part)
    try:
        rows = csv_rows(source.read_text(part))
        _, header = next(rows, (1, []))
        columns = {name.strip(): index for index, name in enumerate(header)}
        for line, row in rows:
            day = _day(_cell(row, columns, "Date"), line, where)
            if isinstance(day, Problem):
                yield day
                continue
            raw = _cell(row, columns, "Value")
            try:
                mark = _mark(raw, measurable)
            except ValueError:
                yield Problem(line, "Value", f"{quote(raw)} is not a Loop checkmark", where)
                continue
            if mark is not None:
                yield HabitMark(line, day, habit, mark, where)  # type: ignore[arg-type]
    except Malformed as error:
        yield Problem(error.line, "row", f"the CSV is malformed ({error.reason})", where)


def _root_checkmarks(source: Source, part: str, measurable: set[str]) -> Iterator[Record]:
    where = source.label(part)
    try:
        rows = csv_rows(source.read_text(part))
        _, header = next(rows, (1, []))
        names = [name.strip() for name in header]
        for line, row in rows:
            day = _day(row[0] if row else "", line, where)
            if isinstance(day, Problem):
                yield day
                continue
            for index, habit in enumerate(names[1:], start=1):
                if not habit or index >= len(row) or not row[index].strip():
                    continue
                try:
                    mark = _mark(row[index], habit in measurable)
                except ValueError:
                    reason = f"{quote(row[index])} is not a Loop checkmark"
                    yield Problem(line, shown(habit), reason, where)
                    continue
                if mark is not None:
                    yield HabitMark(line, day, habit, mark, where)  # type: ignore[arg-type]
    except Malformed as error:
        yield Problem(error.line, "row", f"the CSV is malformed ({error.reason})", where)
