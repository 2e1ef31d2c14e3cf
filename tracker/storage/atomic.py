"""Writing a file the user names (an export, a report, a backup) whole or not at all.

The one atomic-write helper of the tracker: the content goes to a temporary file in the
target's folder, is flushed to disk, and then renamed over the target, so an existing file is
replaced whole or left as it was. A path that exists and is not a regular file (a device, a
FIFO, a folder) is refused: replacing ``/dev/null`` or a named pipe with a regular file is
never what the user meant.

Temporary names have a fixed short form, ``.sleep-tracker-PID-RANDOM.KIND``, whatever the
target's name: a valid 255-byte file name never becomes a too-long temporary one. The PID in
the name lets any later write into the same folder remove what a killed process left behind
(the process is gone) without touching a temporary file another running process is filling.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from tracker.domain.errors import UnusableFile

T = TypeVar("T")

STDOUT = "-"
"""The output name that means standard output (``-o -``)."""

TEMPORARY_PREFIX = ".sleep-tracker-"


def writes_to_stdout(name: str) -> bool:
    """Whether an output name means standard output: ``-``, or a path that is our stdout
    itself (``/dev/stdout``, ``/dev/fd/1``), which cannot be replaced by a rename."""
    if name == STDOUT:
        return True
    try:
        return os.path.samestat(os.stat(name), os.fstat(1))
    except (OSError, ValueError):
        return False


def output_target(path: Path) -> Path:
    """The regular file (or new path) a write to ``path`` replaces, through symbolic links.

    Raises:
        UnusableFile: ``path`` exists and is not a regular file, or its folder is missing.
    """
    target = Path(os.path.realpath(path))
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise UnusableFile(f"Cannot write {path}: {error.strerror or error}") from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise UnusableFile(f"Cannot write {path}: {_kind(existing.st_mode)}, not a regular file")
    if not target.parent.is_dir():
        raise UnusableFile(f"Cannot write {path}: the folder {target.parent} does not exist")
    return target


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISFIFO(mode):
        return "it is a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device"
    if stat.S_ISSOCK(mode):
        return "it is a socket"
    return "it is a special file"


def make_temporary(folder: Path, kind: str = "tmp") -> Path:
    """A new, empty, private (0600) file in ``folder`` with a short temporary name."""
    descriptor, name = tempfile.mkstemp(
        prefix=f"{TEMPORARY_PREFIX}{os.getpid()}-", suffix=f".{kind}", dir=folder
    )
    os.close(descriptor)
    os.chmod(name, 0o600)
    return Path(name)


def remove_temporary(temporary: Path) -> None:
    """Remove a temporary file and what SQLite may have made beside it."""
    for leftover in (temporary, *(Path(f"{temporary}{end}") for end in _SQLITE_SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(leftover)


_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files that processes no longer running left in ``folder``.

    Returns:
        The files removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(TEMPORARY_PREFIX):
            continue
        pid_text = entry.name[len(TEMPORARY_PREFIX) :].partition("-")[0]
        if not pid_text.isascii() or not pid_text.isdigit() or _running(int(pid_text)):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process: not ours to judge
    return True


@contextlib.contextmanager
def atomic_path(path: Path, *, keep_mode: bool = True) -> Iterator[Path]:
    """A temporary path to fill; on success it is renamed over ``path`` (else removed).

    For writers that want a path rather than a handle (SQLite's backup, a PDF library).
    A new file is private (0600); a replaced one keeps its permissions when ``keep_mode``.

    Raises:
        UnusableFile: see ``output_target``; or the folder or disk refused the write.
    """
    target = output_target(path)
    clean_leftovers(target.parent)
    try:
        temporary = make_temporary(target.parent)
    except OSError as error:
        raise UnusableFile(f"Cannot write {path}: {error.strerror or error}") from None
    try:
        yield temporary
        if keep_mode:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        _sync_file(temporary)
        os.replace(temporary, target)
    except OSError as error:
        raise UnusableFile(f"Cannot write {path}: {error.strerror or error}") from None
    finally:
        remove_temporary(temporary)
    sync_folder(target.parent)


def write_atomically(path: Path, write: Callable[[IO[Any]], T], *, binary: bool = False) -> T:
    """Write ``path`` whole or not at all through ``write(handle)``; returns what it returns.

    The handle is text (UTF-8, no newline translation) unless ``binary``. An existing file is
    replaced whole or left as it was; a new file is private to the user (0600).

    Raises:
        UnusableFile: the path is not a regular file or new path, its folder is missing or
            not writable, or the disk refused the write; nothing is left behind.
    """
    with atomic_path(path) as temporary:
        if binary:
            with open(temporary, "wb") as handle:
                return write(handle)
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            return write(handle)


def _sync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable where the platform allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
