"""``sleep-tracker import`` of another app's export (Sleep as Android, Plees, Fitbit, Apple
Health, Loop, harsh); our own CSV goes through ``transfer.run_import``.

Every problem goes to stderr as ``FILE:LINE: FIELD: reason`` and then nothing is written; the
summary (new / filled / unchanged / conflicting nights, naps) goes to stdout. Progress of long
reads is drawn on stderr only while stderr is a terminal, and only after the first second.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from tracker.cli.context import current_default_night, open_repository
from tracker.domain.errors import InputRefused
from tracker.domain.text import printable

if TYPE_CHECKING:
    from tracker.storage.importers import Source

FORMAT_CHOICES = (
    "auto", "sleep-tracker", "sleep-as-android", "plees", "fitbit", "apple-health", "loop",
    "harsh",
)  # fmt: skip
PROGRESS_AFTER = 1.0
"""Seconds of work before a progress bar is worth drawing."""


def add_import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        default="auto",
        metavar="F",
        help=f"the file's format: {', '.join(FORMAT_CHOICES)} (default: recognised)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check the file and report; write nothing"
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="values that differ from what is logged take the file's value",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="NAME=KEY",
        help="habit apps: the habit NAME becomes the practice KEY (repeatable)",
    )
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        help="time zone of times the file gives without one (default: this machine's)",
    )


class TerminalProgress:
    """A Rich progress bar on stderr, started once the work has taken a second."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = time.monotonic()
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._progress is None:
            if time.monotonic() - self.started < PROGRESS_AFTER:
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=total)
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def check_format(name: str) -> str:
    """``--format``: a wrong name is refused input (status 1), like any wrong value."""
    if name not in FORMAT_CHOICES:
        from tracker.domain.text import quote

        raise InputRefused(f"--format {quote(name)} is not a format; use one of "
                           f"{', '.join(FORMAT_CHOICES)}")  # fmt: skip
    return name


def check_foreign_options(args: argparse.Namespace) -> None:
    """``--map`` and ``--tz`` are checked before the file is even recognised, so a wrong
    value is refused (status 1) for every format, our own CSV included."""
    from tracker.storage.importers.plan import parse_mapping
    from tracker.storage.importers.times import zone_named

    parse_mapping(args.map)
    if args.tz:
        zone_named(args.tz)


def run_foreign_import(args: argparse.Namespace, source: Source, format_name: str) -> int:
    from tracker.storage.importers import ReadOptions, read
    from tracker.storage.importers.plan import build_plan, parse_mapping, write_plan
    from tracker.storage.importers.records import shown
    from tracker.storage.importers.times import zone_named

    mapping = parse_mapping(args.map)
    zone = zone_named(args.tz) if args.tz else None
    progress = TerminalProgress(f"Reading {shown(source.name)}") if sys.stderr.isatty() else None
    repository = open_repository(args)
    repository.prepare_writes(always=True, dry_run=args.dry_run)  # an import always verifies
    try:
        plan = build_plan(
            repository,
            read(source, format_name, ReadOptions(zone=zone, progress=progress)),
            source_name=source.name,
            format_name=format_name,
            default_night=current_default_night(repository),
            replace=args.replace,
            mapping=mapping,
        )
    finally:
        if progress is not None:
            progress.close()
    for problem in plan.problems:
        print(printable(problem), file=sys.stderr)
    if args.dry_run:
        for line in plan.summary(dry_run=True, replace=args.replace):
            print(printable(line))
    if plan.problems:
        count = len(plan.problems)
        raise InputRefused(
            f"{count} problem{'s' if count != 1 else ''} in {source.name}; nothing was imported"
        )
    if args.dry_run:
        return 0
    write_plan(repository, plan)
    for line in plan.summary(dry_run=False, replace=args.replace):
        print(printable(line))
    return 0
