"""The schema, as ordered forward migrations.

Each migration is one transaction that also sets ``PRAGMA user_version`` to its number, so a
database is always at exactly one known version. ``create_all`` is never the upgrade path:
a new database runs every migration from 1, an old one the ones it lacks (after a backup
copy, see ``database.py``). Never edit a released migration; add the next one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tracker.storage.fileguard import APPLICATION_ID

Migration = Callable[[sqlite3.Connection], None]


def _v1_base_schema(db: sqlite3.Connection) -> None:
    """Nights, practices and their marks, schedule targets, preferences."""
    db.executescript(
        """
        CREATE TABLE night (
            night TEXT PRIMARY KEY NOT NULL,          -- ISO date the evening began
            bedtime INTEGER CHECK (bedtime BETWEEN 0 AND 1439),
            wake INTEGER CHECK (wake BETWEEN 0 AND 1439),
            quality INTEGER CHECK (quality BETWEEN 1 AND 5),
            room_temp_c REAL,
            note TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE practice (
            key TEXT PRIMARY KEY NOT NULL,
            label TEXT NOT NULL,
            category TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'checked',
            position INTEGER NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0,
            builtin INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE mark (
            night TEXT NOT NULL REFERENCES night(night) ON DELETE CASCADE,
            practice TEXT NOT NULL REFERENCES practice(key),
            state TEXT NOT NULL CHECK (state IN ('done', 'missed', 'skipped')),
            PRIMARY KEY (night, practice)
        ) WITHOUT ROWID;
        CREATE INDEX mark_by_practice ON mark (practice, night);
        CREATE TABLE target (
            effective_from TEXT PRIMARY KEY NOT NULL,
            bedtime INTEGER NOT NULL,
            wake INTEGER NOT NULL,
            tolerance INTEGER NOT NULL
        );
        CREATE TABLE setting (
            name TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        );
        """
    )
    db.executemany(
        "INSERT INTO practice (key, label, category, kind, position, builtin) "
        "VALUES (?, ?, ?, ?, ?, 1)",
        _V1_CATALOGUE,
    )


# The catalogue as migration 1 wrote it; frozen here so later catalogue edits cannot
# change what an old migration does.
_V1_CATALOGUE = (
    ("routine", "Followed my evening routine", "evening", "checked", 1),
    ("meditation", "Meditated before bed", "evening", "checked", 2),
    ("stretching", "Did light stretching", "evening", "checked", 3),
    ("cool_room", "Kept the bedroom cool", "environment", "checked", 4),
    ("quiet_room", "Kept noise down", "environment", "checked", 5),
    ("comfortable", "Comfortable sleep environment", "environment", "checked", 6),
    ("on_time_bed", "In bed on schedule", "schedule", "derived", 7),
    ("on_time_wake", "Up on schedule", "schedule", "derived", 8),
)


def _v2_sleep_diary(db: sqlite3.Connection) -> None:
    """The Consensus Sleep Diary items (optional per night)."""
    db.executescript(
        """
        ALTER TABLE night ADD COLUMN in_bed INTEGER CHECK (in_bed BETWEEN 0 AND 1439);
        ALTER TABLE night ADD COLUMN out_of_bed INTEGER CHECK (out_of_bed BETWEEN 0 AND 1439);
        ALTER TABLE night ADD COLUMN latency INTEGER CHECK (latency BETWEEN 0 AND 720);
        ALTER TABLE night ADD COLUMN awakenings INTEGER CHECK (awakenings BETWEEN 0 AND 99);
        ALTER TABLE night ADD COLUMN waso INTEGER CHECK (waso BETWEEN 0 AND 720);
        """
    )


def _v3_practice_added(db: sqlite3.Connection) -> None:
    """The night a practice was added (NULL for every practice that exists already)."""
    db.executescript(
        """
        ALTER TABLE practice ADD COLUMN added TEXT;
        """
    )


MIGRATIONS: tuple[Migration, ...] = (_v1_base_schema, _v2_sleep_diary, _v3_practice_added)
LATEST_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, target: int = LATEST_VERSION) -> int:
    """Bring a database (opened with ``isolation_level=None``) forward to ``target``.

    Each step takes the write lock first and re-reads the version inside its transaction,
    so two processes opening the same old file never run a migration twice.

    Returns:
        The version the database is at afterwards.
    """
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version >= target:
                db.execute("COMMIT")
                return version
            if version == 0:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            # executescript would COMMIT our transaction first; run statements one by one.
            _run_in_transaction(db, MIGRATIONS[version])
            db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite may have rolled back already (a full disk)
                db.execute("ROLLBACK")
            raise


def _run_in_transaction(db: sqlite3.Connection, migration: Migration) -> None:
    migration(_NoCommitConnection(db))  # type: ignore[arg-type]


class _NoCommitConnection:
    """Runs a migration's script statement by statement inside the open transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def executescript(self, script: str) -> None:
        for statement in _split_statements(script):
            self._db.execute(statement)

    def executemany(self, sql: str, rows: object) -> None:
        self._db.executemany(sql, rows)  # type: ignore[arg-type]

    def execute(self, sql: str, params: object = ()) -> None:
        self._db.execute(sql, params)  # type: ignore[arg-type]


def _split_statements(script: str) -> list[str]:
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
