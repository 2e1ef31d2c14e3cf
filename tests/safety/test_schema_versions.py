"""Schema versions through the command line: old files migrate with a backup, newer ones are
refused untouched."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.safety.helpers import (
    COMMANDS,
    FIXTURES,
    assert_one_error_line,
    query,
    run_tracker,
    sha256,
    snapshot,
    user_version,
)
from tracker.storage.migrations import LATEST_VERSION

V1_NIGHTS = [
    # night, bedtime, wake, quality, room_temp_c, note (as the v1 fixture holds them)
    ("2026-10-05", 23 * 60 + 10, 6 * 60 + 50, 4, 19.5, "first night, felt fine"),
    ("2026-10-06", 40, 7 * 60 + 15, 2, 21.0, "late, = noisy street"),
    ("2026-10-07", 22 * 60 + 55, 7 * 60, 5, None, None),
]
V1_MARKS = {
    ("2026-10-05", "meditation", "missed"),
    ("2026-10-05", "routine", "done"),
    ("2026-10-06", "cool_room", "done"),
    ("2026-10-06", "routine", "skipped"),
    ("2026-10-07", "no_screens", "done"),
    ("2026-10-07", "stretching", "done"),
}


def test_version_1_file_is_backed_up_and_migrated_with_every_night(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    shutil.copy(FIXTURES / "tracker-v1.db", path)
    assert user_version(path) == 1
    original = sha256(path)

    result = run_tracker("week", "--night", "2026-10-07", "--json", db=path)

    assert result.returncode == 0, result.stderr
    week = json.loads(result.stdout)
    assert week["week_start"] == "2026-10-05"
    assert week["nights_logged"] == 3
    practices = week["practices"]
    assert practices["routine"] == {"done": 1, "missed": 0, "skipped": 1, "adherence": 1.0}
    assert practices["meditation"]["missed"] == 1
    assert practices["cool_room"]["done"] == 1
    assert practices["stretching"]["done"] == 1
    assert practices["no_screens"]["done"] == 1  # the custom practice of version 1 survives
    assert week["quality_mean"] == (4 + 2 + 5) / 3

    backup = tmp_path / "tracker.db.v1.bak"
    assert backup.exists()
    assert sha256(backup) == original or user_version(backup) == 1
    assert user_version(backup) == 1
    assert query(backup, "SELECT night, bedtime, wake, quality, room_temp_c, note FROM night "
                         "ORDER BY night") == V1_NIGHTS  # fmt: skip
    assert user_version(path) == LATEST_VERSION
    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    assert (
        query(
            path,
            "SELECT night, bedtime, wake, quality, room_temp_c, note FROM night ORDER BY night",
        )
        == V1_NIGHTS
    )
    assert set(query(path, "SELECT night, practice, state FROM mark")) == V1_MARKS
    assert query(path, "SELECT latency, waso FROM night WHERE night = '2026-10-05'") == [
        (None, None)
    ]

    # The migrated file is an ordinary database now: writable, and not backed up again.
    again = run_tracker("checkin", "--night", "2026-10-08", "--quality", "3", db=path)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".bak")) == [
        "tracker.db.v1.bak"
    ]
    assert user_version(backup) == 1


def _newer_database(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "tracker.db"
    made = run_tracker("checkin", "--night", "2026-10-05", "--quality", "4", db=path)
    assert made.returncode == 0, made.stderr
    query(path, f"PRAGMA user_version = {LATEST_VERSION + 1}")
    assert user_version(path) == LATEST_VERSION + 1
    assert sorted(p.name for p in folder.iterdir()) == ["tracker.db"]
    return path


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = _newer_database(tmp_path / "case")
    before = sha256(path)
    for command in COMMANDS:
        result = run_tracker(*command, db=path)
        assert_one_error_line(result, path)
        assert "newer" in result.stderr
        assert sha256(path) == before, f"{command[0]} changed the file"
        assert user_version(path) == LATEST_VERSION + 1


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_refusing_a_newer_database_creates_no_file_beside_it(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = _newer_database(tmp_path / "case")
    before = snapshot(path.parent)
    result = run_tracker(*command, db=path)
    assert_one_error_line(result, path)
    assert snapshot(path.parent) == before


def _version_2_file(path: Path) -> None:
    """A file as version 2 left it: diary columns, no practice.added; nights, marks, targets,
    a setting and a custom practice (its life started at its first mark then)."""
    from tracker.storage.connection import configure_connection
    from tracker.storage.migrations import migrate

    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        configure_connection(db)
        assert migrate(db, target=2) == 2
        db.execute(
            "INSERT INTO practice (key, label, category, kind, position) "
            "VALUES ('no_screens', 'No screens after 22:00', 'evening', 'checked', 9)"
        )
        db.executemany(
            "INSERT INTO night (night, bedtime, wake, quality, note, updated_at, latency, waso) "
            "VALUES (?, ?, ?, ?, ?, '2026-10-08T08:00:00', ?, ?)",
            [("2026-10-05", 1390, 410, 4, "first", 15, 20), ("2026-10-06", 40, 435, 2, None, None,
              None), ("2026-10-07", 1375, 420, 5, None, 5, 0)],
        )  # fmt: skip
        db.executemany("INSERT INTO mark VALUES (?, ?, ?)", sorted(V1_MARKS))
        db.execute("INSERT INTO target VALUES ('2026-10-06', 1350, 420, 30)")
        db.execute("INSERT INTO setting VALUES ('unit', 'F')")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode = DELETE")
    path.chmod(0o600)


def _every_row(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in key order, without practice.added."""
    return {
        "night": query(path, "SELECT * FROM night ORDER BY night"),
        "mark": query(path, "SELECT * FROM mark ORDER BY night, practice"),
        "practice": query(path, "SELECT key, label, category, kind, position, archived, builtin "
                                "FROM practice ORDER BY key"),  # fmt: skip
        "target": query(path, "SELECT * FROM target ORDER BY effective_from"),
        "setting": query(path, "SELECT * FROM setting ORDER BY name"),
    }


def test_version_2_file_gets_practice_added_empty_keeps_every_row_and_a_backup(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tracker.db"
    _version_2_file(path)
    rows = _every_row(path)
    original = sha256(path)
    assert "added" not in {column for _, column, *_ in query(path, "PRAGMA table_info(practice)")}

    result = run_tracker("week", "--night", "2026-10-07", "--json", db=path)

    assert result.returncode == 0, result.stderr
    assert user_version(path) == LATEST_VERSION == 3
    assert _every_row(path) == rows
    # No practice of an older file has an added night: built-ins and no_screens alike start
    # at their first mark, as they did before.
    assert query(path, "SELECT count(*), count(added) FROM practice") == [(9, 0)]
    week = json.loads(result.stdout)
    assert week["practices"]["no_screens"]["done"] == 1
    backup = tmp_path / "tracker.db.v2.bak"
    assert user_version(backup) == 2
    assert sha256(backup) == original or _every_row(backup) == rows
    assert _every_row(backup) == rows
    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    # A practice added from now on records its night; the file is not backed up again.
    added = run_tracker("practices", "add", "reading", "Read before bed", db=path)
    assert added.returncode == 0, added.stderr
    assert query(path, "SELECT count(*) FROM practice WHERE added IS NOT NULL") == [(1,)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".bak")) == [
        "tracker.db.v2.bak"
    ]
