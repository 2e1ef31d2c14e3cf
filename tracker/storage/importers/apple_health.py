"""Apple Health: ``export.xml``, alone or inside the app's ``export.zip``.

Layout (HealthKit's export): ``<HealthData>`` holding millions of ``<Record>`` elements; sleep is
``type="HKCategoryTypeIdentifierSleepAnalysis"`` with ``startDate``/``endDate`` such as
``2024-03-30 23:10:00 +0100`` (the offset in force there and then) and ``value`` one of
``HKCategoryValueSleepAnalysisInBed``, ``...Asleep`` (before iOS 16), ``...AsleepUnspecified``,
``...AsleepCore``, ``...AsleepDeep``, ``...AsleepREM`` or ``...Awake``. Several sources (a
phone, a watch) write overlapping fragments of the same night.

Streamed: expat reads the file in chunks and hands over one element at a time with the line it
starts on, and only the sleep fragments are kept (a few dozen a night), so memory stays bounded
whatever the file's size. Fragments less than an hour apart are one sleep: its asleep parts give
bedtime and wake (their gaps the awakenings and WASO), the in-bed parts in/out of bed.
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from tracker.domain.text import quote
from tracker.storage.importers.records import Episode, Problem, ReadOptions, Record
from tracker.storage.importers.source import Source
from tracker.storage.importers.times import to_minute

NAME = "apple-health"
SLEEP_TYPE = "HKCategoryTypeIdentifierSleepAnalysis"
_VALUE_PREFIX = "HKCategoryValueSleepAnalysis"
IN_BED, ASLEEP, AWAKE = "in bed", "asleep", "awake"
_KINDS = {
    "InBed": IN_BED,
    "Asleep": ASLEEP,
    "AsleepUnspecified": ASLEEP,
    "AsleepCore": ASLEEP,
    "AsleepDeep": ASLEEP,
    "AsleepREM": ASLEEP,
    "Awake": AWAKE,
}
NAMES = {
    "bedtime": "startDate",
    "wake": "endDate",
    "in_bed": "startDate",
    "out_of_bed": "endDate",
    "awakenings": "value",
    "waso": "value",
}
SAME_SLEEP_GAP = timedelta(minutes=60)
MOMENT_FORM = "a time such as 2024-03-30 23:10:00 +0100"
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Fragment:
    line: int
    kind: str
    start: datetime
    """Aware, in the record's own offset."""
    end: datetime


def member(source: Source) -> str | None:
    return source.find("export.xml") if source.kind in ("zip", "folder") else None


def parse_moment(text: str) -> datetime:
    """``2024-03-30 23:10:00 +0100`` as an aware datetime in that offset.

    ``fromisoformat`` once the space before the offset is gone: strptime would cost most of
    the import's time on millions of records.

    Raises:
        ValueError: any other form.
    """
    if len(text) != 25 or text[19] != " " or text[20] not in "+-" or text[10] != " ":
        raise ValueError(text)
    return datetime.fromisoformat(text[:19] + text[20:])


def read(source: Source, options: ReadOptions) -> Iterator[Record]:
    part = member(source)
    where = source.label(part) if part else None
    fragments: list[Fragment] = []
    problems: list[Problem] = []
    parser = xml.parsers.expat.ParserCreate()

    def start_element(name: str, attributes: dict[str, str]) -> None:
        if name != "Record" or attributes.get("type") != SLEEP_TYPE:
            return
        line = parser.CurrentLineNumber
        value = attributes.get("value", "")
        kind = _KINDS.get(value.removeprefix(_VALUE_PREFIX))
        if kind is None:
            problems.append(Problem(line, "value", f"{quote(value)} is not a sleep value", where))
            return
        try:
            start = parse_moment(attributes.get("startDate", ""))
        except ValueError:
            raw = quote(attributes.get("startDate", ""))
            problems.append(Problem(line, "startDate", f"{raw} is not {MOMENT_FORM}", where))
            return
        try:
            end = parse_moment(attributes.get("endDate", ""))
        except ValueError:
            raw = quote(attributes.get("endDate", ""))
            problems.append(Problem(line, "endDate", f"{raw} is not {MOMENT_FORM}", where))
            return
        if end <= start:
            problems.append(Problem(line, "endDate", "the fragment ends before it starts", where))
            return
        fragments.append(Fragment(line, kind, start, end))

    parser.StartElementHandler = start_element
    total = source.size(part)
    done = 0
    with source.open(part) as stream:
        try:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
                done += len(chunk)
                if options.progress is not None:
                    options.progress(done, total)
            parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as error:
            problems.append(
                Problem(
                    error.lineno,
                    "file",
                    f"not valid XML ({xml.parsers.expat.ErrorString(error.code)}); reading stopped",
                    where,
                )
            )
    yield from problems
    for episode in sleeps(fragments):
        yield replace(episode, file=where) if where else episode


def sleeps(fragments: list[Fragment]) -> Iterator[Episode]:
    """Fragments grouped into sleeps (less than an hour apart), one episode each."""
    fragments.sort(key=lambda f: f.start)
    group: list[Fragment] = []
    group_end = datetime.min.replace(tzinfo=UTC)
    for fragment in fragments:
        if group and fragment.start - group_end > SAME_SLEEP_GAP:
            yield _episode(group)
            group = []
        group_end = max(group_end, fragment.end) if group else fragment.end
        group.append(fragment)
    if group:
        yield _episode(group)


def _union(parts: list[Fragment]) -> list[tuple[Fragment, Fragment]]:
    """Overlapping fragments merged: (first fragment, fragment that ends the run) pairs."""
    runs: list[tuple[Fragment, Fragment]] = []
    for part in sorted(parts, key=lambda f: f.start):
        if runs and part.start <= runs[-1][1].end:
            if part.end > runs[-1][1].end:
                runs[-1] = (runs[-1][0], part)
        else:
            runs.append((part, part))
    return runs


def _local(moment: datetime) -> datetime:
    """Wall-clock time in the fragment's own offset."""
    return to_minute(moment.replace(tzinfo=None))


def _episode(group: list[Fragment]) -> Episode:
    asleep = [f for f in group if f.kind == ASLEEP]
    in_bed = [f for f in group if f.kind == IN_BED]
    line = min(group, key=lambda f: (f.start, f.line)).line
    if not asleep:
        first = min(in_bed or group, key=lambda f: f.start)
        last = max(in_bed or group, key=lambda f: f.end)
        minutes = round((last.end - first.start) / timedelta(minutes=1))
        return Episode(line, _local(first.start), _local(last.end), minutes, NAMES)
    runs = _union(asleep)
    first, last = runs[0][0], runs[-1][1]
    span = round((last.end - first.start) / timedelta(minutes=1))
    slept = sum(round((end.end - begin.start) / timedelta(minutes=1)) for begin, end in runs)
    bed_start = min(in_bed, key=lambda f: f.start) if in_bed else None
    bed_end = max(in_bed, key=lambda f: f.end) if in_bed else None
    return Episode(
        line=line,
        start=_local(first.start),
        end=_local(last.end),
        minutes=span,
        names=NAMES,
        in_bed=_local(bed_start.start) if bed_start and bed_start.start < first.start else None,
        out_of_bed=_local(bed_end.end) if bed_end and bed_end.end > last.end else None,
        awakenings=len(runs) - 1,
        waso=max(0, span - slept),
    )
