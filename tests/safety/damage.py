"""Hand-made damage for the safety tests: real tracker databases, then bad rows or bad bytes.

Rows are inserted with the standard library's sqlite3, CHECK constraints switched off, the
way another tool (or a bit flip) could leave them.
"""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from tracker.domain.nights import Night
from tracker.domain.practices import Mark
from tracker.storage.repository import Repository

FIRST_NIGHT = date(2026, 1, 1)


def healthy_database(path: Path, nights: int = 30) -> Path:
    """A tracker database with ``nights`` nights, every practice marked, notes; no -wal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Repository.open(path) as repository:
        repository.bulk_save(
            [
                Night(
                    FIRST_NIGHT + timedelta(days=offset),
                    bedtime=23 * 60 + offset % 30,
                    wake=7 * 60,
                    quality=1 + offset % 5,
                    room_temp_c=18.5,
                    note=f"night {offset} " + "x" * 300,
                    marks={"routine": Mark.DONE, "cool_room": Mark.MISSED,
                           "meditation": Mark.SKIPPED},
                )  # fmt: skip
                for offset in range(nights)
            ]
        )
    return path


def execute(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA ignore_check_constraints = ON")
        for sql, parameters in statements:
            db.execute(sql, parameters)
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# Each bad row: how it is inserted, and the table and row the message must name.
BAD_ROWS: dict[str, tuple[tuple[str, tuple[object, ...]], str, str]] = {
    "mark state bogus": (
        ("UPDATE mark SET state = 'bogus' WHERE night = '2026-01-03' AND practice = 'routine'",
         ()), "mark", "2026-01-03 routine"),
    "category weird": (
        ("UPDATE practice SET category = 'weird' WHERE key = 'stretching'", ()),
        "practice", "stretching"),
    "practice added soon": (
        ("UPDATE practice SET added = 'soon' WHERE key = 'meditation'", ()),
        "practice", "meditation"),
    "target night nonsense": (
        ("INSERT INTO target VALUES ('nonsense', 1380, 420, 30)", ()), "target", "nonsense"),
    "rollover superscript two": (
        ("INSERT INTO setting VALUES ('rollover', '²')", ()), "setting", "rollover"),
    "note not UTF-8": (
        ("UPDATE night SET note = CAST(? AS TEXT) WHERE night = '2026-01-04'",
         (b"bad \xff\xfe bytes",)), "night", "2026-01-04"),
    "bedtime late": (
        ("UPDATE night SET bedtime = 'late' WHERE night = '2026-01-05'", ()),
        "night", "2026-01-05"),
    "practice key a:b,c": (
        ("INSERT INTO practice (key, label, category, kind, position, archived, builtin) "
         "VALUES ('a:b,c', 'Odd', 'custom', 'checked', 9, 0, 0)", ()),
        "practice", "a:b,c"),
    "night nonsense": (
        ("INSERT INTO night (night, updated_at) VALUES ('nonsense', 'x')", ()),
        "night", "nonsense"),
}


def with_bad_row(path: Path, case: str) -> Path:
    healthy_database(path)
    statement, _table, _row = BAD_ROWS[case]
    execute(path, statement)
    return path


def flip_bytes(path: Path, seed: int, count: int = 8) -> None:
    """Overwrite ``count`` random bytes after the header page with random values."""
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for _ in range(count):
        position = rng.randrange(4096, len(data))
        data[position] = rng.randrange(256)
    path.write_bytes(bytes(data))


def flip_page(path: Path, seed: int) -> None:
    """Fill one random page (not the first) with noise."""
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    pages = len(data) // 4096
    page = rng.randrange(1, pages)
    data[page * 4096 : (page + 1) * 4096] = rng.randbytes(4096)
    path.write_bytes(bytes(data))


def truncate(path: Path, fraction: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])


def passes_integrity_check(path: Path) -> bool:
    """Whether SQLite's full integrity check says ``ok`` (an error opening it is a no)."""
    try:
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA query_only = ON")
            return db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    except sqlite3.Error:
        return False
