"""Targets, preferences and the practices lifecycle through the real command line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import RunCli


def week(run_cli: RunCli, night: str) -> dict:
    result = run_cli("week", "--night", night, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_changing_a_target_never_rewrites_past_weeks(run_cli: RunCli) -> None:
    # Two weeks of 22:40 bedtimes: missed against the default 23:00 +/- 30? No: 20 min early
    # is within 30, so done. Then the target moves to 22:00 from the second week on.
    for night in ("2026-10-05", "2026-10-06", "2026-10-12", "2026-10-13"):
        assert (
            run_cli("checkin", "--night", night, "--bed", "23:45", "--wake", "07:00").returncode
            == 0
        )
    past_before = week(run_cli, "2026-10-05")
    assert past_before["practices"]["on_time_bed"]["adherence"] == 0.0  # 45 min late

    changed = run_cli("settings", "set", "bedtime", "23:30", "--from", "2026-10-12")
    assert changed.returncode == 0, changed.stderr

    assert week(run_cli, "2026-10-05") == past_before  # the earlier week is untouched
    assert week(run_cli, "2026-10-12")["practices"]["on_time_bed"]["adherence"] == 1.0
    shown = run_cli("settings").stdout
    assert "from 2026-10-12" in shown and "bedtime 23:30" in shown


def test_tolerance_and_wake_targets(run_cli: RunCli) -> None:
    run_cli("checkin", "--night", "2026-10-05", "--bed", "23:00", "--wake", "07:50")
    assert week(run_cli, "2026-10-05")["practices"]["on_time_wake"]["adherence"] == 0.0
    assert run_cli("settings", "set", "tolerance", "60", "--from", "2026-10-01").returncode == 0
    assert week(run_cli, "2026-10-05")["practices"]["on_time_wake"]["adherence"] == 1.0
    assert run_cli("settings", "set", "wake", "6:00", "--from", "2026-10-01").returncode == 0
    assert week(run_cli, "2026-10-05")["practices"]["on_time_wake"]["adherence"] == 0.0


def test_week_start_sunday_moves_the_week(run_cli: RunCli) -> None:
    run_cli("checkin", "--night", "2026-10-11", "--quality", "3")  # a Sunday
    assert week(run_cli, "2026-10-11")["week_start"] == "2026-10-05"
    assert run_cli("settings", "set", "week_start", "sunday").returncode == 0
    sunday_week = week(run_cli, "2026-10-11")
    assert (sunday_week["week_start"], sunday_week["week_end"]) == ("2026-10-11", "2026-10-17")


def test_temperature_is_given_in_the_users_unit(run_cli: RunCli) -> None:
    assert run_cli("settings", "set", "unit", "F").returncode == 0
    result = run_cli("checkin", "--night", "2026-10-05", "--temp", "66.2")
    assert result.returncode == 0, result.stderr
    assert "66.2 °F" in result.stdout
    exported = run_cli("export")
    if exported.returncode == 0:  # stored in °C: 66.2 °F = 19.0 °C
        assert ",19.0," in exported.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["settings", "set", "bedtime", "25:00"], "not a clock time"),
        (["settings", "set", "tolerance", "500"], "0-180"),
        (["settings", "set", "unit", "K"], "C or F"),
        (["settings", "set", "week_start", "friday"], "monday or sunday"),
        (["settings", "set", "rollover", "24"], "0-23"),
        (["settings", "set", "diary", "long"], "basic or full"),
        (["settings", "set", "theme", "no-such-theme"], "Unknown theme"),
        (["settings", "set", "colour", "blue"], "Unknown setting"),
        (["settings", "set", "bedtime", "22:00", "--from", "2999-01-01"], "future"),
        (["settings", "set", "unit", "F", "--from", "2026-01-01"], "--from applies only"),
        (["practices", "add", "No Screens", "No screens"], "not a valid practice key"),
        (["practices", "add", "routine", "Again"], "already exists"),
        (["practices", "add", "note", "A note"], "column of the CSV export"),
        (["practices", "add", "late_tv", "   "], "cannot be empty"),
        (["practices", "add", "late_tv", "TV", "--category", "schedule"], "not a category"),
        (["practices", "rename", "routin", "x"], "did you mean 'routine'"),
        (["practices", "archive", "on_time_bed"], "computed"),
        (["practices", "restore", "routine"], "already active"),
        (["practices", "move", "routine", "99"], "Position must be 1-6"),
    ],
)
def test_invalid_entries_are_refused_and_write_nothing(
    run_cli: RunCli, db_path: Path, args: list[str], message: str
) -> None:
    assert run_cli("settings", "set", "unit", "C").returncode == 0  # creates the database
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    result = run_cli(*args)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_practice_lifecycle(run_cli: RunCli) -> None:
    added = run_cli(
        "practices", "add", "no_screens", "No screens after 22:00", "--category", "evening"
    )
    assert added.returncode == 0, added.stderr
    run_cli("checkin", "--night", "2026-10-05", "--done", "no_screens")
    run_cli("checkin", "--night", "2026-10-06", "--missed", "no_screens")
    assert run_cli("practices", "rename", "no_screens", "Screens off by 22:00").returncode == 0
    assert run_cli("practices", "move", "no_screens", "1").returncode == 0
    listing = run_cli("practices", "list").stdout
    assert listing.index("no_screens") < listing.index("routine")
    assert "Screens off by 22:00" in listing

    assert run_cli("practices", "archive", "no_screens").returncode == 0
    assert "archived" in run_cli("practices", "list").stdout
    # Archived: still counted in the week it was marked, absent from weeks it was not.
    assert week(run_cli, "2026-10-05")["practices"]["no_screens"]["adherence"] == 0.5
    assert "no_screens" not in week(run_cli, "2026-10-19")["practices"]
    # Archived practices cannot be marked any more, but can be restored.
    refused = run_cli("checkin", "--night", "2026-10-07", "--done", "no_screens")
    assert refused.returncode == 1 and "archived" in refused.stderr
    assert run_cli("practices", "restore", "no_screens").returncode == 0
    assert run_cli("checkin", "--night", "2026-10-07", "--done", "no_screens").returncode == 0


def test_diary_setting_round_trips(run_cli: RunCli) -> None:
    assert run_cli("settings", "set", "diary", "full").returncode == 0
    assert "diary       full" in run_cli("settings").stdout


@pytest.mark.parametrize(
    "args",
    [
        ["practices", "add", "Bad", "x"],
        ["practices", "rename", "nosuch", "x"],
        ["settings", "set", "unit", "K"],
        ["week", "--night", "2026-13-01"],
        ["week", "--json"],
        ["settings"],
    ],
)
def test_refused_or_read_only_commands_create_no_database(
    run_cli: RunCli, db_path: Path, args: list[str]
) -> None:
    """A database is made by the first write that succeeds, never by a refusal or a read."""
    run_cli(*args)
    assert not db_path.exists() and not db_path.parent.exists()
