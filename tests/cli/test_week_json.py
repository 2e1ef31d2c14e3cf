"""`checkin` then `week --json` gives DESIGN.md's figures for a week worked by hand."""

from __future__ import annotations

import json

import pytest

from tests.conftest import RunCli
from tests.unit.test_summary import TREND_PRACTICE_KEYS, TREND_WEEK_KEYS, WEEK_KEYS

# Week Mon 2026-11-02 .. Sun 2026-11-08, default targets 23:00 / 07:00, tolerance 30.
HAND_WORKED_WEEK = [
    # Mon: on time both ends.
    [
        "--night",
        "2026-11-02",
        "--bed",
        "23:00",
        "--wake",
        "07:00",
        "--done",
        "routine,meditation",
        "--missed",
        "stretching",
        "--quality",
        "4",
    ],
    # Tue: bed 40 min late (missed), wake 20 min late (done, within 30).
    [
        "--night",
        "2026-11-03",
        "--bed",
        "2340",
        "--wake",
        "7:20am",
        "--done",
        "routine",
        "--skipped",
        "meditation",
        "--quality",
        "3",
    ],
    # Wed: not logged.
    # Thu: bedtime after midnight (00:30 on Fri = 90 min late), wake 60 min late.
    [
        "--night",
        "2026-11-05",
        "--bed",
        "00:30",
        "--wake",
        "08:00",
        "--missed",
        "routine",
        "--quality",
        "2",
    ],
    # Fri: 15 min late (done), wake exactly 30 min late (done: tolerance is inclusive).
    [
        "--night",
        "2026-11-06",
        "--bed",
        "23.15",
        "--wake",
        "07:30",
        "--done",
        "routine,stretching",
        "--quality",
        "5",
    ],
]


@pytest.fixture
def week(run_cli: RunCli) -> dict:
    for args in HAND_WORKED_WEEK:
        result = run_cli("checkin", *args)
        assert result.returncode == 0, result.stderr
    result = run_cli("week", "--night", "2026-11-04", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_week_keys_are_exactly_the_contract(week: dict) -> None:
    assert set(week) == WEEK_KEYS


def test_week_figures_match_the_hand_worked_week(week: dict) -> None:
    assert (week["week_start"], week["week_end"]) == ("2026-11-02", "2026-11-08")
    assert (week["nights_logged"], week["nights_total"]) == (4, 7)
    practices = week["practices"]
    # routine: done Mon Tue Fri, missed Thu -> 3/4
    assert practices["routine"] == {"done": 3, "missed": 1, "skipped": 0, "adherence": 0.75}
    # meditation: done Mon, skipped Tue (excluded) -> 1/1
    assert practices["meditation"] == {"done": 1, "missed": 0, "skipped": 1, "adherence": 1.0}
    assert practices["stretching"]["adherence"] == 0.5  # missed Mon, done Fri
    assert practices["cool_room"]["adherence"] is None  # never answered
    # on_time_bed: Mon done, Tue missed (+40), Thu missed (+90), Fri done (+15) -> 2/4
    assert practices["on_time_bed"] == {"done": 2, "missed": 2, "skipped": 0, "adherence": 0.5}
    # on_time_wake: Mon done, Tue done (+20), Thu missed (+60), Fri done (+30) -> 3/4
    assert practices["on_time_wake"]["adherence"] == 0.75
    # evening pools 5 done / 2 missed; schedule 5 done / 3 missed; environment has no marks.
    assert week["categories"]["evening"] == pytest.approx(5 / 7)
    assert week["categories"]["schedule"] == pytest.approx(5 / 8)
    assert week["categories"]["environment"] is None
    # overall: 10 done / 5 missed
    assert week["adherence"] == pytest.approx(10 / 15)
    assert week["previous_adherence"] is None
    # time asleep: 480, 460, 450, 495 -> 471.25; quality (4+3+2+5)/4
    assert week["sleep_mean_min"] == pytest.approx(471.25)
    assert week["quality_mean"] == pytest.approx(3.5)
    # bedtimes 23:00, 23:40, 00:30, 23:15: about 36 min after 23:00; SD of the
    # differences (-36.25, 3.75, 53.75, -21.25) is about 34.2 min.
    assert week["bedtime_mean"] == "23:36"
    assert week["bedtime_sd_min"] == pytest.approx(34.16, abs=0.3)
    # wakes 07:00, 07:20, 08:00, 07:30: mean 07:27.5 (circular: just under) -> 07:27
    assert week["wake_mean"] == "07:27"
    # SRI: Mon/Tue differ for 40 + 20 minutes, Thu/Fri for 75 + 30 minutes, out of
    # 2 x 1440 compared minutes: -100 + 200 * 2715 / 2880
    assert week["sri"] == pytest.approx(-100 + 200 * 2715 / 2880)
    # weekend shift: Fri mid-sleep 03:22.5 vs Mon/Tue/Thu 03:00, 03:30, 04:15 (mean 03:35)
    assert week["weekend_shift_min"] == pytest.approx(-12.5, abs=0.5)
    # no diary items: their means are null
    assert week["latency_mean_min"] is None and week["efficiency_mean"] is None


def test_a_week_without_check_ins_gives_nulls(run_cli: RunCli) -> None:
    result = run_cli("week", "--night", "2026-06-10", "--json")
    week = json.loads(result.stdout)
    assert week["nights_logged"] == 0
    assert week["adherence"] is None and week["sri"] is None and week["bedtime_mean"] is None


def test_trends_json_keys(run_cli: RunCli) -> None:
    for args in HAND_WORKED_WEEK:
        run_cli("checkin", *args)
    trends = json.loads(run_cli("trends", "--weeks", "3", "--json").stdout)
    assert len(trends["weeks"]) == 3
    assert set(trends["weeks"][0]) == TREND_WEEK_KEYS
    assert set(trends["practices"]["routine"]) == TREND_PRACTICE_KEYS


@pytest.mark.parametrize("weeks", ["0", "-3", "many"])
def test_trends_refuses_a_bad_number_of_weeks(run_cli: RunCli, weeks: str) -> None:
    result = run_cli("trends", "--weeks", weeks)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: --weeks")
