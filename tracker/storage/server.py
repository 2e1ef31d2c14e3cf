"""The tracker's data in a database on a PostgreSQL server, through SQLModel and psycopg 3.

The same tables as in a file (``tables.py``), created on the server by the first program
that connects, and versioned with the file's numbers: a server at an older version is
migrated forward inside one transaction, one at a newer version is refused untouched. Every
write goes through SQLModel, one transaction that first takes one advisory lock, so writes
from several machines queue as they do on a file and a merge never loses another machine's
change.

Reads mirror the file's fast path: ``mapping.py``'s statements straight through the driver
(psycopg), one statement each, on one connection kept for the repository's life; SQLAlchemy
and SQLModel (about 250 ms of imports) load on the first write only.

What is file-only (backups, ``quick_check``, file permissions) does not apply here: the
server keeps the data, and its administrator backs it up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg

from tracker.domain.errors import UnusableFile
from tracker.domain.practices import Category, Kind, Practice
from tracker.storage import dialects, mapping
from tracker.storage.migrations import _V1_CATALOGUE, LATEST_VERSION
from tracker.storage.paths import ServerUrl
from tracker.storage.repository import Repository, guard

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, Table

    from tracker.storage.writer import Writer

T = TypeVar("T")

APPLICATION = "sleep-tracker"
SCHEMA_TABLE = "tracker_schema"
"""One row saying that this database is ours, and at which schema version (a file keeps
both in its header: ``application_id`` and ``user_version``)."""
CONNECT_TIMEOUT_SECONDS = 5
"""How long a server gets to answer a connection before the command gives up (exit 3)."""
WRITE_LOCK_KEY = 0x534C5450
"""The advisory lock every write transaction on a server takes first: writers queue for it
as they do for a file's write lock, so a read-then-write merge never loses another
machine's change."""

FIRST_SERVER_VERSION = 2
"""The schema version at which servers were first supported: a new server database starts at
``LATEST_VERSION`` directly from the SQLModel tables."""


def _server_v3_practice_added(connection: Connection) -> None:
    """File migration 3 on a server: the night a practice was added, NULL for those there."""
    connection.exec_driver_sql("ALTER TABLE practice ADD COLUMN added VARCHAR")


SERVER_STEPS: dict[int, Callable[[Connection], None]] = {2: _server_v3_practice_added}
"""Version N -> the step that brings a server database from N to N+1. Every file migration
after ``FIRST_SERVER_VERSION`` needs its step here (a test checks it). Like the file's
migrations they are frozen history: never edit one, add the next."""

Run = Callable[[str], list[tuple]]
"""Runs one statement and returns its rows (psycopg's or SQLAlchemy's connection)."""


def libpq_url(url: ServerUrl) -> str:
    """The URL as libpq reads it (no SQLAlchemy driver name)."""
    return "postgresql://" + url.url.split("://", 1)[1]


def connect_driver(url: ServerUrl) -> psycopg.Connection[Any]:
    """A psycopg connection in autocommit mode (each read its own snapshot)."""
    return psycopg.connect(
        libpq_url(url),
        autocommit=True,
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        application_name="sleep-tracker",
    )


class ServerRepository(Repository):
    """The repository on a server database: the same methods, the same SQL (its dialect)."""

    dialect = "postgresql"

    def __init__(self, url: ServerUrl, connection: psycopg.Connection[Any]) -> None:
        super().__init__(url, exists=True)  # type: ignore[arg-type]
        self.url = url
        self._connection = connection
        self._read_lock = threading.Lock()
        self._engine: Engine | None = None
        self._server_writer: Writer | None = None
        self._server_lock = threading.Lock()

    @classmethod
    def connect(cls, url: ServerUrl) -> ServerRepository:
        """Connect, then create or migrate the tables on the server.

        Raises:
            UnusableFile: the server cannot be reached or refuses us, the database holds a
                newer schema or another program's tables of the same names.
        """
        with guard(url):
            connection = connect_driver(url)
        repository = cls(url, connection)
        try:
            with guard(url):
                version = schema_version(repository._run)
                refuse_newer(url, version)
                if version != LATEST_VERSION:
                    prepare_server(repository.engine(), url)
            repository.check_small_tables()
        except BaseException:
            repository.close()
            raise
        return repository

    def close(self) -> None:
        self._server_writer = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self._connection.close()

    def engine(self) -> Engine:
        """SQLAlchemy's engine on the server, made (and imported) on first use."""
        with self._server_lock:
            if self._engine is None:
                from tracker.storage.engine import make_server_engine

                self._engine = make_server_engine(
                    self.url.url, CONNECT_TIMEOUT_SECONDS, WRITE_LOCK_KEY
                )
            return self._engine

    def writer(self) -> Writer:
        engine = self.engine()
        with self._server_lock:
            if self._server_writer is None:
                from tracker.storage.writer import Writer

                self._server_writer = Writer(engine)
            return self._server_writer

    def prepare_writes(
        self, today: object = None, *, always: bool = False, dry_run: bool = False
    ) -> None:
        """Nothing to verify or back up here: the server keeps the data (its administrator
        backs it up); rows found damaged still stop every later write."""
        if self.damage is not None:
            raise self.damage

    def _write(self, operation: Callable[[Writer], T]) -> T:
        self.prepare_writes()
        with guard(self.path, self):
            return operation(self.writer())

    def _file_appeared(self) -> bool:
        return True

    def _read(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        with guard(self.path, self):
            return self._run(dialects.for_dialect(sql, self.dialect), parameters)

    def _run(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        with self._read_lock:
            if self._connection.closed or self._connection.broken:
                # The server restarted or dropped us since the last read: connect again.
                self._connection = connect_driver(self.url)
            cursor = self._connection.execute(sql, tuple(parameters))  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []


def schema_version(run: Run) -> int | None:
    """The version of the tracker's schema in this database, None when it has none."""
    # pg_tables rather than to_regclass: a catalogue lookup may not yet see tables another
    # program created while we waited for the lock; a query's snapshot does.
    ((present,),) = run(
        "SELECT count(*) FROM pg_tables "
        f"WHERE schemaname = current_schema() AND tablename = '{SCHEMA_TABLE}'"
    )
    if not present:
        return None
    found = run(f"SELECT application, version FROM {SCHEMA_TABLE}")
    if len(found) != 1 or found[0][0] != APPLICATION:
        return -1
    return int(found[0][1])


def refuse_newer(url: ServerUrl, version: int | None) -> None:
    """Raise UnusableFile for a schema that is not ours or is newer than this program's."""
    if version == -1:
        raise UnusableFile(f"Cannot use {url}: its {SCHEMA_TABLE} table is not a sleep-tracker's")
    if version is not None and version > LATEST_VERSION:
        raise UnusableFile(
            f"Cannot use {url}: it was written by a newer sleep-tracker (schema {version}; "
            f"this one knows {LATEST_VERSION}); upgrade sleep-tracker to use it"
        )


def prepare_server(engine: Engine, url: ServerUrl) -> None:
    """Create the tables on a blank database or migrate older ones, in one transaction."""
    with engine.begin() as connection:

        def run(sql: str) -> list[tuple]:
            result = connection.exec_driver_sql(sql)
            return [tuple(row) for row in result] if result.returns_rows else []

        # Two machines opening a blank database at once: the second waits, then sees it made.
        run(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        version = schema_version(run)
        refuse_newer(url, version)
        if version is None:
            _create(connection, run, url)
            return
        for step in range(version, LATEST_VERSION):
            SERVER_STEPS[step](connection)
        run(f"UPDATE {SCHEMA_TABLE} SET version = {LATEST_VERSION}")


def tracker_tables() -> list[Table]:
    """The SQLModel tables of the schema (imports SQLModel)."""
    from sqlmodel import SQLModel

    from tracker.storage import tables

    return [
        SQLModel.metadata.tables[row.__tablename__]  # type: ignore[attr-defined]
        for row in (tables.NightRow, tables.PracticeRow, tables.MarkRow, tables.TargetRow,
                    tables.SettingRow)
    ]  # fmt: skip


def _create(connection: Connection, run: Run, url: ServerUrl) -> None:
    """Our tables, the built-in practices and the version row, in the caller's transaction."""
    from sqlmodel import SQLModel

    from tracker.storage.tables import PracticeRow

    ours = tracker_tables()
    names = {table.name for table in ours}
    existing = run("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    taken = sorted(name for (name,) in existing if name in names)
    if taken:
        raise UnusableFile(
            f"Cannot use {url}: it already has tables named {', '.join(taken)} that are not "
            "a sleep-tracker's; use an empty database"
        )
    SQLModel.metadata.create_all(connection, tables=ours)
    connection.execute(
        PracticeRow.__table__.insert(),  # type: ignore[attr-defined]
        [
            mapping.practice_row(
                Practice(key, label, Category(category), Kind(kind), position, builtin=True)
            )
            for key, label, category, kind, position in _V1_CATALOGUE
        ],
    )
    run(f"CREATE TABLE {SCHEMA_TABLE} (application VARCHAR NOT NULL, version INTEGER NOT NULL)")
    run(f"INSERT INTO {SCHEMA_TABLE} VALUES ('{APPLICATION}', {LATEST_VERSION})")


def server_failure(url: ServerUrl, error: BaseException) -> UnusableFile | None:
    """A server or driver error, or a row the program cannot read, as one line naming the
    server (password hidden); None for anything else."""
    from tracker.storage.row_rules import RowDamage

    cause = getattr(error, "orig", None) or error  # SQLAlchemy keeps the driver's error
    if isinstance(cause, RowDamage):
        return UnusableFile(url.hide(f"Cannot use {url}: the database is damaged: {cause.message}"))
    if not isinstance(cause, psycopg.Error):
        return None
    text = str(cause).strip() or type(cause).__name__
    reason = " ".join(text.splitlines()[0].split())
    if isinstance(cause, psycopg.OperationalError):
        # The server answered and said no (a wrong password, an unknown user or database):
        # it was reached, so say it refused rather than that it could not be reached.
        refused = ("authentication failed", "does not exist", "no pg_hba.conf entry")
        if any(words in reason for words in refused):
            reason = f"the server {url.host} refused the connection: {reason}"
        else:
            reason = f"cannot reach the server {url.host}: {reason}"
    return UnusableFile(url.hide(f"Cannot use {url}: {reason}"))
