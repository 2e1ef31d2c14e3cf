"""``sleep-tracker check``: verify the database, say what is wrong and which backup to restore.

The listing goes to stdout; a damaged file ends with one ``Error:`` line and exit status 3.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.cli.context import db_path
from tracker.domain.errors import UnusableFile
from tracker.domain.text import printable


def register(add: Callable[..., Any]) -> None:
    add("check", "verify the database; say what is wrong and what to do", run)


def run(args: argparse.Namespace) -> int:
    from tracker.storage import backups, verify
    from tracker.storage.fileguard import AccessRefused, inspect_database
    from tracker.storage.migrations import LATEST_VERSION

    path = db_path(args)
    if not isinstance(path, Path):
        return _check_server(path)
    try:
        state = inspect_database(path, LATEST_VERSION)
    except AccessRefused:
        raise  # not damage: the one line says what stopped SQLite
    except UnusableFile as refused:
        found = [refused.message.removeprefix(f"Cannot use {path}: ")]
        heading = "cannot be used"
    else:
        heading = "is damaged"
        if not state.exists:
            print(printable(f"No database at {path} yet: nothing to check."))
            return 0
        found = verify.problems(path, rows=state.schema_version == LATEST_VERSION)
    if not found:
        print(printable(f"{path} is healthy: SQLite's integrity check and every row pass."))
    else:
        print(printable(f"{path} {heading}:"))
        for problem in found:
            print(printable(f"  - {problem}"))
        if len(found) >= verify.MAX_LISTED:
            print(printable(f"  (the first {verify.MAX_LISTED} problems)"))
    _report_backups(path, backups, damaged=bool(found))
    if found:
        more = f" (and {len(found) - 1} more, listed above)" if len(found) > 1 else ""
        raise UnusableFile(f"Cannot use {path}: {found[0]}{more}; nothing was changed")
    return 0


def _report_backups(path: Any, backups: Any, *, damaged: bool) -> None:
    listed = backups.list_backups(path)
    folder = backups.folder_for(path).absolute()
    if not listed:
        print(printable(f"No backups in {folder}."))
        return
    healthy = backups.newest_healthy(path)
    if healthy is None:
        print(
            printable(f"None of the {len(listed)} backups in {folder} verifies.")
        )
        return
    when = f"{healthy.taken:%Y-%m-%d}" + ("" if healthy.automatic else f" {healthy.taken:%H:%M}")
    print(printable(f"Newest backup that verifies: {healthy.path} ({when})."))
    if damaged:
        print("To restore it (the current file is kept aside first):")
        print(printable(f"  sleep-tracker backup restore {healthy.path}"))


def _check_server(url: Any) -> int:
    """On a server there is no file to verify: read every row through the domain's rules."""
    from datetime import date

    from tracker.storage.repository import Repository

    with Repository.open(url) as repository:  # the small tables are checked on opening
        repository.nights_between(date.min, date.max)
    print(printable(f"{url} is healthy: every row passes. A server has no file to verify or "
                    "back up here: its administrator backs it up (pg_dump)."))  # fmt: skip
    return 0
