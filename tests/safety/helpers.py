"""Shared helpers of the data-safety tests: the real CLI in a child process, file snapshots.

Every test here works on real files in ``tmp_path`` and runs the program as a user would,
``python -m tracker ...`` in a subprocess (or a small driver script for the loops that would
be too slow one process per check-in).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures"

# The commands every unusable-file case is tried with: one write, one report, the prompt.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("checkin", "--quality", "3"),
    ("week", "--json"),
    ("status",),
)


def run_tracker(
    *args: str,
    db: Path | str | None = None,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], object] | None = None,
    timeout: float = 120,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tracker ARGS [--db DB]`` and capture its output."""
    command = [sys.executable, "-m", "tracker", *args]  # db: a file, or a server URL
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        input=input,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        preexec_fn=preexec_fn,
        cwd=REPO_ROOT,
    )


def run_driver(
    script: str, *args: str, preexec_fn: Callable[[], object] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a small Python driver script (importing the project) in a child process."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=preexec_fn,
        cwd=REPO_ROOT,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Name -> content hash (or "<dir>" / "<other>") of everything directly in ``folder``."""
    state: dict[str, str] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            state[entry.name] = f"<link {os.readlink(entry)}>"
        elif entry.is_dir():
            state[entry.name] = "<dir>"
        elif entry.is_file() and os.access(entry, os.R_OK):
            state[entry.name] = sha256(entry)
        else:
            state[entry.name] = f"<unreadable {entry.stat().st_size}>"
    return state


def assert_one_error_line(result: subprocess.CompletedProcess[str], path: Path) -> None:
    """Exit status 3 and exactly one ``Error: ...`` line naming the path, no traceback."""
    assert result.returncode == 3, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    assert str(path) in lines[0], result.stderr


def is_server(target: Path | str) -> bool:
    """Whether a test's database is a PostgreSQL URL (see the ``store`` fixture)."""
    return str(target).startswith("postgresql")


def query(path: Path | str, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
    """Rows of one statement (``?`` placeholders), on a connection closed afterwards; on a
    file, or on a server when ``path`` is a PostgreSQL URL."""
    if is_server(path):
        import psycopg

        url = str(path).replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(url, autocommit=True) as connection:
            cursor = connection.execute(sql.replace("?", "%s"), params)  # type: ignore[arg-type]
            return [tuple(row) for row in cursor] if cursor.description else []
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql, params).fetchall()


def integrity(path: Path | str) -> str:
    """SQLite's integrity check of a file; on a server, whether every mark still has its
    night and practice (PostgreSQL has no whole-database check to ask)."""
    if is_server(path):
        orphans = query(path, "SELECT count(*) FROM mark WHERE night NOT IN (SELECT night "
                              "FROM night) OR practice NOT IN (SELECT key FROM practice)")
        return "ok" if orphans == [(0,)] else f"{orphans[0][0]} orphaned marks"
    return query(path, "PRAGMA integrity_check")[0][0]


def user_version(path: Path) -> int:
    return int(query(path, "PRAGMA user_version")[0][0])
