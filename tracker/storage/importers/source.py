"""The FILE given to ``import``: a plain file, a zip, a folder or stdin, read safely.

Whatever is held in memory whole (CSV, JSON, harsh's log) is capped at what a sleep history can
be, 256 MB; a streamed member (Apple Health's XML) is only ever read in chunks. A FIFO or a
device is refused before anything is read from it, so an import never waits forever.
"""

from __future__ import annotations

import os
import stat
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from tracker.domain.errors import UnusableFile

MAX_IN_MEMORY = 256 * 1024 * 1024
STDIN = "-"


class Source:
    """One import input and its members (the files of a zip or folder)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.path: Path | None = None
        self.kind = "stdin"
        self._zip: zipfile.ZipFile | None = None
        self._stdin: bytes | None = None
        if name == STDIN:
            self.name = "<stdin>"
            return
        self.path = Path(name)
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            raise UnusableFile(f"Cannot use {name}: no such file") from None
        except OSError as error:
            raise UnusableFile(f"Cannot use {name}: {error.strerror or error}") from None
        if stat.S_ISDIR(info.st_mode):
            self.kind = "folder"
        elif stat.S_ISREG(info.st_mode):
            self.kind = "zip" if _is_zip(self.path) else "file"
        else:
            raise UnusableFile(
                f"Cannot use {name}: it is not a regular file (a FIFO, socket or device); "
                "nothing was read"
            )
        if self.kind == "zip":
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as error:
                raise UnusableFile(f"Cannot use {name}: a damaged zip file ({error})") from None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Members --------------------------------------------------------------------------

    def members(self) -> list[str]:
        """Relative names of the files inside a zip or folder (``a/b.csv``); [] otherwise."""
        if self._zip is not None:
            return [info.filename for info in self._zip.infolist() if not info.is_dir()]
        if self.kind == "folder" and self.path is not None:
            found: list[str] = []
            for folder, _dirs, files in os.walk(self.path):
                for file in files:
                    relative = (Path(folder) / file).relative_to(self.path)
                    found.append(PurePosixPath(*relative.parts).as_posix())
                if len(found) > 10_000:
                    break
            return sorted(found)
        return []

    def find(self, file_name: str) -> str | None:
        """The shallowest member whose last part is ``file_name`` (case-insensitive)."""
        wanted = file_name.lower()
        matches = [m for m in self.members() if PurePosixPath(m).name.lower() == wanted]
        return min(matches, key=lambda m: (m.count("/"), m)) if matches else None

    def label(self, member: str | None) -> str:
        """How a member is named in messages: ``FILE`` or ``FILE/member``."""
        if member is None:
            return self.name
        return f"{self.name.rstrip('/')}/{member}"

    # Reading --------------------------------------------------------------------------

    def size(self, member: str | None = None) -> int:
        if member is None:
            if self.kind == "stdin":
                return len(self._read_stdin())
            assert self.path is not None
            return self.path.stat().st_size
        if self._zip is not None:
            return self._zip.getinfo(member).file_size
        assert self.path is not None
        return (self.path / member).stat().st_size

    @contextmanager
    def open(self, member: str | None = None) -> Iterator[BinaryIO]:
        """A binary stream of the file or one member (for streamed formats)."""
        try:
            if member is None and self.kind == "stdin":
                import io

                yield io.BytesIO(self._read_stdin())
            elif self._zip is not None and member is not None:
                with self._zip.open(member) as stream:
                    yield stream  # type: ignore[misc]
            else:
                assert self.path is not None
                target = self.path if member is None else self.path / member
                _refuse_special(target, self.label(member))
                with open(target, "rb") as stream:
                    yield stream
        except (OSError, zipfile.BadZipFile) as error:
            raise UnusableFile(
                f"Cannot use {self.label(member)}: {getattr(error, 'strerror', None) or error}"
            ) from None

    def read_bytes(self, member: str | None = None) -> bytes:
        """The whole file or member, refused past 256 MB."""
        label = self.label(member)
        if member is None and self.kind == "stdin":
            return self._read_stdin()
        if member is None and self.kind != "file":
            raise UnusableFile(f"Cannot use {label}: it is a {self.kind}, not a file")
        if self.size(member) > MAX_IN_MEMORY:
            raise UnusableFile(_too_big(label))
        with self.open(member) as stream:
            data = stream.read(MAX_IN_MEMORY + 1)
        if len(data) > MAX_IN_MEMORY:
            raise UnusableFile(_too_big(label))
        return data

    def read_text(self, member: str | None = None) -> str:
        """The file or member as UTF-8 text (a byte-order mark removed).

        Raises:
            UnusableFile: too big, unreadable, or not UTF-8.
        """
        data = self.read_bytes(member)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise UnusableFile(
                f"Cannot use {self.label(member)}: line {line} is not UTF-8 text"
            ) from None

    def head(self, member: str | None = None, size: int = 65536) -> bytes:
        """The first bytes of the file or member, for recognising the format."""
        if member is None and self.kind == "stdin":
            return self._read_stdin()[:size]
        with self.open(member) as stream:
            return stream.read(size)

    def _read_stdin(self) -> bytes:
        if self._stdin is None:
            data = sys.stdin.buffer.read(MAX_IN_MEMORY + 1)
            if len(data) > MAX_IN_MEMORY:
                raise UnusableFile(_too_big("<stdin>"))
            self._stdin = data
        return self._stdin


def _too_big(label: str) -> str:
    return (
        f"Cannot use {label}: it is over 256 MB, more than a sleep history can be; nothing was read"
    )


def _is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as stream:
            return stream.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _refuse_special(path: Path, label: str) -> None:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # open() reports it
    if not stat.S_ISREG(mode):
        raise UnusableFile(f"Cannot use {label}: it is not a regular file; nothing was read")
