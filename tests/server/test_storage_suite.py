"""The storage suite, on both kinds of database: a SQLite file and a PostgreSQL database.

Every test takes the ``store`` fixture and runs twice; the two-writers and killed-process
tests in ``tests/safety`` take it too. What a user does is the same on both, so what they
get must be the same: every field read back exactly, practices, targets and settings, and an
export that moves between a file and a server with the same bytes.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.pg_cluster import PASSWORD
from tests.safety.helpers import is_server, run_tracker
from tests.server.full_rows import every_field_set
from tracker.domain.errors import InputRefused
from tracker.domain.nights import Change
from tracker.domain.practices import Mark
from tracker.storage.paths import parse_target
from tracker.storage.repository import Repository

NIGHT = date(2026, 3, 14)


def _ok(*args: str, db: str) -> str:
    result = run_tracker(*args, db=db)  # type: ignore[arg-type]
    assert result.returncode == 0, result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    return result.stdout


def test_a_check_in_reads_back_exactly(store: str) -> None:
    _ok("settings", "set", "diary", "full", db=store)
    _ok("settings", "set", "unit", "F", db=store)
    _ok("checkin", "--night", NIGHT.isoformat(), "--bed", "23:40", "--wake", "06:55",
        "--done", "routine,cool_room", "--missed", "meditation", "--skipped", "stretching",
        "--quality", "4", "--temp", "65", "--note", "slept \"well\", = fine ✓",
        "--in-bed", "23:20", "--out-of-bed", "07:10", "--latency", "15", "--awakenings", "2",
        "--waso", "20", db=store)  # fmt: skip
    with Repository.open(parse_target(store)) as repository:
        night = repository.get_night(NIGHT)
        assert night is not None
        assert (night.bedtime, night.wake, night.quality) == (23 * 60 + 40, 6 * 60 + 55, 4)
        assert night.room_temp_c is not None and round(night.room_temp_c * 9 / 5 + 32, 1) == 65
        assert night.note == 'slept "well", = fine ✓'
        assert (night.in_bed, night.out_of_bed, night.latency, night.awakenings, night.waso) == (
            23 * 60 + 20, 7 * 60 + 10, 15, 2, 20)  # fmt: skip
        assert night.marks == {"routine": Mark.DONE, "cool_room": Mark.DONE,
                               "meditation": Mark.MISSED, "stretching": Mark.SKIPPED}  # fmt: skip
        assert repository.preferences().diary == "full"
    week = json.loads(_ok("week", "--night", NIGHT.isoformat(), "--json", db=store))
    assert week["nights_logged"] == 1 and week["efficiency_mean"] is not None
    assert week["practices"]["meditation"]["missed"] == 1


def test_every_field_reads_back_exactly_from_a_read_and_from_inside_a_write(store: str) -> None:
    """One night with every field set: written whole, read by the repository, read again
    inside a save's transaction (the merge returns what it read) and written by the save."""
    night, _practice, targets = every_field_set()
    with Repository.open(parse_target(store)) as repository:
        repository.bulk_save([night])
        assert repository.get_night(night.night) == night
        saved = repository.save_change(
            night.night, Change({"quality": night.quality}), default_night=night.night
        )
        assert saved == night
        assert repository.nights_between(night.night, night.night) == [night]
        for name in ("bedtime", "wake", "tolerance"):
            repository.set_target(name, getattr(targets, name), targets.effective_from)
        assert repository.targets_history() == [targets]
        added = repository.add_practice("reading", "Read a book", added=night.night)
        assert added.added == night.night
        assert repository.set_archived("reading", True) == next(
            p for p in repository.practices() if p.key == "reading"
        )
        assert added.position == max(p.position for p in repository.practices() if not p.derived)


def test_a_check_in_merges_only_the_fields_given(store: str) -> None:
    _ok("checkin", "--night", NIGHT.isoformat(), "--quality", "2", "--done", "routine", db=store)
    _ok("checkin", "--night", NIGHT.isoformat(), "--note", "later", db=store)
    with Repository.open(parse_target(store)) as repository:
        night = repository.get_night(NIGHT)
        assert night is not None and (night.quality, night.note) == (2, "later")
        assert night.marks == {"routine": Mark.DONE}


def test_practices_targets_and_settings(store: str) -> None:
    _ok("practices", "add", "reading", "Read a paper book", db=store)
    _ok("practices", "rename", "reading", "Read a book", db=store)
    _ok("practices", "move", "reading", "1", db=store)
    _ok("practices", "archive", "meditation", db=store)
    _ok("settings", "set", "bedtime", "22:30", "--from", "2026-03-01", db=store)
    _ok("settings", "set", "unit", "F", db=store)
    with Repository.open(parse_target(store)) as repository:
        practices = repository.practices()
        assert [p.key for p in practices][:2] == ["reading", "routine"]
        assert practices[0].label == "Read a book" and not practices[0].builtin
        assert next(p for p in practices if p.key == "meditation").archived
        assert [p.key for p in practices][-2:] == ["on_time_bed", "on_time_wake"]
        assert [(t.effective_from, t.bedtime) for t in repository.targets_history()] == [
            (date(2026, 3, 1), 22 * 60 + 30)]  # fmt: skip
        assert repository.preferences().unit == "F"
    listed = _ok("practices", "list", db=store)
    assert "archived" in listed and "Read a book" in listed


def test_a_refused_check_in_writes_nothing(store: str) -> None:
    _ok("checkin", "--night", NIGHT.isoformat(), "--quality", "3", db=store)
    refused = run_tracker(
        "checkin",
        "--night",
        NIGHT.isoformat(),
        "--bed",
        "23:00",
        "--wake",
        "23:00",
        "--quality",
        "5",
        db=store,
    )  # type: ignore[arg-type]
    assert refused.returncode == 1
    with Repository.open(parse_target(store)) as repository:
        night = repository.get_night(NIGHT)
        assert night is not None and (night.quality, night.bedtime) == (3, None)


def test_one_save_is_one_transaction(store: str) -> None:
    with Repository.open(parse_target(store)) as repository:
        repository.save_change(NIGHT, Change({"quality": 5}, {"routine": Mark.DONE}),
                               default_night=NIGHT)  # fmt: skip
        with pytest.raises(Exception):  # noqa: B017 - an unknown practice: refused whole
            repository.save_change(NIGHT, Change({"quality": 1}, {"nope": Mark.DONE}),
                                   default_night=NIGHT)  # fmt: skip
        night = repository.get_night(NIGHT)
        assert night is not None and night.quality == 5


@pytest.fixture
def csv_export(tmp_path: Path) -> Path:
    """A CSV export of two months from a file, with a custom practice and awkward notes."""
    from tracker.domain.nights import Night

    source = tmp_path / "source.db"
    with Repository.open(source) as repository:
        repository.add_practice("no_screens", "No screens after 22:00")
        repository.bulk_save([
            Night(
                date(2026, 1, 1) + timedelta(days=day),
                bedtime=(22 * 60 + day * 7) % 1440, wake=7 * 60, quality=1 + day % 5,
                room_temp_c=15 + day % 9 + 0.5 if day % 4 else 18 + 1 / 3,
                note='-tired, "quoted"\nsecond line' if day % 7 == 0 else None,
                marks={"routine": Mark.DONE if day % 3 else Mark.MISSED,
                       "no_screens": Mark.SKIPPED if day % 5 == 0 else Mark.DONE},
                latency=10 + day % 20 if day % 2 else None, waso=day % 30 if day % 2 else None,
            )
            for day in range(60)
        ])  # fmt: skip
    out = tmp_path / "from-file.csv"
    _ok("export", "-o", str(out), db=str(source))
    return out


def test_export_import_export_gives_the_same_bytes(
    store: str, csv_export: Path, tmp_path: Path
) -> None:
    """File -> this store -> file again: the same bytes at each step."""
    _ok("import", str(csv_export), db=store)
    again = tmp_path / "again.csv"
    _ok("export", "-o", str(again), db=store)
    assert again.read_bytes() == csv_export.read_bytes()
    back = tmp_path / "back.db"
    _ok("import", str(again), db=str(back))
    third = tmp_path / "third.csv"
    _ok("export", "-o", str(third), db=str(back))
    assert third.read_bytes() == csv_export.read_bytes()
    if is_server(store):
        assert _ok("status", db=store).startswith("sleep: ")


def test_reads_back_from_the_default_night(store: str) -> None:
    """The streak reads (newest first, in chunks; the recent run by the index alone)."""
    from tracker.domain.nights import Night

    last = date(2026, 5, 31)
    logged = [last - timedelta(days=offset) for offset in (0, 1, 2, 3, 5, 6, 40)]
    with Repository.open(parse_target(store)) as repository:
        repository.bulk_save([Night(night, marks={"routine": Mark.DONE}) for night in logged])
        assert repository.recent_run(last) == (logged[3], last)
        assert repository.recent_run(last + timedelta(days=2)) == (logged[3], last)
        assert repository.recent_run(last - timedelta(days=5)) == (logged[5], logged[4])
        assert repository.recent_run(last - timedelta(days=41)) is None
        back = list(repository.history_back(last, first_chunk=2))
        assert [night.night for night in back] == logged
        assert all(night.marks == {"routine": Mark.DONE} for night in back)
        assert [n[0] for n in repository.practice_nights("routine", logged[-1], last)][:2] == [
            logged[-1], logged[-2]]  # fmt: skip
        assert repository.first_marks() == {"routine": logged[-1]}


def test_file_only_commands_say_so_on_a_server(pg_url: str) -> None:
    _ok("checkin", "--night", NIGHT.isoformat(), "--quality", "3", db=pg_url)
    checked = _ok("check", db=pg_url)
    assert "healthy" in checked and "pg_dump" in checked and PASSWORD not in checked
    for command in (("backup",), ("backup", "list")):
        refused = run_tracker(*command, db=pg_url)  # type: ignore[arg-type]
        assert refused.returncode == 1, refused.stderr
        assert "pg_dump" in refused.stderr and PASSWORD not in refused.stderr
        assert "Traceback" not in refused.stderr


def test_an_import_never_undoes_a_save_made_while_it_was_planned(
    store: str, tmp_path: Path
) -> None:
    """The import's merge is decided from the nights as read first; a check-in saved by
    another program before the import's transaction must not be overwritten by the merged
    night: the import is refused whole, and a second try merges the new state."""
    from tracker.storage.importers import ReadOptions, Source, read
    from tracker.storage.importers.plan import build_plan, write_plan
    from tracker.storage.importers.times import zone_named

    fixture = tmp_path / "plees.csv"  # one sleep, 23:10 to 07:00 UTC
    fixture.write_text("sid,start,stop,rating,comment,wakes\n1,1729897800000,1729926000000,4,,0\n")
    night = date(2024, 10, 25)
    with Repository.open(parse_target(store)) as importer:
        def plan():  # type: ignore[no-untyped-def]
            source = Source(str(fixture))
            return build_plan(
                importer, read(source, "plees", ReadOptions(zone=zone_named("UTC"))),
                source_name=fixture.name, format_name="plees",
                default_night=date(2026, 1, 1),
            )  # fmt: skip

        first = plan()
        assert not first.problems and any(n.night == night for n in first.nights)
        with Repository.open(parse_target(store)) as other:  # the app, another machine
            other.save_change(night, Change(marks={"routine": Mark.DONE}),
                              default_night=date(2026, 1, 1))  # fmt: skip
        with pytest.raises(InputRefused, match="changed while the import was being prepared"):
            write_plan(importer, first)
        kept = importer.get_night(night)
        assert kept is not None and kept.marks == {"routine": Mark.DONE}
        assert kept.bedtime is None  # nothing of the refused import was written

        write_plan(importer, plan())  # planned again: fills the times, keeps the mark
        merged = importer.get_night(night)
        assert merged is not None and (merged.bedtime, merged.wake) == (23 * 60 + 10, 7 * 60)
        assert merged.marks == {"routine": Mark.DONE}
