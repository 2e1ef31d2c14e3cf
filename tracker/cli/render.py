"""Human-readable output: Rich tables and wrapped lines on stdout (plain text when piped).

Everything fits the terminal's width (80 columns when stdout is not a terminal, or
``$COLUMNS``), no line ends in spaces, and lists of figures wrap between items, never inside
one ("efficiency 77%" stays whole).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from tracker.domain.text import printable

MIN_WIDTH = 40
"""Narrower terminals still get 40-column lines (a terminal that small wraps them itself)."""
INDENT = "  "
"""Continuation lines of a wrapped list start under its first item's indent."""


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def output_width() -> int:
    """Columns to fill: ``$COLUMNS``, else the terminal's width, else 80."""
    return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    right: Sequence[int] = (),
) -> None:
    """A table with a rule under its headers; columns listed in ``right`` are right-aligned.

    Rich pads every cell to its column's width; the padding at the end of each line is cut,
    so no line ends in spaces.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # Cells are Text, never markup: a label such as "[bold]" or "[/]" shows as typed, and
    # control characters in a note or label are escaped, not sent to the terminal.
    table = Table(
        title=None if title is None else Text(printable(title)),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        pad_edge=False,
        show_edge=False,  # no blank padded line above and below the table
    )
    for index, header in enumerate(headers):
        table.add_column(Text(printable(header)), justify="right" if index in right else "left")
    for row in rows:
        table.add_row(*(Text(printable(cell)) for cell in row))
    console = Console(highlight=False, soft_wrap=False, width=output_width())
    for segments in console.render_lines(table, pad=False):
        line = Text.assemble(*((s.text, s.style) for s in segments if not s.control))
        line.rstrip()
        console.print(line, soft_wrap=True)


def print_lines(lines: Iterable[str]) -> None:
    sys.stdout.write("".join(f"{printable(line.rstrip())}\n" for line in lines))


def separated(items: Sequence[str], separator: str = ",") -> list[str]:
    """Items with ``separator`` after each but the last: ready for ``wrap_items``."""
    return [f"{item}{separator}" for item in items[:-1]] + list(items[-1:])


def wrap_items(items: Sequence[str], *, head: str = "", width: int | None = None) -> list[str]:
    """``head`` and the items on as few lines as fit ``width``, broken only between items.

    Each item keeps its own punctuation (see ``separated``); continuation lines are indented.
    An item longer than the width gets a line of its own rather than being cut.
    """
    width = width or output_width()
    lines: list[str] = []
    line = head.rstrip()
    for item in items:
        if not line.strip():
            line = f"{line}{item}" if line else item
        elif len(line) + 1 + len(item) <= width:
            line = f"{line} {item}"
        else:
            lines.append(line)
            line = f"{INDENT}{item}"
    if line:
        lines.append(line)
    return lines


def percent(fraction: float | None) -> str:
    return "-" if fraction is None else f"{fraction:.0%}"


def number(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "-" if value is None else f"{value:.{digits}f}{suffix}"
