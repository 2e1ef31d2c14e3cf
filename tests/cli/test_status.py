"""`sleep-tracker status`: one line for a shell prompt, on the standard library alone."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from tests.conftest import RunCli

HEAVY = ("sqlmodel", "sqlalchemy", "pydantic", "textual", "rich")


def test_status_loads_no_heavy_module(run_cli: RunCli, db_path: Path) -> None:
    assert run_cli("checkin", "--quality", "4").returncode == 0
    probe = (
        "import sys, json\n"
        "from tracker.cli.main import main\n"
        f"code = main(['status', '--db', {str(db_path)!r}])\n"
        "print(json.dumps([name for name in sys.modules if name.split('.')[0] in "
        f"{HEAVY!r}]))\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    status_line, loaded = result.stdout.strip().splitlines()
    assert status_line.startswith("sleep: ")
    assert json.loads(loaded) == []


def test_status_counts_the_checkin_streak(run_cli: RunCli) -> None:
    assert run_cli("settings", "set", "rollover", "0").returncode == 0  # default night = today
    today = date.today()
    for days_ago in (1, 2, 3, 5):
        night = (today - timedelta(days=days_ago)).isoformat()
        assert run_cli("checkin", "--night", night, "--quality", "3").returncode == 0
    result = run_cli("status")
    assert result.stdout.strip() == (
        f"sleep: {today.isoformat()} not logged yet · check-in streak 3 nights"
    )
    run_cli("checkin", "--quality", "4")
    assert run_cli("status").stdout.strip() == (
        f"sleep: {today.isoformat()} logged · check-in streak 4 nights"
    )


def test_status_without_a_database_creates_nothing(run_cli: RunCli, db_path: Path) -> None:
    result = run_cli("status")
    assert result.returncode == 0
    assert result.stdout == "sleep: no check-ins yet\n"
    assert not db_path.exists()


def test_status_on_a_foreign_file_exits_3_untouched(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n")
    result = run_cli("status", db=path)
    assert result.returncode == 3
    assert (
        result.stderr
        == f"Error: Cannot use {path}: not a sleep-tracker database (not an SQLite file)\n"
    )
    assert path.read_text() == "not a database\n"
