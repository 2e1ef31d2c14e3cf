"""The report of a hand-worked fortnight, figure by figure, against ``week --json``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.report.conftest import FIRST, LAST, week_json
from tests.report.page_reader import ReportPage
from tracker.cli.main import main

WEEK_1, WEEK_2 = date(2026, 11, 2), date(2026, 11, 9)
# Summary rows whose mean is a `week --json` key of the same name.
SHARED_KEYS = (
    "bedtime_mean",
    "wake_mean",
    "sleep_mean_min",
    "quality_mean",
    "sri",
    "latency_mean_min",
    "awakenings_mean",
    "waso_mean_min",
    "total_sleep_mean_min",
    "time_in_bed_mean_min",
    "efficiency_mean",
)


def report(db: Path, tmp_path: Path, first: date, last: date, name: str = "r.html") -> ReportPage:
    out = tmp_path / name
    args = ["--db", str(db), "report", "--from", first.isoformat(), "--to", last.isoformat()]
    assert main([*args, "-o", str(out)]) == 0
    return ReportPage(out.read_text(encoding="utf-8"))


def same(shown: str, expected: object) -> bool:
    if expected is None:
        return shown == ""
    if isinstance(expected, str):
        return shown == expected
    return float(shown) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("week_start", [WEEK_1, WEEK_2])
def test_a_weeks_report_has_the_figures_of_week_json(
    fortnight_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], week_start: date
) -> None:
    page = report(fortnight_db, tmp_path, week_start, week_start.replace(day=week_start.day + 6))
    expected = week_json(fortnight_db, week_start, capsys)
    for key in SHARED_KEYS:
        value, _ = page.summary(key)
        assert same(value, expected[key]), (key, value, expected[key])
    assert same(page.summary("coverage")[0], expected["nights_logged"] / expected["nights_total"])
    assert same(page.summary_sd("bedtime_mean"), expected["bedtime_sd_min"])
    assert same(page.summary_sd("wake_mean"), expected["wake_sd_min"])
    week = week_start.isoformat()
    assert same(page.weekly("adherence", week), expected["adherence"])
    for key, tally in expected["practices"].items():
        assert same(page.weekly(key, week), tally["adherence"]), key


def test_the_fortnight_by_hand_and_week_by_week(
    fortnight_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = report(fortnight_db, tmp_path, FIRST, LAST)
    # Worked by hand from the check-ins in conftest.py.
    assert same(page.summary("total_sleep_mean_min")[0], (450 + 370 + 500 + 335) / 4)
    assert page.summary("total_sleep_mean_min")[1] == "6h54"
    # Time in bed on every logged night: the diary's in bed..out of bed, else bedtime..wake
    # (2nd 510, 3rd 490, 5th 450, 6th 510, 7th 480, 8th 470, 9th 475, 10th 460, 12th 480).
    tib = [510, 490, 450, 510, 480, 470, 475, 460, 480]
    assert same(page.summary("time_in_bed_mean_min")[0], sum(tib) / len(tib))
    assert same(
        page.summary("efficiency_mean")[0], (450 / 510 + 370 / 490 + 500 / 510 + 335 / 460) / 4
    )
    assert same(page.summary("latency_mean_min")[0], (20 + 30 + 10 + 45) / 4)
    assert same(page.summary("waso_mean_min")[0], (10 + 20 + 0 + 30) / 4)
    assert same(page.summary("awakenings_mean")[0], (1 + 2 + 0 + 3) / 4)
    assert same(page.summary("quality_mean")[0], (4 + 2 + 3 + 5 + 1) / 5)
    asleep = [480, 420, 450, 510, 480, 470, 475, 410, 480]
    assert same(page.summary("sleep_mean_min")[0], sum(asleep) / len(asleep))
    assert same(page.summary("coverage")[0], 9 / 14)
    assert page.summary("coverage")[1] == "9 of 14 (64%)"
    # Population SD of the four latencies 20, 30, 10, 45 (mean 26.25).
    latencies = [20, 30, 10, 45]
    sd = (sum((x - 26.25) ** 2 for x in latencies) / 4) ** 0.5
    assert same(page.summary_sd("latency_mean_min"), sd)
    # The custom practice: done 2nd, 3rd, 6th; skipped 5th; missed 8th -> 3 of 4. Then 2 of 3.
    assert same(page.weekly("journal", "2026-11-02"), 3 / 4)
    assert same(page.weekly("journal", "2026-11-09"), 2 / 3)
    # Each week's column is exactly that week's `week --json`.
    for start in (WEEK_1, WEEK_2):
        expected = week_json(fortnight_db, start, capsys)
        assert same(page.weekly("adherence", start.isoformat()), expected["adherence"])
        for key, tally in expected["practices"].items():
            assert same(page.weekly(key, start.isoformat()), tally["adherence"]), key


def test_nights_not_logged_are_rows_that_say_so(fortnight_db: Path, tmp_path: Path) -> None:
    page = report(fortnight_db, tmp_path, FIRST, LAST)
    missing = [row.attrs["data-night"] for row in page.find("tr", **{"class": "missing"})]
    assert missing == [
        "2026-11-04", "2026-11-11", "2026-11-13", "2026-11-14", "2026-11-15",
    ]  # fmt: skip
    assert all("not logged" in row.text for row in page.find("tr", **{"class": "missing"}))
    (tuesday,) = page.find("tr", data_night="2026-11-03")
    cells = [c.text.strip() for c in tuesday.children]
    # Consensus Sleep Diary order: in bed, tried to sleep, latency, awakenings, WASO, final
    # wake, out of bed, quality, TST, TIB, SE, note.
    assert cells[1:12] == [
        "23:50", "00:30", "30 min", "2", "20 min", "07:30", "08:00", "2", "6h10", "8h10", "76%",
    ]  # fmt: skip
    chart_text = " ".join(e.text for e in page.find("svg"))
    assert chart_text.count("not logged") >= 5


def test_notes_are_escaped_text(fortnight_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    main(["--db", str(fortnight_db), "report", "--from", "2026-11-02", "--to", "2026-11-15",
          "-o", str(out)])  # fmt: skip
    html = out.read_text(encoding="utf-8")
    assert "Late &lt;b&gt;dinner&lt;/b&gt; &amp; tea" in html
    assert "<b>dinner" not in html


def test_a_range_without_diary_detail_says_so_and_still_shows_times_and_practices(
    fortnight_db: Path, tmp_path: Path
) -> None:
    page = report(fortnight_db, tmp_path, date(2026, 11, 7), date(2026, 11, 9))
    (notice,) = page.find("p", **{"class": "no-diary"})
    assert "No sleep diary detail" in notice.text
    assert page.summary("bedtime_mean")[1] == "23:00"
    assert page.summary("total_sleep_mean_min") == ("", "—")
    # Weeks are cut to the range: the first column starts on the 7th.
    assert same(page.weekly("routine", "2026-11-07"), 1.0)
    assert same(page.weekly("journal", "2026-11-07"), 0.0)
