"""The storage API the interfaces use: domain objects in, domain objects out.

Reads go through the standard library's sqlite3, one statement per read, as plain tuples:
the app's first data on screen and the read-only commands never wait for SQLAlchemy, and
history reads on decades of nights stay one quick pass. Writes go through SQLModel
(``writer.py``), imported on the first write; each is one transaction that takes the write
lock at BEGIN.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tracker.domain.errors import UnusableFile
from tracker.domain.nights import Change, Night, Targets
from tracker.domain.practices import Category, Kind, Mark, Practice
from tracker.domain.preferences import Preferences
from tracker.storage.connection import connect
from tracker.storage.database import (
    DatabaseAppeared,
    blank_database,
    create_database,
    ensure_database,
    prepare_database,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.storage.writer import Writer


T = TypeVar("T")


class Repository:
    """Everything the tracker stores, behind plain methods.

    Use it as a context manager, or call ``close()``: connections left open would keep file
    locks that a later open of the same file in this process could disturb.
    """

    def __init__(self, path: Path, *, exists: bool = True) -> None:
        self.path = path
        self._exists = exists
        """Whether the file is there (checked and migrated); until then reads see a blank
        database and the first write creates the file."""
        self._writer: Writer | None = None
        self._writer_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> Repository:
        """Check and migrate the file at ``path``; a missing file is made by the first write.

        Raises:
            UnusableFile: see ``fileguard.inspect_database``.
        """
        return cls(path, exists=prepare_database(path))

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def writer(self) -> Writer:
        """The SQLModel side on the file (created empty if need be), imported on first use."""
        with self._writer_lock:
            if self._writer is None:
                from tracker.storage.writer import Writer  # ~250 ms of imports

                if not self._exists:
                    ensure_database(self.path)
                    self._exists = True
                self._writer = Writer(self.path)
            return self._writer

    def _write(self, operation: Callable[[Writer], T]) -> T:
        """Run one write; the first write on a missing file creates it, only if it succeeds."""
        with guard(self.path):
            if not self._exists and not self._file_appeared():
                from tracker.storage.writer import Writer

                def on_new_file(temporary: Path) -> T:
                    writer = Writer(temporary)
                    try:
                        return operation(writer)
                    finally:
                        writer.close()

                try:
                    result = create_database(self.path, on_new_file)
                except DatabaseAppeared:
                    pass  # another process made it first: write to that one below
                else:
                    self._exists = True
                    return result
            return operation(self.writer())

    def _file_appeared(self) -> bool:
        """Whether another process created the file since it was opened (then adopt it)."""
        if prepare_database(self.path):
            self._exists = True
        return self._exists

    def write_session(self) -> Session:
        """A SQLModel session whose transaction takes the write lock at BEGIN."""
        return self.writer().session()

    def _read(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        """All rows of one statement (one consistent snapshot) as plain tuples."""
        with guard(self.path):
            exists = self._exists or self._file_appeared()
            db = connect(self.path) if exists else blank_database()
            try:
                return db.execute(sql, parameters).fetchall()
            finally:
                db.close()

    # Nights ---------------------------------------------------------------------------

    def get_night(self, night: date) -> Night | None:
        nights = self.nights_between(night, night)
        return nights[0] if nights else None

    def nights_between(self, first: date, last: date) -> list[Night]:
        """Logged nights from ``first`` to ``last`` inclusive, oldest first."""
        marks = _MarksParser()
        fromiso = date.fromisoformat
        rows = self._read(_NIGHTS_BETWEEN_SQL, (first.isoformat(), last.isoformat()))
        return [
            Night(
                night=fromiso(row[0]),
                bedtime=row[1],
                wake=row[2],
                quality=row[3],
                room_temp_c=row[4],
                note=row[5],
                marks=dict(marks(row[11])),
                in_bed=row[6],
                out_of_bed=row[7],
                latency=row[8],
                awakenings=row[9],
                waso=row[10],
            )
            for row in rows
        ]

    def history(self, last: date) -> list[Night]:
        """Every night up to ``last`` with only times and marks: the input of streaks."""
        marks = _MarksParser()
        fromiso = date.fromisoformat
        return [
            Night(fromiso(night), bedtime, wake, marks=dict(marks(text)))
            for night, bedtime, wake, text in self._read(_HISTORY_SQL, (last.isoformat(),))
        ]

    def history_back(self, last: date, first_chunk: int = 32) -> Iterator[Night]:
        """Nights at or before ``last``, newest first, with only times and marks, read in
        growing chunks as the caller goes on: current streaks stop where they break."""
        marks = _MarksParser()
        fromiso = date.fromisoformat
        before, chunk = (last + timedelta(days=1)).isoformat(), first_chunk
        while True:
            rows = self._read(_HISTORY_BACK_SQL, (before, chunk))
            for night, bedtime, wake, text in rows:
                yield Night(fromiso(night), bedtime, wake, marks=dict(marks(text)))
            if len(rows) < chunk:
                return
            before, chunk = rows[-1][0], chunk * 4

    def logged_run(self, last: date) -> int:
        """Consecutive logged nights ending at ``last``, or at the night before it while
        ``last`` is not logged (DESIGN.md "Check-in streak"), found by the index alone."""
        ((newest, start),) = self._read(_LOGGED_RUN_SQL, (last.isoformat(), last.isoformat()))
        if newest is None or start is None:
            return 0
        newest_night = date.fromisoformat(newest)
        if (last - newest_night).days > 1:
            return 0
        return (newest_night - date.fromisoformat(start)).days + 1

    def night_dates(self) -> tuple[date | None, date | None, int]:
        """First and last logged night and how many there are."""
        ((first, last, count),) = self._read("SELECT min(night), max(night), count(*) FROM night")
        return (
            date.fromisoformat(first) if first else None,
            date.fromisoformat(last) if last else None,
            int(count),
        )

    def first_marks(self) -> dict[str, date]:
        """Practice key -> the night of its first mark, for every practice ever marked.

        One index lookup per practice (``mark_by_practice``), whatever the history's length.
        """
        rows = self._read(
            "SELECT p.key, (SELECT min(m.night) FROM mark AS m WHERE m.practice = p.key) "
            "FROM practice AS p"
        )
        return {key: date.fromisoformat(first) for key, first in rows if first is not None}

    def practice_nights(
        self, key: str, first: date, last: date
    ) -> list[tuple[date, int | None, int | None, Mark | None]]:
        """Each logged night from ``first`` to ``last`` with its bedtime, wake and the mark of
        one practice (None when not answered), oldest first: one lean pass over the range."""
        fromiso = date.fromisoformat
        rows = self._read(
            "SELECT n.night, n.bedtime, n.wake, m.state FROM night AS n "
            "LEFT JOIN mark AS m ON m.night = n.night AND m.practice = ? "
            "WHERE n.night BETWEEN ? AND ? ORDER BY n.night",
            (key, first.isoformat(), last.isoformat()),
        )
        marks = _MARK_OF_TEXT
        return [
            (fromiso(night), bedtime, wake, None if state is None else marks[state])
            for night, bedtime, wake, state in rows
        ]

    def logged_nights(self) -> set[date]:
        """Every logged night's date."""
        return {date.fromisoformat(night) for (night,) in self._read("SELECT night FROM night")}

    def save_change(self, night: date, change: Change, *, default_night: date) -> Night:
        """Merge ``change`` into a night in one transaction and return the night as saved.

        Raises:
            InputRefused: a future night, an unknown, derived or archived practice, or a
                merged night that breaks a rule; nothing is written.
        """
        with guard(self.path):
            return self._write(lambda w: w.save_change(night, change, default_night))

    def bulk_save(
        self,
        nights: Sequence[Night],
        *,
        new_practices: Sequence[Practice] = (),
        replace: bool = False,
    ) -> None:
        """Write many already-validated nights (and new custom practices) in one transaction.

        With ``replace`` the given nights overwrite stored ones (their marks included);
        without it a night already stored is a refusal and nothing is written.

        Raises:
            InputRefused: nights already present (without ``replace``).
        """
        with guard(self.path):
            self._write(lambda w: w.bulk_save(nights, new_practices, replace))

    # Practices ------------------------------------------------------------------------

    def practices(self) -> list[Practice]:
        """All practices, archived included, in their order (schedule ones last)."""
        rows = self._read(
            "SELECT key, label, category, kind, position, archived, builtin FROM practice "
            "ORDER BY kind = 'derived', position, key"
        )
        return [
            Practice(key, label, Category(category), Kind(kind), position, bool(archived),
                     bool(builtin))
            for key, label, category, kind, position, archived, builtin in rows
        ]  # fmt: skip

    def add_practice(self, key: str, label: str, category: Category = Category.CUSTOM) -> Practice:
        with guard(self.path):
            return self._write(lambda w: w.add_practice(key, label, category))

    def rename_practice(self, key: str, label: str) -> Practice:
        with guard(self.path):
            return self._write(lambda w: w.rename_practice(key, label))

    def set_archived(self, key: str, archived: bool) -> Practice:
        with guard(self.path):
            return self._write(lambda w: w.set_archived(key, archived))

    def move_practice(self, key: str, position: int) -> list[Practice]:
        """Put a checked practice at ``position`` (from 1) among the checked practices."""
        with guard(self.path):
            self._write(lambda w: w.move_practice(key, position))
        return self.practices()

    # Targets and preferences ----------------------------------------------------------

    def targets_history(self) -> list[Targets]:
        rows = self._read(
            "SELECT effective_from, bedtime, wake, tolerance FROM target ORDER BY effective_from"
        )
        return [Targets(date.fromisoformat(d), bed, wake, tol) for d, bed, wake, tol in rows]

    def set_target(self, name: str, value: int, effective_from: date) -> Targets:
        """Change one target from a night on; nights before it keep the targets they had."""
        with guard(self.path):
            return self._write(lambda w: w.set_target(name, value, effective_from))

    def preferences(self) -> Preferences:
        return Preferences.from_stored(dict(self._read("SELECT name, value FROM setting")))

    def set_preference(self, name: str, raw: str) -> Preferences:
        with guard(self.path):
            self._write(lambda w: w.set_preference(name, raw))
        return self.preferences()


_MARKS_OF_NIGHT = (
    "(SELECT group_concat(m.practice || ':' || m.state) FROM mark AS m WHERE m.night = n.night)"
)
_NIGHTS_BETWEEN_SQL = (
    "SELECT n.night, n.bedtime, n.wake, n.quality, n.room_temp_c, n.note, n.in_bed, "
    f"n.out_of_bed, n.latency, n.awakenings, n.waso, {_MARKS_OF_NIGHT} "
    "FROM night AS n WHERE n.night BETWEEN ? AND ? ORDER BY n.night"
)
_HISTORY_SQL = (
    f"SELECT n.night, n.bedtime, n.wake, {_MARKS_OF_NIGHT} "
    "FROM night AS n WHERE n.night <= ? ORDER BY n.night"
)
_HISTORY_BACK_SQL = (
    f"SELECT n.night, n.bedtime, n.wake, {_MARKS_OF_NIGHT} "
    "FROM night AS n WHERE n.night < ? "
    "ORDER BY n.night DESC LIMIT ?"
)
_LOGGED_RUN_SQL = (
    "SELECT (SELECT max(night) FROM night WHERE night <= ?), "
    "(SELECT n.night FROM night AS n WHERE n.night <= ? AND NOT EXISTS "
    "(SELECT 1 FROM night AS p WHERE p.night = date(n.night, '-1 day')) "
    "ORDER BY n.night DESC LIMIT 1)"
)
_MARK_OF_TEXT = {str(mark): mark for mark in Mark}


class _MarksParser:
    """Turns a night's ``key:state,...`` text into (key, Mark) pairs, each distinct text once.

    Practice keys are ``[a-z][a-z0-9_]*`` and states are words, so neither holds ``:`` or
    ``,``. Over a long history the same few hundred combinations recur, so each is parsed once.
    """

    def __init__(self) -> None:
        self._seen: dict[str | None, tuple[tuple[str, Mark], ...]] = {None: ()}

    def __call__(self, text: str | None) -> tuple[tuple[str, Mark], ...]:
        pairs = self._seen.get(text)
        if pairs is None:
            pairs = tuple(
                (key, _MARK_OF_TEXT[state])
                for key, _, state in (item.partition(":") for item in text.split(","))  # type: ignore[union-attr]
            )
            self._seen[text] = pairs
        return pairs


class guard:
    """Turns SQLite failures (raw, or wrapped by SQLAlchemy) into a one-line UnusableFile."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, _tb: object) -> bool:
        cause = getattr(error, "orig", None) or error  # SQLAlchemy keeps the driver's error
        if isinstance(cause, sqlite3.Error):
            reason = str(cause) or "database error"
            raise UnusableFile(f"Cannot use {self.path}: {reason}") from None
        return False
