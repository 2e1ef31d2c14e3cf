"""Opening, creating and migrating database files."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from tracker.domain.errors import UnusableFile
from tracker.storage.database import ensure_database
from tracker.storage.fileguard import APPLICATION_ID
from tracker.storage.migrations import LATEST_VERSION
from tracker.storage.repository import Repository

FIXTURES = Path(__file__).parent.parent / "fixtures"


def columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def test_new_database_is_created_private_at_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "tracker.db"
    ensure_database(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert "latency" in columns(path, "night")
    assert not list(path.parent.glob(".*new*")), "no temporary file is left behind"


def test_new_database_is_private_even_under_a_permissive_umask(tmp_path: Path) -> None:
    import os

    old = os.umask(0)
    try:
        path = tmp_path / "open" / "tracker.db"
        Repository.open(path).save_change(
            date(2026, 1, 1), _bed_change(), default_night=date(2026, 1, 1)
        )
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for file in path.parent.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name


def _bed_change():  # noqa: ANN202 - tiny local helper
    from tracker.domain.nights import Change

    return Change({"bedtime": 23 * 60, "wake": 7 * 60})


def test_version_1_database_is_backed_up_and_migrated_with_every_night(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    shutil.copy(FIXTURES / "tracker-v1.db", path)
    original = path.read_bytes()
    assert "latency" not in columns(path, "night")

    repository = Repository.open(path)

    backup = tmp_path / "tracker.db.v1.bak"
    assert backup.exists()
    with sqlite3.connect(backup) as db:  # the backup is the old database, whole
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM night").fetchone()[0] == 3
    assert original  # (read before opening)
    nights = repository.nights_between(date(2026, 10, 1), date(2026, 10, 31))
    assert [n.night.isoformat() for n in nights] == ["2026-10-05", "2026-10-06", "2026-10-07"]
    assert nights[1].bedtime == 40 and nights[1].note == "late, = noisy street"
    assert nights[2].marks == {"stretching": "done", "no_screens": "done"}
    assert nights[0].latency is None
    assert repository.preferences().unit == "F"
    assert repository.targets_history()[0].bedtime == 22 * 60 + 30
    assert "latency" in columns(path, "night")


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    ensure_database(path)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(UnusableFile, match="newer sleep-tracker"):
        Repository.open(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"night,bedtime\n2026-01-01,23:00\n", "not a sleep-tracker database"),
        (bytes(range(256)) * 40, "not a sleep-tracker database"),
    ],
)
def test_foreign_files_are_refused_untouched(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "tracker.db"
    path.write_bytes(content)
    with pytest.raises(UnusableFile, match=reason) as error:
        Repository.open(path)
    assert str(path) in error.value.message
    assert path.read_bytes() == content


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)")
    before = path.read_bytes()
    with pytest.raises(UnusableFile, match="another program"):
        Repository.open(path)
    assert path.read_bytes() == before


def test_truncated_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    shutil.copy(FIXTURES / "tracker-v1.db", path)
    path.write_bytes(path.read_bytes()[: 4096 * 3])
    before = path.read_bytes()
    with pytest.raises(UnusableFile, match="damaged"):
        Repository.open(path)
    assert path.read_bytes() == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    path.mkdir()
    with pytest.raises(UnusableFile, match="folder"):
        Repository.open(path)


def test_a_missing_database_is_created_by_its_first_write_only(tmp_path: Path) -> None:
    from tracker.domain.errors import InputRefused
    from tracker.domain.nights import Change

    path = tmp_path / "new" / "tracker.db"
    repository = Repository.open(path)
    assert repository.practices()[0].key == "routine"  # reads see a blank database
    assert repository.nights_between(date(2026, 1, 1), date(2026, 12, 31)) == []
    with pytest.raises(InputRefused):
        repository.save_change(
            date(2026, 1, 1), Change({"quality": 9}), default_night=date(2026, 1, 1)
        )
    assert not path.parent.exists(), "a refused first write leaves no file and no folder"
    repository.save_change(date(2026, 1, 1), Change({"quality": 4}), default_night=date(2026, 1, 1))
    assert path.exists() and not list(path.parent.glob(".*"))
    assert Repository.open(path).get_night(date(2026, 1, 1)).quality == 4  # type: ignore[union-attr]
