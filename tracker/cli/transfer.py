"""``sleep-tracker export`` and ``sleep-tracker import`` (CSV).

The format and its rules live in ``tracker.storage.csv_io``; this module reads the options,
picks the stream and reports. Export summaries go to stderr (stdout may be the CSV itself);
import summaries go to stdout. Every problem of a refused import is printed on its own line
as ``FILE:LINE: COLUMN: reason`` before the closing ``Error:`` line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.cli.context import current_default_night, now, open_repository
from tracker.domain import values
from tracker.domain.errors import UnusableFile
from tracker.domain.text import printable

STDIO = "-"


def register(add: Callable[..., Any]) -> None:
    export = add("export", "write every logged night as CSV to a file or stdout", run_export)
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write, replaced atomically; '-' or none for stdout",
    )
    export.add_argument("--from", dest="first", metavar="DATE", help="first night, YYYY-MM-DD")
    export.add_argument("--to", dest="last", metavar="DATE", help="last night, YYYY-MM-DD")
    importing = add(
        "import",
        "read nights from a CSV export or another app's export; every record is checked "
        "before anything is written",
        run_import,
    )
    importing.add_argument(
        "file", metavar="FILE", help="file, zip or folder to read ('-' for stdin)"
    )
    from tracker.cli.importing import add_import_options

    add_import_options(importing)


def _nights(s: int) -> str:
    return f"{s} night{'s' if s != 1 else ''}"


def _for_stdout(record: str) -> str:
    """A CSV record as written to stdout: as is into a pipe or file; on a terminal, with
    control characters in notes shown escaped (``\\x1b``) so they cannot drive it."""
    if not sys.stdout.isatty():
        return record
    return printable(record.removesuffix("\n")) + "\n"


def run_export(args: argparse.Namespace) -> int:
    from tracker.storage import csv_io

    first, last = values.parse_date_range(args.first, args.last, today=now().date(), what="export")
    from tracker.storage.atomic import output_target, writes_to_stdout

    if args.output is not None:
        values.parse_path(args.output, "-o")
    to_stdout = args.output is None or writes_to_stdout(args.output)
    if not to_stdout:
        output_target(Path(args.output))  # a device, FIFO or folder: refused before reading
    repository = open_repository(args)
    if to_stdout:
        sys.stdout.flush()
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            summary = csv_io.write_csv(
                lambda text: stream.write(_for_stdout(text).encode("utf-8")),
                repository,
                first,
                last,
            )
            stream.flush()
        else:  # a replaced sys.stdout without bytes underneath
            summary = csv_io.write_csv(sys.stdout.write, repository, first, last)
            sys.stdout.flush()
        where = ""
    else:
        summary = csv_io.export_to_file(repository, Path(args.output), first, last)
        where = f" to {printable(args.output)}"
    span = (
        f" ({summary.first.isoformat()} to {summary.last.isoformat()})"
        if summary.first and summary.last
        else ""
    )
    print(f"Exported {_nights(summary.nights)}{span}{where}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from tracker.cli.importing import check_foreign_options, check_format, run_foreign_import
    from tracker.storage import csv_io, importers

    check_format(args.format)
    values.parse_path(args.file, "FILE")
    check_foreign_options(args)  # refused the same whatever the file turns out to be
    with importers.Source(args.file) as opened:
        format_name = args.format if args.format != "auto" else importers.detect(opened)
        if format_name != importers.OURS:
            return run_foreign_import(args, opened, format_name)
        text = opened.read_text()
    source = "<stdin>" if args.file == STDIO else args.file
    try:
        csv_io.check_header(source, text)  # before the database is opened (or created)
    except UnusableFile as error:
        if args.format == "auto":
            raise UnusableFile(error.message + importers.NOT_RECOGNISED) from None
        raise
    repository = open_repository(args)
    repository.prepare_writes(always=True, dry_run=args.dry_run)  # an import always verifies
    try:
        plan = csv_io.import_csv(
            repository,
            source,
            text,
            default_night=current_default_night(repository),
            replace=args.replace,
            dry_run=args.dry_run,
        )
    except csv_io.ImportProblems as refused:
        for problem in refused.problems:
            print(printable(problem), file=sys.stderr)
        raise
    added = ", ".join(p.key for p in plan.new_practices)
    if args.dry_run:
        report = (
            f"Dry run: would import {_nights(len(plan.nights))} "
            f"({plan.added} new, {len(plan.replaced)} replaced)"
        )
        if added:
            report += f"; would add practices: {added}"
        print(printable(f"{report}; nothing was written"))
        return 0
    report = f"Imported {_nights(len(plan.nights))}"
    if plan.replaced:
        report += f" ({len(plan.replaced)} replaced)"
    if added:
        report += f"; added practices: {added}"
    print(printable(report))
    return 0
