"""Metrics over a range of nights: adherence, regularity, habit strength and diary means.

Everything here works on plain domain objects and returns plain values; nothing reads the
clock (the default night is always a parameter) and nothing does I/O. Functions that walk a
whole history do so in one pass over the nights sorted once, because they run on decades of
nights.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from tracker.domain import clock
from tracker.domain.nights import Night, Targets, TargetsTimeline
from tracker.domain.practices import ON_TIME_BED, ON_TIME_WAKE, Category, Mark, Practice

WEEKEND_WEEKDAYS = frozenset({4, 5})
"""Friday and Saturday nights (by the night's date) are the weekend for the weekend shift."""

NightMarks = tuple[Night, Mapping[str, Mark]]
"""A logged night with its checked and derived marks."""

# --------------------------------------------------------------------------------------------
# Means and small helpers


def mean(values: Iterable[float | None]) -> float | None:
    """Arithmetic mean of the values that are not None.

    Returns:
        The mean, or None when no value is given.
    """
    total = 0.0
    count = 0
    for value in values:
        if value is not None:
            total += value
            count += 1
    return total / count if count else None


def week_start_for(night: date, week_start_weekday: int) -> date:
    """The first night of the week holding a night.

    Args:
        night: any night date.
        week_start_weekday: 0 for weeks starting on Monday ... 6 for Sunday.
    """
    return night - timedelta(days=(night.weekday() - week_start_weekday) % 7)


def coverage(nights_logged: int, nights_total: int) -> float | None:
    """Share of the nights of a range that have a check-in; None for an empty range."""
    return nights_logged / nights_total if nights_total > 0 else None


def nightly_marks(nights: Iterable[Night], targets: Sequence[Targets]) -> list[NightMarks]:
    """Each night with all its marks, derived ones judged by the targets in force for it.

    The same marks as ``nights.all_marks`` night by night, in one tight loop: trends and the
    app's streaks run this over the whole history.
    """
    at = TargetsTimeline(targets).at
    half, day = clock.HALF_DAY, clock.MINUTES_PER_DAY
    done, missed = Mark.DONE, Mark.MISSED
    rows: list[NightMarks] = []
    for night in nights:
        goals = at(night.night)
        marks = dict(night.marks)
        if (bed := night.bedtime) is not None:
            off = abs((bed - goals.bedtime + half) % day - half)  # clock.wrap, inlined
            marks[ON_TIME_BED] = done if off <= goals.tolerance else missed
        if (wake := night.wake) is not None:
            off = abs((wake - goals.wake + half) % day - half)
            marks[ON_TIME_WAKE] = done if off <= goals.tolerance else missed
        rows.append((night, marks))
    return rows


# --------------------------------------------------------------------------------------------
# Adherence


def adherence(done: int, missed: int) -> float | None:
    """done / (done + missed); None when nothing was done or missed."""
    answered = done + missed
    return done / answered if answered else None


@dataclass(frozen=True, slots=True)
class Tally:
    """How often one practice (or a pool of them) was done, missed and skipped."""

    done: int = 0
    missed: int = 0
    skipped: int = 0

    @property
    def adherence(self) -> float | None:
        """done / (done + missed), None when the denominator is 0."""
        return adherence(self.done, self.missed)

    @property
    def marked(self) -> int:
        """Every mark, skipped included (what makes an archived practice show)."""
        return self.done + self.missed + self.skipped

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.done + other.done, self.missed + other.missed, self.skipped + other.skipped
        )

    def to_json(self) -> dict[str, int | float | None]:
        """The ``{done, missed, skipped, adherence}`` object of ``week --json``."""
        return {
            "done": self.done,
            "missed": self.missed,
            "skipped": self.skipped,
            "adherence": self.adherence,
        }


_MARK_INDEX = {Mark.DONE: 0, Mark.MISSED: 1, Mark.SKIPPED: 2}


def tally_marks(marks_per_night: Iterable[Mapping[str, Mark]]) -> dict[str, Tally]:
    """Count the marks of every practice key over the nights given.

    Args:
        marks_per_night: one mapping practice key -> mark per night (absent keys not answered).

    Returns:
        key -> Tally, for every key that has at least one mark.
    """
    counts: dict[str, list[int]] = {}
    for marks in marks_per_night:
        for key, mark in marks.items():
            counts.setdefault(key, [0, 0, 0])[_MARK_INDEX[mark]] += 1
    return {key: Tally(*count) for key, count in counts.items()}


def practice_adherence(marks_per_night: Iterable[Mapping[str, Mark]], key: str) -> float | None:
    """Adherence of one practice over the nights given."""
    return tally_marks(marks_per_night).get(key, Tally()).adherence


def pooled_adherence(tallies: Iterable[Tally]) -> float | None:
    """Adherence pooling the done and missed marks of several practices."""
    total = sum(tallies, Tally())
    return total.adherence


def included_practices(
    practices: Iterable[Practice], tallies: Mapping[str, Tally]
) -> list[Practice]:
    """The practices a summary shows: every active one, and archived ones with a mark.

    The order of ``practices`` is kept.
    """
    return [
        practice
        for practice in practices
        if not practice.archived or tallies.get(practice.key, Tally()).marked > 0
    ]


def overall_adherence(tallies: Mapping[str, Tally], practices: Iterable[Practice]) -> float | None:
    """Adherence pooling the marks of the given practices (marks of unknown keys are ignored)."""
    return pooled_adherence(tallies[p.key] for p in practices if p.key in tallies)


def category_adherence(
    tallies: Mapping[str, Tally], practices: Iterable[Practice]
) -> dict[str, float | None]:
    """Pooled adherence for each category that has one of the given practices.

    Returns:
        category value -> adherence (None when its practices have no done or missed mark),
        in catalogue category order.
    """
    pools: dict[Category, Tally] = {}
    for practice in practices:
        pools[practice.category] = pools.get(practice.category, Tally()) + tallies.get(
            practice.key, Tally()
        )
    return {category.value: pools[category].adherence for category in Category if category in pools}


def night_adherence(marks: Mapping[str, Mark], keys: Collection[str] | None = None) -> float | None:
    """One night's own overall adherence (for a heat-map calendar).

    Args:
        marks: the night's checked and derived marks.
        keys: the practice keys to pool; every key of ``marks`` when None.
    """
    done = missed = 0
    for key, mark in marks.items():
        if keys is not None and key not in keys:
            continue
        if mark is Mark.DONE:
            done += 1
        elif mark is Mark.MISSED:
            missed += 1
    return adherence(done, missed)


# --------------------------------------------------------------------------------------------
# Habit strength


STRENGTH_DECAY = 0.5 ** (1 / 13)
"""Loop Habit Tracker's daily multiplier: a habit left alone halves in 13 nights."""


class StrengthCounter:
    """Loop's score of one practice, fed its logged nights oldest first (DESIGN "Habit
    strength").

    Starts at 0 on the first marked night; each later night multiplies by ``m`` and adds
    ``1 - m`` when done; a skipped night, and the default night while unanswered, leave it
    as it is. Unlogged nights in between count as not done, in one power per gap, so the cost
    is one step per logged night however long the gaps.
    """

    __slots__ = ("_default", "_last", "value")

    def __init__(self, default_night: date) -> None:
        self._default = default_night.toordinal()
        self._last: int | None = None
        """Ordinal of the last night taken into ``value``."""
        self.value: float | None = None
        """The strength after the last night fed; None until the first mark."""

    def feed(self, ordinal: int, mark: Mark | None) -> float | None:
        """Take the next logged night (strictly after the previous one); returns the strength
        on that night."""
        if ordinal > self._default:
            return self.value
        if self.value is None:
            if mark is None:
                return None  # before its first mark a practice has no strength yet
            self.value, self._last = 0.0, ordinal - 1
        value = self.value * STRENGTH_DECAY ** (ordinal - self._last - 1)  # type: ignore[operator]
        self._last = ordinal
        if mark is Mark.DONE:
            value = value * STRENGTH_DECAY + (1 - STRENGTH_DECAY)
        elif mark is Mark.MISSED or (mark is None and ordinal != self._default):
            value *= STRENGTH_DECAY
        self.value = value
        return value

    def result(self) -> float | None:
        """The strength on the default night (its own absence leaves it unchanged)."""
        if self.value is None or self._last is None:
            return None
        gap = self._default - self._last - 1  # unlogged nights before the default night
        return self.value * STRENGTH_DECAY**gap if gap > 0 else self.value


def strength_from_marks(
    marks: Iterable[tuple[date, Mark | None]], default_night: date
) -> float | None:
    """Habit strength of one practice on the default night.

    Args:
        marks: (night, mark or None when not answered) for every logged night, any order.
        default_night: the night the strength is taken on.

    Returns:
        0..1, or None when the practice was never marked up to the default night.
    """
    counter = StrengthCounter(default_night)
    for night, mark in sorted(marks, key=lambda item: item[0]):
        counter.feed(night.toordinal(), mark)
    return counter.result()


def strengths_of_rows(
    rows: Iterable[NightMarks], keys: Iterable[str], default_night: date
) -> dict[str, float | None]:
    """Habit strength of each practice on the default night, from judged nights (one pass)."""
    ordered = sorted(
        ((night.night.toordinal(), marks) for night, marks in rows if night.night <= default_night),
        key=lambda item: item[0],
    )
    counters = {key: StrengthCounter(default_night) for key in keys}
    for ordinal, marks in ordered:
        for key, counter in counters.items():
            counter.feed(ordinal, marks.get(key))
    return {key: counter.result() for key, counter in counters.items()}


# --------------------------------------------------------------------------------------------
# Times and regularity


def clock_mean(clock_times: Iterable[float | None]) -> float | None:
    """Circular mean of clock times (minutes 0..1440); None without times."""
    return clock.circular_mean(t for t in clock_times if t is not None)


def clock_sd(clock_times: Iterable[float | None]) -> float | None:
    """Population SD in minutes around the circular mean; None with fewer than 2 times.

    One time would give an SD of 0, which says nothing about regularity.
    """
    values = [t for t in clock_times if t is not None]
    return clock.circular_sd(values) if len(values) >= 2 else None


def bedtime_mean(nights: Iterable[Night]) -> float | None:
    """Circular mean bedtime of the nights, in clock minutes."""
    return clock_mean(night.bedtime for night in nights)


def wake_mean(nights: Iterable[Night]) -> float | None:
    """Circular mean wake time of the nights, in clock minutes."""
    return clock_mean(night.wake for night in nights)


def bedtime_sd(nights: Iterable[Night]) -> float | None:
    """SD of bedtimes in minutes (None with fewer than 2)."""
    return clock_sd(night.bedtime for night in nights)


def wake_sd(nights: Iterable[Night]) -> float | None:
    """SD of wake times in minutes (None with fewer than 2)."""
    return clock_sd(night.wake for night in nights)


def sleep_mean(nights: Iterable[Night]) -> float | None:
    """Mean time asleep (wake - bedtime) in minutes."""
    return mean(night.sleep_minutes for night in nights)


def quality_mean(nights: Iterable[Night]) -> float | None:
    """Mean quality (1-5) over the nights that have one."""
    return mean(night.quality for night in nights)


def mid_sleep(night: Night) -> float | None:
    """Clock time halfway between bedtime and wake (minutes 0..1440), None if either is missing."""
    if night.bedtime is None or night.wake is None:
        return None
    start = clock.bed_offset(night.bedtime)
    end = clock.wake_offset(night.bedtime, night.wake)
    return ((start + end) / 2) % clock.MINUTES_PER_DAY


def weekend_shift(nights: Iterable[Night]) -> float | None:
    """Mean mid-sleep of Friday and Saturday nights minus that of Sunday-Thursday nights.

    Returns:
        Minutes wrapped into [-720, 720), positive when weekends are later; None when either
        group has no night with both times.
    """
    weekend: list[float] = []
    weekday: list[float] = []
    for night in nights:
        middle = mid_sleep(night)
        if middle is not None:
            group = weekend if night.night.weekday() in WEEKEND_WEEKDAYS else weekday
            group.append(middle)
    weekend_mean, weekday_mean = clock.circular_mean(weekend), clock.circular_mean(weekday)
    if weekend_mean is None or weekday_mean is None:
        return None
    return clock.wrap(weekend_mean - weekday_mean)


def sleep_regularity_index(nights: Iterable[Night], start: date, end: date) -> float | None:
    """Sleep Regularity Index (Phillips et al., 2017) over the nights start..end.

    Each night of the range is a noon-to-noon window, minute by minute; a minute is asleep
    when it lies in any logged [bedtime, wake) interval, so a night that runs past noon also
    marks the next window. A window is compared with the next one only when both nights have
    bedtime and wake, and only within the range.

    Args:
        nights: logged nights of the range, plus the night before ``start`` if logged (its
            interval may run past noon into the first window). Other nights are ignored.
        start: first night of the range.
        end: last night of the range.

    Returns:
        -100 + 200 * equal pairs / pairs, in [-100, 100]; None when there are no pairs.
    """
    days = (end - start).days + 1
    if days < 2:
        return None
    day = clock.MINUTES_PER_DAY
    asleep = bytearray(days * day)  # minute 0 is noon of the start night
    complete = [False] * days
    for night in nights:
        index = (night.night - start).days
        if not -1 <= index < days or night.bedtime is None or night.wake is None:
            continue
        if index >= 0:
            complete[index] = True
        origin = index * day - clock.HALF_DAY
        low = max(0, origin + clock.bed_offset(night.bedtime))
        high = min(len(asleep), origin + clock.wake_offset(night.bedtime, night.wake))
        if high > low:
            asleep[low:high] = b"\x01" * (high - low)
    pairs = equal = 0
    for index in range(days - 1):
        if complete[index] and complete[index + 1]:
            this = int.from_bytes(asleep[index * day : (index + 1) * day], "big")
            after = int.from_bytes(asleep[(index + 1) * day : (index + 2) * day], "big")
            # Each minute is one byte of 0 or 1, so XOR leaves one set bit per differing minute.
            equal += day - (this ^ after).bit_count()
            pairs += day
    return -100 + 200 * equal / pairs if pairs else None


# --------------------------------------------------------------------------------------------
# Sleep diary and descriptive comparisons


@dataclass(frozen=True, slots=True)
class DiaryMeans:
    """Means of the sleep diary values, each over the nights where it is defined."""

    latency: float | None = None
    awakenings: float | None = None
    waso: float | None = None
    total_sleep: float | None = None
    time_in_bed: float | None = None
    efficiency: float | None = None


def diary_means(nights: Iterable[Night]) -> DiaryMeans:
    """Mean latency, awakenings, WASO, total sleep, time in bed and efficiency."""
    rows = list(nights)
    return DiaryMeans(
        latency=mean(n.latency for n in rows),
        awakenings=mean(n.awakenings for n in rows),
        waso=mean(n.waso for n in rows),
        total_sleep=mean(n.total_sleep for n in rows),
        # Over every night where it is defined (DESIGN): in bed and out of bed default to
        # bedtime and wake, so a night without diary detail has its time in bed too, the
        # same figure the report's nightly table shows for it.
        time_in_bed=mean(n.time_in_bed for n in rows),
        efficiency=mean(n.efficiency for n in rows),
    )


@dataclass(frozen=True, slots=True)
class WithWithout:
    """Mean of a value on nights a practice was done vs. missed (descriptive only)."""

    done: float | None = None
    missed: float | None = None


NightValue = Callable[[Night], float | None]

quality_of: NightValue = attrgetter("quality")
efficiency_of: NightValue = attrgetter("efficiency")
latency_of: NightValue = attrgetter("latency")


def with_without_by_practice(
    rows: Iterable[NightMarks], keys: Iterable[str], value: NightValue
) -> dict[str, WithWithout]:
    """For each practice, the mean value on nights it was done and on nights it was missed.

    Args:
        rows: nights with their checked and derived marks (see ``nightly_marks``).
        keys: the practice keys to compare.
        value: what to average, e.g. ``quality_of``; nights where it is None are left out.
    """
    # Per key: sum and count on done nights, then sum and count on missed nights.
    sums: dict[str, list[float]] = {key: [0.0, 0.0, 0.0, 0.0] for key in keys}
    for night, marks in rows:
        amount = value(night)
        if amount is None:
            continue
        for key, mark in marks.items():
            slot = sums.get(key)
            if slot is None or mark is Mark.SKIPPED:
                continue
            offset = 0 if mark is Mark.DONE else 2
            slot[offset] += amount
            slot[offset + 1] += 1
    return {
        key: WithWithout(done=s[0] / s[1] if s[1] else None, missed=s[2] / s[3] if s[3] else None)
        for key, s in sums.items()
    }


def with_without(rows: Iterable[NightMarks], key: str, value: NightValue) -> WithWithout:
    """Mean value on nights one practice was done vs. missed."""
    return with_without_by_practice(rows, [key], value)[key]


def quality_with_without(rows: Iterable[NightMarks], key: str) -> WithWithout:
    """Mean quality on nights a practice was done vs. missed."""
    return with_without(rows, key, quality_of)


def efficiency_with_without(rows: Iterable[NightMarks], key: str) -> WithWithout:
    """Mean sleep efficiency on nights a practice was done vs. missed."""
    return with_without(rows, key, efficiency_of)


def latency_with_without(rows: Iterable[NightMarks], key: str) -> WithWithout:
    """Mean latency on nights a practice was done vs. missed."""
    return with_without(rows, key, latency_of)
