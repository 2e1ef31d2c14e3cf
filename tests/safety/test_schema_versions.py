"""Schema versions through the command line: old files migrate with a backup, newer ones are
refused untouched."""

from __future__ import annotations

import json
import shutil
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
