"""PDF pages as pictures (poppler's ``pdftoppm``), and how much ink they hold."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"{' or '.join(names)} is not installed (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def page_pictures(pdf: Path, folder: Path) -> list[bytes]:
    """Each page as a grey picture (PGM), 40 dots per inch."""
    pdftoppm = tool("pdftoppm")
    subprocess.run([pdftoppm, "-gray", "-r", "40", str(pdf), str(folder / "page")], check=True)
    return [path.read_bytes() for path in sorted(folder.glob("page*.pgm"))]


def ink(picture: bytes) -> float:
    """Share of pixels darker than mid-grey in a binary PGM."""
    fields = picture.split(maxsplit=4)
    assert fields[0] == b"P5"
    pixels = fields[4]
    return sum(1 for value in pixels if value < 128) / len(pixels)
