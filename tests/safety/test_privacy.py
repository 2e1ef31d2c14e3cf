"""Privacy: the data stays private to the user and never leaves the machine.

- Under a permissive umask (000) the data folder is created 0700 and the database, its
  ``-wal`` and ``-shm`` files 0600.
- A full check-in, week, trends, export and import run with every way of opening a network
  connection made to fail, and an audit hook that records any socket being created.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import stat
import sys
from pathlib import Path

import pytest

from tests.safety.helpers import run_driver, run_tracker

HAS_CSV = importlib.util.find_spec("tracker.storage.csv_io") is not None


def _permissive_umask() -> None:
    os.umask(0)


def _modes(folder: Path) -> dict[str, int]:
    return {entry.name: stat.S_IMODE(entry.stat().st_mode) for entry in folder.iterdir()}


def test_default_data_folder_and_file_are_private_under_umask_000(
    tmp_path: Path, private_home: Path
) -> None:
    result = run_tracker(
        "checkin", "--bed", "23:00", "--wake", "07:00", "--quality", "4",
        preexec_fn=_permissive_umask,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    folder = private_home / ".local" / "share" / "sleep-tracker"
    assert (folder / "tracker.db").is_file()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert _modes(folder) == {name: 0o600 for name in _modes(folder)}


HOLD_OPEN = r"""
import json, os, stat, sys
from pathlib import Path
from tracker.cli.main import main
from tracker.storage.repository import Repository

path = Path(sys.argv[1])
assert main(["checkin", "--db", str(path), "--quality", "3", "--done", "routine"]) == 0
repository = Repository.open(path)
with repository.write_session() as session:  # a writer holding the WAL and shared memory open
    from sqlalchemy import text
    session.execute(text("UPDATE night SET quality = 4"))
    modes = {e.name: stat.S_IMODE(e.stat().st_mode) for e in path.parent.iterdir()}
    session.commit()
print(json.dumps({"folder": stat.S_IMODE(path.parent.stat().st_mode), "files": modes}))
"""


def test_wal_and_shm_files_are_private_under_umask_000(tmp_path: Path) -> None:
    path = tmp_path / "new" / "tracker.db"
    result = run_driver(HOLD_OPEN, str(path), preexec_fn=_permissive_umask)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["folder"] == 0o700
    assert {"tracker.db", "tracker.db-wal", "tracker.db-shm"} <= set(seen["files"])
    assert seen["files"] == {name: 0o600 for name in seen["files"]}


def test_backup_of_a_migrated_database_is_as_private_as_the_file(tmp_path: Path) -> None:
    from tests.safety.helpers import FIXTURES

    path = tmp_path / "tracker.db"
    path.write_bytes((FIXTURES / "tracker-v1.db").read_bytes())
    path.chmod(0o600)
    result = run_tracker("week", "--night", "2026-10-05", "--json", db=path,
                         preexec_fn=_permissive_umask)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _modes(tmp_path)["tracker.db.v1.bak"] == 0o600


class NetworkUsed(AssertionError):
    pass


_watching: list[str] = []
_hook_installed = False


def _audit(event: str, args: tuple) -> None:
    if event == "socket.__new__" and len(args) > 1 and args[1] == socket.AF_UNIX:
        return  # a local socket pair (asyncio's wake-up pipe) is not the network
    if _watching and event in {"socket.__new__", "socket.connect", "socket.getaddrinfo",
                               "socket.bind", "socket.sendto", "socket.gethostbyname"}:  # fmt: skip
        _watching.append(f"{event}{args!r}")


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise NetworkUsed("the tracker tried to use the network")


class _NoSocket(socket.socket):
    def __init__(self, *args: object, **kwargs: object) -> None:
        _refuse()


def test_no_network_during_checkin_week_trends_export_and_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    global _hook_installed
    if not _hook_installed:  # audit hooks cannot be removed; this one only records while asked
        sys.addaudithook(_audit)
        _hook_installed = True
    monkeypatch.setattr(socket, "socket", _NoSocket)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    monkeypatch.setattr(socket, "socketpair", _refuse)

    from tracker.cli.main import main

    db = str(tmp_path / "data" / "tracker.db")
    commands = [
        ["checkin", "--night", "2026-10-05", "--bed", "23:10", "--wake", "06:50",
         "--done", "routine,meditation,stretching", "--missed", "cool_room",
         "--skipped", "quiet_room", "--quality", "4", "--temp", "19.5", "--note", "fine",
         "--in-bed", "22:50", "--out-of-bed", "07:05", "--latency", "15",
         "--awakenings", "1", "--waso", "10"],
        ["checkin", "--night", "2026-10-06", "--bed", "23:40", "--wake", "07:20",
         "--done", "comfortable", "--quality", "3"],
        ["week", "--night", "2026-10-06", "--json"],
        ["week", "--night", "2026-10-06"],
        ["trends", "--json", "--weeks", "60"],
        ["trends"],
        ["status"],
        ["settings"],
        ["practices", "list"],
    ]  # fmt: skip
    if HAS_CSV:
        exported = tmp_path / "nights.csv"
        commands += [
            ["export", "-o", str(exported)],
            ["export"],
            ["import", str(exported), "--db", str(tmp_path / "copy.db")],
        ]
    _watching.append("on")
    try:
        for command in commands:
            arguments = [*command, "--db", db] if "--db" not in command else command
            code = main(arguments)
            captured = capsys.readouterr()
            assert code == 0, (command, captured.err)
    finally:
        used = _watching[1:]
        _watching.clear()
    assert used == [], used
    if HAS_CSV:
        assert "2026-10-05" in exported.read_text(encoding="utf-8")


async def test_no_network_while_the_app_checks_in_and_shows_week_and_trends(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app under Pilot: a full check-in, the week and trends views, no network socket.

    ``socket.socket`` itself is left alone (asyncio's wake-up pipe is a local socket pair);
    the audit hook records any other socket, lookup or connection.
    """
    from tests.tui.tui_support import NOW, opened, settled
    from tracker.tui.app import make_app

    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)
        _hook_installed = True
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    app = make_app(db_path, now=lambda: NOW, sub_title="no network")
    _watching.append("on")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await opened(pilot)
            await pilot.press(*"2310", *"0650", *"ynsyyn", "4")
            await settled(pilot)
            for key in ("w", "r"):
                await pilot.press(key)
                await settled(pilot)
    finally:
        used = _watching[1:]
        _watching.clear()
    assert used == [], used
    assert query_quality(db_path) == [(4,)]


def query_quality(path: Path) -> list[tuple]:
    from tests.safety.helpers import query

    return query(path, "SELECT quality FROM night")
