"""Importing other apps' exports: one small module per format behind one reader interface.

Each format module has ``NAME`` and ``read(source, options) -> Iterator[Record]``: it yields
episodes of sleep or habit answers with the line each starts on, and a ``Problem`` for each
record it cannot use. ``plan.build_plan`` turns the records into the nights to write, through
the domain's validation; ``write_plan`` writes them in one transaction.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from types import ModuleType

from tracker.domain.errors import UnusableFile
from tracker.storage.importers import (
    apple_health,
    fitbit,
    harsh,
    loop,
    plees,
    sleep_as_android,
)
from tracker.storage.importers.records import ReadOptions, Record
from tracker.storage.importers.source import Source

OURS = "sleep-tracker"
READERS: dict[str, ModuleType] = {
    module.NAME: module for module in (sleep_as_android, plees, fitbit, apple_health, loop, harsh)
}
FORMATS = (OURS, *READERS)
"""Every value of ``--format`` besides ``auto``."""

_HARSH_LINE = re.compile(r"^\d{4}-\d{2}-\d{2} : .+ : ", re.MULTILINE)

__all__ = [
    "FORMATS",
    "NOT_RECOGNISED",
    "OURS",
    "READERS",
    "ReadOptions",
    "Source",
    "detect",
    "read",
]


def detect(source: Source) -> str:
    """The format of ``source``, recognised from its content.

    Raises:
        UnusableFile: none of the formats this program reads.
    """
    if source.kind in ("zip", "folder"):
        names = {PurePosixPath(m).name.lower() for m in source.members()}
        if sleep_as_android.FILE_NAME in names:
            return sleep_as_android.NAME
        if "export.xml" in names:
            return apple_health.NAME
        if "habits.csv" in names:
            return loop.NAME
        if source.kind == "folder" and "log" in source.members():
            return harsh.NAME
        if fitbit.json_members(source):
            return fitbit.NAME
        raise UnusableFile(
            f"Cannot use {source.name}: a {source.kind} without an export this program reads "
            "(sleep-export.csv, export.xml, Loop's Habits.csv, harsh's log or Fitbit's "
            "sleep-*.json)"
        )
    head = source.head().decode("utf-8", errors="replace").lstrip("\ufeff")
    stripped = head.lstrip()
    if stripped.startswith("<"):
        if "<HealthData" in head or "HKCategoryType" in head or "<!DOCTYPE HealthData" in head:
            return apple_health.NAME
    if fitbit.is_json(head.encode("utf-8")):
        return fitbit.NAME
    lines = [line for line in head.splitlines() if line.strip()]
    if lines:
        cells = [cell.strip() for cell in next(csv.reader([lines[0]]), [])]
        if cells[:2] == ["Id", "Tz"]:
            return sleep_as_android.NAME
        if cells[:3] == ["sid", "start", "stop"]:
            return plees.NAME
        if "night" in cells:
            return OURS
        if "Start Time,End Time,Minutes Asleep" in head.replace('"', ""):
            return fitbit.NAME
        if _HARSH_LINE.search(head):
            return harsh.NAME
    if not stripped:
        raise UnusableFile(f"Cannot use {source.name}: the file is empty; nothing to import")
    return OURS  # our own CSV's checks say what is wrong with it


NOT_RECOGNISED = (
    "; nor an export of Sleep as Android, Plees, Fitbit, Apple Health, Loop or harsh "
    "(--format names one)"
)


def read(source: Source, format_name: str, options: ReadOptions) -> Iterator[Record]:
    """The records of ``source`` read as ``format_name``."""
    reader: Callable[[Source, ReadOptions], Iterator[Record]] = READERS[format_name].read
    return reader(source, options)
