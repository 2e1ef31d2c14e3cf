"""A full disk that stops the ``-shm`` file is said as such, not as damage.

On a small tmpfs (mounted for the test; skipped where mounting is not allowed), a healthy
database whose folder has no room left for SQLite's ``-shm`` and ``-wal`` files: every command
exits 3 with one line that names the path and says the disk refused, never "damaged".
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.safety.damage import healthy_database
from tests.safety.helpers import assert_one_error_line, run_tracker, sha256


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def test_full_disk_is_not_called_damage(small_disk: Path, tmp_path: Path) -> None:
    built = healthy_database(tmp_path / "built" / "tracker.db", nights=5)
    db = small_disk / "tracker.db"
    db.write_bytes(built.read_bytes())
    descriptor = os.open(small_disk / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
    try:  # fill every byte that is left, unbuffered
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(descriptor)
    before = sha256(db)
    for command in (("week",), ("checkin", "--quality", "3"), ("status",), ("check",)):
        result = run_tracker(*command, db=db)
        assert_one_error_line(result, db)
        assert "damaged" not in result.stderr, (command, result.stderr)
        assert "disk" in result.stderr, (command, result.stderr)
        assert sha256(db) == before
