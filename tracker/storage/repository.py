"""The storage API the interfaces use: domain objects in, domain objects out.

Reads go through the standard library's sqlite3, one statement per read, as plain tuples:
the app's first data on screen and the read-only commands never wait for SQLAlchemy, and
history reads on decades of nights stay one quick pass. Writes go through SQLModel
(``writer.py``), imported on the first write; each is one transaction that takes the write
lock at BEGIN. The statements, and the mapping of their rows to domain objects, are
``mapping.py``'s, the same the writer uses inside its transactions.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tracker.domain.errors import UnusableFile
from tracker.domain.nights import Change, Night, Targets
from tracker.domain.practices import Category, Mark, Practice
from tracker.domain.preferences import Preferences
from tracker.storage import dialects, mapping, row_rules
from tracker.storage.connection import connect
from tracker.storage.database import (
    DatabaseAppeared,
    blank_database,
    create_database,
    ensure_database,
    prepare_database,
)
from tracker.storage.fileguard import sqlite_refusal
from tracker.storage.paths import ServerUrl

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.storage.writer import Writer


T = TypeVar("T")


class Repository:
    """Everything the tracker stores, behind plain methods.

    Use it as a context manager, or call ``close()``: connections left open would keep file
    locks that a later open of the same file in this process could disturb.
    """

    dialect = "sqlite"
    """The SQL dialect of the reads: a file here, ``postgresql`` on a server (``server.py``)."""

    def __init__(self, path: Path, *, exists: bool = True) -> None:
        self.path: Path | ServerUrl = path
        self._exists = exists
        """Whether the file is there (checked and migrated); until then reads see a blank
        database and the first write creates the file."""
        self._writer: Writer | None = None
        self._writer_lock = threading.Lock()
        self._verify_lock = threading.Lock()
        self._verified_on: date | None = None
        """The day this process verified (and backed up) the file: once a day is enough."""
        self._verified_in_full = False
        """Whether this repository verified the file itself (imports verify even when the
        day's backup exists; once per process is enough)."""
        self.damage: UnusableFile | None = None
        """Set once the file is found damaged: from then on nothing more is written."""

    @classmethod
    def open(cls, path: Path | ServerUrl) -> Repository:
        """Check and migrate the file at ``path``; a missing file is made by the first write.

        A server URL opens the database on that server instead (``server.py``): its tables
        are created or migrated there under the same version rules.

        Raises:
            UnusableFile: see ``fileguard.inspect_database``; a server that cannot be
                reached or holds a newer schema.
        """
        if isinstance(path, ServerUrl):
            from tracker.storage.server import ServerRepository  # psycopg

            return ServerRepository.connect(path)
        repository = cls(path, exists=prepare_database(path))
        if repository._exists:
            repository.check_small_tables()
        return repository

    @property
    def is_file(self) -> bool:
        """Whether the data is in a file (verification, backups and permissions apply)."""
        return not isinstance(self.path, ServerUrl)

    def check_small_tables(self) -> None:
        """Read the settings, practices and targets (a few rows each) and check that every
        night's key is a date (0.5 ms on 20 years): a row there the program cannot read
        stops any command. The values of nights and marks are checked where they are read,
        and all of them by the first write of each day.

        Raises:
            UnusableFile: a row breaks the domain's rules (naming the table and the row).
        """
        self.preferences()
        self.practices()
        self.targets_history()
        for (night,) in self._read(dialects.broken_night_key_sql(self.dialect)):
            with guard(self.path, self):
                row_rules.night_date("night", night)

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

    def prepare_writes(
        self, today: date | None = None, *, always: bool = False, dry_run: bool = False
    ) -> None:
        """Before the first write of each day: verify the file, then make the day's backup.

        The app calls this in the background as soon as it opens the file; the first write
        of a command calls it otherwise; ``import``, ``backup`` and ``check`` pass ``always``
        (verify even when today's backup exists); ``dry_run`` verifies and makes no backup.
        A missing file has nothing to check.

        Raises:
            UnusableFile: the file is damaged; every later write is refused too.
        """
        from tracker.storage import backups, verify

        today = today or date.today()
        with self._verify_lock:
            if self.damage is not None:
                raise self.damage
            if self._verified_on == today and not always:
                return
            if dry_run:
                always = True
            if not self._exists and not self._file_appeared():
                return
            try:
                with guard(self.path, self):
                    if always:
                        verify.require_healthy(self.path)
                    if not dry_run:
                        backups.daily_backup(self.path, today, verified=always)
            except UnusableFile as error:
                if "damaged" in error.message:
                    self.damage = error
                raise
            if always:
                self._verified_in_full = True
            if not dry_run:
                self._verified_on = today

    def _write(self, operation: Callable[[Writer], T]) -> T:
        """Run one write; the first write on a missing file creates it, only if it succeeds."""
        self.prepare_writes()
        with guard(self.path, self):
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
        with guard(self.path, self):
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
        with guard(self.path, self):
            return mapping.nights_between(self._read, self.dialect, first, last)

    def history(self, last: date) -> list[Night]:
        """Every night up to ``last`` with only times and marks: the input of streaks."""
        rows = self._read(mapping.HISTORY[self.dialect], (last.isoformat(),))
        with guard(self.path, self):
            return mapping.lean_nights(rows, mapping.MarksParser())

    def history_back(self, last: date, first_chunk: int = 32) -> Iterator[Night]:
        """Nights at or before ``last``, newest first, with only times and marks, read in
        growing chunks as the caller goes on: current streaks stop where they break."""
        marks = mapping.MarksParser()
        before, chunk = (last + timedelta(days=1)).isoformat(), first_chunk
        while True:
            rows = self._read(mapping.HISTORY_BACK[self.dialect], (before, chunk))
            for row in rows:
                with guard(self.path, self):
                    item = mapping.lean_night(row, marks)
                yield item
            if len(rows) < chunk:
                return
            before, chunk = rows[-1][0], chunk * 4

    def recent_run(self, last: date) -> tuple[date, date] | None:
        """The first and last night of the newest run of consecutive logged nights at or before
        ``last`` (None without one): what the check-in streak counts
        (``streaks.checkin_streak``), found by the index alone."""
        night = last.isoformat()
        ((first, newest),) = self._read(mapping.RECENT_RUN[self.dialect], (night, night))
        if first is None or newest is None:
            return None
        with guard(self.path, self):
            return row_rules.night_date("night", first), row_rules.night_date("night", newest)

    def night_dates(self) -> tuple[date | None, date | None, int]:
        """First and last logged night and how many there are."""
        ((first, last, count),) = self._read(mapping.NIGHT_DATES)
        with guard(self.path, self):
            return (
                row_rules.night_date("night", first) if first else None,
                row_rules.night_date("night", last) if last else None,
                int(count),
            )

    def first_marks(self) -> dict[str, date]:
        """Practice key -> the night of its first mark, for every practice ever marked.

        One index lookup per practice (``mark_by_practice``), whatever the history's length.
        """
        rows = self._read(mapping.FIRST_MARKS)
        with guard(self.path, self):
            return mapping.first_marks(rows)

    def practice_nights(
        self, key: str, first: date, last: date
    ) -> list[tuple[date, int | None, int | None, Mark | None]]:
        """Each logged night from ``first`` to ``last`` with its bedtime, wake and the mark of
        one practice (None when not answered), oldest first: one lean pass over the range."""
        rows = self._read(mapping.PRACTICE_NIGHTS, (key, first.isoformat(), last.isoformat()))
        practice_night = mapping.practice_night
        with guard(self.path, self):
            return [practice_night(row, key) for row in rows]

    def logged_nights(self) -> set[date]:
        """Every logged night's date."""
        night_date = row_rules.night_date
        rows = self._read(mapping.LOGGED_NIGHTS)
        with guard(self.path, self):
            return {night_date("night", night) for (night,) in rows}

    def save_change(self, night: date, change: Change, *, default_night: date) -> Night:
        """Merge ``change`` into a night in one transaction and return the night as saved.

        Raises:
            InputRefused: a future night, an unknown, derived or archived practice, or a
                merged night that breaks a rule; nothing is written.
        """
        with guard(self.path, self):
            return self._write(lambda w: w.save_change(night, change, default_night))

    def bulk_save(
        self,
        nights: Sequence[Night],
        *,
        new_practices: Sequence[Practice] = (),
        replace: bool = False,
        unchanged: Mapping[date, Night | None] | None = None,
    ) -> None:
        """Write many already-validated nights (and new custom practices) in one transaction.

        With ``replace`` the given nights overwrite stored ones (their marks included);
        without it a night already stored is a refusal and nothing is written.

        Args:
            unchanged: nights as the caller read them (None: not logged) before deciding
                what to write; if any differs inside the transaction, nothing is written.

        Raises:
            InputRefused: nights already present (without ``replace``), or changed since
                they were read (``unchanged``).
            UnusableFile: the file is damaged (an import always verifies it first).
        """
        self.prepare_writes(always=not self._verified_in_full)
        with guard(self.path, self):
            self._write(lambda w: w.bulk_save(nights, new_practices, replace, unchanged))

    # Practices ------------------------------------------------------------------------

    def practices(self) -> list[Practice]:
        """All practices, archived included, in their order (schedule ones last)."""
        with guard(self.path, self):
            return mapping.practices(self._read)

    def add_practice(
        self,
        key: str,
        label: str,
        category: Category = Category.CUSTOM,
        *,
        added: date | None = None,
    ) -> Practice:
        """Add a custom practice at the end of the checked ones.

        Args:
            added: the default night at this moment (the night a check-in would log now): the
                practice's life starts then (``grid.life_start``). Every interface passes it;
                None leaves it to start at its first mark, as a practice of an older file.
        """
        with guard(self.path, self):
            return self._write(lambda w: w.add_practice(key, label, category, added))

    def rename_practice(self, key: str, label: str) -> Practice:
        with guard(self.path, self):
            return self._write(lambda w: w.rename_practice(key, label))

    def set_archived(self, key: str, archived: bool) -> Practice:
        with guard(self.path, self):
            return self._write(lambda w: w.set_archived(key, archived))

    def move_practice(self, key: str, position: int) -> list[Practice]:
        """Put a checked practice at ``position`` (from 1) among the checked practices."""
        with guard(self.path, self):
            self._write(lambda w: w.move_practice(key, position))
        return self.practices()

    # Targets and preferences ----------------------------------------------------------

    def targets_history(self) -> list[Targets]:
        with guard(self.path, self):
            return mapping.targets_history(self._read)

    def set_target(self, name: str, value: int, effective_from: date) -> Targets:
        """Change one target from a night on; nights before it keep the targets they had."""
        with guard(self.path, self):
            return self._write(lambda w: w.set_target(name, value, effective_from))

    def preferences(self) -> Preferences:
        with guard(self.path, self):
            return mapping.preferences(self._read)

    def set_preference(self, name: str, raw: str) -> Preferences:
        with guard(self.path, self):
            self._write(lambda w: w.set_preference(name, raw))
        return self.preferences()


class guard:
    """Turns SQLite failures (raw, or wrapped by SQLAlchemy) and rows the program cannot read
    into a one-line UnusableFile naming the path; damage also stops every later write."""

    def __init__(self, path: Path | ServerUrl, repository: Repository | None = None) -> None:
        self.path = path
        self.repository = repository

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, _tb: object) -> bool:
        from tracker.storage import verify  # only on failure

        if error is None or isinstance(error, UnusableFile):
            return False
        cause = getattr(error, "orig", None) or error  # SQLAlchemy keeps the driver's error
        if isinstance(self.path, ServerUrl):
            from tracker.storage.server import server_failure

            failure = server_failure(self.path, cause)
            if failure is None:
                return False
            if isinstance(cause, row_rules.RowDamage) and self.repository is not None:
                self.repository.damage = failure
            raise failure from None
        if isinstance(cause, row_rules.RowDamage):
            refusal = verify.damaged(self.path, cause.message)
        elif isinstance(cause, sqlite3.Error) and "decode" in str(cause).lower():
            found = verify.first_row_damage(self.path)
            refusal = verify.damaged(
                self.path, found.message if found else "a text value is not UTF-8"
            )
        elif isinstance(cause, sqlite3.Error) and verify.is_damage(cause):
            refusal = verify.damaged(self.path, str(cause))
        elif isinstance(cause, sqlite3.Error):
            raise sqlite_refusal(self.path, cause) from None
        else:
            return False
        if self.repository is not None:
            self.repository.damage = refusal
        raise refusal from None
