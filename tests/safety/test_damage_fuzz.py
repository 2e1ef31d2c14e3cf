"""A matrix of damaged files through every command: never a traceback, never a write into a
file that fails ``PRAGMA integrity_check``.

Damage: random bytes overwritten at several seeds, a whole page of noise at several seeds,
truncation at several offsets, a stray ``-wal`` or ``-journal`` of noise beside a healthy
file. Each command runs through the real entry point (``tracker.cli.main.main``, in this
process: an uncaught exception fails the test with its traceback). Outcomes allowed: exit 0
(the damage missed everything the command reads, or the file is still healthy), or exit 3
with one ``Error:`` line naming the path. A file that fails the integrity check before must be
byte-for-byte the same after every command.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.safety.damage import flip_bytes, flip_page, healthy_database, passes_integrity_check
from tracker.cli.main import main

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("checkin", "--night", "2026-01-20", "--quality", "2", "--done", "routine"),
    ("checkin", "--night", "2026-02-01", "--bed", "23:00", "--wake", "07:00"),
    ("week", "--night", "2026-01-12", "--json"),
    ("trends", "--json"),
    ("export",),
    ("status",),
    ("practices", "list"),
    ("practices", "add", "journal", "Journal"),
    ("settings", "set", "rollover", "14"),
    ("check",),
    ("backup",),
    ("import", "{csv}"),
)


def _noise_beside(suffix: str, seed: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        Path(f"{path}{suffix}").write_bytes(random.Random(seed).randbytes(8192))

    return damage


def _truncate_at(fraction: float) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction)])

    return damage


DAMAGE: dict[str, Callable[[Path], None]] = {
    **{f"bytes-{seed}": (lambda p, s=seed: flip_bytes(p, s, count=16)) for seed in range(8)},
    **{f"page-{seed}": (lambda p, s=seed: flip_page(p, s)) for seed in range(8)},
    **{f"truncate-{f}": _truncate_at(f) for f in (0.1, 0.5, 0.9, 0.999)},
    "stray-wal": _noise_beside("-wal", 1),
    "stray-journal": _noise_beside("-journal", 2),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return healthy_database(tmp_path_factory.mktemp("pristine") / "tracker.db", nights=200)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"


@pytest.mark.parametrize("name", list(DAMAGE))
def test_damaged_file_through_every_command(
    name: str, pristine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("night,bedtime,wake_time\n2025-06-01,23:00,07:00\n", encoding="utf-8")
    for command in COMMANDS:
        folder = tmp_path / f"case-{COMMANDS.index(command)}"
        folder.mkdir()
        db = folder / "tracker.db"
        shutil.copyfile(pristine, db)
        DAMAGE[name](db)
        healthy = passes_integrity_check(db)
        before = _digest(db)
        argv = ["--db", str(db), *(str(source) if part == "{csv}" else part for part in command)]
        code = main(argv)
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        assert code in (0, 3), (name, command, code, err)
        if code == 3:
            lines = err.splitlines()
            assert len(lines) == 1 and lines[0].startswith("Error: "), (name, command, err)
            assert str(db) in lines[0], (name, command, err)
        if not healthy:
            assert _digest(db) == before, f"{command} wrote into a damaged file ({name})"
            assert not (folder / "backups").exists(), (name, command)
