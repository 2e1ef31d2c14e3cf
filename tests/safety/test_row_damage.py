"""Rows the program cannot read are damage: exit 3 naming the table and row, in every command.

Each bad row is inserted with sqlite3 into a real database, then every command runs through
the real entry point (``tracker.cli.main.main``; a few through a child process as well).
None may print a traceback, write into the file, or exit with anything but 3 and one line
naming the table and the row.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.safety.damage import BAD_ROWS, with_bad_row
from tests.safety.helpers import assert_one_error_line, run_tracker
from tracker.cli.main import main

# Every write, every command that reads every row (export, check, backup) and every read of
# the damaged row refuses; the small tables (settings, practices, targets) are read by every
# command. A read that never looks at a damaged night or mark may answer (exit 0).
ALL = frozenset(BAD_ROWS)
SMALL_TABLES = frozenset(
    {"rollover superscript two", "target night nonsense", "category weird", "practice key a:b,c",
     "practice added soon"}
)
COMMANDS: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("checkin", "--night", "2026-01-10", "--quality", "3"), ALL),
    (("checkin", "--night", "2026-01-05", "--done", "stretching"), ALL),
    (("week", "--night", "2026-01-05", "--json"), ALL),
    (("trends", "--json"), ALL - {"note not UTF-8"}),  # notes of the last 12 weeks only
    (("export",), ALL),
    (("practices", "list"), SMALL_TABLES),
    (("practices", "add", "journal", "Wrote in my journal"), ALL),
    (("settings",), SMALL_TABLES),
    (("settings", "set", "unit", "F"), ALL),
    (("backup",), ALL),
    (("grid", "--nights", "400"), ALL - {"note not UTF-8"}),  # the grid shows no notes
    (("report", "--from", "2026-01-01", "--to", "2026-01-31", "-o", "{out}/r.html"), ALL),
    (("check",), ALL),
    # status reads only the rollover setting and the night dates (and, read-only, may meet a
    # file older than schema 3, which has no practice.added to check).
    (("status",), SMALL_TABLES - {"practice added soon"} | {"night nonsense"}),
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_every_command_refuses_a_bad_row_naming_table_and_row(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = with_bad_row(tmp_path / "data" / "tracker.db", case)
    _statement, table, row = BAD_ROWS[case]
    before = _digest(db)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for command, refused in COMMANDS:
        code = main(["--db", str(db), *(part.format(out=out_dir) for part in command)])
        out, err = capsys.readouterr()
        assert _digest(db) == before, command
        if case not in refused and code == 0:
            continue
        assert code == 3, (command, code, out, err)
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (command, err)
        assert str(db) in lines[0], (command, err)
        if command != ("check",):
            assert f"table {table}, row '{row}'" in lines[0], (command, err)
        else:
            assert f"table {table}, row '{row}'" in out, out
    assert not (db.parent / "backups").exists()
    assert list(out_dir.iterdir()) == []  # no report half-made from a damaged file


def test_import_refuses_a_bad_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = with_bad_row(tmp_path / "data" / "tracker.db", "mark state bogus")
    source = tmp_path / "in.csv"
    source.write_text("night,bedtime,wake_time\n2026-02-01,23:00,07:00\n", encoding="utf-8")
    before = _digest(db)
    assert main(["--db", str(db), "import", str(source)]) == 3
    err = capsys.readouterr().err
    assert "table mark, row '2026-01-03 routine'" in err
    assert _digest(db) == before


@pytest.mark.parametrize("case", ["category weird", "note not UTF-8"])
def test_the_real_command_line_says_one_line(case: str, tmp_path: Path) -> None:
    db = with_bad_row(tmp_path / "tracker.db", case)
    _statement, table, row = BAD_ROWS[case]
    for command in (("checkin", "--quality", "2"), ("week", "--night", "2026-01-05")):
        result = run_tracker(*command, db=db)
        assert_one_error_line(result, db)
        assert f"table {table}, row '{row}'" in result.stderr


def test_import_from_another_app_verifies_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad note far from anything the import reads: only the verification can find it."""
    db = with_bad_row(tmp_path / "data" / "tracker.db", "note not UTF-8")
    before = _digest(db)
    plees = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "plees.csv"
    assert main(["--db", str(db), "import", str(plees)]) == 3
    assert "table night, row '2026-01-04'" in capsys.readouterr().err
    assert _digest(db) == before
