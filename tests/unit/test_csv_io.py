"""The CSV format: values, quoting, line numbers, and the export -> import -> export round trip."""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.cli.main import main
from tracker.domain.errors import InputRefused
from tracker.domain.nights import Night, validate_night
from tracker.domain.practices import BUILTIN_KEYS, Category, Mark, Practice
from tracker.storage import csv_io, csv_records
from tracker.storage.repository import Repository


@pytest.mark.parametrize(
    ("note", "written"),
    [
        (None, ""),
        ("", ""),
        ("plain", "plain"),
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@me", "'@me"),
        ("\tindented", "'\tindented"),
        ("\rcr", "'\rcr"),
        ("'quoted", "''quoted"),
        ("a = b", "a = b"),
    ],
)
def test_safe_note(note: str | None, written: str) -> None:
    assert csv_io.safe_note(note) == written


def test_night_row_numbers() -> None:
    night = Night(
        date(2025, 1, 1),
        bedtime=23 * 60,
        wake=7 * 60,
        room_temp_c=-0.0,
        latency=10,
        waso=25,
        in_bed=22 * 60 + 30,
        out_of_bed=7 * 60 + 20,
        awakenings=0,
    )
    row = csv_io.night_row(night, {"routine": Mark.SKIPPED, "x": Mark.DONE}, ["routine", "x", "y"])
    assert row == [
        "2025-01-01", "23:00", "07:00", "480", "", "0.0", "", "22:30", "07:20", "10", "0",
        "25", "445", "0.840", "skip", "1", "",
    ]  # fmt: skip
    # Two decimals where a value needs them (typed in °F), else one.
    assert csv_io.night_row(replace(night, room_temp_c=20.25), {}, [])[5] == "20.25"
    assert csv_io.night_row(replace(night, room_temp_c=18.33), {}, [])[5] == "18.33"
    assert csv_io.night_row(replace(night, room_temp_c=20.5), {}, [])[5] == "20.5"


def test_carriage_return_is_quoted_and_lines_end_with_newline() -> None:
    out = io.StringIO()
    writer = csv.writer(csv_io._LineSink(out.write), lineterminator="\r\n")
    writer.writerow(["a\rb", "c"])
    writer.writerow(["d", 'e"f'])
    assert out.getvalue() == '"a\rb",c\nd,"e""f"\n'
    assert list(csv.reader(io.StringIO(out.getvalue(), newline=""))) == [
        ["a\rb", "c"],
        ["d", 'e"f'],
    ]


def test_practice_columns_put_builtins_first() -> None:
    practices = [
        Practice("zzz", "Z", Category.CUSTOM, position=0),
        *[Practice(key, key, Category.EVENING, position=20 - i, builtin=True)
          for i, key in enumerate(BUILTIN_KEYS)],
        Practice("aaa", "A", Category.CUSTOM, position=30, archived=True),
    ]  # fmt: skip
    assert csv_io.practice_columns(practices) == [*BUILTIN_KEYS, "zzz", "aaa"]


def test_label_for() -> None:
    assert csv_io.label_for("no_screens") == "No screens"
    assert csv_io.label_for("x") == "X"


def test_records_know_their_first_line() -> None:
    text = 'night,note\r\n\r\n2025-01-01,"a\nb\r\nc"\n2025-01-02,x'
    assert list(csv_records.csv_rows(text)) == [
        (1, ["night", "note"]),
        (3, ["2025-01-01", "a\nb\r\nc"]),
        (6, ["2025-01-02", "x"]),
    ]


# The round trip -------------------------------------------------------------------------

RESERVED = set(csv_io.NIGHT_COLUMNS + csv_io.DIARY_COLUMNS + BUILTIN_KEYS)
custom_keys = st.lists(
    st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(lambda k: k not in RESERVED),
    max_size=3,
    unique=True,
)
tricky = st.sampled_from(list(",\"'\n\r\t =+-@;é漢😀\u00a0\u2028"))
notes = st.one_of(
    st.none(),
    st.builds(
        lambda start, body: start + body,
        st.sampled_from(["", "=", "+", "-", "@", "'", "''", "\t", "\r", "\n", '"', " "]),
        st.text(st.characters(blacklist_categories=("Cs",)) | tricky, max_size=40),
    ).filter(bool),
)
marks = st.sampled_from([None, Mark.DONE, Mark.MISSED, Mark.SKIPPED])
clock_times = st.integers(0, 1439)


@st.composite
def night_lists(draw: st.DrawFn, keys: list[str]) -> list[Night]:
    offsets = draw(st.lists(st.integers(0, 3650), max_size=10, unique=True))
    nights = []
    for offset in offsets:
        bedtime = draw(st.none() | clock_times)
        if bedtime is None:
            wake: int | None = draw(st.none() | clock_times)
        else:  # absent, or 1 minute to 18 hours after bedtime
            span = draw(st.none() | st.integers(1, 18 * 60))
            wake = None if span is None else (bedtime + span) % 1440
        night = Night(
            date(2015, 1, 1) + timedelta(days=offset),
            bedtime=bedtime,
            wake=wake,
            quality=draw(st.none() | st.integers(1, 5)),
            room_temp_c=draw(st.none() | st.integers(0, 400).map(lambda t: t / 10)),
            note=draw(notes),
            marks={k: m for k in keys if (m := draw(marks)) is not None},
            in_bed=draw(st.none() | clock_times),
            out_of_bed=draw(st.none() | clock_times),
            latency=draw(st.none() | st.integers(0, 720)),
            awakenings=draw(st.none() | st.integers(0, 99)),
            waso=draw(st.none() | st.integers(0, 720)),
        )
        try:
            validate_night(night)
        except InputRefused:  # diary items that do not fit the night's times
            night = replace(night, in_bed=None, out_of_bed=None, latency=None, waso=None)
        validate_night(night)
        nights.append(night)
    return nights


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[str], list[str], list[Night]]:
    customs = draw(custom_keys)
    archived = draw(st.lists(st.sampled_from(customs), unique=True)) if customs else []
    checked = [key for key in BUILTIN_KEYS if not key.startswith("on_time")]
    return customs, archived, draw(night_lists([*checked, *customs]))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(histories())
def test_export_import_export_gives_the_same_bytes(
    history: tuple[list[str], list[str], list[Night]],
) -> None:
    customs, archived, nights = history
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        source = Repository.open(folder / "source.db")
        try:
            for key in customs:
                source.add_practice(key, f"Practice {key}")
            for key in archived:
                source.set_archived(key, True)
            source.bulk_save(nights)
        finally:
            source.close()
        first, second = folder / "first.csv", folder / "second.csv"
        assert main(["--db", str(folder / "source.db"), "export", "-o", str(first)]) == 0
        assert main(["--db", str(folder / "copy.db"), "import", str(first)]) == 0
        assert main(["--db", str(folder / "copy.db"), "export", "-o", str(second)]) == 0
        assert second.read_bytes() == first.read_bytes()

        copy = Repository.open(folder / "copy.db")
        try:
            assert copy.nights_between(date.min, date.max) == sorted(nights, key=lambda n: n.night)
            assert [p.key for p in copy.practices() if not p.builtin] == customs
        finally:
            copy.close()
        rows = list(csv.reader(io.StringIO(first.read_text(encoding="utf-8"), newline="")))
        assert len(rows) == len(nights) + 1
        assert all(len(row) == len(rows[0]) for row in rows)
