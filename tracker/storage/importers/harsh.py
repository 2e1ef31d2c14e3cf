"""harsh: its ``log`` file, with the ``habits`` file beside it when present.

Layout (harsh's ``internal/storage``): the log has one line per answer, ``YYYY-MM-DD : Habit
name : y|n|s[ : comment[ : amount]]``, ``#`` starting a comment line; the habits file lists
``Habit name: frequency`` lines under ``! Heading`` lines. y is done, n missed, s skipped; the
comment and the amount are not kept. The habits file only gives the order of new practices.
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.domain import values
from tracker.domain.errors import InputRefused
from tracker.domain.practices import Mark
from tracker.domain.text import quote
from tracker.storage.importers.records import (
    HabitDeclared,
    HabitMark,
    Problem,
    ReadOptions,
    Record,
)
from tracker.storage.importers.source import Source

NAME = "harsh"
_RESULTS = {"y": Mark.DONE, "n": Mark.MISSED, "s": Mark.SKIPPED}


def log_member(source: Source) -> str | None:
    """In a folder, the file named ``log``; None when FILE is the log itself."""
    return "log" if source.kind == "folder" else None


def read(source: Source, options: ReadOptions) -> Iterator[Record]:
    part = log_member(source)
    text = source.read_text(part)
    where = source.label(part) if part else None
    yield from _habits(source)
    for line, raw in enumerate(text.split("\n"), start=1):
        entry = raw.rstrip("\r")
        if not entry.strip() or entry.lstrip().startswith("#"):
            continue
        fields = entry.split(" : ")
        if len(fields) < 3:
            yield Problem(line, "entry", "expected 'YYYY-MM-DD : habit : y|n|s'", where)
            continue
        try:
            night = values.parse_date(fields[0].strip())
        except InputRefused as error:
            yield Problem(line, "date", error.message, where)
            continue
        habit = fields[1].strip()
        if not habit:
            yield Problem(line, "habit", "a habit name is required", where)
            continue
        result = fields[2].strip().lower()
        mark = _RESULTS.get(result)
        if mark is None:
            yield Problem(line, "result", f"{quote(fields[2].strip())} is not y, n or s", where)
            continue
        yield HabitMark(line, night, habit, mark, where)


def _habits(source: Source) -> Iterator[Record]:
    """The habits file beside the log (or in the folder), when there is one."""
    if source.kind == "folder":
        name = "habits" if "habits" in source.members() else None
        if name is None:
            return
        text = source.read_text(name)
    elif source.path is not None and (beside := source.path.with_name("habits")).is_file():
        text = Source(str(beside)).read_text()
    else:
        return
    for line, raw in enumerate(text.split("\n"), start=1):
        entry = raw.strip()
        if not entry or entry.startswith(("#", "!")):
            continue
        name, separator, _frequency = entry.rpartition(":")
        if separator and name.strip():
            yield HabitDeclared(line, name.strip())
