"""``sleep-tracker report``: the sleep diary report as an HTML page or a PDF.

The content is ``tracker.domain.report`` (the same figures as ``week --json``), the look is
``tracker.report``, the file is written whole or not at all by ``tracker.storage.atomic``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from tracker.cli.context import current_default_night, now, open_repository
from tracker.domain import values
from tracker.domain.text import printable


def register(add: Callable[..., Any]) -> None:
    report = add(
        "report",
        "write a sleep diary report (HTML or PDF) to read and bring to a clinician",
        run_report,
    )
    report.add_argument(
        "--from", dest="first", metavar="DATE", help="first night (default: 13 nights before --to)"
    )
    report.add_argument(
        "--to", dest="last", metavar="DATE", help="last night (default: the default night)"
    )
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="FILE.html or FILE.pdf, replaced atomically; '-' for HTML on stdout "
        "(default: sleep-report-FROM-TO.html in the current folder)",
    )


def default_report_name(first: date, last: date) -> str:
    return f"sleep-report-{first.isoformat()}-{last.isoformat()}.html"


def run_report(args: argparse.Namespace) -> int:
    from tracker.domain.report import report_range
    from tracker.report import format_for
    from tracker.storage.atomic import output_target, writes_to_stdout

    first, last = values.parse_date_range(args.first, args.last, today=now().date(), what="report")
    if args.output is not None:
        values.parse_path(args.output, "-o")
    to_stdout = args.output is not None and writes_to_stdout(args.output)
    if args.output is not None and not to_stdout:
        output_target(Path(args.output))  # a device, FIFO or folder: refused before any work
        kind = format_for(args.output)
    else:
        kind = "html"
    repository = open_repository(args)
    first, last = report_range(first, last, current_default_night(repository))
    path = Path(args.output if args.output is not None else default_report_name(first, last))
    if args.output is None:
        output_target(path)
    written = write_report(repository, first, last, path, kind, to_stdout=to_stdout)
    if not to_stdout:
        print(f"Wrote the sleep diary report of {written} to {printable(str(path.absolute()))}")
    return 0


def write_report(
    repository: Any, first: date, last: date, path: Path, kind: str, *, to_stdout: bool = False
) -> str:
    """Build, render and write the report; returns what it covers, for the message."""
    from tracker.report import render
    from tracker.storage.atomic import write_atomically
    from tracker.storage.reports import load_report

    report = load_report(repository, first, last, current_default_night(repository), now())
    content = render(report, kind)
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        write_atomically(path, lambda handle: handle.write(content), binary=True)
    count = len(report.nights)
    return f"{count} night{'s' if count != 1 else ''} ({first.isoformat()} to {last.isoformat()})"
