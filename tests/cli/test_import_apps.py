"""``sleep-tracker import`` of other apps' exports, through the real command line, on the
hand-written fixtures in ``tests/fixtures/import`` (one per format, from each documented
layout).

Every sleep fixture holds the same week in Europe/Berlin: a night across midnight, the night
the clocks went back (2024-10-26), a nap, a night the test logs with practices only (its times
get filled), a night the test logs with another bedtime (a conflict), non-ASCII text, and, last,
one malformed record.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.safety.helpers import query
from tracker.cli.main import main
from tracker.domain.clock import default_night

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tracker.db"


def exported(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, dict[str, str]]:
    """Every logged night as CSV column -> value."""
    code, out, _ = run(capsys, db, "export")
    assert code == 0
    import csv
    import io

    return {row["night"]: row for row in csv.DictReader(io.StringIO(out))}


def _drop_lines(marker: str) -> Callable[[str], str]:
    return lambda text: "".join(
        line for line in text.splitlines(keepends=True) if marker not in line
    )


def _drop_last_json_record(text: str) -> str:
    return text[: text.index('},{\n  "logId" : 40007')] + "}]\n"


# name, file, how to remove its malformed record, the malformed record's line and field
SLEEP_FORMATS = [
    ("sleep-export.csv", _drop_lines('"eight"'), 15, "Hours"),
    ("plees.csv", _drop_lines("yesterday"), 8, "start"),
    ("fitbit-export.csv", _drop_lines("25:00AM"), 13, "End Time"),
    ("sleep-2024-10-25.json", _drop_last_json_record, 80, "startTime"),
    ("export.xml", _drop_lines('startDate="2024-10-30 23:00:00"'), 24, "startDate"),
]
TZ = ["--tz", "Europe/Berlin"]
EXPECTED_TIMES = {
    "2024-10-25": ("23:10", "07:05"),
    "2024-10-26": ("23:30", "07:00"),  # the clocks went back at 03:00: 8h30 really slept
    "2024-10-27": ("00:40", "07:30"),  # began after midnight; the 14:00 nap is not stored
    "2024-10-28": ("22:50", "06:40"),
    "2024-10-29": ("23:00", "07:00"),
}


@pytest.mark.parametrize(("name", "clean", "bad_line", "bad_field"), SLEEP_FORMATS)
def test_a_malformed_record_is_reported_where_it_starts_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    name: str,
    clean: Callable[[str], str],
    bad_line: int,
    bad_field: str,
) -> None:
    source = FIXTURES / name
    code, out, err = run(capsys, db, "import", str(source), *TZ)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{source}:{bad_line}: {bad_field}: ")
    assert lines[-1] == f"Error: 1 problem in {source}; nothing was imported"
    assert not db.exists()


@pytest.mark.parametrize(("name", "clean", "bad_line", "bad_field"), SLEEP_FORMATS)
def test_sleep_exports_merge_into_logged_nights(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    tmp_path: Path,
    name: str,
    clean: Callable[[str], str],
    bad_line: int,
    bad_field: str,
) -> None:
    source = tmp_path / name
    source.write_text(clean((FIXTURES / name).read_text(encoding="utf-8")), encoding="utf-8")
    assert run(capsys, db, "checkin", "--night", "2024-10-28", "--done", "routine")[0] == 0
    assert run(capsys, db, "checkin", "--night", "2024-10-29", "--bed", "22:00", "--wake",
               "07:00")[0] == 0  # fmt: skip

    code, _, err = run(capsys, db, "import", str(source), *TZ)
    assert code == 1
    assert "night 2024-10-29 already has bedtime 22:00; the file says 23:00" in err
    assert set(exported(capsys, db)) == {"2024-10-28", "2024-10-29"}  # nothing written

    code, out, _ = run(capsys, db, "import", str(source), *TZ, "--dry-run", "--replace")
    assert code == 0
    assert "5 nights in the file: 3 new, 1 filled, 0 unchanged, 1 conflicting" in out
    assert "1 nap not stored" in out
    assert set(exported(capsys, db)) == {"2024-10-28", "2024-10-29"}

    code, out, _ = run(capsys, db, "import", str(source), *TZ, "--replace")
    assert code == 0, out
    nights = exported(capsys, db)
    assert {night: (row["bedtime"], row["wake_time"]) for night, row in nights.items()} == (
        EXPECTED_TIMES
    )
    assert nights["2024-10-28"]["routine"] == "1"  # the practices-only night kept its mark
    assert nights["2024-10-26"]["sleep_minutes"] == "450"  # wall clock: 23:30 to 07:00

    code, out, _ = run(capsys, db, "import", str(source), *TZ)
    assert code == 0
    assert "0 new, 0 filled, 5 unchanged, 0 conflicting" in out
    assert "Nothing to change" in out


def test_sleep_as_android_ratings_comments_and_zip(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    text = _drop_lines('"eight"')((FIXTURES / "sleep-export.csv").read_text(encoding="utf-8"))
    archive = tmp_path / "backup.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("sleep-export.csv", text)
        bundle.writestr("prefs.xml", "<prefs/>")
    code, out, err = run(capsys, db, "import", str(archive))  # zones come from Tz
    assert code == 0, err
    nights = exported(capsys, db)
    assert nights["2024-10-25"]["quality"] == "4"  # 3.75 stars
    assert nights["2024-10-26"]["quality"] == ""  # 0 = not rated
    assert nights["2024-10-25"]["note"] == "Réveillé à 3h, rêve étrange ☾"  # hashtags dropped
    assert nights["2024-10-27"]["note"] == "Late one\nslept well anyway"


def test_apple_health_fragments_make_the_diary(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    text = _drop_lines('startDate="2024-10-30 23:00:00"')(
        (FIXTURES / "export.xml").read_text(encoding="utf-8")
    )
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("apple_health_export/export.xml", text)
    code, out, err = run(capsys, db, "import", str(archive))
    assert code == 0, err
    first = exported(capsys, db)["2024-10-25"]
    assert (first["in_bed"], first["out_of_bed"]) == ("22:55", "07:20")
    assert (first["awakenings"], first["waso_min"]) == ("1", "25")


def test_fitbit_diary_items(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    source = tmp_path / "sleep-2024-10-25.json"
    source.write_text(
        _drop_last_json_record((FIXTURES / source.name).read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    assert run(capsys, db, "import", str(source), *TZ)[0] == 0
    first = exported(capsys, db)["2024-10-25"]
    assert (first["latency_min"], first["waso_min"], first["awakenings"]) == ("10", "35", "3")


# Habit apps ---------------------------------------------------------------------------

EXPECTED_MARKS = {
    "2024-10-25": ("1", "1"),
    "2024-10-26": ("1", "0"),
    "2024-10-27": ("skip", ""),
    "2024-10-28": ("0", "1"),
    "2024-10-29": ("1", ""),
}


def _loop_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "loop"
    shutil.copytree(FIXTURES / "loop", folder)
    marks = folder / "002 Étirements du soir" / "Checkmarks.csv"
    marks.write_text(_drop_lines("MAYBE")(marks.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def _loop_zip(tmp_path: Path) -> Path:
    folder = _loop_folder(tmp_path)
    archive = tmp_path / "Loop Habits CSV 2024-11-01.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(folder.rglob("*.csv")):
            bundle.write(path, path.relative_to(folder).as_posix())
    return archive


def _harsh_log(tmp_path: Path) -> Path:
    folder = tmp_path / "harsh"
    shutil.copytree(FIXTURES / "harsh", folder)
    log = folder / "log"
    log.write_text(_drop_lines("maybe")(log.read_text(encoding="utf-8")), encoding="utf-8")
    return log


@pytest.mark.parametrize(
    ("name", "make", "bad"),
    [
        ("loop folder", _loop_folder, "loop/002 Étirements du soir/Checkmarks.csv:2: Value: "),
        ("loop zip", _loop_zip, None),
        ("harsh", _harsh_log, "harsh/log:10: result: "),
    ],
)
def test_habit_apps_become_practices(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    tmp_path: Path,
    name: str,
    make: Callable[[Path], Path],
    bad: str | None,
) -> None:
    if bad is not None:
        fixture = FIXTURES / bad.split(":")[0].split("/")[0]
        fixture = fixture / "log" if fixture.name == "harsh" else fixture
        code, _, err = run(capsys, db, "import", str(fixture))
        assert code == 1
        assert f"{FIXTURES}/{bad}" in err
        assert not db.exists()
    source = make(tmp_path)
    assert run(capsys, db, "checkin", "--night", "2024-10-29", "--bed", "23:00", "--wake",
               "07:00")[0] == 0  # fmt: skip
    assert run(capsys, db, "checkin", "--night", "2024-10-28", "--done", "meditation")[0] == 0
    mapping = ["--map", "Meditate=meditation"]

    code, _, err = run(capsys, db, "import", str(source), *mapping)
    assert code == 1
    assert "night 2024-10-28 already has meditation done; the file says missed" in err

    before = default_night(datetime.now(), 15)
    code, out, err = run(capsys, db, "import", str(source), *mapping, "--replace")
    assert code == 0, err
    assert "Meditate -> meditation; Étirements du soir -> etirements_du_soir (new practice)" in out
    # The new practice lives from the import's default night (or its first mark, earlier).
    ((added,),) = query(db, "SELECT added FROM practice WHERE key = 'etirements_du_soir'")
    assert added in {before.isoformat(), default_night(datetime.now(), 15).isoformat()}
    nights = exported(capsys, db)
    assert {
        night: (row["meditation"], row["etirements_du_soir"]) for night, row in nights.items()
    } == EXPECTED_MARKS
    assert nights["2024-10-29"]["bedtime"] == "23:00"  # marks filled into a logged night

    code, out, _ = run(capsys, db, "import", str(source), *mapping)
    assert code == 0
    assert "Nothing to change" in out


# Files that are not imported ----------------------------------------------------------


def test_a_fifo_is_refused_without_waiting(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run(capsys, db, "import", str(fifo))
    assert code == 3
    assert f"Cannot use {fifo}: it is not a regular file" in err


def test_a_file_over_256_mb_is_refused(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    big = tmp_path / "plees.csv"
    with open(big, "wb") as handle:
        handle.write(b"sid,start,stop,rating\n")
        handle.truncate(257 * 1024 * 1024)  # sparse: no disk used
    code, _, err = run(capsys, db, "import", str(big))
    assert code == 3
    assert "over 256 MB" in err
    assert not db.exists()


def test_an_unknown_zone_is_refused(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, _, err = run(capsys, db, "import", str(FIXTURES / "plees.csv"), "--tz", "Mars/Olympus")
    assert code == 1
    assert "'Mars/Olympus' is not a known time zone" in err


def test_a_future_night_is_a_problem(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    source = tmp_path / "plees.csv"
    source.write_text("sid,start,stop,rating\n1,32503672800000,32503698000000,3\n")
    code, _, err = run(capsys, db, "import", str(source), *TZ)
    assert code == 1
    assert f"{source}:2: start: night 2999-12-31 is in the future" in err


def test_a_takeout_folder_of_fitbit_files(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "Takeout" / "Fitbit" / "Global Export Data"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "sleep-2024-10-25.json", folder)
    code, _, err = run(capsys, db, "import", str(tmp_path / "Takeout"), *TZ)
    assert code == 1  # the malformed record, named inside the folder
    member = "Fitbit/Global Export Data/sleep-2024-10-25.json"
    assert f"{tmp_path / 'Takeout'}/{member}:80: startTime: " in err


def test_a_conflict_inside_a_zip_names_the_member(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    text = _drop_lines('"eight"')((FIXTURES / "sleep-export.csv").read_text(encoding="utf-8"))
    archive = tmp_path / "backup.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("sleep-export.csv", text)
    assert run(capsys, db, "checkin", "--night", "2024-10-25", "--quality", "1")[0] == 0
    code, _, err = run(capsys, db, "import", str(archive))
    assert code == 1
    assert f"{archive}/sleep-export.csv:2: Rating: night 2024-10-25 already has quality 1" in err


def test_an_unknown_format_is_refused(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, _, err = run(capsys, db, "import", str(FIXTURES / "plees.csv"), "--format", "csvv")
    assert code == 1
    assert "--format 'csvv' is not a format; use one of auto, sleep-tracker" in err


def test_a_forced_format_reads_the_file_as_that_format(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, _, err = run(capsys, db, "import", str(FIXTURES / "plees.csv"), "--format", "harsh")
    assert code == 1
    assert f"{FIXTURES / 'plees.csv'}:2: entry: expected 'YYYY-MM-DD : habit : y|n|s'" in err


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_damaged_database_is_verified_before_anything(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, dry_run: bool
) -> None:
    from tests.safety.damage import flip_page, healthy_database, passes_integrity_check

    db = healthy_database(tmp_path / "tracker.db")
    for seed in range(50):
        damaged = tmp_path / f"damaged-{seed}.db"
        shutil.copy(db, damaged)
        flip_page(damaged, seed)
        if not passes_integrity_check(damaged):
            break
    else:
        pytest.skip("no seed damaged the file")
    before = damaged.read_bytes()
    source = tmp_path / "plees.csv"
    source.write_text(_drop_lines("yesterday")((FIXTURES / "plees.csv").read_text()))
    extra = ["--dry-run"] if dry_run else []
    code, _, err = run(capsys, damaged, "import", str(source), *TZ, *extra)
    assert code == 3
    assert str(damaged) in err
    assert damaged.read_bytes() == before
