"""Human-readable output: Rich tables on stdout (plain text when piped)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    right: Sequence[int] = (),
) -> None:
    """A boxed table; columns listed in ``right`` are right-aligned."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for index, header in enumerate(headers):
        table.add_column(header, justify="right" if index in right else "left")
    for row in rows:
        table.add_row(*row)
    Console(highlight=False, soft_wrap=False).print(table)


def print_lines(lines: Sequence[str]) -> None:
    sys.stdout.write("".join(f"{line}\n" for line in lines))


def percent(fraction: float | None) -> str:
    return "-" if fraction is None else f"{fraction:.0%}"


def number(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "-" if value is None else f"{value:.{digits}f}{suffix}"
