"""Verifying a database file: SQLite's own check, then every row against the domain's rules.

Used by the first write of each day (before the day's backup), by ``import``, ``backup`` and
``check``, by the app in the background before its first save, and to say which table and row
a read stumbled on. Verification reads only: it opens the file read-only (``mode=ro``), so a
damaged file is not changed by being looked at.

What it costs on 20 years of nights (7,300 nights, 44,000 marks; see the safety note):
``PRAGMA integrity_check`` about 47 ms, ``quick_check`` about 21 ms, the row scan about
60 ms. We run ``integrity_check`` (it also finds indexes that disagree with their table,
which ``quick_check`` skips) once a day, never on every read.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from tracker.storage import mapping, row_rules
from tracker.storage.connection import BUSY_TIMEOUT_SECONDS
from tracker.storage.fileguard import damaged, sqlite_refusal
from tracker.storage.row_rules import RowDamage

MAX_LISTED = 20
"""Problems listed at most; more are counted."""

_ROW_LEVEL = re.compile(r"CHECK constraint failed|NULL value in")
_DAMAGE_WORDS = ("malformed", "corrupt", "not a database", "disk image")


def is_damage(error: BaseException) -> bool:
    """Whether an SQLite error says the file itself is damaged."""
    text = str(error).lower()
    return isinstance(error, sqlite3.DatabaseError) and any(w in text for w in _DAMAGE_WORDS)


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that refuses to write (``query_only``).

    Not ``mode=ro``: a read-only connection cannot remove the ``-wal`` and ``-shm`` files it
    makes beside a WAL database, and would leave them behind a file we then refuse.
    """
    db = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        db.execute("PRAGMA query_only = ON")
    except BaseException:
        db.close()
        raise
    return db


def problems(path: Path, *, rows: bool = True, quick: bool = False) -> list[str]:
    """Everything wrong with the database at ``path``, in words; empty when it is healthy.

    Raises:
        UnusableFile: SQLite failed for a reason that is not damage (a full disk, a lock
            held too long); damage itself is listed, not raised.
    """
    try:
        db = open_read_only(path)
    except sqlite3.Error as error:
        if not is_damage(error):
            raise sqlite_refusal(path, error) from None
        return [f"SQLite cannot open the file ({error})"]
    try:
        found = _sqlite_problems(db, quick)
        # A value that breaks a CHECK constraint is a broken row, not a broken file: the
        # row scan names it better than SQLite does.
        structural = [line for line in found if not _ROW_LEVEL.search(line)]
        if not structural:
            found += _foreign_key_problems(db)
        if not structural and rows:
            named = [damage.message for damage in _limited(row_damage(db))]
            found = named + [line for line in found if not named or "CHECK" not in line]
        return found
    except sqlite3.Error as error:
        if not is_damage(error) and "no such" not in str(error):
            raise sqlite_refusal(path, error) from None
        return [f"SQLite cannot read the file ({error})"]
    finally:
        db.close()


def require_healthy(path: Path, *, rows: bool = True, quick: bool = False) -> None:
    """Verify ``path``; refuse it when anything is wrong.

    Raises:
        UnusableFile: the first problem found, naming the path and ``check``.
    """
    found = problems(path, rows=rows, quick=quick)
    if found:
        raise damaged(path, found[0])


def first_row_damage(path: Path) -> RowDamage | None:
    """The first row the program cannot read, if any (to name it in an error)."""
    try:
        db = open_read_only(path)
    except sqlite3.Error:
        return None
    try:
        return next(row_damage(db), None)
    except sqlite3.Error:
        return None
    finally:
        db.close()


def _sqlite_problems(db: sqlite3.Connection, quick: bool) -> list[str]:
    pragma = "quick_check" if quick else "integrity_check"
    lines = [str(line) for (line,) in db.execute(f"PRAGMA {pragma}({MAX_LISTED})")]
    if lines == ["ok"]:
        return []
    # SQLite puts a "*** in database main ***" heading and its first problem in one row,
    # joined by a newline: one problem per line, without the heading, reads (and escapes) well.
    problems = [part.strip() for line in lines for part in line.splitlines()]
    return [f"SQLite: {p}" for p in problems if p and not p.startswith("*** in database")]


def _foreign_key_problems(db: sqlite3.Connection) -> list[str]:
    counts: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fk in db.execute("PRAGMA foreign_key_check"):
        counts[(table, parent)] = counts.get((table, parent), 0) + 1
    return [
        f"table {table}: {count} row{'s' if count != 1 else ''} refer to a missing {parent}"
        for (table, parent), count in counts.items()
    ]


def _limited(damages: Iterator[RowDamage]) -> Iterator[RowDamage]:
    for count, damage in enumerate(damages):
        if count == MAX_LISTED:
            return
        yield damage


def row_damage(db: sqlite3.Connection) -> Iterator[RowDamage]:
    """Every row of every table that the program could not read, one by one.

    The big tables are filtered in SQL first (the same rules as ``row_rules``, so only rows
    that break them reach Python, which names the first broken value); text is read as bytes
    so invalid UTF-8 is found here, not by a decode error in the middle of a command.
    """
    db.text_factory = bytes
    for table, sql, check in _TABLES:
        for row in db.execute(sql).fetchall():
            try:
                check(*(_text(table, row, value) for value in row))
            except RowDamage as damage:
                yield damage
            except _Reread:
                whole = db.execute(mapping.NIGHT_BY_KEY, (row[0],)).fetchone()
                if whole is None:  # a key that cannot even be looked up again
                    yield RowDamage("night", _text_or_shown(row[0]), "the row cannot be read")
                    continue
                try:
                    _check_night(*(_text(table, whole, value) for value in whole))
                except RowDamage as damage:
                    yield damage


def _text(table: str, row: tuple, value: object) -> object:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            key = row[0]
            if isinstance(key, bytes):
                key = key.decode("utf-8", "backslashreplace")
            raise RowDamage(table, key, f"{row_rules.shown(value)} is not UTF-8 text") from None
    return value


def _text_or_shown(value: object) -> object:
    return value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else value


def _check_night(*row: object) -> None:
    """A row of ``mapping.NIGHT_BY_KEY`` (no marks: those are checked on their own)."""
    mapping.night_from_row((*row, None), mapping.MarksParser())
    raise RowDamage("night", row[0], "a value breaks the rules")  # SQL found it: never silent


def _check_night_text(night: object, _note: object, broken: object) -> None:
    """Every night's key and note are decoded (``_text``); a row the SQL filter found broken
    is read whole to name the broken value."""
    if broken:
        raise _Reread("night", night)


class _Reread(Exception):
    def __init__(self, table: str, key: object) -> None:
        self.table = table
        self.key = key


def _check_mark(night: object, practice: object, state: object) -> None:
    row_rules.mark_state(night, practice, state)


def _check_setting(name: object, value: object) -> None:
    mapping.preferences_from_rows([(name, value)])


def _in_range(column: str, low: int, high: int) -> str:
    return (
        f"({column} IS NULL OR "
        f"(typeof({column}) = 'integer' AND {column} BETWEEN {low} AND {high}))"
    )


_NIGHT_BROKEN = " OR ".join(
    [
        "date(night) IS NOT night",
        *(f"NOT {_in_range(name, 0, 1439)}" for name in ("bedtime", "wake", "in_bed", "out_of_bed")),  # noqa: E501
        f"NOT {_in_range('quality', 1, 5)}",
        f"NOT {_in_range('latency', 0, 720)}",
        f"NOT {_in_range('awakenings', 0, 99)}",
        f"NOT {_in_range('waso', 0, 720)}",
        "NOT (room_temp_c IS NULL OR (typeof(room_temp_c) IN ('integer', 'real') "
        "AND abs(room_temp_c) < 1e300))",
        "NOT (note IS NULL OR typeof(note) = 'text')",
    ]
)
_MARK_BROKEN = (  # a mark of a missing night or practice: the foreign key check says so
    "SELECT night, practice, state FROM mark WHERE state NOT IN ('done', 'missed', 'skipped')"
)

_TABLES: tuple[tuple[str, str, Callable[..., object]], ...] = (
    ("setting", mapping.select_all("setting"), _check_setting),
    ("practice", mapping.select_all("practice"), mapping.practice_from_row),
    ("target", mapping.select_all("target"), mapping.targets_from_row),
    ("night", f"SELECT night, note, {_NIGHT_BROKEN} FROM night", _check_night_text),
    ("mark", _MARK_BROKEN, _check_mark),
)  # fmt: skip
