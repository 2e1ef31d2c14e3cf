"""`sleep-tracker checkin` through the real entry point on a real database file."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import RunCli

YESTERDAY = (date.today() - timedelta(days=2)).isoformat()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_checkin_then_merge_only_given_fields(run_cli: RunCli, db_path: Path) -> None:
    first = run_cli(
        "checkin",
        "--night",
        YESTERDAY,
        "--bed",
        "23:10",
        "--wake",
        "0650",
        "--done",
        "routine,meditation",
        "--missed",
        "stretching",
        "--quality",
        "4",
        "--temp",
        "19.5",
        "--note",
        "calm evening",
    )
    assert first.returncode == 0, first.stderr
    assert "bed 23:10" in first.stdout and "asleep 7h40" in first.stdout

    second = run_cli("checkin", "--night", YESTERDAY, "--quality", "5", "--skipped", "routine")
    assert second.returncode == 0, second.stderr

    exported = run_cli("week", "--night", YESTERDAY, "--json")
    week = json.loads(exported.stdout)
    assert week["quality_mean"] == 5
    assert week["bedtime_mean"] == "23:10"
    assert week["practices"]["routine"] == {"done": 0, "missed": 0, "skipped": 1, "adherence": None}
    assert week["practices"]["meditation"]["done"] == 1
    assert week["practices"]["stretching"]["missed"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bed", "25:00"], "not a clock time"),
        (["--wake", "7:5"], "not a clock time"),
        (["--quality", "9"], "Quality must be 1-5"),
        (["--quality", "three"], "whole number"),
        (["--done", "routin"], "did you mean 'routine'"),
        (["--done", "on_time_bed"], "computed from your bed and wake"),
        (["--night", "2026-13-40", "--quality", "3"], "not a real date"),
        (["--night", "2999-01-01", "--quality", "3"], "in the future"),
        (["--bed", "23:00", "--wake", "23:00"], "at most 18 hours"),
        (["--bed", "20:00", "--wake", "15:00"], "at most 18 hours"),
        (["--temp", "hot"], "number of degrees"),
        (["--temp", "68"], "not plausible"),
        (["--note", "x" * 1001], "at most 1000"),
        (["--done", "routine", "--missed", "routine"], "both"),
        (["--latency", "721"], "0-720"),
        (["--awakenings", "100"], "0-99"),
        ([], "Nothing to record"),
    ],
)
def test_refusals_exit_1_with_one_line_and_change_nothing(
    run_cli: RunCli, db_path: Path, args: list[str], message: str
) -> None:
    assert (
        run_cli("checkin", "--night", YESTERDAY, "--bed", "23:00", "--wake", "07:00").returncode
        == 0
    )
    before = digest(db_path)

    result = run_cli("checkin", *(["--night", YESTERDAY] if "--night" not in args else []), *args)

    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "args",
    [["checkin", "--bogus"], ["checkin", "--bed"], ["nonsense"], ["week", "--weeks", "3"]],
)
def test_malformed_command_line_exits_2(run_cli: RunCli, args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_db_option_before_or_after_the_command_and_env(run_cli: RunCli, tmp_path: Path) -> None:
    before = tmp_path / "before.db"
    after = tmp_path / "after.db"
    from_env = tmp_path / "env.db"
    assert run_cli("--db", str(before), "checkin", "--quality", "3", db=None).returncode == 0
    assert run_cli("checkin", "--quality", "3", "--db", str(after), db=None).returncode == 0
    assert (
        run_cli(
            "checkin", "--quality", "3", db=None, env={"SLEEP_TRACKER_DB": str(from_env)}
        ).returncode
        == 0
    )
    assert before.exists() and after.exists() and from_env.exists()
    # --db wins over the environment variable
    wins = tmp_path / "wins.db"
    run_cli(
        "checkin",
        "--quality",
        "3",
        "--db",
        str(wins),
        db=None,
        env={"SLEEP_TRACKER_DB": str(tmp_path / "loses.db")},
    )
    assert wins.exists() and not (tmp_path / "loses.db").exists()


def test_default_location_is_the_platform_data_folder(run_cli: RunCli, private_home: Path) -> None:
    result = run_cli("checkin", "--quality", "3", db=None)
    assert result.returncode == 0, result.stderr
    assert (private_home / ".local" / "share" / "sleep-tracker" / "tracker.db").exists()


def test_version_and_help(run_cli: RunCli) -> None:
    version = run_cli("--version", db=None)
    assert version.returncode == 0 and version.stdout.startswith("sleep-tracker ")
    help_text = run_cli("--help", db=None)
    assert help_text.returncode == 0
    for command in (
        "checkin",
        "week",
        "trends",
        "export",
        "import",
        "status",
        "practices",
        "settings",
        "demo",
    ):
        assert command in help_text.stdout


@pytest.mark.parametrize(
    "args", [["--bed", "25:00"], ["--done", "routin"], ["--night", "2999-01-01", "--quality", "3"]]
)
def test_a_refused_first_check_in_creates_no_database(
    run_cli: RunCli, db_path: Path, args: list[str]
) -> None:
    result = run_cli("checkin", *args)
    assert result.returncode == 1
    assert not db_path.exists() and not db_path.parent.exists()
