"""A PostgreSQL URL as the database: how it is read, shown, and what happens when the server
cannot be used. The password never reaches any output."""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg_cluster import PASSWORD, USER, Cluster
from tests.safety.helpers import run_tracker
from tracker.storage.paths import ServerUrl, parse_target

SECRET = "hunter2-very-secret"


@pytest.mark.parametrize(
    ("given", "shown", "host"),
    [
        (f"postgresql+psycopg://bob:{SECRET}@db.example/sleep",
         "postgresql+psycopg://bob:***@db.example/sleep", "db.example"),
        (f"postgresql://bob@db.example:5433/sleep?password={SECRET}&sslmode=require",
         "postgresql+psycopg://bob@db.example:5433/sleep?password=***&sslmode=require",
         "db.example"),
        ("postgres://bob@h/sleep", "postgresql+psycopg://bob@h/sleep", "h"),
        ("postgresql+psycopg:///sleep?host=/run/postgresql",
         "postgresql+psycopg:///sleep?host=/run/postgresql", "/run/postgresql"),
    ],
)  # fmt: skip
def test_a_server_url_is_shown_without_its_password(given: str, shown: str, host: str) -> None:
    url = parse_target(given)
    assert isinstance(url, ServerUrl)
    assert str(url) == shown and SECRET not in repr(url)
    assert url.url.startswith("postgresql+psycopg://")
    assert url.host == host


def test_a_file_path_stays_a_path() -> None:
    assert parse_target("~/sleep.db") == Path("~/sleep.db").expanduser()
    assert parse_target("data/with:colon.db") == Path("data/with:colon.db")


def test_an_unknown_url_kind_is_refused_with_status_3(tmp_path: Path) -> None:
    result = run_tracker("week", "--db", "mysql://bob@db.example/sleep")
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("Error: ") and "PostgreSQL" in result.stderr
    assert not list(tmp_path.iterdir()) or "mysql:" not in {p.name for p in tmp_path.iterdir()}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and then never says a word (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.mark.parametrize("command", [("checkin", "--quality", "3"), ("week",), ("status",),
                                     ("export",)])  # fmt: skip
def test_a_server_that_refuses_connections_is_status_3_naming_the_host(
    command: tuple[str, ...],
) -> None:
    url = f"postgresql+psycopg://bob:{SECRET}@127.0.0.1:{_free_port()}/sleep"
    result = run_tracker(*command, "--db", url, timeout=30)
    assert result.returncode == 3, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "127.0.0.1" in result.stderr
    assert SECRET not in result.stderr + result.stdout
    assert "bob:***@127.0.0.1" in result.stderr


def test_a_server_that_never_answers_is_status_3_not_a_hang(silent_server: int) -> None:
    url = f"postgresql+psycopg://bob:{SECRET}@127.0.0.1:{silent_server}/sleep"
    # The subprocess timeout is the hang detector; the program gives up after its
    # connect_timeout (5 s) by itself.
    result = run_tracker("week", "--db", url, timeout=60)
    assert result.returncode == 3, (result.stdout, result.stderr)
    assert "127.0.0.1" in result.stderr and "timeout" in result.stderr
    assert SECRET not in result.stderr


def test_the_env_variable_may_hold_the_url(pg_url: str) -> None:
    made = run_tracker("checkin", "--night", "2026-01-02", "--quality", "4",
                       env={"SLEEP_TRACKER_DB": pg_url})  # fmt: skip
    assert made.returncode == 0, made.stderr
    shown = run_tracker("settings", env={"SLEEP_TRACKER_DB": pg_url})
    assert shown.returncode == 0, shown.stderr
    assert f"{USER}:***@127.0.0.1" in shown.stdout
    assert PASSWORD not in shown.stdout + shown.stderr + made.stdout + made.stderr


def test_the_password_may_come_from_pgpassword_or_pgpass(
    pg_cluster: Cluster, pg_url: str, private_home: Path
) -> None:
    bare = pg_url.replace(f":{PASSWORD}@", "@")
    assert PASSWORD not in bare
    with_env = run_tracker("checkin", "--night", "2026-01-02", "--quality", "4", "--db", bare,
                           env={"PGPASSWORD": PASSWORD})  # fmt: skip
    assert with_env.returncode == 0, with_env.stderr

    pgpass = private_home / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_cluster.port}:*:{USER}:{PASSWORD}\n")
    pgpass.chmod(0o600)
    with_file = run_tracker("week", "--night", "2026-01-02", "--json", "--db", bare)
    assert with_file.returncode == 0, with_file.stderr
    assert '"nights_logged": 1' in with_file.stdout

    pgpass.unlink()
    without = run_tracker("week", "--db", bare, env={"PGPASSWORD": ""})
    assert without.returncode == 3
    assert "127.0.0.1" in without.stderr and "Traceback" not in without.stderr


def test_a_wrong_password_is_status_3_and_never_shown(pg_url: str) -> None:
    wrong = pg_url.replace(PASSWORD, SECRET)
    result = run_tracker("checkin", "--quality", "3", "--db", wrong)
    assert result.returncode == 3, result.stderr
    assert SECRET not in result.stderr and PASSWORD not in result.stderr
    assert "password authentication failed" in result.stderr
    assert "refused the connection" in result.stderr and "cannot reach" not in result.stderr


def test_a_unix_socket_url_reaches_the_server(pg_cluster: Cluster, pg_url: str) -> None:
    database = pg_url.rsplit("/", 1)[1]
    url = f"postgresql+psycopg://{USER}@/{database}?host={pg_cluster.folder}&port={pg_cluster.port}"
    saved = run_tracker("checkin", "--night", "2026-01-02", "--quality", "4", "--db", url)
    assert saved.returncode == 0, saved.stderr
    week = run_tracker("week", "--night", "2026-01-02", "--json", "--db", url)
    assert week.returncode == 0, week.stderr
    assert '"nights_logged": 1' in week.stdout
    shown = run_tracker("settings", "--db", url)
    assert f"host={pg_cluster.folder}" in shown.stdout


def test_a_socket_folder_that_does_not_exist_is_status_3_naming_it(pg_cluster: Cluster) -> None:
    url = f"postgresql+psycopg://{USER}@/sleep?host=/nonexistent/sockets&port={pg_cluster.port}"
    result = run_tracker("week", "--db", url)
    assert result.returncode == 3, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "cannot reach the server /nonexistent/sockets" in result.stderr


def test_tls_settings_in_the_url_are_used(pg_cluster: Cluster, pg_url: str, tmp_path: Path) -> None:
    trusted = pg_cluster.folder / "server.crt"
    # The server's own certificate verifies: the connection really is TLS, checked by name.
    good = f"{pg_url}?sslmode=verify-full&sslrootcert={trusted}"
    saved = run_tracker("checkin", "--night", "2026-01-02", "--quality", "4", "--db", good)
    assert saved.returncode == 0, saved.stderr
    assert PASSWORD not in saved.stdout + saved.stderr

    stranger = tmp_path / "other.crt"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(tmp_path / "other.key"), "-out", str(stranger)],
        check=True, capture_output=True,
    )  # fmt: skip
    refused = run_tracker("week", "--db", f"{pg_url}?sslmode=verify-full&sslrootcert={stranger}")
    assert refused.returncode == 3, refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    assert "certificate verify failed" in refused.stderr
    assert PASSWORD not in refused.stderr and "***" in refused.stderr
