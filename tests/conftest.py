"""Shared fixtures: no test ever touches the developer's real data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


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
        command = [sys.executable, "-m", "tracker", *args]
        if db is not None:
            command += ["--db", str(db)]
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            input=input,
            timeout=120,
            env={**os.environ, **(env or {})},
        )

    return run
