"""Automatic and manual backups, ``check`` and ``backup restore``, on real files.

The first write of each day verifies the file and copies it into ``backups/`` with SQLite's
online backup API; ``check`` lists what is wrong and names the newest backup that verifies;
``backup restore`` brings it back after setting the damaged file aside.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.safety.damage import flip_page, healthy_database, passes_integrity_check, with_bad_row
from tests.safety.helpers import assert_one_error_line, integrity, query, run_tracker, sha256
from tracker.cli.main import main
from tracker.storage import backups


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_first_write_of_the_day_backs_up_once(tmp_path: Path) -> None:
    db = healthy_database(tmp_path / "data" / "tracker.db")
    folder = db.parent / "backups"
    assert not folder.exists()
    for quality in ("3", "4"):
        result = run_tracker("checkin", "--night", "2026-02-01", "--quality", quality, db=db)
        assert result.returncode == 0, result.stderr
    made = sorted(folder.iterdir())
    assert [p.name for p in made] == [f"tracker-{date.today().isoformat()}.db"]
    assert _mode(folder) == 0o700 and _mode(made[0]) == 0o600
    # The copy is the file as it was before the day's first write, whole and on its own.
    assert integrity(made[0]) == "ok"
    assert not Path(f"{made[0]}-wal").exists()
    assert query(made[0], "SELECT count(*) FROM night")[0][0] == 30
    assert query(made[0], "PRAGMA journal_mode")[0][0] == "delete"


def test_reads_make_no_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = healthy_database(tmp_path / "tracker.db")
    for command in (["week"], ["trends"], ["status"], ["export"], ["practices", "list"]):
        assert main(["--db", str(db), *command]) == 0
    capsys.readouterr()
    assert not (tmp_path / "backups").exists()


def test_retention_keeps_7_days_and_4_weeks(tmp_path: Path) -> None:
    db = healthy_database(tmp_path / "tracker.db")
    folder = backups.make_folder(db)
    today = date(2026, 11, 30)
    for age in range(60):
        backups.copy_database(db, backups.daily_path(db, today - timedelta(days=age)))
    manual = backups.copy_database(db, backups.manual_path(db, datetime(2026, 1, 2, 3, 4, 5)))
    backups.prune(db)
    kept = sorted(b.taken.date() for b in backups.list_backups(db) if b.automatic)
    last_seven = [today - timedelta(days=age) for age in range(7)]
    assert set(last_seven) <= set(kept)
    weeks = {day.isocalendar()[:2] for day in kept}
    assert len(weeks) == 4  # the last four weeks, each with its newest backup
    # 30 November 2026 is a Monday: the seven days span two weeks, then two more Sundays.
    assert kept == sorted([*last_seven, date(2026, 11, 22), date(2026, 11, 15)])
    assert manual.exists()  # backups made by hand are never pruned
    assert len(list(folder.iterdir())) == len(kept) + 1


def test_a_break_of_months_keeps_the_old_backups(tmp_path: Path) -> None:
    db = healthy_database(tmp_path / "tracker.db")
    backups.make_folder(db)
    old = [date(2026, 3, 1) + timedelta(days=age) for age in range(10)]
    for day in old:
        backups.copy_database(db, backups.daily_path(db, day))
    backups.daily_backup(db, date(2026, 11, 30))
    kept = {b.taken.date() for b in backups.list_backups(db)}
    assert date(2026, 11, 30) in kept
    # Seven days in all (the new one and 5-10 March), and 1 March as the newest of its week.
    assert kept & set(old) == {date(2026, 3, day) for day in (1, 5, 6, 7, 8, 9, 10)}


def test_backup_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = healthy_database(tmp_path / "tracker.db")
    out_file = tmp_path / "copy.db"
    assert main(["--db", str(db), "backup", "-o", str(out_file)]) == 0
    assert main(["--db", str(db), "backup"]) == 0
    assert main(["--db", str(db), "backup", "list"]) == 0
    out = capsys.readouterr().out
    assert integrity(out_file) == "ok" and _mode(out_file) == 0o600
    assert "manual" in out and str(tmp_path / "backups") in out
    before = sha256(db)
    assert main(["--db", str(db), "backup", "-o", str(db)]) == 1  # not over itself
    assert "the database itself" in capsys.readouterr().err and sha256(db) == before
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main(["--db", str(db), "backup", "-o", str(fifo)]) == 3
    assert "named pipe" in capsys.readouterr().err


def test_backup_is_consistent_while_another_process_holds_a_write(tmp_path: Path) -> None:
    db = healthy_database(tmp_path / "tracker.db")
    with closing(sqlite3.connect(db)) as other:
        other.execute("PRAGMA journal_mode = WAL")
        other.execute("UPDATE night SET quality = 5")
        other.commit()  # committed, still in the -wal
        assert Path(f"{db}-wal").exists()
        target = backups.copy_database(db, tmp_path / "copy.db")
    assert {q for (q,) in query(target, "SELECT quality FROM night")} == {5}


def test_damaged_file_then_check_then_restore(tmp_path: Path) -> None:
    """The cycle the README describes: damage, ``check`` names the backup, restore it."""
    db = healthy_database(tmp_path / "data" / "tracker.db", nights=300)
    assert run_tracker("checkin", "--night", "2026-11-01", "--quality", "4", db=db).returncode == 0
    backup = db.parent / "backups" / f"tracker-{date.today().isoformat()}.db"
    assert backup.exists()
    flip_page(db, seed=5)
    assert not passes_integrity_check(db)
    damaged = sha256(db)

    checked = run_tracker("check", db=db)
    assert_one_error_line(checked, db)
    assert "is damaged:" in checked.stdout
    assert f"Newest backup that verifies: {backup}" in checked.stdout
    assert f"sleep-tracker backup restore {backup}" in checked.stdout
    assert sha256(db) == damaged

    restored = run_tracker("backup", "restore", str(backup), db=db)
    assert restored.returncode == 0, restored.stderr
    aside = [p for p in db.parent.iterdir() if ".before-restore-" in p.name]
    assert len(aside) == 1 and sha256(aside[0]) == damaged
    assert integrity(db) == "ok"
    assert run_tracker("check", db=db).returncode == 0
    week = run_tracker("week", "--night", "2026-01-05", "--json", db=db)
    assert week.returncode == 0 and '"nights_logged": 7' in week.stdout


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    db = healthy_database(tmp_path / "tracker.db")
    bad = with_bad_row(tmp_path / "other" / "bad.db", "mark state bogus")
    before = sha256(db)
    result = run_tracker("backup", "restore", str(bad), db=db)
    assert_one_error_line(result, bad)
    assert sha256(db) == before
    assert not [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]


def test_check_of_a_healthy_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = healthy_database(tmp_path / "tracker.db")
    assert main(["--db", str(db), "check"]) == 0
    assert "is healthy" in capsys.readouterr().out
    assert main(["--db", str(tmp_path / "missing.db"), "check"]) == 0
    assert not (tmp_path / "missing.db").exists()


def test_check_lists_sqlite_problems_one_per_line(tmp_path: Path) -> None:
    """SQLite reports its first problem after a "*** in database main ***" heading in the
    same row; `check` shows the problems, one per line, not the heading and an escaped ``\\n``."""
    db = healthy_database(tmp_path / "tracker.db")
    data = bytearray(db.read_bytes())
    data[2 * 4096 + 8 : 2 * 4096 + 3008] = b"\x07" * 3000  # a b-tree page's cells, scrambled
    db.write_bytes(bytes(data))
    assert not passes_integrity_check(db)

    checked = run_tracker("check", db=db)
    assert_one_error_line(checked, db)
    listed = [line for line in checked.stdout.splitlines() if line.startswith("  - ")]
    assert listed and all(line.startswith("  - SQLite: ") for line in listed), checked.stdout
    assert "\\n" not in checked.stdout + checked.stderr
    assert "*** in database" not in checked.stdout + checked.stderr
    assert any(" page " in line for line in listed)
