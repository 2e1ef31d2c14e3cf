"""A practice lives from the night it was added (schema 3): `practices add`, then `grid` and
`week --json` show it not answered from that night on, blank before, and count it nowhere."""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.cli.conftest import checkin
from tests.conftest import RunCli
from tests.safety.helpers import query

DAY = timedelta(days=1)


def test_a_practice_added_today_is_not_answered_tonight_and_blank_before(
    run_cli: RunCli, today: date, db_path
) -> None:
    for back in (3, 2, 1):
        checkin(run_cli, today - back * DAY, "--done", "routine")
    added = run_cli("practices", "add", "reading", "Read before bed")
    assert added.returncode == 0, added.stderr
    # The default night of that moment is kept (built-ins have none).
    assert query(db_path, "SELECT key, added FROM practice WHERE added IS NOT NULL") == [
        ("reading", today.isoformat())
    ]
    checkin(run_cli, today, "--done", "routine")  # tonight's check-in, reading not answered

    grid = json.loads(run_cli("grid", "--nights", "5", "--json").stdout)
    reading = grid["practices"]["reading"]
    assert reading["marks"] == [None, None, None, None, "not answered"]
    assert (reading["done"], reading["missed"], reading["skipped"]) == (0, 0, 0)
    assert reading["adherence"] is None
    assert grid["practices"]["routine"]["marks"][1:] == ["done"] * 3 + ["done"]

    text = run_cli("grid", "--nights", "5")
    assert text.returncode == 0, text.stderr
    rows = {line.split()[0]: line for line in text.stdout.splitlines() if line.strip()}
    assert rows["reading"].split()[1:] == ["?", "-"]  # tonight only; no adherence
    # "?" sits under tonight, the column of routine's last mark.
    assert rows["reading"].index("?") == rows["routine"].rindex("✓")

    week = json.loads(run_cli("week", "--night", today.isoformat(), "--json").stdout)
    assert week["practices"]["reading"] == {
        "done": 0, "missed": 0, "skipped": 0, "adherence": None,
    }  # fmt: skip
    assert week["adherence"] == 1.0  # routine and the schedule only: unanswered counts nowhere


def test_a_night_logged_back_in_time_with_a_mark_starts_it_there(
    run_cli: RunCli, today: date
) -> None:
    assert run_cli("practices", "add", "reading", "Read before bed").returncode == 0
    checkin(run_cli, today - 2 * DAY, "--missed", "reading")
    checkin(run_cli, today - DAY)
    grid = json.loads(run_cli("grid", "--nights", "4", "--json").stdout)
    assert grid["practices"]["reading"]["marks"] == [None, "missed", "not answered", "not logged"]
    assert grid["practices"]["reading"]["missed"] == 1
