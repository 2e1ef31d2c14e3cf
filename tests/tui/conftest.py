"""Fixtures of the app tests: a real database file (``db_path``, tests/conftest.py) and a
fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.tui.tui_support import NOW
from tracker.domain.nights import Night
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp, make_app


@pytest.fixture
def new_app(db_path: Path) -> Callable[[], SleepTrackerApp]:
    """A factory of apps on the test database with the clock fixed at NOW."""
    return lambda: make_app(db_path, now=NOW, sub_title="test")


@pytest.fixture
def stored(db_path: Path) -> Callable[[date], Night | None]:
    """Reads a night back from the database file, through a fresh repository."""

    def read(night: date) -> Night | None:
        with Repository.open(db_path) as repository:
            return repository.get_night(night)

    return read
