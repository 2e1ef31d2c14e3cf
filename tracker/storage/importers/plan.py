"""From another app's records to what an import writes: nights, merged, checked, counted.

One main sleep per night (the longest of the episodes whose start belongs to it by the bedtime
rule; the others are naps, counted, not stored). Each imported value fills an empty field of a
stored night, changes nothing when equal, and is a problem when different unless ``replace``.
Every problem is collected as ``FILE:LINE: FIELD: reason``; then nothing is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tracker.domain import clock
from tracker.domain.errors import InputRefused
from tracker.domain.nights import Change, Night, apply_change
from tracker.domain.practices import (
    RESERVED_KEYS,
    Category,
    Mark,
    Practice,
    validate_key,
)
from tracker.domain.text import printable, quote
from tracker.storage.importers.records import (
    Episode,
    HabitDeclared,
    HabitMark,
    Record,
    shown,
)
from tracker.storage.repository import Repository

MAX_LABEL = 60
_DIARY_ORDER = (
    "bedtime", "wake", "quality", "note", "in_bed", "out_of_bed", "latency", "awakenings", "waso",
)  # fmt: skip


@dataclass
class ImportPlan:
    """What importing a file would do, once every record has passed."""

    format: str
    nights: list[Night] = field(default_factory=list)
    """Nights to write: new ones and stored ones with fields filled (or replaced)."""
    new: int = 0
    filled: int = 0
    unchanged: int = 0
    conflicting: int = 0
    naps: int = 0
    new_practices: list[Practice] = field(default_factory=list)
    habits: dict[str, str] = field(default_factory=dict)
    """Habit name in the source -> practice key."""
    problems: list[str] = field(default_factory=list)
    seen: dict[date, Night | None] = field(default_factory=dict)
    """Each night to write as it was stored when the plan was made (None: not logged); the
    write refuses if any has changed since (see ``write_plan``)."""

    @property
    def changes_anything(self) -> bool:
        return bool(self.nights or self.new_practices)

    @property
    def total(self) -> int:
        return self.new + self.filled + self.unchanged + self.conflicting

    def summary(self, *, dry_run: bool, replace: bool) -> list[str]:
        """What the import did or would do, in lines for the terminal and the app alike."""
        conflicting = f"{self.conflicting} conflicting"
        if replace and self.conflicting:
            conflicting += " (the file's values replace them)"
        naps = f"{self.naps} nap{'s' if self.naps != 1 else ''} not stored"
        lines = [
            f"{'Dry run: ' if dry_run else ''}{self.format}: {_nights(self.total)} in the file: "
            f"{self.new} new, {self.filled} filled, {self.unchanged} unchanged, {conflicting}; "
            f"{naps}"
        ]
        if self.habits:
            new_keys = {p.key for p in self.new_practices}
            lines.append(
                "Habits: "
                + "; ".join(
                    f"{shown(name)} -> {key}{' (new practice)' if key in new_keys else ''}"
                    for name, key in self.habits.items()
                )
            )
        if self.problems:
            count = len(self.problems)
            lines.append(
                f"{count} problem{'s' if count != 1 else ''}: nothing is written until "
                f"{'it is' if count == 1 else 'every one is'} fixed"
            )
        elif not self.changes_anything:
            lines.append("Nothing to change: everything in the file is already logged as it says")
        elif dry_run:
            lines.append(f"Would write {_nights(len(self.nights))}; nothing was written")
        else:
            lines.append(f"Imported {_nights(len(self.nights))}")
        return lines


def _nights(count: int) -> str:
    return f"{count} night{'s' if count != 1 else ''}"


def write_plan(repository: Repository, plan: ImportPlan) -> None:
    """Write the plan's nights and new practices in one transaction (nothing when unchanged).

    Stored nights are written whole, merged with the file's values, so ``replace`` here only
    means "these rows exist": the merge already decided every field.
    """
    if plan.changes_anything:
        # The merge was decided from the nights as read before this transaction: another
        # program (the app, a second machine) may have saved one since, and writing the
        # merged night whole would undo that save. The write checks first, inside its
        # transaction, and refuses rather than lose it.
        repository.bulk_save(
            plan.nights, new_practices=plan.new_practices, replace=True, unchanged=plan.seen
        )


def night_of(start: datetime) -> date:
    """The bedtime rule: 12:00-23:59 is that date's night, 00:00-11:59 the day before's."""
    return start.date() if start.hour >= 12 else start.date() - timedelta(days=1)


def key_for(name: str) -> str:
    """A practice key made from a habit's name: ``Méditer 10'`` -> ``mediter_10``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    if not key or not key[0].isalpha():
        key = f"habit_{key}".rstrip("_")
    key = key[:32].rstrip("_")
    if key in RESERVED_KEYS:
        key = f"{key[:26]}_habit"
    return key


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """``--map "Name=key"`` options as habit name (case-folded) -> key.

    Raises:
        InputRefused: no ``=``, an empty name, or an invalid key.
    """
    mapping: dict[str, str] = {}
    for item in items:
        name, separator, key = item.rpartition("=")
        if not separator or not name.strip():
            raise InputRefused(f'--map {quote(item)}: use --map "Habit name=key"')
        mapping[name.strip().casefold()] = validate_key(key.strip())
    return mapping


class _Collector:
    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.problems: list[tuple[str, int, str]] = []

    def add(self, line: int, field_name: str, reason: str, file: str | None = None) -> None:
        where = printable(file or self.source_name)
        self.problems.append((where, line, f"{where}:{line}: {field_name}: {reason}"))

    def sorted(self) -> list[str]:
        return [text for _, _, text in sorted(self.problems, key=lambda p: (p[0], p[1]))]


def build_plan(
    repository: Repository,
    records: Iterable[Record],
    *,
    source_name: str,
    format_name: str,
    default_night: date,
    replace: bool = False,
    mapping: Mapping[str, str] | None = None,
) -> ImportPlan:
    """Read every record and decide what to write; ``plan.problems`` lists what is wrong."""
    problems = _Collector(source_name)
    episodes: dict[date, list[Episode]] = {}
    marks: dict[date, list[HabitMark]] = {}
    order: dict[str, int] = {}
    for record in records:
        if isinstance(record, Episode):
            episodes.setdefault(night_of(record.start), []).append(record)
        elif isinstance(record, HabitMark):
            marks.setdefault(record.night, []).append(record)
            order.setdefault(record.habit, len(order) + 1_000_000)
        elif isinstance(record, HabitDeclared):
            order.setdefault(record.habit, len(order))
        else:
            problems.add(record.line, record.field, record.reason, record.file)

    plan = ImportPlan(format=format_name)
    used = {habit for night_marks in marks.values() for habit in (m.habit for m in night_marks)}
    keys = _practice_keys(
        repository, [h for h in sorted(order, key=order.__getitem__) if h in used],
        mapping or {}, plan, problems, default_night,
    )  # fmt: skip

    nights = sorted(set(episodes) | set(marks))
    stored = (
        {n.night: n for n in repository.nights_between(nights[0], nights[-1])} if nights else {}
    )
    for night in nights:
        main: Episode | None = None
        if night in episodes:
            candidates = sorted(episodes[night], key=lambda e: (-e.minutes, e.line))
            main = candidates[0]
            plan.naps += len(candidates) - 1
        night_marks = marks.get(night, [])
        if night > default_night:
            first = night_marks[0] if night_marks else None
            problems.add(
                main.line if main else first.line,  # type: ignore[union-attr]
                main.names.get("bedtime", "start") if main else shown(first.habit),  # type: ignore[union-attr]
                f"night {night.isoformat()} is in the future; the latest night you can log is "
                f"{default_night.isoformat()}",
                main.file if main else first.file,  # type: ignore[union-attr]
            )
            continue
        _merge_night(night, main, night_marks, keys, stored.get(night), replace, plan, problems)
    plan.problems = problems.sorted()
    plan.seen = {n.night: stored.get(n.night) for n in plan.nights}
    return plan


def _practice_keys(
    repository: Repository,
    habits: list[str],
    mapping: Mapping[str, str],
    plan: ImportPlan,
    problems: _Collector,
    added: date,
) -> dict[str, str]:
    """Each habit of the file -> its practice key; habits without one become new practices,
    which live from ``added`` (the default night of the import) or their first mark."""
    known = {p.key: p for p in repository.practices()}
    taken = set(known)
    keys: dict[str, str] = {}
    for habit in habits:
        mapped = mapping.get(habit.casefold())
        key = mapped or key_for(habit)
        if key in known and known[key].derived:
            if mapped:
                problems.add(1, "--map", f"'{key}' is computed from bed and wake times")
                continue
            key = _free_key(key, taken)
        if key not in known and key not in {p.key for p in plan.new_practices}:
            if not mapped:
                key = _free_key(key, taken) if key in taken else key
            label = printable(" ".join(habit.split()))[:MAX_LABEL] or key
            plan.new_practices.append(Practice(key, label, Category.CUSTOM, added=added))
            taken.add(key)
        keys[habit] = key
    plan.habits = keys
    return keys


def _free_key(key: str, taken: set[str]) -> str:
    for number in range(2, 10_000):
        candidate = f"{key[:28]}_{number}"
        if candidate not in taken:
            return candidate
    raise InputRefused("too many habits with the same name")


def _clock_of(moment: datetime | None) -> int | None:
    return None if moment is None else moment.hour * 60 + moment.minute


def _shown_value(name: str, value: object) -> str:
    if name in ("bedtime", "wake", "in_bed", "out_of_bed") and isinstance(value, int):
        return clock.format_clock(value)
    if name == "note":
        return f"{quote(str(value))}"
    return shown(str(value))


def _episode_fields(episode: Episode) -> dict[str, object]:
    values: dict[str, object] = {
        "bedtime": _clock_of(episode.start),
        "wake": _clock_of(episode.end),
        "quality": episode.quality,
        "note": episode.note,
        "in_bed": _clock_of(episode.in_bed),
        "out_of_bed": _clock_of(episode.out_of_bed),
        "latency": episode.latency,
        "awakenings": episode.awakenings,
        "waso": episode.waso,
    }
    return {name: value for name, value in values.items() if value is not None}


def _merge_night(
    night: date,
    episode: Episode | None,
    night_marks: list[HabitMark],
    keys: Mapping[str, str],
    current: Night | None,
    replace: bool,
    plan: ImportPlan,
    problems: _Collector,
) -> None:
    before = len(problems.problems)
    fields: dict[str, object] = {}
    filled = conflict = False
    names = episode.names if episode else {}
    if episode is not None:
        if episode.minutes > clock.MAX_SLEEP_MINUTES:
            problems.add(
                episode.line,
                names.get("wake", "end"),
                f"a sleep of {clock.format_duration(episode.minutes)} is longer than 18 hours",
                episode.file,
            )
            return
        if episode.minutes <= 0:
            problems.add(
                episode.line, names.get("wake", "end"), "the sleep has no length", episode.file
            )
            return
        for name, value in _episode_fields(episode).items():
            stored = getattr(current, name) if current is not None else None
            if stored is None:
                fields[name], filled = value, True
            elif stored != value:
                conflict = True
                if replace:
                    fields[name] = value
                else:
                    problems.add(
                        episode.line,
                        names.get(name, name),
                        f"night {night.isoformat()} already has {name} "
                        f"{_shown_value(name, stored)}; the file says "
                        f"{_shown_value(name, value)} (use --replace to take the file's)",
                        episode.file,
                    )
    new_marks: dict[str, Mark] = {}
    for mark in night_marks:
        key = keys.get(mark.habit)
        if key is None:
            continue
        stored_mark = current.marks.get(key) if current is not None else None
        if key in new_marks and new_marks[key] != mark.mark:
            problems.add(mark.line, shown(mark.habit), "answered twice for the same day", mark.file)
        elif stored_mark is None:
            new_marks[key], filled = mark.mark, True
        elif stored_mark != mark.mark:
            conflict = True
            if replace:
                new_marks[key] = mark.mark
            else:
                problems.add(
                    mark.line,
                    shown(mark.habit),
                    f"night {night.isoformat()} already has {key} {stored_mark}; the file "
                    f"says {mark.mark} (use --replace to take the file's)",
                    mark.file,
                )
    if len(problems.problems) > before:
        plan.conflicting += 1 if conflict else 0
        return
    merged = _validated(night, current, fields, new_marks, episode, problems)
    if merged is None:
        return
    if current is None:
        plan.new += 1
    elif conflict:
        plan.conflicting += 1
    elif filled:
        plan.filled += 1
    else:
        plan.unchanged += 1
        return
    plan.nights.append(merged)


def _validated(
    night: date,
    current: Night | None,
    fields: dict[str, object],
    marks: dict[str, Mark],
    episode: Episode | None,
    problems: _Collector,
) -> Night | None:
    """The merged night through the domain's rules; a refusal blamed on the field that breaks
    it (the fields are added one at a time, in diary order, to find it)."""
    try:
        return apply_change(current, night, Change(fields=fields, marks=marks))
    except InputRefused:
        pass
    names = episode.names if episode else {}
    line = episode.line if episode else 1
    partial = current if current is not None else Night(night=night)
    for name in _DIARY_ORDER:
        if name not in fields:
            continue
        try:
            partial = apply_change(partial, night, Change(fields={name: fields[name]}))
        except InputRefused as error:
            problems.add(line, names.get(name, name), error.message, episode and episode.file)
            return None
    return None
