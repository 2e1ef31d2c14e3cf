"""A hand-worked fortnight, logged once through the real command line for every report test.

Mon 2026-11-02 .. Sun 2026-11-15, default targets 23:00 / 07:00 +-30 min, a custom practice
``journal``. Diary nights cross midnight (00:30, 01:10 bedtimes), Wed 4th and four nights of
the second week are not logged.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.cli.main import main

FIRST, LAST = date(2026, 11, 2), date(2026, 11, 15)

FORTNIGHT = [
    # Mon: TST 480-20-10 = 450, TIB 22:45..07:15 = 510, SE 0.882
    [
        "--night",
        "2026-11-02",
        "--bed",
        "23:00",
        "--wake",
        "07:00",
        "--in-bed",
        "22:45",
        "--out-of-bed",
        "07:15",
        "--latency",
        "20",
        "--awakenings",
        "1",
        "--waso",
        "10",
        "--done",
        "routine,journal",
        "--quality",
        "4",
        "--note",
        "Late <b>dinner</b> & tea",
    ],
    # Tue: bedtime after midnight; TST 420-30-20 = 370, TIB 23:50..08:00 = 490
    [
        "--night",
        "2026-11-03",
        "--bed",
        "00:30",
        "--wake",
        "07:30",
        "--in-bed",
        "23:50",
        "--out-of-bed",
        "08:00",
        "--latency",
        "30",
        "--awakenings",
        "2",
        "--waso",
        "20",
        "--missed",
        "routine",
        "--done",
        "journal",
        "--quality",
        "2",
    ],
    # Wed: not logged.
    # Thu: no diary detail; 450 min asleep.
    [
        "--night",
        "2026-11-05",
        "--bed",
        "23:20",
        "--wake",
        "06:50",
        "--done",
        "routine",
        "--skipped",
        "journal",
        "--quality",
        "3",
    ],
    # Fri: TST 510-10-0 = 500, TIB defaults to bed..wake = 510
    [
        "--night",
        "2026-11-06",
        "--bed",
        "23:40",
        "--wake",
        "08:10",
        "--latency",
        "10",
        "--awakenings",
        "0",
        "--waso",
        "0",
        "--done",
        "routine,journal",
        "--quality",
        "5",
    ],
    ["--night", "2026-11-07", "--bed", "23:00", "--wake", "07:00", "--done", "routine"],
    ["--night", "2026-11-08", "--bed", "22:50", "--wake", "06:40", "--missed", "journal"],
    ["--night", "2026-11-09", "--bed", "23:10", "--wake", "07:05", "--done", "routine,journal"],
    # Tue 10th: bedtime 01:10; TST 410-45-30 = 335, TIB 00:40..08:20 = 460
    [
        "--night",
        "2026-11-10",
        "--bed",
        "01:10",
        "--wake",
        "08:00",
        "--in-bed",
        "00:40",
        "--out-of-bed",
        "08:20",
        "--latency",
        "45",
        "--awakenings",
        "3",
        "--waso",
        "30",
        "--missed",
        "routine,journal",
        "--quality",
        "1",
    ],
    # Wed 11th: not logged.
    ["--night", "2026-11-12", "--bed", "22:55", "--wake", "06:55", "--done", "journal"],
    # Fri 13th .. Sun 15th: not logged.
]


@pytest.fixture(scope="session")
def fortnight_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fortnight") / "tracker.db"
    assert main(["--db", str(db), "practices", "add", "journal", "Wrote in my journal"]) == 0
    for args in FORTNIGHT:
        assert main(["--db", str(db), "checkin", *args]) == 0
    return db


def week_json(db: Path, night: date, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main(["--db", str(db), "week", "--night", night.isoformat(), "--json"]) == 0
    return json.loads(capsys.readouterr().out)
