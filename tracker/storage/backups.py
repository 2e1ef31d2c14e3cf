"""Backups of a database file, made with SQLite's online backup API.

The first write of each day verifies the file and copies it into ``backups/`` beside it
(folder 0700, files 0600), as ``STEM-YYYY-MM-DD.SUFFIX``; ``sleep-tracker backup`` adds
``STEM-YYYY-MM-DD-HHMMSS.SUFFIX`` on demand. The automatic ones are pruned to the newest of
each of the last 7 days and of the last 4 weeks that have one (a month away from the tracker
never empties the folder). A backup is a consistent snapshot even while another process
writes (never a file copy of a live WAL database), is written under a temporary name and
renamed when whole, and is a single file (rollback journal mode) that opens anywhere.

File databases only: a PostgreSQL URL has no file to copy.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tracker.domain.errors import UnusableFile
from tracker.storage import verify
from tracker.storage.atomic import atomic_path, sync_folder
from tracker.storage.connection import BUSY_TIMEOUT_SECONDS
from tracker.storage.fileguard import inspect_database
from tracker.storage.migrations import LATEST_VERSION

FOLDER_NAME = "backups"
KEEP_DAYS = 7
KEEP_WEEKS = 4


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    automatic: bool
    """Made by the first write of a day (pruned), rather than by ``sleep-tracker backup``."""


def folder_for(database: Path) -> Path:
    return database.parent / FOLDER_NAME


def _parts(database: Path) -> tuple[str, str]:
    suffix = database.suffix or ".db"
    return database.stem if database.suffix else database.name, suffix


def daily_path(database: Path, day: date) -> Path:
    stem, suffix = _parts(database)
    return folder_for(database) / f"{stem}-{day.isoformat()}{suffix}"


def manual_path(database: Path, now: datetime) -> Path:
    stem, suffix = _parts(database)
    return folder_for(database) / f"{stem}-{now:%Y-%m-%d-%H%M%S}{suffix}"


def list_backups(database: Path) -> list[Backup]:
    """The backups of ``database`` in its ``backups/`` folder, newest first."""
    stem, suffix = _parts(database)
    pattern = re.compile(
        rf"{re.escape(stem)}-(\d{{4}}-\d{{2}}-\d{{2}})(?:-(\d{{6}}))?{re.escape(suffix)}"
    )
    found: list[Backup] = []
    try:
        entries = list(os.scandir(folder_for(database)))
    except OSError:
        return found
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        try:
            day = date.fromisoformat(match[1])
            moment = (
                datetime.strptime(match[2], "%H%M%S").time() if match[2] else datetime.min.time()
            )
        except ValueError:
            continue
        found.append(Backup(Path(entry.path), datetime.combine(day, moment), not match[2]))
    return sorted(found, key=lambda backup: (backup.taken, not backup.automatic), reverse=True)


def make_folder(database: Path) -> Path:
    folder = folder_for(database)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
    except OSError as error:
        raise UnusableFile(f"Cannot create {folder}: {error.strerror or error}") from None
    return folder


def copy_database(database: Path, target: Path) -> Path:
    """Copy ``database`` to ``target`` (atomically, 0600) with the online backup API."""
    with atomic_path(target, keep_mode=False) as temporary:
        try:
            source = sqlite3.connect(database, timeout=BUSY_TIMEOUT_SECONDS)
            try:
                destination = sqlite3.connect(temporary)
                try:
                    source.backup(destination)
                    # One self-contained file: no -wal needed beside a backup.
                    destination.execute("PRAGMA journal_mode = DELETE")
                finally:
                    destination.close()
            finally:
                source.close()
        except sqlite3.Error as error:
            if verify.is_damage(error):
                raise verify.damaged(database, str(error)) from None
            raise UnusableFile(f"Cannot back up {database}: {error}") from None
        finally:
            remove_temporary_side_files(temporary)
        os.chmod(temporary, 0o600)
    return target


def remove_temporary_side_files(temporary: Path) -> None:
    for end in ("-wal", "-shm", "-journal"):
        side = Path(f"{temporary}{end}")
        if side.exists():
            side.unlink()


def daily_backup(database: Path, today: date, *, verified: bool = False) -> Path | None:
    """The first write of the day: verify, back up, prune. None when today's exists already.

    Raises:
        UnusableFile: the database is damaged (nothing is written or copied).
    """
    target = daily_path(database, today)
    if target.exists():
        return None
    if not verified:
        verify.require_healthy(database)
    make_folder(database)
    copy_database(database, target)
    prune(database)
    return target


def prune(database: Path) -> list[Path]:
    """Remove automatic backups beyond the last 7 days and the last 4 weeks that have one."""
    automatic = [backup for backup in list_backups(database) if backup.automatic]
    keep = {backup.path for backup in automatic[:KEEP_DAYS]}
    weeks: dict[tuple[int, int], Path] = {}
    for backup in automatic:  # newest first: the first of each week is its newest
        week = backup.taken.isocalendar()[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKS:
            weeks[week] = backup.path
    keep |= set(weeks.values())
    removed = []
    for backup in automatic:
        if backup.path not in keep:
            try:
                backup.path.unlink()
                removed.append(backup.path)
            except OSError:
                continue
    return removed


def newest_healthy(database: Path) -> Backup | None:
    """The newest backup that verifies (SQLite's check and every row)."""
    for backup in list_backups(database):
        if backup_problems(backup.path) == []:
            return backup
    return None


def backup_problems(path: Path) -> list[str]:
    """What is wrong with a file offered as a backup; empty when it can be restored."""
    try:
        state = inspect_database(path, LATEST_VERSION)
    except UnusableFile as refused:
        return [refused.message]
    if not state.exists:
        return [f"{path} does not exist"]
    return verify.problems(path, rows=state.schema_version == LATEST_VERSION)


def restore(database: Path, source: Path, now: datetime) -> Path | None:
    """Put a verified copy of ``source`` in place of ``database``; the current file (with
    its ``-wal``) is first renamed aside. Returns that aside path (None when there was none).

    Raises:
        UnusableFile: ``source`` is not a healthy tracker database, or a file cannot be moved.
    """
    found = backup_problems(source)
    if found:
        raise UnusableFile(f"Cannot restore {source}: {found[0]}")
    if source.resolve() == database.resolve():
        raise UnusableFile(f"Cannot restore {source}: it is the database itself")
    aside: Path | None = None
    try:
        if os.path.lexists(database):
            _checkpoint(database)
            aside = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
            os.rename(database, aside)
            wal = Path(f"{database}-wal")
            if wal.exists():  # the aside copy keeps what its log still held
                os.rename(wal, f"{aside}-wal")
            shm = Path(f"{database}-shm")
            if shm.exists():
                shm.unlink()
        else:
            database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        copy_database(source, database)
        sync_folder(database.parent)
    except OSError as error:
        raise UnusableFile(f"Cannot restore into {database}: {error.strerror or error}") from None
    return aside


def _checkpoint(database: Path) -> None:
    """Fold the log into the file before it is set aside, when it is ours and SQLite can."""
    try:
        inspect_database(database, LATEST_VERSION)
    except UnusableFile:
        return  # a foreign or damaged file is set aside exactly as it is
    try:
        db = sqlite3.connect(database, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
    except sqlite3.Error:
        pass  # a damaged file is set aside as it is
