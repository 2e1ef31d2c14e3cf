"""``sleep-tracker export`` and ``import`` through the real command line, on real database files."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.safety.helpers import query
from tracker.cli.main import main
from tracker.domain.grid import life_start
from tracker.storage import atomic, csv_io
from tracker.storage.repository import Repository

HEADER = (
    "night,bedtime,wake_time,sleep_minutes,quality,room_temp_c,note,"
    "in_bed,out_of_bed,latency_min,awakenings,waso_min,total_sleep_min,efficiency,"
    "routine,meditation,stretching,cool_room,quiet_room,comfortable,on_time_bed,on_time_wake"
)
OLD_HEADER = (
    "night,bedtime,wake_time,sleep_minutes,quality,room_temp_c,note,"
    "routine,meditation,stretching,cool_room,quiet_room,comfortable,on_time_bed,on_time_wake"
)


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tracker.db"


def checkin(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> None:
    code, _, err = run(capsys, db, "checkin", *args)
    assert code == 0, err


def logged_nights(capsys: pytest.CaptureFixture[str], db: Path) -> list[str]:
    code, out, _ = run(capsys, db, "export")
    assert code == 0
    return [line.split(",")[0] for line in out.splitlines()[1:]]


def sample(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    checkin(
        capsys, db, "--night", "2025-03-01", "--bed", "23:10", "--wake", "07:00",
        "--done", "routine,cool_room", "--missed", "meditation", "--skipped", "stretching",
        "--quality", "4", "--temp", "19.5", "--note", "slept well, mostly",
    )  # fmt: skip
    checkin(
        capsys, db, "--night", "2025-03-02", "--bed", "00:40", "--wake", "06:00",
        "--in-bed", "23:50", "--out-of-bed", "06:30", "--latency", "20", "--awakenings", "2",
        "--waso", "25",
    )  # fmt: skip
    checkin(capsys, db, "--night", "2025-03-04", "--quality", "2")


def test_header_and_values(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    sample(capsys, db)
    code, out, err = run(capsys, db, "export")
    assert code == 0
    assert out == (
        f"{HEADER}\n"
        '2025-03-01,23:10,07:00,470,4,19.5,"slept well, mostly",,,,,,,,1,0,skip,1,,,1,1\n'
        "2025-03-02,00:40,06:00,320,,,,23:50,06:30,20,2,25,275,0.688,,,,,,,0,0\n"
        "2025-03-04,,,,2,,,,,,,,,,,,,,,,,\n"
    )
    assert "Exported 3 nights (2025-03-01 to 2025-03-04)" in err


def test_empty_database_exports_the_header(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, db, "export")
    assert code == 0
    assert out == HEADER + "\n"


def test_range_and_file(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    sample(capsys, db)
    target = tmp_path / "out.csv"
    code, out, err = run(
        capsys, db, "export", "-o", str(target), "--from", "2025-03-02", "--to", "2025-03-03"
    )
    assert code == 0
    assert out == ""
    assert f"Exported 1 night (2025-03-02 to 2025-03-02) to {target}" in err
    lines = target.read_bytes().decode().split("\n")
    assert [line[:10] for line in lines[1:-1]] == ["2025-03-02"]
    assert lines[-1] == ""
    assert b"\r" not in target.read_bytes()


def test_from_after_to_is_refused(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, _, err = run(capsys, db, "export", "--from", "2025-03-05", "--to", "2025-03-01")
    assert code == 1
    assert err.startswith("Error: --from 2025-03-05 is after --to 2025-03-01")
    code, _, err = run(capsys, db, "export", "--from", "2025-13-40")
    assert code == 1
    assert "--from" in err


def test_custom_and_archived_practices_get_columns(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    for key in ("no_screens", "warm_bath"):
        assert run(capsys, db, "practices", "add", key, key.replace("_", " "))[0] == 0
    checkin(capsys, db, "--night", "2025-03-01", "--done", "warm_bath", "--missed", "no_screens")
    assert run(capsys, db, "practices", "archive", "warm_bath")[0] == 0
    # Reordering the check-in does not move the built-in columns.
    assert run(capsys, db, "practices", "move", "warm_bath", "1")[0] == 0
    code, out, _ = run(capsys, db, "export")
    header, row = out.splitlines()
    assert header == HEADER + ",warm_bath,no_screens"
    assert row.endswith(",1,0")


def test_formula_safe_notes(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    notes = ["=1+1", "+44 123", "-minus", "@home", "\ttab", "'quoted", "plain = fine"]
    for day, note in enumerate(notes, start=1):
        checkin(capsys, db, "--night", f"2025-04-{day:02d}", f"--note={note}")
    target = tmp_path / "notes.csv"
    assert run(capsys, db, "export", "-o", str(target))[0] == 0
    text = target.read_text(encoding="utf-8")
    for expected in ("'=1+1", "'+44 123", "'-minus", "'@home", "'\ttab", "''quoted"):
        assert f",{expected}," in text
    assert ",plain = fine," in text
    # Import takes exactly one ' off, so the notes come back as they were.
    other = tmp_path / "other.db"
    assert run(capsys, other, "import", str(target))[0] == 0
    again = tmp_path / "again.csv"
    assert run(capsys, other, "export", "-o", str(again))[0] == 0
    assert again.read_bytes() == target.read_bytes()


# Atomic write ----------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    """Temporary files of the atomic write (``.sleep-tracker-PID-RANDOM.tmp``)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".sleep-tracker-"))


def test_failure_mid_write_leaves_the_old_file(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample(capsys, db)
    target = tmp_path / "out.csv"
    target.write_text("old export\n", encoding="utf-8")
    real_row = csv_io.night_row
    calls = []

    def failing_row(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom while serialising")
        return real_row(*args, **kwargs)

    monkeypatch.setattr(csv_io, "night_row", failing_row)
    with pytest.raises(RuntimeError):
        main(["--db", str(db), "export", "-o", str(target)])
    assert target.read_text(encoding="utf-8") == "old export\n"
    assert leftovers(tmp_path) == []


def test_disk_error_is_status_3_and_leaves_the_old_file(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample(capsys, db)
    target = tmp_path / "out.csv"
    target.write_text("old export\n", encoding="utf-8")

    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    code, _, err = run(capsys, db, "export", "-o", str(target))
    assert code == 3
    assert err.startswith(f"Error: Cannot write {target}: No space left on device")
    assert target.read_text(encoding="utf-8") == "old export\n"
    assert leftovers(tmp_path) == []


def test_replacing_keeps_the_file_mode(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    sample(capsys, db)
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    assert run(capsys, db, "export", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("night,")
    assert target.stat().st_mode & 0o777 == 0o640


def test_missing_folder_is_status_3(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "out.csv"
    code, _, err = run(capsys, db, "export", "-o", str(target))
    assert code == 3
    assert str(target) in err
    assert not target.parent.exists()
    code, _, err = run(capsys, db, "export", "-o", str(tmp_path))
    assert code == 3
    assert "folder" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_status_3(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "out.csv"
    target.write_text("old export\n", encoding="utf-8")
    folder.chmod(0o500)
    try:
        code, _, err = run(capsys, db, "export", "-o", str(target))
    finally:
        folder.chmod(0o700)
    assert code == 3
    assert str(target) in err
    assert target.read_text(encoding="utf-8") == "old export\n"


def test_export_over_the_database_is_refused(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    sample(capsys, db)
    before = db.read_bytes()
    code, _, err = run(capsys, db, "export", "-o", str(db))
    assert code == 1
    assert "database itself" in err
    assert db.read_bytes() == before


# Import ----------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_import_round_trip(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    sample(capsys, db)
    first = tmp_path / "first.csv"
    assert run(capsys, db, "export", "-o", str(first))[0] == 0
    other = tmp_path / "other.db"
    code, out, _ = run(capsys, other, "import", str(first))
    assert code == 0
    assert out == "Imported 3 nights\n"
    code, out, _ = run(capsys, other, "export")
    assert out.encode() == first.read_bytes()


def test_bad_file_is_refused_whole(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    source = write(
        tmp_path / "bad.csv",
        f"{HEADER},no_screens\n"
        "2025-01-01,23:00,07:00,,3,,fine,,,,,,,,1,,,,,,,,1\n"  # 2: good
        "2025-01-02,25:00,07:00,,9,,,,,,,,,,,,,,,,,,\n"  # 3: bedtime and quality
        '2025-01-03,23:00,07:00,,,,"a note\n'  # 4-5: one record on two lines
        'over two lines",,,,,,,,maybe,,,,,,,,\n'  # mark on line 4
        "2025-01-01,23:00,07:00,,,,,,,,,,,,,,,,,,,,\n"  # 6: duplicate
        "2025-13-40,,,,,,,,,,,,,,,,,,,,,,\n"  # 7: not a date
        "2099-01-01,,,,,,,,,,,,,,,,,,,,,,\n"  # 8: future
        "2025-01-08,20:00,16:00,,,45,,,,,,,,,,,,,,,,,\n"  # 9: 20 h asleep, 45 °C
        "2025-01-09,23:00,07:00,,,,,08:00,,300,,300,,,,,,,,,,,\n"  # 10: in bed, latency+waso
        "2025-01-10,23:00\n",  # 11: short row
    )
    code, out, err = run(capsys, db, "import", str(source))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    expected_prefixes = [
        f"{source}:3: bedtime: '25:00' is not a clock time",
        f"{source}:3: quality: Quality must be 1-5",
        f"{source}:4: routine: 'maybe' is not a mark",
        f"{source}:6: night: 2025-01-01 is also on line 2",
        f"{source}:7: night: '2025-13-40' is not a real date",
        f"{source}:8: night: 2099-01-01 is in the future",
        f"{source}:9: room_temp_c: A bedroom temperature of 45 °C is not plausible",
        f"{source}:9: wake_time: Bedtime 20:00 to wake 16:00 is 20h00",
        f"{source}:10: in_bed: In bed at 08:00 is more than 12 hours before bedtime 23:00",
        f"{source}:10: waso_min: Latency and time awake (300 + 300 min) leave no sleep",
        f"{source}:11: row: has 2 fields; the header has 23",
    ]
    assert len(lines) == len(expected_prefixes) + 1
    for line, prefix in zip(lines, expected_prefixes, strict=False):
        assert line.startswith(prefix), (line, prefix)
    assert lines[-1] == f"Error: 11 problems in {source}; nothing was imported"
    # Nothing written: no night, and the unknown column did not become a practice.
    assert logged_nights(capsys, db) == []
    code, out, _ = run(capsys, db, "practices", "list")
    assert "no_screens" not in out


def test_dry_run_writes_nothing(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    checkin(capsys, db, "--night", "2025-01-01", "--bed", "22:00", "--wake", "06:00")
    source = write(
        tmp_path / "in.csv",
        "night,bedtime,wake_time,no_screens\n2025-01-01,23:00,07:00,1\n2025-01-02,23:30,07:00,0\n",
    )
    code, out, _ = run(capsys, db, "import", str(source), "--dry-run")
    assert code == 1  # the night already logged is a refusal, dry run or not
    before = db.read_bytes()
    code, out, _ = run(capsys, db, "import", str(source), "--dry-run", "--replace")
    assert code == 0
    assert out == (
        "Dry run: would import 2 nights (1 new, 1 replaced); would add practices: no_screens; "
        "nothing was written\n"
    )
    assert db.read_bytes() == before
    assert logged_nights(capsys, db) == ["2025-01-01"]
    assert "no_screens" not in run(capsys, db, "practices", "list")[1]


def test_replace(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    checkin(capsys, db, "--night", "2025-01-01", "--bed", "22:00", "--wake", "06:00",
            "--done", "routine")  # fmt: skip
    checkin(capsys, db, "--night", "2025-01-03", "--quality", "2")
    source = write(
        tmp_path / "in.csv",
        "night,bedtime,wake_time,quality,routine\n"
        "2025-01-01,23:00,07:00,5,0\n"
        "2025-01-02,23:30,07:00,,\n"
        "2025-01-03,,,4,skip\n",
    )
    code, _, err = run(capsys, db, "import", str(source))
    assert code == 1
    assert f"{source}:2: night: 2025-01-01 is already logged (use --replace" in err
    assert f"{source}:4: night: 2025-01-03 is already logged" in err
    assert logged_nights(capsys, db) == ["2025-01-01", "2025-01-03"]
    code, out, _ = run(capsys, db, "import", str(source), "--replace")
    assert code == 0
    assert out == "Imported 3 nights (2 replaced)\n"
    code, out, _ = run(capsys, db, "export")
    rows = out.splitlines()[1:]
    assert rows[0].startswith("2025-01-01,23:00,07:00,480,5,")
    assert ",0,,,,,,1,1" in rows[0]  # routine missed now
    assert rows[2].startswith("2025-01-03,,,,4,")
    assert ",skip," in rows[2]


def test_bom_crlf_and_no_trailing_newline(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    text = (
        "\ufeffnight,bedtime,wake_time,note,routine\r\n"
        '2025-01-01,23:00,07:00,"two\r\nlines",1\r\n'
        "2025-01-02,2330,7am,,skip"
    )
    source = write(tmp_path / "excel.csv", text)
    code, out, _ = run(capsys, db, "import", str(source))
    assert code == 0, out
    assert out == "Imported 2 nights\n"
    code, out, _ = run(capsys, db, "export")
    assert out.splitlines()[0] == HEADER
    assert '2025-01-01,23:00,07:00,480,,,"two\r\nlines",' in out
    assert "2025-01-02,23:30,07:00,450," in out
    # Line numbers count physical lines with CRLF ends too.
    bad = write(tmp_path / "bad.csv", text.replace("2330", "99:99"))
    code, _, err = run(capsys, tmp_path / "fresh.db", "import", str(bad))
    assert code == 1
    assert err.startswith(f"{bad}:4: bedtime: '99:99'")


def test_old_export_without_diary_columns(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    source = write(
        tmp_path / "old.csv",
        f"{OLD_HEADER}\n2024-06-01,23:05,06:55,470,3,21.0,'=old note,1,0,skip,,1,,1,1\n",
    )
    code, out, _ = run(capsys, db, "import", str(source))
    assert code == 0
    assert out == "Imported 1 night\n"
    code, out, _ = run(capsys, db, "export")
    assert out.splitlines()[1] == (
        "2024-06-01,23:05,06:55,470,3,21.0,'=old note,,,,,,,,1,0,skip,,1,,1,1"
    )


def test_unknown_practice_column_becomes_a_practice(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    source = write(
        tmp_path / "in.csv",
        "night,bedtime,wake_time,no_screens,warm_bath\n2025-01-01,23:00,07:00,1,\n",
    )
    code, out, _ = run(capsys, db, "import", str(source))
    assert code == 0
    assert out == "Imported 1 night; added practices: no_screens, warm_bath\n"
    code, out, _ = run(capsys, db, "practices", "list")
    assert "No screens" in out and "Warm bath" in out
    code, out, _ = run(capsys, db, "export")
    assert out.splitlines()[0] == HEADER + ",no_screens,warm_bath"
    # Both record the import's default night; no_screens lives from its first mark (earlier).
    code, out, _ = run(capsys, db, "grid", "--json", "--nights", "2")
    grid = json.loads(out)
    assert grid["practices"]["warm_bath"]["marks"][-1] in ("not answered", "not logged")
    assert query(db, "SELECT count(*) FROM practice WHERE added IS NOT NULL") == [(2,)]
    with Repository.open(db) as repository:
        life = {p.key: life_start(p, repository.first_marks().get(p.key))
                for p in repository.practices()}  # fmt: skip
    assert life["no_screens"] == date(2025, 1, 1)
    assert life["warm_bath"] is not None and life["warm_bath"] > date(2025, 1, 1)


def test_bad_column_names_are_problems(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    source = write(tmp_path / "in.csv", "night,Sleep Score,quality,quality\n2025-01-01,80,3,3\n")
    code, _, err = run(capsys, db, "import", str(source))
    assert code == 1
    assert f"{source}:1: Sleep Score: unknown column" in err
    assert f"{source}:1: quality: the column appears twice" in err


def test_computed_columns_are_ignored(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    source = write(
        tmp_path / "in.csv",
        "night,bedtime,wake_time,sleep_minutes,total_sleep_min,efficiency,on_time_bed\n"
        "2025-01-01,23:00,07:00,12,nonsense,2.5,maybe\n",
    )
    assert run(capsys, db, "import", str(source))[0] == 0
    code, out, _ = run(capsys, db, "export")
    assert out.splitlines()[1].startswith("2025-01-01,23:00,07:00,480,")
    assert out.splitlines()[1].endswith(",1,1")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"date,hours\n2025-01-01,8\n", "no 'night' column"),
        (b"night,note\n2025-01-01,caf\xe9\n", "line 2 is not UTF-8"),
    ],
)
def test_unusable_files_are_status_3(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, content: bytes, reason: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    code, _, err = run(capsys, db, "import", str(source))
    assert code == 3
    assert err.startswith(f"Error: Cannot use {source}: ")
    assert reason in err
    assert not db.exists()


def test_missing_file_is_status_3(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, db, "import", str(tmp_path / "nope.csv"))
    assert code == 3
    assert f"Cannot use {tmp_path / 'nope.csv'}: no such file" in err
    assert not db.exists()


def test_real_entry_point_pipes_stdout_to_stdin(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    sample(capsys, db)
    env = {k: v for k, v in os.environ.items() if k != "SLEEP_TRACKER_DB"}
    exported = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "export"],
        capture_output=True,
        check=True,
        env=env,
    )
    assert exported.stdout.startswith(HEADER.encode() + b"\n")
    assert b"Exported 3 nights" in exported.stderr
    other = tmp_path / "other.db"
    imported = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(other), "import", "-"],
        input=exported.stdout,
        capture_output=True,
        env=env,
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == b"Imported 3 nights\n"
    again = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(other), "export"],
        capture_output=True,
        check=True,
        env=env,
    )
    assert again.stdout == exported.stdout
    usage = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(other), "import"],
        capture_output=True,
        env=env,
    )
    assert usage.returncode == 2


def test_unwritable_folder_is_status_3_even_for_root(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkin(capsys, db, "--night", "2025-01-01", "--quality", "3")  # the database exists
    target = tmp_path / "out.csv"
    target.write_text("old export\n", encoding="utf-8")

    def denied(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    code, _, err = run(capsys, db, "export", "-o", str(target))
    assert code == 3
    assert err == f"Error: Cannot write {target}: Permission denied\n"
    assert target.read_text(encoding="utf-8") == "old export\n"


def test_what_a_spreadsheet_saves_back_imports(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    # LibreOffice turns 23:10 into "11:10:00 PM" or "23:10:00" and 18.0 into 18.
    source = write(
        tmp_path / "calc.csv",
        "night,bedtime,wake_time,room_temp_c,routine,meditation\n"
        "2025-01-01,11:10:00 PM,07:00:00 AM,18,TRUE,no\n"
        '2025-01-02,23:10:00,07:00:00,"18,5",done,Skip\n',
    )
    code, out, err = run(capsys, db, "import", str(source))
    assert code == 0, err
    code, out, _ = run(capsys, db, "export")
    rows = out.splitlines()[1:]
    assert rows[0].startswith("2025-01-01,23:10,07:00,470,,18.0,,")
    assert rows[1].startswith("2025-01-02,23:10,07:00,470,,18.5,,")
    assert [row.split(",")[14:16] for row in rows] == [["1", "0"], ["1", "skip"]]


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (["--tz", "Mars/Olympus"], "Error: 'Mars/Olympus' is not a known time zone"),
        (["--map", "Meditate"], "Error: --map 'Meditate': use --map \"Habit name=key\""),
        (["--map", "Meditate=Not A Key"], "Error: 'Not A Key' is not a valid practice key"),
    ],
)
def test_a_wrong_tz_or_map_is_refused_for_our_own_csv_too(
    run_cli, db_path: Path, tmp_path: Path, option: list[str], expected: str
) -> None:
    """The same value is refused whatever the file's format: our CSV has no use for --tz or
    --map, and used to accept any text there silently."""
    source = tmp_path / "ours.csv"
    source.write_text(HEADER + "\n2025-03-01,23:10,07:00,470,4,,,,,,,,,,1,,,,,,1,1\n")
    result = run_cli("import", str(source), *option)
    assert result.returncode == 1
    assert result.stderr.startswith(expected), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not db_path.exists()  # refused before the database is opened or created


def test_a_wrong_zone_is_quoted_short_and_escaped(run_cli, tmp_path: Path) -> None:
    source = tmp_path / "ours.csv"
    source.write_text(HEADER + "\n")
    zone = "Mars/\x1b[31m" + "x" * 200
    result = run_cli("import", str(source), "--tz", zone)
    assert result.returncode == 1
    message = result.stderr.strip()
    assert "\x1b" not in message and "\\x1b" in message
    assert "x" * 61 not in message and "(210 characters)" in message
