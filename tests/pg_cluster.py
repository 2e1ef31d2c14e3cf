"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a temporary folder.

``initdb`` refuses to run as root (CI runs as root), so as root the cluster belongs to
``nobody`` and every server command runs through ``runuser``. The server listens on
127.0.0.1 on a free port (TLS offered, with a throwaway self-signed certificate made by
``openssl``, which Debian's PostgreSQL packages bring) and on a Unix socket inside its own
folder, and the superuser has a password, so every test connection authenticates as a user's
would (scram-sha-256). The cluster is stopped and its folder removed at the end of the
session.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

USER = "tracker_test"
PASSWORD = "s3cret-pw-never-shown"
"""Distinctive, so that a test can assert it never appears in any output."""


def server_binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl`` (newest Debian version), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _version(path: str) -> tuple[int, ...]:
    part = Path(path).parts[-3]
    return tuple(int(piece) for piece in part.split(".") if piece.isdigit())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """A running server; ``database()`` makes a new, empty database on it."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port

    def url(self, database: str, *, password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"postgresql+psycopg://{USER}{secret}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run one statement as the superuser (autocommit)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=USER, password=PASSWORD,
            dbname=database, autocommit=True,
        ) as connection:  # fmt: skip
            connection.execute(sql)  # type: ignore[arg-type]

    def database(self) -> str:
        """A new empty database; returns its URL (with the password)."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "nobody", "--", *command]


def _self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for the server's TLS (the key readable by the server only)."""
    certificate, key = folder / "server.crt", folder / "server.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    key.chmod(0o600)
    if os.geteuid() == 0:
        shutil.chown(key, "nobody")
        shutil.chown(certificate, "nobody")
    return certificate, key


@contextlib.contextmanager
def running_cluster(binaries: Path) -> Iterator[Cluster]:
    """Start a cluster in a temporary folder; stop it and remove the folder afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
    data = folder / "data"
    password_file = folder / "pw"
    password_file.write_text(PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
        shutil.chown(password_file, "nobody")
        os.chmod(folder, 0o700)
    port = _free_port()
    log = folder / "server.log"
    try:
        subprocess.run(
            _as_server_user([
                str(binaries / "initdb"), "-D", str(data), "-U", USER,
                f"--pwfile={password_file}", "--auth-local=trust",
                "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync",
            ]),
            check=True, capture_output=True, cwd=folder,
        )  # fmt: skip
        certificate, key = _self_signed_certificate(folder)
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c ssl=on -c ssl_cert_file={certificate} -c ssl_key_file={key}"
        )
        subprocess.run(
            _as_server_user([
                str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
                "-o", options, "start",
            ]),
            check=True, capture_output=True, cwd=folder,
        )  # fmt: skip
        yield Cluster(folder, port)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_server_user(
                    [str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
                ),
                capture_output=True, cwd=folder,
            )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
