"""Output files (``export -o``): written whole or not at all, never over a special file.

Through the real command line: a FIFO, a device node and a folder given to ``-o`` are refused
with exit 3 and stay what they were; ``-o -`` and ``-o /dev/stdout`` write to stdout; a valid
250-character name works; a temporary file left by a killed process is cleaned up by the next
write into that folder.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.safety.helpers import REPO_ROOT, assert_one_error_line, run_tracker, snapshot
from tracker.domain.errors import UnusableFile
from tracker.storage.atomic import (
    TEMPORARY_PREFIX,
    clean_leftovers,
    make_temporary,
    write_atomically,
)


@pytest.fixture
def logged_db(tmp_path: Path) -> Path:
    db = tmp_path / "tracker.db"
    result = run_tracker("checkin", "--night", "2026-01-05", "--bed", "23:00", "--wake",
                         "07:00", db=db)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return db


def test_fifo_is_refused_and_stays_a_fifo(tmp_path: Path, logged_db: Path) -> None:
    fifo = tmp_path / "out" / "pipe"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    before = snapshot(fifo.parent)
    result = run_tracker("export", "-o", str(fifo), db=logged_db, timeout=30)
    assert_one_error_line(result, fifo)
    assert "named pipe" in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert snapshot(fifo.parent) == before


def test_device_node_is_refused_and_untouched(logged_db: Path) -> None:
    result = run_tracker("export", "-o", "/dev/null", db=logged_db)
    assert_one_error_line(result, Path("/dev/null"))
    assert "device" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_folder_is_refused(tmp_path: Path, logged_db: Path) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    result = run_tracker("export", "-o", str(folder), db=logged_db)
    assert_one_error_line(result, folder)
    assert "folder" in result.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_stdout_names_write_the_csv_to_a_pipe(name: str, logged_db: Path) -> None:
    command = [sys.executable, "-m", "tracker", "export", "-o", name, "--db", str(logged_db)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          cwd=REPO_ROOT) as process:  # fmt: skip
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.decode().splitlines()[1].startswith("2026-01-05,23:00,07:00")


def test_a_250_character_name_works(tmp_path: Path, logged_db: Path) -> None:
    target = tmp_path / ("n" * 246 + ".csv")
    result = run_tracker("export", "-o", str(target), db=logged_db)
    assert result.returncode == 0, result.stderr
    assert "2026-01-05" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_leftover_of_a_killed_writer_is_cleaned_by_the_next_export(
    tmp_path: Path, logged_db: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # A process that made a temporary file and died before renaming it.
    child = subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from tracker.storage.atomic import "
         "make_temporary; p = make_temporary(Path(sys.argv[1])); p.write_text('half'); "
         "print(p)", str(out)],
        capture_output=True, text=True, cwd=REPO_ROOT, check=True,
    )  # fmt: skip
    leftover = Path(child.stdout.strip())
    assert leftover.exists()
    result = run_tracker("export", "-o", str(out / "sleep.csv"), db=logged_db)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["sleep.csv"]


def test_a_running_writers_temporary_file_is_kept(tmp_path: Path) -> None:
    mine = make_temporary(tmp_path)
    assert mine.name.startswith(f"{TEMPORARY_PREFIX}{os.getpid()}-")
    assert clean_leftovers(tmp_path) == []
    assert mine.exists()


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)

    def fail(handle: object) -> None:
        handle.write("half")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    with pytest.raises(UnusableFile, match="No space left on device"):
        write_atomically(target, fail)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert write_atomically(target, lambda handle: handle.write("new")) == 3
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_binary_write_of_a_new_file_is_private(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    write_atomically(target, lambda handle: handle.write(b"%PDF-1.7"), binary=True)
    assert target.read_bytes() == b"%PDF-1.7"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
