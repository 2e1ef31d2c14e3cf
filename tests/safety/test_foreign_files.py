"""Files that are not (yet) ours stay byte-identical; leftovers of a killed creation go.

- a file carrying our application id but no tables is recognised before SQLite touches it
  (no WAL switch, no ``.v0.bak``);
- a dangling symbolic link as the database is refused, its target never created;
- a tampered ``user_version`` leaves one migration backup per version, ever, not one per run;
- a creation killed half-way leaves temporary files that the next run removes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from tests.safety.damage import healthy_database
from tests.safety.helpers import REPO_ROOT, assert_one_error_line, run_tracker, snapshot
from tracker.storage.fileguard import APPLICATION_ID

COMMANDS = (("checkin", "--quality", "3"), ("week", "--json"), ("status",), ("check",),
            ("backup",), ("export",))  # fmt: skip


def test_our_mark_without_tables_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    path = folder / "tracker.db"
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.commit()
    before = snapshot(folder)
    for command in COMMANDS:
        result = run_tracker(*command, db=path)
        assert_one_error_line(result, path)
        assert "no tracker tables" in result.stderr
        assert snapshot(folder) == before, command


def test_dangling_symbolic_link_is_refused_and_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    link = folder / "tracker.db"
    target = tmp_path / "elsewhere" / "real.db"
    link.symlink_to(target)
    before = snapshot(folder)
    for command in (*COMMANDS, ("practices", "add", "journal", "Journal")):
        result = run_tracker(*command, db=link)
        assert_one_error_line(result, link)
        assert "symbolic link" in result.stderr
        assert snapshot(folder) == before
        assert not target.parent.exists()


def test_tampered_user_version_leaves_one_backup_ever(tmp_path: Path) -> None:
    path = healthy_database(tmp_path / "data" / "tracker.db")
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 1")  # the diary columns exist: migration 2 fails
        db.commit()
    for _run in range(4):
        result = run_tracker("checkin", "--quality", "3", db=path)
        assert result.returncode == 3 and "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1
    copies = [p.name for p in path.parent.iterdir() if p.name.endswith(".bak")]
    assert copies == ["tracker.db.v1.bak"]


def test_leftovers_of_a_killed_creation_are_removed(tmp_path: Path) -> None:
    """Kill the first import into a new database while it writes; the next run cleans up."""
    folder = tmp_path / "data"
    source = tmp_path / "big.csv"
    lines = ["night,bedtime,wake_time,quality,note"]
    first = date(1950, 1, 1)
    lines += [f"{first + timedelta(days=n)},23:00,07:00,3,note {n}" for n in range(20000)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    killed = 0
    for _attempt in range(10):
        process = subprocess.Popen(
            [sys.executable, "-m", "tracker", "import", str(source), "--db",
             str(folder / "k.db")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO_ROOT,
        )  # fmt: skip
        while process.poll() is None:
            if folder.exists() and any(p.name.endswith(".new") for p in folder.iterdir()):
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait()
        if process.returncode == -signal.SIGKILL:
            killed += 1
            break
        for leftover in folder.iterdir() if folder.exists() else ():
            leftover.unlink()
    assert killed, "the import always finished before it could be killed"
    assert [p for p in folder.iterdir() if p.name.startswith(".sleep-tracker-")]
    result = run_tracker("checkin", "--night", "2026-01-01", "--quality", "3",
                         db=folder / "k.db")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["k.db"]
