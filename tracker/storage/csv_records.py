"""CSV records with the line each starts on: our import and the other apps' readers share it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator


class Malformed(Exception):
    """A record the csv module could not read, with the line it starts on."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the physical line it starts on; blank rows skipped.

    Raises:
        Malformed: the csv module gave up, with the line.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 0
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if any(cell.strip() for cell in row):
                yield start, row
    except csv.Error as error:
        raise Malformed(line + 1, str(error)) from None
