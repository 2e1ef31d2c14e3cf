"""Damaged or foreign files at --db: one clear line, exit status 3, the file untouched.

Each case is tried with a write (``checkin``), a report (``week --json``) and the shell-prompt
line (``status``), through the real command line. Afterwards the folder holding the path is
byte-for-byte as it was: same files, same contents, no ``-wal``/``-shm``, nothing new.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.safety.helpers import COMMANDS, REPO_ROOT, assert_one_error_line, run_tracker, snapshot

RUNNING_AS_ROOT = os.geteuid() == 0


def _real_database(path: Path, nights: int = 300) -> None:
    """A genuine tracker database with enough nights to span many pages."""
    from tracker.domain.nights import Night
    from tracker.domain.practices import Mark
    from tracker.storage.repository import Repository

    repository = Repository.open(path)
    first = date(2020, 1, 1)
    repository.bulk_save(
        [
            Night(
                first + timedelta(days=offset),
                bedtime=23 * 60,
                wake=7 * 60,
                quality=3,
                note=f"night {offset} " + "x" * 200,
                marks={"routine": Mark.DONE, "cool_room": Mark.MISSED},
            )
            for offset in range(nights)
        ]
    )
    repository.close()
    assert not Path(f"{path}-wal").exists()


def text_file(folder: Path) -> Path:
    path = folder / "tracker.db"
    path.write_text("night,bedtime,wake_time\n2026-01-01,23:00,07:00\n", encoding="utf-8")
    return path


def random_bytes(folder: Path) -> Path:
    path = folder / "tracker.db"
    path.write_bytes(random.Random(9).randbytes(64 * 1024))
    return path


def sqlite_header_then_noise(folder: Path) -> Path:
    """Starts like an SQLite file, then garbage: damage that a header check alone misses."""
    path = folder / "tracker.db"
    path.write_bytes(b"SQLite format 3\x00" + random.Random(3).randbytes(8192 - 16))
    return path


def truncated_database(folder: Path) -> Path:
    path = folder / "tracker.db"
    _real_database(path)
    data = path.read_bytes()
    assert len(data) > 8 * 4096
    path.write_bytes(data[: len(data) // 2])
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "tracker.db"
    path.touch()
    return path


def other_programs_database(folder: Path) -> Path:
    path = folder / "tracker.db"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)")
        db.executemany("INSERT INTO invoice (total) VALUES (?)", [(i * 1.5,) for i in range(50)])
        db.commit()
    return path


def other_programs_wal_database(folder: Path) -> Path:
    """Another program's database in WAL mode (a journal mode our open would also set)."""
    path = folder / "tracker.db"
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE song (title TEXT)")
        db.execute("INSERT INTO song VALUES ('a')")
        db.commit()
    assert not Path(f"{path}-wal").exists()
    return path


def folder_instead_of_file(folder: Path) -> Path:
    path = folder / "tracker.db"
    path.mkdir()
    (path / "keep.txt").write_text("mine\n")
    return path


def parent_is_a_file(folder: Path) -> Path:
    """The path's folder is a regular file: nothing can be created or read there (even as root)."""
    blocker = folder / "data"
    blocker.write_text("a file where the data folder should be\n")
    return blocker / "tracker.db"


def no_permission(folder: Path) -> Path:
    path = folder / "tracker.db"
    _real_database(path, nights=5)
    path.chmod(0)
    return path


def read_only_file(folder: Path) -> Path:
    path = folder / "tracker.db"
    _real_database(path, nights=5)
    path.chmod(0o400)
    return path


CASES: list[Callable[[Path], Path]] = [
    text_file,
    random_bytes,
    sqlite_header_then_noise,
    truncated_database,
    empty_file,
    other_programs_database,
    other_programs_wal_database,
    folder_instead_of_file,
    parent_is_a_file,
]
PERMISSION_CASES: list[Callable[[Path], Path]] = [no_permission, read_only_file]


def _check_refused(make: Callable[[Path], Path], tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    path = make(folder)
    before = snapshot(folder)
    inner = snapshot(path) if path.is_dir() else None
    for command in COMMANDS:
        result = run_tracker(*command, db=path)
        assert_one_error_line(result, path)
        assert result.stdout == "", result.stdout
        assert snapshot(folder) == before, f"{command[0]} changed {folder}"
        if inner is not None:
            assert snapshot(path) == inner, f"{command[0]} changed the folder {path}"


@pytest.mark.parametrize("make", CASES, ids=[case.__name__ for case in CASES])
def test_unusable_file_is_refused_untouched(make: Callable[[Path], Path], tmp_path: Path) -> None:
    _check_refused(make, tmp_path)


@pytest.mark.parametrize("make", PERMISSION_CASES, ids=[c.__name__ for c in PERMISSION_CASES])
def test_file_without_permission_is_refused_untouched(
    make: Callable[[Path], Path], tmp_path: Path
) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    probe = folder / "probe"
    probe.write_text("x")
    probe.chmod(0)
    if RUNNING_AS_ROOT or os.access(probe, os.R_OK):
        pytest.skip("permissions do not bind this user (root); see test_parent_is_a_file")
    probe.unlink()
    path = make(folder)
    try:
        before = snapshot(folder)
        for command in COMMANDS:
            result = run_tracker(*command, db=path)
            assert_one_error_line(result, path)
            assert snapshot(folder) == before, f"{command[0]} changed {folder}"
    finally:
        path.chmod(0o600)


ANSI = re.compile(r"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07]*\x07|[@-_])")
APP_CASES: list[Callable[[Path], Path]] = [
    text_file,
    truncated_database,
    empty_file,
    other_programs_database,
    folder_instead_of_file,
    parent_is_a_file,
]


@pytest.mark.parametrize("make", APP_CASES, ids=[case.__name__ for case in APP_CASES])
def test_app_refuses_an_unusable_file_and_exits_cleanly(
    make: Callable[[Path], Path], tmp_path: Path
) -> None:
    """``sleep-tracker --db PATH`` (the app): the same message, status 3, the file untouched."""
    folder = tmp_path / "case"
    folder.mkdir()
    path = make(folder)
    before = snapshot(folder)
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"},
    )
    assert result.returncode == 3, (result.returncode, result.stderr[-500:])
    assert "Traceback" not in result.stderr
    # After the app leaves the alternate screen, its last words are the one-line message.
    last = ANSI.sub("", result.stderr.rstrip().splitlines()[-1])
    message = "Error: " + last.rpartition("Error: ")[2]
    assert message.startswith(f"Error: Cannot use {path}: "), last
    assert snapshot(folder) == before
