"""Shared fixtures: no test ever touches the developer's real data."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.safety.helpers import run_tracker


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user folder, and the default database, into the test's tmp folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("SLEEP_TRACKER_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database path that does not exist yet."""
    return tmp_path / "data" / "tracker.db"


RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli(db_path: Path) -> RunCli:
    """Run the real command line in a subprocess against ``db_path``."""

    def run(
        *args: str,
        db: Path | None = db_path,
        env: dict[str, str] | None = None,
        input: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        return run_tracker(*args, db=db, env=env, input=input)

    return run
