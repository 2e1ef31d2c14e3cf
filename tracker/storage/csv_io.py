"""CSV export and import: the user's data leaving and coming back without loss.

The format is DESIGN.md's "CSV (export and import)": UTF-8, RFC 4180 quoting, ``\\n`` line
ends, one header row, one row per logged night, oldest first. Export then import into an
empty database then export again gives the same bytes.

Import checks every row through the domain rules before anything is written and reports every
problem at once as ``FILE:LINE: COLUMN: reason``; then the whole file is one transaction
(``Repository.bulk_save``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as replace_field
from datetime import date
from functools import partial
from pathlib import Path

from tracker.domain import clock, values
from tracker.domain.errors import InputRefused, UnusableFile
from tracker.domain.nights import WASO_NAME, Change, Night, TargetsTimeline, all_marks, apply_change
from tracker.domain.practices import (
    BUILTIN_KEYS,
    CATALOGUE,
    CSV_NIGHT_COLUMNS,
    Category,
    Mark,
    Practice,
    validate_key,
)
from tracker.domain.text import QUOTE_LIMIT, printable, quote
from tracker.storage.atomic import output_target, write_atomically
from tracker.storage.csv_records import Malformed, csv_rows
from tracker.storage.repository import Repository

NIGHT_COLUMNS = CSV_NIGHT_COLUMNS[:7]
DIARY_COLUMNS = CSV_NIGHT_COLUMNS[7:]
DERIVED_KEYS = frozenset(p.key for p in CATALOGUE if p.derived)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
"""A note starting with one of these gets a leading ``'`` so spreadsheets show it as text."""

_MARK_TEXT = {Mark.DONE: "1", Mark.MISSED: "0", Mark.SKIPPED: "skip"}
_MARK_WORDS = {
    "1": Mark.DONE,
    "0": Mark.MISSED,
    "skip": Mark.SKIPPED,
    # What a person editing the file in a spreadsheet may reasonably type.
    "done": Mark.DONE,
    "missed": Mark.MISSED,
    "skipped": Mark.SKIPPED,
    "yes": Mark.DONE,
    "no": Mark.MISSED,
    "true": Mark.DONE,
    "false": Mark.MISSED,
}

# Night columns on import: CSV column -> (Night field, parser). The order is the order in
# which a night is built up when a row breaks a rule, so that a rule spanning two columns
# (bedtime to wake, in bed before bedtime, latency + WASO) is blamed on the later column.
# The parsers are the domain's, the same the command line and the app call.
_CLOCK = "clock"
_FIELD_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("bedtime", "bedtime", _CLOCK),
    ("wake_time", "wake", _CLOCK),
    ("quality", "quality", "quality"),
    ("room_temp_c", "room_temp_c", "temp"),
    ("note", "note", "note"),
    ("in_bed", "in_bed", _CLOCK),
    ("out_of_bed", "out_of_bed", _CLOCK),
    ("latency_min", "latency", "latency"),
    ("awakenings", "awakenings", "awakenings"),
    ("waso_min", "waso", "waso"),
)
_CELL_PARSERS: dict[str, Callable[[str], object]] = {
    "quality": values.parse_quality,
    "temp": lambda text: values.parse_temperature(text, "C"),
    "latency": lambda text: values.parse_minutes(text, "Latency"),
    "awakenings": values.parse_awakenings,
    "waso": lambda text: values.parse_minutes(text, WASO_NAME),
}
_KNOWN_COLUMNS = frozenset(NIGHT_COLUMNS + DIARY_COLUMNS)


# Export -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportSummary:
    nights: int
    first: date | None
    last: date | None


def practice_columns(practices: Iterable[Practice]) -> list[str]:
    """Built-ins in catalogue order (derived ones included), then custom ones in their order."""
    custom = [p.key for p in sorted(practices, key=lambda p: (p.position, p.key)) if not p.builtin]
    return [*BUILTIN_KEYS, *[key for key in custom if key not in BUILTIN_KEYS]]


def header(practices: Iterable[Practice]) -> list[str]:
    return [*NIGHT_COLUMNS, *DIARY_COLUMNS, *practice_columns(practices)]


def safe_note(note: str | None) -> str:
    """The note as written to CSV: a leading ``'`` when a spreadsheet would run it."""
    if not note:
        return ""
    return "'" + note if note.startswith(FORMULA_STARTS) else note


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _clock_text(value: int | None) -> str:
    return "" if value is None else clock.format_clock(value)


def night_row(night: Night, marks: dict[str, Mark], keys: Sequence[str]) -> list[str]:
    """One night as its CSV fields, ``marks`` holding derived marks too."""
    efficiency = night.efficiency
    temp = night.room_temp_c
    return [
        night.night.isoformat(),
        _clock_text(night.bedtime),
        _clock_text(night.wake),
        _text(night.sleep_minutes),
        _text(night.quality),
        "" if temp is None else values.celsius_csv_text(temp),
        safe_note(night.note),
        _clock_text(night.in_bed),
        _clock_text(night.out_of_bed),
        _text(night.latency),
        _text(night.awakenings),
        _text(night.waso),
        _text(night.total_sleep),
        "" if efficiency is None else f"{efficiency:.3f}",
        *[_MARK_TEXT[mark] if (mark := marks.get(key)) is not None else "" for key in keys],
    ]


class _LineSink:
    """Takes each record from ``csv.writer`` and ends it with ``\\n``.

    The writer runs with ``\\r\\n`` as its line terminator only so that it quotes every field
    holding a carriage return: Python 3.11's minimal quoting quotes line-break characters only
    when they belong to the terminator, and a bare CR left unquoted would split the record
    when read back. The writer hands over exactly one string per record.
    """

    def __init__(self, write: Callable[[str], object]) -> None:
        self._write = write

    def write(self, line: str) -> object:
        return self._write(line[:-2] + "\n")


def write_csv(
    write: Callable[[str], object],
    repository: Repository,
    first: date | None = None,
    last: date | None = None,
) -> ExportSummary:
    """Write the header and every logged night from ``first`` to ``last`` (oldest first)."""
    practices = repository.practices()
    keys = practice_columns(practices)
    timeline = TargetsTimeline(repository.targets_history())
    nights = repository.nights_between(first or date.min, last or date.max)
    writer = csv.writer(_LineSink(write), lineterminator="\r\n")
    writer.writerow(header(practices))
    for night in nights:
        writer.writerow(night_row(night, all_marks(night, timeline.at(night.night)), keys))
    return ExportSummary(
        len(nights), nights[0].night if nights else None, nights[-1].night if nights else None
    )


def export_to_file(
    repository: Repository,
    path: Path,
    first: date | None = None,
    last: date | None = None,
) -> ExportSummary:
    """Write the export to ``path`` atomically (``atomic.write_atomically``).

    An existing file is replaced whole or left as it was, never half-written.

    Raises:
        UnusableFile: the folder is missing or not writable, the path exists and is not a
            regular file (a folder, a device, a FIFO), or the disk refused the write;
            nothing was left behind.
        InputRefused: ``path`` is the database itself.
    """
    target = output_target(path)
    database = repository.path  # a file, or a server URL (then it cannot be the target)
    is_file = isinstance(database, Path) and database.exists()
    if target.exists() and is_file and target.samefile(database):  # type: ignore[arg-type]
        raise InputRefused(f"{path} is the database itself; choose another file for the export")
    return write_atomically(path, lambda handle: write_csv(handle.write, repository, first, last))


# Import -------------------------------------------------------------------------------


class ImportProblems(InputRefused):
    """Rows of a CSV broke the rules; ``problems`` holds one ``FILE:LINE: COLUMN: reason`` each."""

    def __init__(self, source: str, problems: list[str]) -> None:
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in {source}; nothing was imported"
        )
        self.problems = problems


@dataclass
class ImportPlan:
    """What an import would write, once every row has passed."""

    nights: list[Night] = field(default_factory=list)
    new_practices: list[Practice] = field(default_factory=list)
    replaced: list[date] = field(default_factory=list)

    @property
    def added(self) -> int:
        return len(self.nights) - len(self.replaced)


def read_source(name: str, data: bytes | None = None) -> str:
    """The text of the file ``name`` (or of ``data`` read from it), byte-order mark removed.

    Raises:
        UnusableFile: the file cannot be read or is not UTF-8 text.
    """
    if data is None:
        try:
            data = Path(name).read_bytes()
        except FileNotFoundError:
            raise UnusableFile(f"Cannot use {name}: no such file") from None
        except IsADirectoryError:
            raise UnusableFile(f"Cannot use {name}: it is a folder, not a CSV file") from None
        except OSError as error:
            raise UnusableFile(f"Cannot use {name}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnusableFile(
            f"Cannot use {name}: line {line} is not UTF-8 text (save the file as CSV UTF-8)"
        ) from None


def _mark(text: str) -> Mark:
    mark = _MARK_WORDS.get(text.lower())
    if mark is None:
        raise InputRefused(
            f"{quote(text)} is not a mark; use 1 (done), 0 (missed), skip or leave empty"
        )
    return mark


_SECONDS = re.compile(r"^([0-9]{1,2}[:.][0-9]{2})[:.][0-9]{2}( *[ap]\.?m\.?)?$", re.IGNORECASE)


def _clock(text: str) -> int:
    """A clock time as the domain parses it; also as a spreadsheet saves it back.

    LibreOffice and Excel turn ``23:10`` into ``23:10:00`` or ``11:10:00 PM``: the seconds
    are dropped, the rest goes through the domain's own parser.
    """
    if match := _SECONDS.match(text):
        text = match[1] + (match[2] or "")
    return values.parse_clock(text)


def _parse_field(kind: str, raw: str) -> object:
    if kind == "note":
        return values.parse_note(raw[1:] if raw.startswith("'") else raw)
    text = raw.strip()
    if not text:
        return None
    if kind == _CLOCK:
        return _clock(text)
    return _CELL_PARSERS[kind](text)


def label_for(key: str) -> str:
    """A readable label for a practice known only by its key: ``no_screens`` -> No screens."""
    return key.replace("_", " ").strip().capitalize() or key


def _stored_nights(repository: Repository) -> set[str]:
    return {night.isoformat() for night in repository.logged_nights()}


def _column_shown(name: str) -> str:
    """A header cell as a problem line names it: one line, at most 60 characters."""
    return name if len(name) <= QUOTE_LIMIT and printable(name) == name else quote(name)


@dataclass
class _Layout:
    """Where each column of an import file is, and what its header adds."""

    width: int
    night: int
    fields: list[tuple[int, str, str, str]]
    """(index, CSV column, Night field, parser kind)"""
    marks: list[tuple[int, str]]
    """(index, practice key) of the checked practices' columns"""
    new_practices: list[Practice]


def _layout(
    names: list[str], known: dict[str, Practice], problem: Callable[[str, str], None]
) -> _Layout:
    """Read the header: find columns by name, turn unknown valid keys into new practices."""
    columns: dict[str, int] = {}
    new_practices: list[Practice] = []
    for index, name in enumerate(names):
        shown = _column_shown(name)
        if not name:
            problem(f"column {index + 1}", "a column without a name")
            continue
        if name in columns:
            problem(
                shown, f"the column appears twice (columns {columns[name] + 1} and {index + 1})"
            )
            continue
        columns[name] = index
        if name in _KNOWN_COLUMNS or name in known:
            continue
        try:
            validate_key(name)
        except InputRefused as error:
            problem(
                shown, f"unknown column; a practice column is named by its key: {error.message}"
            )
            continue
        new_practices.append(Practice(name, label_for(name), Category.CUSTOM))
    new_keys = {practice.key for practice in new_practices}
    return _Layout(
        width=len(names),
        night=columns["night"],
        fields=[
            (columns[column], column, name, kind)
            for column, name, kind in _FIELD_COLUMNS
            if column in columns
        ],
        marks=[
            (index, name)
            for name, index in columns.items()
            if name not in _KNOWN_COLUMNS
            and name not in DERIVED_KEYS
            and (name in known or name in new_keys)
        ],
        new_practices=new_practices,
    )


def check_header(source: str, text: str) -> None:
    """Refuse, before anything else happens, a file that is not a sleep-tracker CSV.

    Raises:
        UnusableFile: an empty file, or a first record without a ``night`` column.
    """
    _header(source, csv_rows(text))


def _header(source: str, records: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    try:
        line, names = next(records)
    except StopIteration:
        raise UnusableFile(
            f"Cannot use {source}: the file is empty, not a sleep-tracker CSV"
        ) from None
    except Malformed as error:
        raise UnusableFile(f"Cannot use {source}: not a CSV file ({error.reason})") from None
    names = [name.strip() for name in names]
    if "night" not in names:
        raise UnusableFile(
            f"Cannot use {source}: not a sleep-tracker CSV (its first line has no 'night' column)"
        )
    return line, names


def plan_import(
    repository: Repository,
    source: str,
    text: str,
    *,
    default_night: date,
    replace: bool = False,
) -> ImportPlan:
    """Check every row of a CSV and return what importing it would write.

    Raises:
        UnusableFile: the file is not a sleep-tracker CSV (no ``night`` column).
        ImportProblems: any row (or the header) breaks a rule; every problem is listed.
    """
    problems: list[str] = []

    def problem(line: int, column: str, reason: str) -> None:
        problems.append(f"{source}:{line}: {column}: {reason}")

    records = csv_rows(text)
    header_line, names = _header(source, records)
    known = {practice.key: practice for practice in repository.practices()}
    layout = _layout(names, known, partial(problem, header_line))

    stored = _stored_nights(repository)
    seen: dict[date, int] = {}
    # A practice the file brings lives from tonight on, or from its first mark in the file.
    plan = ImportPlan(
        new_practices=[replace_field(p, added=default_night) for p in layout.new_practices]
    )
    try:
        for line, row in records:
            if len(row) != layout.width:
                problem(line, "row", f"has {len(row)} fields; the header has {layout.width}")
                continue
            night = _check_date(row[layout.night], partial(problem, line, "night"))
            if night is not None:
                key = night.isoformat()
                if night > default_night:
                    problem(
                        line,
                        "night",
                        f"{key} is in the future; the latest night you can log is "
                        f"{default_night.isoformat()}",
                    )
                elif night in seen:
                    problem(line, "night", f"{key} is also on line {seen[night]}")
                else:
                    seen[night] = line
                    if key in stored and not replace:
                        problem(line, "night", f"{key} is already logged (use --replace to "
                                "overwrite it)")  # fmt: skip
            fields: list[tuple[str, str, object]] = []
            for index, column, name, kind in layout.fields:
                try:
                    value = _parse_field(kind, row[index])
                except InputRefused as error:
                    problem(line, column, error.message)
                    continue
                if value is not None:
                    fields.append((column, name, value))
            marks: dict[str, Mark] = {}
            for index, key in layout.marks:
                if cell := row[index].strip():
                    try:
                        marks[key] = _mark(cell)
                    except InputRefused as error:
                        problem(line, key, error.message)
            built = _build_night(night or date.min, fields, marks, partial(problem, line))
            if built is not None and night is not None:
                plan.nights.append(built)
                if night.isoformat() in stored:
                    plan.replaced.append(night)
    except Malformed as error:
        problem(error.line, "row", f"the CSV is malformed ({error.reason}); checking stopped here")
    if problems:
        raise ImportProblems(source, problems)
    plan.nights.sort(key=lambda n: n.night)
    plan.replaced.sort()
    return plan


def _check_date(raw: str, problem: Callable[[str], None]) -> date | None:
    text = raw.strip()
    if not text:
        problem("a night date is required (YYYY-MM-DD)")
        return None
    try:
        return values.parse_date(text)
    except InputRefused as error:
        problem(error.message)
        return None


def _build_night(
    night: date,
    fields: list[tuple[str, str, object]],
    marks: dict[str, Mark],
    problem: Callable[[str, str], None],
) -> Night | None:
    """The night through the domain's rules; on a refusal, blame each column that breaks one."""
    try:
        return apply_change(
            None, night, Change(fields={name: value for _, name, value in fields}, marks=marks)
        )
    except InputRefused:
        pass
    current = Night(night=night)
    for column, name, value in fields:
        try:
            current = apply_change(current, night, Change(fields={name: value}))
        except InputRefused as error:
            problem(column, error.message)
    return None


def import_csv(
    repository: Repository,
    source: str,
    text: str,
    *,
    default_night: date,
    replace: bool = False,
    dry_run: bool = False,
) -> ImportPlan:
    """Check the whole file, then (unless ``dry_run``) write it in one transaction."""
    plan = plan_import(repository, source, text, default_night=default_night, replace=replace)
    if not dry_run and (plan.nights or plan.new_practices):
        repository.bulk_save(plan.nights, new_practices=plan.new_practices, replace=replace)
    return plan
