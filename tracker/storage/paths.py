"""Where the database lives: ``--db`` beats ``SLEEP_TRACKER_DB`` beats platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "sleep-tracker"
DB_FILENAME = "tracker.db"
DB_ENV = "SLEEP_TRACKER_DB"


def default_data_dir() -> Path:
    """The per-user data folder platformdirs names for this app."""
    import platformdirs  # ~3 ms; only needed when no override is given

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def resolve_db_path(cli_value: str | None = None) -> Path:
    """The database file to use, without touching the disk."""
    if cli_value:
        return Path(cli_value).expanduser()
    if env_value := os.environ.get(DB_ENV):
        return Path(env_value).expanduser()
    return default_data_dir() / DB_FILENAME


def default_documents_dir() -> Path:
    """Where an export from the app goes by default: the documents folder, else home."""
    import platformdirs

    documents = platformdirs.user_documents_path()
    return documents if documents.is_dir() else Path.home()
