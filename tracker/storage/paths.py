"""Where the database lives: ``--db`` beats ``SLEEP_TRACKER_DB`` beats platformdirs.

Either may name a file or a PostgreSQL server (``postgresql+psycopg://USER@HOST/DB``).
Standard library only: this is on the ``status`` path.
"""

from __future__ import annotations

import os
from pathlib import Path

from tracker.domain.errors import UnusableFile

APP_NAME = "sleep-tracker"
DB_FILENAME = "tracker.db"
DB_ENV = "SLEEP_TRACKER_DB"


def default_data_dir() -> Path:
    """The per-user data folder platformdirs names for this app."""
    import platformdirs  # ~3 ms; only needed when no override is given

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


SERVER_SCHEMES = ("postgresql+psycopg", "postgresql", "postgres")
HIDDEN = "***"


class ServerUrl:
    """A PostgreSQL database URL. ``str()`` shows it with the password as ``***``.

    The password may be in the URL, or come from ``PGPASSWORD`` or ``~/.pgpass`` (libpq
    reads those itself when the URL has none).
    """

    __slots__ = ("url", "host", "shown", "password")

    def __init__(self, text: str) -> None:
        from urllib.parse import parse_qsl, unquote, urlencode, urlsplit  # only for a URL

        parts = urlsplit(text)
        query = parse_qsl(parts.query, keep_blank_values=True)
        self.password = unquote(parts.password) if parts.password is not None else None
        netloc = parts.netloc
        if parts.password is not None:
            userinfo, _, hostinfo = netloc.rpartition("@")
            netloc = f"{userinfo.partition(':')[0]}:{HIDDEN}@{hostinfo}"
        shown_query = urlencode(
            [(k, HIDDEN if k == "password" else v) for k, v in query], safe="/*"
        )
        self.shown = f"postgresql+psycopg://{netloc}{parts.path}" + (
            f"?{shown_query}" if shown_query else ""
        )
        # Always through psycopg (v3), whichever PostgreSQL spelling was given.
        self.url = "postgresql+psycopg://" + text.split("://", 1)[1]
        hosts = [v for k, v in query if k == "host"]
        self.host = parts.hostname or (hosts[0] if hosts else "localhost")

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"ServerUrl({self.shown!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServerUrl) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)

    def hide(self, text: str) -> str:
        """``text`` with the password (should a message ever quote it) as ``***``."""
        if self.password:
            text = text.replace(self.password, HIDDEN)
        return text


DatabaseTarget = Path | ServerUrl
"""A database file, or a database on a PostgreSQL server."""


def _scheme(text: str) -> str | None:
    """The URL scheme of ``text`` (``scheme://...``), or None for a file path."""
    scheme, separator, _ = text.partition("://")
    if not separator or not scheme or not scheme[0].isalpha():
        return None
    if not all(c.isalnum() or c in "+.-" for c in scheme):
        return None
    return scheme.lower()


def parse_target(text: str) -> DatabaseTarget:
    """A file path or a server URL, as given to ``--db`` or ``SLEEP_TRACKER_DB``.

    Raises:
        UnusableFile: a URL of a kind the tracker cannot use.
    """
    scheme = _scheme(text)
    if scheme is None:
        return Path(text).expanduser()
    if scheme not in SERVER_SCHEMES:
        shown = text.split("://", 1)[0][:40]
        raise UnusableFile(
            f"Cannot use the database URL {shown}://...: only PostgreSQL URLs "
            "(postgresql+psycopg://USER@HOST/DB) or a file path are supported"
        )
    return ServerUrl(text)


def resolve_db_path(cli_value: str | None = None) -> DatabaseTarget:
    """The database file (or server URL) to use, without touching the disk or the network."""
    if cli_value:
        return parse_target(cli_value)
    if env_value := os.environ.get(DB_ENV):
        return parse_target(env_value)
    return default_data_dir() / DB_FILENAME


def default_documents_dir() -> Path:
    """Where an export from the app goes by default: the documents folder, else home."""
    import platformdirs

    documents = platformdirs.user_documents_path()
    return documents if documents.is_dir() else Path.home()
