"""The sleep-diary items through `checkin` and `week --json`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import RunCli


def test_hand_worked_night_across_midnight(run_cli: RunCli) -> None:
    # in bed 22:40, bedtime 23:10, latency 25, WASO 40, wake 06:50, out of bed 07:15
    # TST = (06:50 - 23:10) - 25 - 40 = 460 - 65 = 395; TIB = 07:15 - 22:40 = 515
    # SE = 395 / 515 = 0.767
    result = run_cli(
        "checkin",
        "--night",
        "2026-11-02",
        "--in-bed",
        "22:40",
        "--bed",
        "23:10",
        "--latency",
        "25",
        "--awakenings",
        "2",
        "--waso",
        "40",
        "--wake",
        "06:50",
        "--out-of-bed",
        "07:15",
    )
    assert result.returncode == 0, result.stderr
    assert "efficiency 77%" in result.stdout
    week = json.loads(run_cli("week", "--night", "2026-11-02", "--json").stdout)
    assert week["total_sleep_mean_min"] == 395
    assert week["time_in_bed_mean_min"] == 515
    assert week["efficiency_mean"] == pytest.approx(395 / 515)
    assert round(week["efficiency_mean"], 3) == 0.767
    assert week["latency_mean_min"] == 25 and week["waso_mean_min"] == 40
    assert week["awakenings_mean"] == 2


def test_diary_items_merge_like_other_fields(run_cli: RunCli) -> None:
    run_cli("checkin", "--night", "2026-11-02", "--bed", "23:00", "--wake", "07:00")
    run_cli("checkin", "--night", "2026-11-02", "--latency", "20")
    week = json.loads(run_cli("week", "--night", "2026-11-02", "--json").stdout)
    assert week["latency_mean_min"] == 20
    assert week["total_sleep_mean_min"] is None  # WASO not given yet
    run_cli("checkin", "--night", "2026-11-02", "--waso", "10")
    week = json.loads(run_cli("week", "--night", "2026-11-02", "--json").stdout)
    assert week["total_sleep_mean_min"] == 480 - 30
    assert week["efficiency_mean"] == pytest.approx(450 / 480)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--latency", "721"], "0-720"),
        (["--latency", "-1"], "0-720"),
        (["--waso", "800"], "0-720"),
        (["--awakenings", "100"], "0-99"),
        (["--latency", "400", "--waso", "80"], "total sleep must be above 0"),
        (["--in-bed", "10:00"], "more than 12 hours before"),
        (["--out-of-bed", "20:00"], "more than 12 hours after"),
        (["--in-bed", "24:00"], "not a clock time"),
    ],
)
def test_diary_refusals_write_nothing(
    run_cli: RunCli, db_path: Path, args: list[str], message: str
) -> None:
    run_cli("checkin", "--night", "2026-11-02", "--bed", "23:00", "--wake", "07:00")
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    result = run_cli("checkin", "--night", "2026-11-02", *args)
    assert result.returncode == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
