"""``sleep-tracker grid``: practices x the last N nights, as one table or as JSON.

Reads only the nights it shows (and one index lookup per practice for its first mark), so
it costs the same on twenty years of nights as on one. The symbols are the week view's.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tracker.cli.context import current_default_night, open_repository
from tracker.cli.render import percent, print_json, print_lines
from tracker.domain import values
from tracker.domain.grid import DEFAULT_GRID_NIGHTS, Cell

if TYPE_CHECKING:
    from tracker.domain.grid import GridSummary

SYMBOLS = {
    Cell.DONE: "✓",
    Cell.MISSED: "✗",
    Cell.SKIPPED: "–",
    Cell.NOT_ANSWERED: "?",
    Cell.NOT_LOGGED: "·",
    Cell.BEFORE: "",
    Cell.FUTURE: "",
}
"""The week view's symbols; a night before a practice's life began is blank."""
LEGEND = (
    "✓ done  ✗ missed  – skipped  ? not answered  · not logged",
    "Blank: before the practice was added or marked. adh.: done / (done + missed).",
)
CELL = 3
"""Columns per night: 14 nights and a 32-character key fit 80 columns."""


def register(add: Callable[..., Any]) -> None:
    grid = add("grid", "practices x the last N nights (default 14) as one table", run_grid)
    grid.add_argument(
        "--nights",
        metavar="N",
        default=str(DEFAULT_GRID_NIGHTS),
        help=f"how many nights up to the default night (default {DEFAULT_GRID_NIGHTS})",
    )
    grid.add_argument("--json", action="store_true", help="print the grid as JSON")


def parse_nights(text: str) -> int:
    """A whole number of nights, at least 1 (the one count parser of the domain)."""
    return values.parse_count(text, "--nights", low=1)


def run_grid(args: argparse.Namespace) -> int:
    from tracker.storage.reports import load_grid

    count = parse_nights(args.nights)
    repository = open_repository(args)
    summary = load_grid(repository, count, current_default_night(repository))
    if args.json:
        print_json(summary.to_json())
        return 0
    if repository.night_dates()[0] is None:
        print_lines(
            [
                "No nights logged yet. Check in with 'sleep-tracker checkin' or in the app",
                "('sleep-tracker'); each night you log becomes a column here.",
            ]
        )
        return 0
    print_lines(grid_lines(summary))
    return 0


def grid_lines(summary: GridSummary) -> list[str]:
    """The table as lines without trailing spaces: a title, two header rows, one row per
    practice, the legend."""
    first, last = summary.nights[0], summary.nights[-1]
    count = len(summary.nights)
    span = (
        f"{first:%a} {first.day} {first:%b %Y}"
        if first.year != last.year
        else (f"{first:%a} {first.day}" + (f" {first:%b}" if first.month != last.month else ""))
    )
    title = (
        f"Nights {span} – {last:%a} {last.day} {last:%b %Y}: "
        f"{len(summary.logged)} of {count} logged"
    )
    width = max([len(row.practice.key) for row in summary.rows] + [len("practice")])
    days = "".join(f"{night:%a}"[:2].rjust(CELL) for night in summary.nights)
    numbers = "".join(str(night.day).rjust(CELL) for night in summary.nights)
    lines = [
        title,
        "",
        " " * width + days,
        "practice".ljust(width) + numbers + "  adh.",
    ]
    for row in summary.rows:
        cells = "".join(SYMBOLS[cell].rjust(CELL) for cell in row.cells)
        lines.append(f"{row.practice.key:<{width}}{cells}{percent(row.tally.adherence):>6}")
    if summary.notes:  # a marker under each night with a note (`week` shows the text)
        marks = "".join(("✎" if n in summary.notes else "").rjust(CELL) for n in summary.nights)
        lines.append(f"{'note':<{width}}{marks}")
    archived = [row.practice.key for row in summary.rows if row.practice.archived]
    lines += ["", *LEGEND]
    if archived:
        lines.append("Archived, shown for their marks here: " + ", ".join(archived))
    return [line.rstrip() for line in lines]
