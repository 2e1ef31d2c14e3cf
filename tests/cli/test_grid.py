"""`sleep-tracker grid`: practices x the last N nights, as a person reads it and as JSON."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.cli.conftest import checkin
from tests.conftest import RunCli

DAY = timedelta(days=1)


def test_an_empty_database_is_a_plain_message(run_cli: RunCli) -> None:
    result = run_cli("grid")
    assert result.returncode == 0
    assert "No nights logged yet" in result.stdout
    assert result.stderr == ""


def test_fourteen_nights_fit_80_columns_with_the_week_symbols(run_cli: RunCli, today: date) -> None:
    checkin(run_cli, today - 13 * DAY, "--done", "routine", "--missed", "meditation")
    checkin(run_cli, today - 2 * DAY, "--skipped", "routine", "--done", "meditation",
            "--note", "late dinner")  # fmt: skip
    assert (
        run_cli("practices", "add", "no_screens_after_ten_in_the_eve", "No screens").returncode == 0
    )
    checkin(run_cli, today - DAY, "--done", "no_screens_after_ten_in_the_eve")

    result = run_cli("grid")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), [len(line) for line in lines]
    assert all(line == line.rstrip() for line in lines)
    assert f"{(today - 13 * DAY).day}" in lines[3] and lines[3].endswith(f"{today.day}  adh.")
    rows = {line.split()[0]: line for line in lines[4:] if line and line.split()[0] != "✓"}
    keys = [line.split()[0] for line in lines[4:13]]
    assert keys[:3] == ["routine", "meditation", "stretching"]  # the practice order
    # routine: done, not logged x10, skipped, not answered, not logged (today).
    assert rows["routine"].split()[1:] == ["✓", *["·"] * 10, "–", "?", "·", "100%"]
    # Added later and first marked yesterday: blank before, not "not answered".
    added = rows["no_screens_after_ten_in_the_eve"]
    assert added.split()[1:] == ["✓", "·", "100%"]
    # stretching was never marked: a blank row, no adherence.
    assert rows["stretching"].split()[1:] == ["-"]
    # A marker under the night with a note ("note" cannot be a practice key).
    assert rows["note"].split()[1:] == ["✎"]
    assert rows["note"].index("✎") == rows["routine"].index("–")
    assert "✓ done  ✗ missed  – skipped  ? not answered  · not logged" in result.stdout


def test_json_lists_every_night_and_leaves_nights_before_a_practice_out(
    run_cli: RunCli, today: date
) -> None:
    checkin(run_cli, today - 4 * DAY, "--done", "routine")
    assert run_cli("practices", "add", "journal", "Wrote a journal").returncode == 0
    checkin(run_cli, today - 2 * DAY, "--missed", "journal")
    checkin(run_cli, today - DAY)

    result = run_cli("grid", "--nights", "5", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["nights"] == [(today - n * DAY).isoformat() for n in range(4, -1, -1)]
    assert data["first_night"] == data["nights"][0] and data["last_night"] == today.isoformat()
    assert data["nights_logged"] == 3
    journal = data["practices"]["journal"]
    assert journal["marks"] == [None, None, "missed", "not answered", "not logged"]
    assert (journal["done"], journal["missed"], journal["skipped"]) == (0, 1, 0)
    assert journal["adherence"] == 0.0
    routine = data["practices"]["routine"]
    assert routine["marks"] == ["done", "not logged", "not answered", "not answered", "not logged"]
    assert data["practices"]["on_time_bed"]["marks"][0] == "done"


@pytest.mark.parametrize("value", ["0", "-3", "abc", "1e3", "²", "1234567890123", ""])
def test_a_bad_number_of_nights_is_refused(run_cli: RunCli, value: str) -> None:
    result = run_cli("grid", f"--nights={value}")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: --nights must be ")
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_more_nights_than_the_calendar_holds_is_refused(run_cli: RunCli) -> None:
    result = run_cli("grid", "--nights", "9999999")
    assert result.returncode == 1
    assert "reach back before 1900-01-01" in result.stderr
