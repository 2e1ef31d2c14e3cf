"""``sleep-tracker backup [-o FILE]``, ``backup list``, ``backup restore FILE``.

Backups are made with SQLite's online backup API (``tracker.storage.backups``); the first
write of each day makes one by itself.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.cli.context import add_db_option, db_path, now
from tracker.domain.errors import InputRefused, UnusableFile
from tracker.domain.text import printable


def register(add: Callable[..., Any]) -> None:
    sub = add(
        "backup",
        "copy the database (verified first) into backups/ beside it, or to -o FILE",
        run_backup,
    )
    sub.add_argument("-o", "--output", metavar="FILE", help="where to write the copy")
    actions = sub.add_subparsers(title="actions", metavar="ACTION", parser_class=type(sub))
    listing = actions.add_parser("list", help="the backups, newest first",
                                 description="the backups, newest first")  # fmt: skip
    add_db_option(listing)
    listing.set_defaults(handler=run_list)
    restoring = actions.add_parser(
        "restore",
        help="put a backup in place of the database (the current file is kept aside)",
        description="put a backup in place of the database (the current file is kept aside)",
    )
    add_db_option(restoring)
    restoring.add_argument("file", metavar="FILE", help="the backup to restore")
    restoring.set_defaults(handler=run_restore)


def _file_only(args: argparse.Namespace) -> Path:
    """The database file; a server URL is refused (its administrator backs it up)."""
    path = db_path(args)
    if not isinstance(path, Path):
        raise InputRefused(
            f"Backups are copies of a database file; {path} is a server, whose "
            "administrator backs it up (pg_dump)"
        )
    return path


def _existing_database(args: argparse.Namespace) -> Path:
    from tracker.storage.fileguard import inspect_database
    from tracker.storage.migrations import LATEST_VERSION

    path = _file_only(args)
    if not inspect_database(path, LATEST_VERSION).exists:
        raise UnusableFile(f"Cannot use {path}: there is no database yet, nothing to back up")
    return path


def run_backup(args: argparse.Namespace) -> int:
    from tracker.storage import backups, verify
    from tracker.storage.database import prepare_database

    path = _existing_database(args)
    prepare_database(path)  # an older schema is migrated (and backed up) first
    verify.require_healthy(path)
    if args.output:
        target = Path(args.output)
        if target.exists() and target.samefile(path):
            raise InputRefused(f"{args.output} is the database itself; choose another file")
    else:
        backups.make_folder(path)
        target = backups.manual_path(path, now())
    backups.copy_database(path, target)
    print(printable(f"Backed up {path} to {target}"))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from tracker.storage import backups

    path = _file_only(args)
    listed = backups.list_backups(path)
    if not listed:
        print(printable(f"No backups in {backups.folder_for(path)} yet."))
        return 0
    for backup in listed:
        kind = "daily " if backup.automatic else "manual"
        when = f"{backup.taken:%Y-%m-%d}" if backup.automatic else f"{backup.taken:%Y-%m-%d %H:%M}"
        size = backup.path.stat().st_size
        print(printable(f"{when:<16}  {kind}  {size / 1024:>7.0f} KB  {backup.path}"))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from tracker.storage import backups

    path = _file_only(args)
    aside = backups.restore(path, Path(args.file), now())
    print(printable(f"Restored {args.file} as {path}"))
    if aside is not None:
        print(printable(f"The file it replaced is kept as {aside}"))
    return 0
