"""What every command needs: the clock, the database path and an open repository."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from tracker.cli.options import add_db_option
from tracker.domain import clock
from tracker.storage.paths import resolve_db_path

# Re-exported for the command modules.
__all__ = [
    "add_db_option",
    "close_repositories",
    "current_default_night",
    "db_path",
    "now",
    "open_repository",
    "parse_night_option",
]

TYPE_CHECKING = False  # typing itself costs ~2 ms on the `status` path
if TYPE_CHECKING:
    from pathlib import Path

    from tracker.storage.repository import Repository


def now() -> datetime:
    """The local wall-clock time: the one place the command line reads the clock."""
    return datetime.now()


def db_path(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "db", None))


_opened: list[Repository] = []
"""Repositories this command opened; ``main`` closes them when the command ends."""


def open_repository(args: argparse.Namespace) -> Repository:
    """Open (creating or migrating) the database the command line points at."""
    from tracker.storage.repository import Repository

    repository = Repository.open(db_path(args))
    _opened.append(repository)
    return repository


def close_repositories() -> None:
    """Close what the command opened: no connection outlives it (``main`` may run again in
    the same process, and a stale connection's locks are not to be disturbed)."""
    while _opened:
        _opened.pop().close()


def current_default_night(repository: Repository) -> date:
    return clock.default_night(now(), repository.preferences().rollover)


def parse_night_option(text: str | None, default: date) -> date:
    """``--night`` value, or the default night when not given."""
    if text is None:
        return default
    return clock.parse_night(text, today=now().date())
