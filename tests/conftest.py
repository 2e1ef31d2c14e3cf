"""Shared fixtures: no test ever touches the developer's real data."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.pg_cluster import Cluster, running_cluster, server_binaries
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


# PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL server for this test session (see ``tests/pg_cluster.py``).

    Without the server binaries the tests that need it are skipped on a developer's machine,
    and fail under CI (``CI=1``): a test never silently skips there.
    """
    binaries = server_binaries()
    if binaries is None:
        message = "PostgreSQL server binaries not found (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with running_cluster(binaries) as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The URL (with its password) of a new, empty database on the test server."""
    return pg_cluster.database()


@pytest.fixture(params=["file", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the tracker keeps its data: a SQLite file that does not exist yet, or a new
    database on the test server. One storage test suite runs on both."""
    if request.param == "file":
        return str(tmp_path / "data" / "tracker.db")
    return request.getfixturevalue("pg_url")
