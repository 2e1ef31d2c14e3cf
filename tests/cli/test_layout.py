"""The command line's text at 80 columns: nothing wider, no trailing spaces, lists wrapped
between items, marks echoed in practice order, and ``demo`` refusing ``--db`` (issue 19,
items 6-8)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tracker.domain.practices import Category
from tracker.storage.demo import demo_nights
from tracker.storage.repository import Repository

WIDTH = 80
NARROW = {"COLUMNS": str(WIDTH)}
WEEK_NIGHT = "2026-11-18"
"""A night of the fully logged sample week (Mon 16 - Sun 22 November 2026)."""
LONG_KEYS = ("no_screens_after_ten_in_evenings", "evening_walk", "journal")


@pytest.fixture
def filled(db_path: Path) -> Path:
    """Twelve weeks of demo nights up to Sunday 22 November 2026, plus three custom
    practices (one with a 32-character key) marked on the last night."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with Repository.open(db_path) as repository:
        repository.bulk_save(demo_nights(date(2026, 11, 23)))
        repository.add_practice(LONG_KEYS[0], "No screens after ten", Category.EVENING)
        repository.add_practice(LONG_KEYS[2], "Wrote in my journal", Category.CUSTOM)
    return db_path


def check_layout(text: str) -> list[str]:
    """The lines of ``text``, asserting none is wider than 80 columns or ends in a space."""
    lines = text.splitlines()
    assert lines, "no output"
    for line in lines:
        if line.startswith("  /"):
            continue  # a file path, on a line of its own, may be as long as it is
        assert len(line) <= WIDTH, f"wider than {WIDTH}: {line!r}"
        assert line == line.rstrip(), f"trailing spaces: {line!r}"
    return lines


def wrapped_list(lines: list[str], head: str) -> list[str]:
    """The items of a list that starts with ``head`` and goes on in indented lines."""
    start = next(i for i, line in enumerate(lines) if line.startswith(head))
    block = [lines[start].removeprefix(head)]
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        block.append(line)
    # Items are separated by ", " and a line ends with "," after its last item.
    for line in block[:-1]:
        assert line.endswith(","), f"a line broken inside an item: {line!r}"
    return [item.strip() for line in block for item in line.split(",") if item.strip()]


class TestWeekAt80Columns:
    def test_lists_wrap_between_items(self, run_cli: RunCli, filled: Path) -> None:
        run_cli("checkin", "--night", "2026-11-22", "--done", ",".join(LONG_KEYS[::2]))
        result = run_cli("week", "--night", WEEK_NIGHT, env=NARROW)
        assert result.returncode == 0, result.stderr
        lines = check_layout(result.stdout)
        practices = wrapped_list(lines, "By practice: ")
        assert len([line for line in lines if line.startswith("By practice: ")]) == 1
        keys = [item.rsplit(" ", 1)[0] for item in practices]
        assert keys[:3] == ["routine", "meditation", "stretching"]
        assert LONG_KEYS[0] in keys and "on_time_wake" in keys
        for item in practices:
            assert re.fullmatch(r"[a-z][a-z0-9_]* (\d+%|-)", item), item
        diary = wrapped_list(lines, "Diary: ")
        assert [item.rsplit(" ", 1)[0].rstrip(" 0123456789h") for item in diary] == [
            "total sleep",
            "latency",
            "awake in the night",
            "efficiency",
        ]
        assert re.fullmatch(r"efficiency \d+%", diary[-1])

    def test_table_has_no_padded_lines(self, run_cli: RunCli, filled: Path) -> None:
        lines = check_layout(run_cli("week", "--night", WEEK_NIGHT, env=NARROW).stdout)
        assert lines[0].startswith("Week 2026-11-16 to 2026-11-22")
        assert lines[1].split() == ["Mon", "16", "Tue", "17", "Wed", "18", "Thu", "19",
                                    "Fri", "20", "Sat", "21", "Sun", "22"]  # fmt: skip


@pytest.mark.parametrize(
    "command",
    [
        ("trends",),
        ("trends", "--weeks", "3"),
        ("practices", "list"),
        ("practices",),
        ("settings",),
        ("status",),
        ("week",),
        ("grid",),
    ],
    ids=" ".join,
)
def test_every_report_fits_80_columns(run_cli: RunCli, filled: Path, command: tuple[str]) -> None:
    check_layout(run_cli(*command, env=NARROW).stdout)


def test_practices_list_starts_with_its_header(run_cli: RunCli, filled: Path) -> None:
    lines = check_layout(run_cli("practices", "list", env=NARROW).stdout)
    assert lines[0].split() == ["#", "key", "label", "category", "state"]
    assert lines[2].split()[:2] == ["1", "routine"]


class TestCheckinEcho:
    def test_marks_in_practice_order(self, run_cli: RunCli, filled: Path) -> None:
        """Keys given in any order come back in the check-in's order, moved ones included."""
        assert run_cli("practices", "move", "comfortable", "1").returncode == 0
        result = run_cli(
            "checkin",
            "--night", "2026-11-22",
            "--done", f"stretching,{LONG_KEYS[2]},routine,comfortable,{LONG_KEYS[0]}",
            "--missed", "quiet_room,cool_room",
            env=NARROW,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        text = " ".join(line.strip() for line in check_layout(result.stdout))
        done = re.search(r"done: ([^;]*);", text)
        missed = re.search(r"missed: ([^;]*)$", text)
        assert done and missed, text
        order = ["comfortable", "routine", "meditation", "stretching", "cool_room",
                 "quiet_room", LONG_KEYS[0], LONG_KEYS[2]]  # fmt: skip
        done_keys = done.group(1).split(", ")
        missed_keys = missed.group(1).split(", ")
        # The night's earlier marks are echoed too, all in the practice order.
        assert {"comfortable", "routine", "stretching", *LONG_KEYS[::2]} <= set(done_keys)
        assert {"cool_room", "quiet_room"} <= set(missed_keys)
        assert done_keys == sorted(done_keys, key=order.index)
        assert missed_keys == sorted(missed_keys, key=order.index)

    def test_long_echo_wraps_between_items(self, run_cli: RunCli, filled: Path) -> None:
        result = run_cli(
            "checkin", "--night", "2026-11-22", "--bed", "23:10", "--wake", "06:50",
            "--quality", "4", "--temp", "19.5", "--done", ",".join(LONG_KEYS[::2]), env=NARROW,
        )  # fmt: skip
        lines = check_layout(result.stdout)
        assert len(lines) > 1
        assert all(line.startswith("  ") for line in lines[1:])
        for line in lines[:-1]:
            assert line.endswith((";", ",")), f"broken inside an item: {line!r}"


class TestDemoDatabaseOption:
    def test_help_does_not_offer_db(self, run_cli: RunCli) -> None:
        result = run_cli("demo", "--help", db=None)
        assert result.returncode == 0
        assert "--db" not in result.stdout

    @pytest.mark.parametrize("before", [True, False], ids=["--db demo", "demo --db"])
    def test_db_is_refused_clearly(self, run_cli: RunCli, tmp_path: Path, before: bool) -> None:
        target = tmp_path / "mine.db"
        args = ("--db", str(target), "demo") if before else ("demo", "--db", str(target))
        result = run_cli(*args, db=None)
        assert result.returncode == 2
        assert result.stderr.startswith("Error: demo always opens a throw-away database")
        assert result.stderr.count("\n") == 1
        assert not target.exists()
