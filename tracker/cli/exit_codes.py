"""Exit statuses of the command line, as DESIGN.md sets them."""

from __future__ import annotations

import sys
from enum import IntEnum

from tracker.domain.errors import InputRefused, TrackerError, UnusableFile
from tracker.domain.text import printable


class ExitCode(IntEnum):
    OK = 0
    REFUSED = 1
    """The user's input was refused; nothing was written."""
    USAGE = 2
    """A malformed command line (unknown command or option, missing argument)."""
    UNUSABLE = 3
    """The database or a file could not be used; it was left untouched."""
    INTERRUPTED = 130


def exit_code_for(error: TrackerError) -> ExitCode:
    if isinstance(error, UnusableFile):
        return ExitCode.UNUSABLE
    if isinstance(error, InputRefused):
        return ExitCode.REFUSED
    return ExitCode.REFUSED


def print_error(message: str) -> None:
    """One plain ``Error: ...`` line on stderr (no colour, no traceback); any control
    character left in it (a path, argparse repeating an argument) is shown escaped."""
    one_line = printable(" ".join(message.split("\n")))
    print(f"Error: {one_line}", file=sys.stderr)
