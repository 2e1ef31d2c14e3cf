"""The one place that knows how to connect to SQLite.

Every connection runs in WAL mode with foreign keys and a long busy timeout, so two copies
of the app, or the app and the CLI, can use one file at once. Writes start with
``BEGIN IMMEDIATE``: taking the write lock up front means a writer waits its turn through
the busy timeout instead of failing with "database is locked" when a read transaction
would have to be upgraded.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from tracker.storage.connection import BUSY_TIMEOUT_SECONDS, configure_connection

WRITE = {"sqlite_write": True}
"""Execution option that makes a transaction take the write lock at BEGIN."""


def make_engine(db_path: Path) -> Engine:
    """An engine for an existing, already-checked database file."""
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        # No connection is kept between transactions: an idle pooled connection would hold
        # file locks that any later open()/close() of the file in this process drops.
        poolclass=NullPool,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's implicit BEGIN is always deferred).
        dbapi_connection.isolation_level = None
        configure_connection(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("sqlite_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine



def make_server_engine(url: str, connect_timeout: int, write_lock_key: int) -> Engine:
    """An engine on a PostgreSQL server (psycopg 3) whose write transactions first take the
    advisory lock ``write_lock_key`` (see ``server.py``)."""
    engine = create_engine(
        url,
        connect_args={"connect_timeout": connect_timeout, "application_name": "sleep-tracker"},
        pool_size=2,
        max_overflow=4,
        # A connection the server closed meanwhile (restart, idle timeout) is replaced, not
        # reported as an error.
        pool_pre_ping=True,
        hide_parameters=True,  # no values of ours in error messages
    )

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("sqlite_write", False):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({write_lock_key})")

    return engine
