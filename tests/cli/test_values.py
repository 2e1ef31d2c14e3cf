"""One rule per value (issue 12): the command line, CSV import and the app's fields accept and
refuse the same texts with the same words; refusals write nothing; what a person or a file
wrote never reaches the terminal raw."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.tui.tui_support import NOW, opened, settled
from tracker.cli.main import main
from tracker.storage.repository import Repository
from tracker.tui.app import make_app
from tracker.tui.widgets.entry_field import EntryField

NIGHT = "2026-11-20"
HUGE = "9" * 5000

# (kind, CLI option, CSV column, app field, text, accepted)
CASES: list[tuple[str, str, str, str | None, str, bool]] = [
    *[("clock", "--bed", "bedtime", "#bedtime", text, ok) for text, ok in [
        ("23:30", True), ("2330", True), ("11pm", True), ("25:00", False), ("٢٣:٣٠", False),
        ("23.3O", False), ("2" * 5000, False),
    ]],
    *[("temperature", "--temp", "room_temp_c", "#temperature", text, ok) for text, ok in [
        ("19.5", True), ("19,5", True), ("18.33", True), ("inf", False), ("nan", False),
        ("1e308", False), ("1_0", False), ("²0", False), ("45", False), ("-1", False),
        (HUGE, False),
    ]],
    *[("quality", "--quality", "quality", None, text, ok) for text, ok in [
        ("4", True), (" 4 ", True), ("4.0", False), ("²", False), ("٣", False), ("--5", False),
        ("1_0", False), ("0", False), ("6", False), ("1e0", False), (HUGE, False),
    ]],
    *[("minutes", "--latency", "latency_min", "#latency", text, ok) for text, ok in [
        ("15", True), ("720", True), ("721", False), ("4.0", False), ("²", False),
        ("1_0", False), ("-5", False), (HUGE, False),
    ]],
    *[("count", "--awakenings", "awakenings", "#awakenings", text, ok) for text, ok in [
        ("2", True), ("99", True), ("100", False), ("٣", False), ("inf", False),
    ]],
    *[("note", "--note", "note", "#note", text, ok) for text, ok in [
        ("tired", True), ("x" * 1000, True), ("x" * 1001, False),
    ]],
]  # fmt: skip
CASE_IDS = [f"{kind}-{text[:12]!r}" for kind, _, _, _, text, _ in CASES]


def cli_verdict(db: Path, option: str, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    """ "" when accepted, else the refusal's words (what follows ``Error: ``)."""
    code = main(["--db", str(db), "checkin", "--night", NIGHT, f"{option}={text}"])
    err = capsys.readouterr().err
    if code == 0:
        return ""
    assert code == 1, err
    assert err.count("\n") == 1 and err.startswith("Error: "), err
    return err.removeprefix("Error: ").rstrip("\n")


def csv_verdict(tmp_path: Path, column: str, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([["night", column], [NIGHT, text]])
    source = tmp_path / f"{column}.csv"
    source.write_text(out.getvalue(), encoding="utf-8")
    code = main(["--db", str(tmp_path / "csv.db"), "import", str(source)])
    err = capsys.readouterr().err
    if code == 0:
        return ""
    prefix = f"{source}:2: {column}: "
    lines = err.splitlines()
    assert code == 1 and len(lines) == 2 and lines[0].startswith(prefix), err
    return lines[0].removeprefix(prefix)


@pytest.mark.parametrize(("kind", "option", "column", "field", "text", "ok"), CASES, ids=CASE_IDS)
def test_cli_and_csv_give_the_same_verdict_and_words(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    option: str,
    column: str,
    field: str | None,
    text: str,
    ok: bool,
) -> None:
    by_cli = cli_verdict(tmp_path / "cli.db", option, text, capsys)
    by_csv = csv_verdict(tmp_path, column, text, capsys)
    assert (by_cli == "") is ok, by_cli
    assert by_csv == by_cli
    if not ok:
        assert len(by_cli) < 220  # a long value is quoted, not echoed whole
        assert not (tmp_path / "cli.db").exists()  # nothing written, not even a new file
        assert not (tmp_path / "csv.db").exists()


async def test_the_app_fields_give_the_same_verdict_and_words(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each text, pasted into the app's field, is refused with the command line's words
    (texts a field cannot hold, too long or of characters it does not take, are left out)."""
    expected = {
        (field, text): cli_verdict(tmp_path / "cli.db", option, text, capsys)
        for _, option, _, field, text, _ in CASES
        if field is not None
    }
    with Repository.open(db_path) as repository:
        repository.set_preference("diary", "full")
    app = make_app(db_path, now=NOW, sub_title="test")
    async with app.run_test(size=(100, 30)) as pilot:
        await opened(pilot)
        seen = 0
        for (field, text), words in expected.items():
            entry_field = app.screen.query_one(field, EntryField)
            entry = entry_field.entry
            if entry.max_length and len(text) > entry.max_length:
                continue
            entry.focus()
            entry.value = text
            await pilot.pause()
            if entry.value != text:  # characters the field does not take (restrict)
                continue
            await pilot.press("enter")  # a text is judged when complete: enter
            await settled(pilot)
            assert entry_field.reason == words, (field, text)
            seen += 1
            entry.value = ""
            await pilot.pause()
        assert seen >= 20


# Fahrenheit -------------------------------------------------------------------------------


def test_a_temperature_typed_in_fahrenheit_reads_back_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, copy = tmp_path / "f.db", tmp_path / "copy.db"
    assert main(["--db", str(db), "settings", "set", "unit", "F"]) == 0
    assert main(["--db", str(db), "checkin", "--night", NIGHT, "--temp", "65"]) == 0
    assert "65 °F" in capsys.readouterr().out
    assert main(["--db", str(db), "checkin", "--night", "2026-11-19", "--temp", "64.9"]) == 0
    assert "64.9 °F" in capsys.readouterr().out
    first = tmp_path / "first.csv"
    assert main(["--db", str(db), "export", "-o", str(first)]) == 0
    rows = list(csv.DictReader(io.StringIO(first.read_text(encoding="utf-8"))))
    assert [row["room_temp_c"] for row in rows] == ["18.28", "18.33"]
    assert main(["--db", str(copy), "import", str(first)]) == 0
    assert main(["--db", str(copy), "settings", "set", "unit", "F"]) == 0
    capsys.readouterr()
    # Amending the night echoes its temperature as typed, after the round trip too.
    assert main(["--db", str(copy), "checkin", "--night", NIGHT, "--quality", "3"]) == 0
    assert "65 °F" in capsys.readouterr().out
    second = tmp_path / "second.csv"
    assert main(["--db", str(copy), "export", "-o", str(second)]) == 0
    assert second.read_bytes().replace(b",3,18.33", b",,18.33") == first.read_bytes()
    # ... and in the week, after the round trip, in the person's unit.
    capsys.readouterr()
    assert main(["--db", str(copy), "week", "--night", NIGHT]) == 0
    (bedroom,) = [line for line in capsys.readouterr().out.splitlines() if "Bedroom" in line]
    assert bedroom.split() == ["Bedroom", "°F", "64.9", "65"]


async def test_the_app_shows_a_fahrenheit_temperature_as_typed(db_path: Path) -> None:
    with Repository.open(db_path) as repository:
        repository.set_preference("unit", "F")
    app = make_app(db_path, now=NOW, sub_title="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        field = app.screen.query_one("#temperature", EntryField)
        field.entry.focus()
        await pilot.press(*"65", "enter")
        await settled(pilot)
    reopened = make_app(db_path, now=NOW, sub_title="test")
    async with reopened.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert reopened.screen.query_one("#temperature", EntryField).entry.value == "65"


# The command line as a person types it --------------------------------------------------------


def test_an_argument_that_is_not_utf8_is_refused(run_cli: RunCli, db_path: Path) -> None:
    for args in (("checkin", "--note", "bad\udcff"), ("practices", "add", "x", "L\udcff")):
        result = run_cli(*args)
        assert result.returncode == 1
        assert "is not valid UTF-8 text: '" in result.stderr
        assert "\\udcff" in result.stderr
        assert "Traceback" not in result.stderr
    assert not db_path.exists()


def test_a_value_that_begins_with_a_dash_says_how_to_give_it(run_cli: RunCli) -> None:
    result = run_cli("checkin", "--note", "-tired")
    assert result.returncode == 2
    assert "written --note=-tired" in result.stderr
    assert run_cli("checkin", "--note=-tired").returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ("checkin", "--quality", "²"),
        ("checkin", "--quality=--5"),
        ("checkin", "--quality", "1_0"),
        ("checkin", "--temp", "1e308"),
        ("trends", "--weeks", "٣"),
        ("trends", "--weeks=--"),  # Python 3.11's argparse made this an empty list
        ("week", "--night=--"),
        ("trends", "--weeks", HUGE),
        ("settings", "set", "rollover", "²"),
        ("settings", "set", "tolerance", "1_0"),
        ("practices", "move", "routine", "²"),
        ("grid", "--nights", "1_0"),
        ("export", "--from", "٢٠٢٦-١١-٢٣"),
    ],
)
def test_refusals_exit_1_on_one_line_and_write_nothing(run_cli: RunCli, db_path, args) -> None:
    result = run_cli(*args)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert len(result.stderr) < 240
    assert not db_path.exists()


@pytest.mark.parametrize("where", ["db", "export"])
def test_a_path_too_long_for_the_file_system_is_exit_3_naming_it(
    run_cli: RunCli, tmp_path: Path, where: str
) -> None:
    long = tmp_path / ("n" * 300 + ".x")
    if where == "db":
        result = run_cli("checkin", "--quality", "3", db=long)
    else:
        result = run_cli("export", "-o", str(long))
    assert result.returncode == 3
    assert result.stderr.startswith("Error: ") and "n" * 60 in result.stderr
    assert "Traceback" not in result.stderr


# Nothing raw on the terminal ------------------------------------------------------------


HOSTILE = "\x1b]0;X\x07\x1b[2J\r[bold]"


def test_what_a_person_or_a_file_wrote_is_printed_escaped(
    run_cli: RunCli, db_path: Path, tmp_path: Path
) -> None:
    noted = run_cli("checkin", "--night", NIGHT, "--done", "routine", f"--note={HOSTILE}")
    assert noted.returncode == 0
    with sqlite3.connect(db_path) as db:  # as an older version or another tool left it
        db.execute("UPDATE practice SET label = ? WHERE key = 'routine'", (f"R{HOSTILE}",))
    outputs = [
        run_cli("practices", "list"),
        run_cli("practices", "rename", "routine", f"Calm{HOSTILE}"),  # refused, quoted
        run_cli("practices", "add", "x\x1b", "Label"),  # refused, quoted
        run_cli("settings", "set", f"n{HOSTILE}", "1"),
        run_cli("week", "--night", NIGHT),
        run_cli("checkin", "--night", NIGHT, "--quality", "3"),
    ]
    bad = tmp_path / "bad.csv"
    rows = io.StringIO()
    csv.writer(rows, lineterminator="\n").writerows(
        [["night", "quality", HOSTILE], [NIGHT, HOSTILE * 3000, "1"]]
    )
    bad.write_text(rows.getvalue(), encoding="utf-8")
    outputs.append(run_cli("import", str(bad)))
    for result in outputs:
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream and "\x07" not in stream and "\r" not in stream
    assert "R\\x1b]0;X\\x07" in outputs[0].stdout  # the label, escaped, markup shown as typed
    assert "[bold]" in outputs[0].stdout
    assert "\\x1b" in outputs[2].stderr
    problems = outputs[-1].stderr.splitlines()
    assert all(len(line) < 400 for line in problems)  # cells quoted to 60 characters
    assert "\\x1b" in outputs[-1].stderr
    # Data is data: an export file keeps the note exactly.
    exported = tmp_path / "out.csv"
    assert run_cli("export", "-o", str(exported)).returncode == 0
    with exported.open(encoding="utf-8", newline="") as handle:
        assert next(csv.DictReader(handle))["note"] == HOSTILE


def test_export_to_a_terminal_shows_control_characters_escaped(
    run_cli: RunCli, db_path: Path
) -> None:
    assert run_cli("checkin", "--night", NIGHT, f"--note={HOSTILE}").returncode == 0
    primary, secondary = pty.openpty()
    try:
        child = subprocess.run(
            [sys.executable, "-m", "tracker", "export", "--db", str(db_path)],
            stdout=secondary,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal closed: everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    assert child.returncode == 0
    assert b"\x1b" not in shown and b"\x07" not in shown
    assert b"\\x1b]0;X\\x07\\x1b[2J\\r[bold]" in shown


def test_week_json_keeps_text_as_data(run_cli: RunCli) -> None:
    assert run_cli("checkin", "--night", NIGHT, "--quality", "4").returncode == 0
    data = json.loads(run_cli("week", "--night", NIGHT, "--json").stdout)
    assert data["quality_mean"] == 4


# Targets ----------------------------------------------------------------------------------


def test_a_target_set_before_a_later_version_keeps_it(run_cli: RunCli, db_path: Path) -> None:
    """DESIGN, Practices: 22:45 from the 20th, when 23:30 was set from the 26th, changes the
    20th-25th only, says so, and adds no row for a value already in force."""
    assert run_cli("settings", "set", "bedtime", "23:30", "--from", "2026-11-26").returncode == 0
    result = run_cli("settings", "set", "bedtime", "22:45", "--from", "2026-11-20")
    assert result.returncode == 0
    assert "nights 2026-11-20 to 2026-11-25" in result.stdout
    assert "from 2026-11-26 the later version still applies (bedtime 23:30)" in result.stdout
    again = run_cli("settings", "set", "bedtime", "22:45", "--from", "2026-11-22")
    assert "no change" in again.stdout
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT effective_from, bedtime FROM target ORDER BY 1").fetchall()
    assert rows == [("2026-11-20", 22 * 60 + 45), ("2026-11-26", 23 * 60 + 30)]
