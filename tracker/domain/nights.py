"""A night's record, the schedule targets, and the rules for changing a night.

Everything here is plain data: the storage layer turns rows into these objects and the
interfaces show them. Validation lives here so that the CLI, the app and CSV import refuse
exactly the same things with the same words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum
from typing import Any

from tracker.domain import clock
from tracker.domain.errors import InputRefused
from tracker.domain.practices import (
    ON_TIME_BED,
    ON_TIME_WAKE,
    Mark,
    Practice,
    unknown_key_message,
)
from tracker.domain.values import (
    MAX_AWAKENINGS,
    MAX_DIARY_MINUTES,
    MAX_NOTE_LENGTH,
    TEMP_RANGE_C,
    check_awakenings,
    check_minutes,
    check_note,
    check_quality,
    check_temperature,
)

__all__ = ["MAX_AWAKENINGS", "MAX_DIARY_MINUTES", "MAX_NOTE_LENGTH", "TEMP_RANGE_C"]


@dataclass(frozen=True, slots=True)
class Targets:
    """The schedule goals in force from one night on."""

    effective_from: date
    """First night judged by these targets."""
    bedtime: int = 23 * 60
    wake: int = 7 * 60
    tolerance: int = 30
    """Minutes either side of a target that still count as on schedule (inclusive)."""


WASO_NAME = "Time awake in the night (WASO)"

DEFAULT_TARGETS = Targets(effective_from=date.min)


def targets_for(night: date, history: Sequence[Targets]) -> Targets:
    """The targets in force for a night: the latest that took effect on or before it."""
    current = DEFAULT_TARGETS
    for targets in history:
        if targets.effective_from <= night and targets.effective_from >= current.effective_from:
            current = targets
    return current


def next_version(night: date, history: Sequence[Targets]) -> Targets | None:
    """The first version that takes effect after ``night``: it still applies from its own
    night on when a target is set from ``night`` (DESIGN: later versions are kept)."""
    later = [targets for targets in history if targets.effective_from > night]
    return min(later, key=lambda targets: targets.effective_from) if later else None


class TargetsTimeline:
    """Targets history sorted once, for judging many nights in one pass."""

    def __init__(self, history: Sequence[Targets]) -> None:
        self._history = sorted(history, key=lambda t: t.effective_from)

    def at(self, night: date) -> Targets:
        current = DEFAULT_TARGETS
        for targets in self._history:
            if targets.effective_from > night:
                break
            current = targets
        return current


@dataclass(frozen=True, slots=True)
class Night:
    """One logged night, keyed by the date on which its evening began."""

    night: date
    bedtime: int | None = None
    """Clock minutes when the person tried to sleep."""
    wake: int | None = None
    """Clock minutes of the final awakening."""
    quality: int | None = None
    room_temp_c: float | None = None
    note: str | None = None
    marks: Mapping[str, Mark] = field(default_factory=dict)
    """Answers for checked practices; derived ones are computed, never stored."""
    in_bed: int | None = None
    out_of_bed: int | None = None
    latency: int | None = None
    awakenings: int | None = None
    waso: int | None = None

    @property
    def sleep_minutes(self) -> int | None:
        """Time asleep as the basic diary counts it: wake - bedtime."""
        if self.bedtime is None or self.wake is None:
            return None
        return clock.sleep_span(self.bedtime, self.wake)

    @property
    def total_sleep(self) -> int | None:
        """TST = (wake - bedtime) - latency - WASO, only when both latency and WASO are given."""
        span = self.sleep_minutes
        if span is None or self.latency is None or self.waso is None:
            return None
        return span - self.latency - self.waso

    @property
    def time_in_bed(self) -> int | None:
        """TIB = out of bed - in bed, each defaulting to wake and bedtime."""
        if self.bedtime is None or self.wake is None:
            return None
        bed = clock.bed_offset(self.bedtime)
        wake = clock.wake_offset(self.bedtime, self.wake)
        start = (
            bed - clock.minutes_before(self.bedtime, self.in_bed)
            if self.in_bed is not None
            else bed
        )
        end = (
            wake + clock.minutes_before(self.out_of_bed, self.wake)
            if self.out_of_bed is not None
            else wake
        )
        return end - start

    @property
    def efficiency(self) -> float | None:
        """SE = TST / TIB as a fraction, only where TST is defined."""
        total, in_bed = self.total_sleep, self.time_in_bed
        if total is None or not in_bed:
            return None
        return total / in_bed

    @property
    def has_diary(self) -> bool:
        return any(
            value is not None
            for value in (self.in_bed, self.out_of_bed, self.latency, self.awakenings, self.waso)
        )


def schedule_mark(clock_time: int | None, target: int, tolerance: int) -> Mark | None:
    """Done within tolerance of the target (circular, inclusive), else missed; None unlogged."""
    if clock_time is None:
        return None
    return Mark.DONE if abs(clock.wrap(clock_time - target)) <= tolerance else Mark.MISSED


def derived_marks(night: Night, targets: Targets) -> dict[str, Mark]:
    """The schedule practices' marks for a night, judged against the targets in force for it."""
    marks: dict[str, Mark] = {}
    if (bed := schedule_mark(night.bedtime, targets.bedtime, targets.tolerance)) is not None:
        marks[ON_TIME_BED] = bed
    if (wake := schedule_mark(night.wake, targets.wake, targets.tolerance)) is not None:
        marks[ON_TIME_WAKE] = wake
    return marks


def all_marks(night: Night, targets: Targets) -> dict[str, Mark]:
    """Checked and derived marks of a night together."""
    return {**night.marks, **derived_marks(night, targets)}


class _Unset(Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET
"""A field a change leaves as it is (None, by contrast, clears it)."""

NIGHT_FIELDS = (
    "bedtime",
    "wake",
    "quality",
    "room_temp_c",
    "note",
    "in_bed",
    "out_of_bed",
    "latency",
    "awakenings",
    "waso",
)


@dataclass(frozen=True)
class Change:
    """What one check-in changes on a night: only the fields given are touched."""

    fields: Mapping[str, Any] = field(default_factory=dict)
    """Night field name -> new value (None clears it)."""
    marks: Mapping[str, Mark | None] = field(default_factory=dict)
    """Practice key -> new mark (None clears the answer)."""

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(NIGHT_FIELDS)
        if unknown:
            raise ValueError(f"not night fields: {sorted(unknown)}")

    @property
    def empty(self) -> bool:
        return not self.fields and not self.marks


def check_in(
    current: Night | None,
    night: date,
    change: Change,
    *,
    default_night: date,
    practices: Sequence[Practice],
) -> Night:
    """Every rule of a check-in: the night it is for, the practices it marks, the merged
    night. Returns the night to store.

    Raises:
        InputRefused: a future night, nothing to record, an unknown, derived or archived
            practice, or a merged night that cannot be true.
    """
    if night > default_night:
        if night - default_night == timedelta(days=1):
            # `--night today` in the morning: the night that begins this evening.
            raise InputRefused(
                f"{night.isoformat()} is tonight, which can be logged from the rollover hour "
                f"on; last night is {default_night.isoformat()} (--night yesterday, or no "
                "--night)"
            )
        raise InputRefused(
            f"{night.isoformat()} is in the future; the latest night you can log is "
            f"{default_night.isoformat()}"
        )
    if change.empty:
        raise InputRefused("Nothing to record: give at least one field or practice")
    by_key = {practice.key: practice for practice in practices}
    for key, mark in change.marks.items():
        practice = by_key.get(key)
        if practice is None:
            raise InputRefused(
                unknown_key_message(key, [p.key for p in practices if not p.derived])
            )
        if practice.derived:
            raise InputRefused(
                f"'{key}' is computed from your bed and wake times; log --bed/--wake instead"
            )
        if practice.archived and mark is not None:
            raise InputRefused(
                f"'{key}' is archived; restore it first (sleep-tracker practices restore {key})"
            )
    return apply_change(current, night, change)


def apply_change(current: Night | None, night: date, change: Change) -> Night:
    """Merge a change into a night (or a new one) and validate the result.

    Raises:
        InputRefused: the merged night breaks a rule; the caller writes nothing.
    """
    base = current if current is not None else Night(night=night)
    marks = dict(base.marks)
    for key, mark in change.marks.items():
        if mark is None:
            marks.pop(key, None)
        else:
            marks[key] = mark
    merged = replace(base, marks=marks, **dict(change.fields))
    validate_night(merged)
    return merged


def validate_night(night: Night) -> None:
    """Refuse a night that cannot be true, with one clear sentence."""
    # The same checks, with the same words, as the parsers of typed and imported values.
    if night.quality is not None:
        check_quality(night.quality)
    if night.room_temp_c is not None:
        check_temperature(night.room_temp_c)
    if night.note is not None:
        check_note(night.note)
    span = night.sleep_minutes
    if span is not None and span > clock.MAX_SLEEP_MINUTES:
        raise InputRefused(
            f"Bedtime {clock.format_clock(night.bedtime or 0)} to wake "
            f"{clock.format_clock(night.wake or 0)} is {clock.format_duration(span)}; "
            "time asleep must be more than 0 and at most 18 hours"
        )
    if night.latency is not None:
        check_minutes(night.latency, "Latency")
    if night.waso is not None:
        check_minutes(night.waso, WASO_NAME)
    if night.awakenings is not None:
        check_awakenings(night.awakenings)
    if night.bedtime is not None and night.in_bed is not None:
        gap = clock.minutes_before(night.bedtime, night.in_bed)
        if gap > clock.HALF_DAY:
            raise InputRefused(
                f"In bed at {clock.format_clock(night.in_bed)} is more than 12 hours before "
                f"bedtime {clock.format_clock(night.bedtime)}"
            )
    if night.wake is not None and night.out_of_bed is not None:
        gap = clock.minutes_before(night.out_of_bed, night.wake)
        if gap > clock.HALF_DAY:
            raise InputRefused(
                f"Out of bed at {clock.format_clock(night.out_of_bed)} is more than 12 hours after "
                f"wake {clock.format_clock(night.wake)}"
            )
    total = night.total_sleep
    if total is not None and total <= 0:
        raise InputRefused(
            f"Latency and time awake ({night.latency} + {night.waso} min) leave no sleep between "
            "bedtime and wake; total sleep must be above 0"
        )
