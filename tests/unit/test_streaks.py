"""Streaks (DESIGN.md "Metrics": Streaks, Check-in streak): one rule, and every way the tracker
reads it agreeing with a reference written from the specification's words."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.builders import night, t
from tracker.domain import metrics
from tracker.domain.history import practice_history
from tracker.domain.nights import Night, Targets
from tracker.domain.practices import CATALOGUE, ON_TIME_BED, Mark
from tracker.domain.streaks import (
    Streak,
    StreakCounter,
    checkin_streak,
    current_streaks_back,
    streaks_of_rows,
)
from tracker.storage.quick_status import read_status
from tracker.storage.repository import Repository
from tracker.tui.data import load_streaks

DONE, MISSED, SKIPPED = Mark.DONE, Mark.MISSED, Mark.SKIPPED
MON = date(2026, 11, 23)  # a Monday
DAY = timedelta(days=1)


def practice_streak(marks: Iterable[tuple[date, Mark | None]], default_night: date) -> Streak:
    """One practice's streaks from its (night, mark) on each logged night, any order."""
    counter = StreakCounter(default_night)
    counter.feed((when.toordinal(), mark) for when, mark in sorted(marks, key=lambda m: m[0]))
    return counter.result()


def run(states: dict[int, Mark | None], default: int = 0) -> Streak:
    """Streak from day offsets relative to MON (only logged nights are listed)."""
    return practice_streak(
        [(MON + offset * DAY, mark) for offset, mark in states.items()], MON + default * DAY
    )


# --------------------------------------------------------------------------------------------
# Hand-worked examples


def test_streak_counts_back_from_unlogged_default_night() -> None:
    # -3, -2, -1 done; the default night (0) is not logged yet: it does not break -> 3.
    assert run({-3: DONE, -2: DONE, -1: DONE}) == Streak(current=3, best=3)


def test_skipped_night_neither_breaks_nor_extends() -> None:
    # done, skipped, done -> 2, not 3 and not 1.
    assert run({-3: DONE, -2: SKIPPED, -1: DONE}) == Streak(current=2, best=2)


def test_unlogged_night_breaks() -> None:
    # -3 done, -2 not logged, -1 done -> 1
    assert run({-3: DONE, -1: DONE}) == Streak(current=1, best=1)


def test_unanswered_on_logged_night_breaks() -> None:
    assert run({-3: DONE, -2: None, -1: DONE}) == Streak(current=1, best=1)


def test_missed_breaks() -> None:
    assert run({-4: DONE, -3: DONE, -2: MISSED, -1: DONE}) == Streak(current=1, best=2)


def test_default_night_unanswered_does_not_break() -> None:
    assert run({-2: DONE, -1: DONE, 0: None}) == Streak(current=2, best=2)


def test_default_night_done_adds_one_missed_ends_skipped_keeps() -> None:
    assert run({-2: DONE, -1: DONE, 0: DONE}) == Streak(current=3, best=3)
    assert run({-2: DONE, -1: DONE, 0: MISSED}) == Streak(current=0, best=2)
    assert run({-2: DONE, -1: DONE, 0: SKIPPED}) == Streak(current=2, best=2)


def test_gap_just_before_default_night_breaks() -> None:
    # -3 done, -2 done, -1 not logged, default night done -> only the default night counts.
    assert run({-3: DONE, -2: DONE, 0: DONE}) == Streak(current=1, best=2)
    assert run({-3: DONE, -2: DONE}) == Streak(current=0, best=2)


def test_best_streak_is_the_longest_anywhere() -> None:
    states: dict[int, Mark | None] = {-10 + i: DONE for i in range(5)}  # -10..-6: five done
    states.update({-5: MISSED, -2: DONE, -1: DONE})
    assert run(states) == Streak(current=2, best=5)


def test_nights_after_the_default_night_are_ignored() -> None:
    assert run({-1: DONE, 1: DONE, 2: DONE}) == Streak(current=1, best=1)


def test_empty_history() -> None:
    assert run({}) == Streak(current=0, best=0)


def test_streaks_of_derived_practice_follow_the_targets_history() -> None:
    # The bedtime target moves from 23:00 to 00:30 from MON on. Every night is in bed at 23:00:
    # before MON it is on schedule (0 min off), from MON on it is 90 min off (> 30): missed.
    history = [night(MON + offset * DAY) for offset in range(-3, 1)]
    targets = [Targets(effective_from=MON, bedtime=t("00:30"))]
    result = streaks_of_rows(metrics.nightly_marks(history, targets), [ON_TIME_BED], MON - DAY)
    assert result[ON_TIME_BED] == Streak(current=3, best=3)
    result = streaks_of_rows(metrics.nightly_marks(history, targets), [ON_TIME_BED], MON)
    assert result[ON_TIME_BED] == Streak(current=0, best=3)


def test_derived_practice_absent_without_bedtime_breaks() -> None:
    history = [night(MON - 2 * DAY), night(MON - DAY, bed=None, wake=None)]
    result = streaks_of_rows(metrics.nightly_marks(history, []), [ON_TIME_BED], MON)
    assert result[ON_TIME_BED] == Streak(current=0, best=1)


def test_checkin_streak() -> None:
    logged = [(MON - 3 * DAY, MON - DAY)]
    assert checkin_streak(logged, MON) == 3  # default night not logged yet
    assert checkin_streak([*logged, (MON, MON)], MON) == 4  # a run of one joins the one before
    assert checkin_streak([(MON - 3 * DAY, MON - 3 * DAY), (MON - DAY, MON - DAY)], MON) == 1
    assert checkin_streak([(MON - 9 * DAY, MON - 2 * DAY)], MON) == 0
    assert checkin_streak([(MON - 9 * DAY, MON + 2 * DAY)], MON) == 10  # none after the default
    assert checkin_streak([], MON) == 0


def test_streaks_over_twenty_years() -> None:
    start = MON - 7300 * DAY
    keys = [practice.key for practice in CATALOGUE]
    history = [
        night(
            start + i * DAY,
            bed="23:10" if i % 11 else "01:00",
            marks={key: (MISSED if (i + n) % 97 == 0 else DONE) for n, key in enumerate(keys[:6])},
        )
        for i in range(7301)
    ]
    targets = [Targets(MON - 4000 * DAY, bedtime=t("23:30"))]
    result = streaks_of_rows(metrics.nightly_marks(history, targets), keys, MON)
    assert result["routine"].best >= result["routine"].current > 0


# --------------------------------------------------------------------------------------------
# Every entry point against a reference written from DESIGN.md's words

KEYS = ("a", "b", "c")
UNLOGGED, UNANSWERED = "unlogged", "unanswered"
ANSWER = st.sampled_from([DONE, MISSED, SKIPPED, UNANSWERED])
DAY_STATE = st.one_of(st.just(UNLOGGED), st.fixed_dictionaries({key: ANSWER for key in KEYS}))
"""A night: not logged, or logged with each practice done, missed, skipped or not answered."""

History = dict[date, dict[str, Mark]]
"""Logged night -> its marks (a practice not answered has none)."""


def history_of(days: list[object]) -> History:
    """The logged nights of a list of day states, the first on MON."""
    logged: History = {}
    for index, state in enumerate(days):
        if isinstance(state, dict):
            logged[MON + index * DAY] = {k: v for k, v in state.items() if isinstance(v, Mark)}
    return logged


def reference_current(history: History, key: str, default: date) -> int:
    """ "Consecutive logged nights marked done, counted back from the default night; a skipped
    night neither breaks nor extends a streak; a night not logged, a missed mark, or a logged
    night on which the practice was not answered breaks it. The default night itself never
    breaks the current streak while it is not logged or the practice is not yet answered;
    marked done it adds one, missed it ends the streak at 0." """
    count = 0
    on_default = history.get(default, {}).get(key)
    if on_default is MISSED:
        return 0
    if on_default is DONE:
        count = 1
    return count + reference_back_from(history, key, default - DAY)


def reference_back_from(history: History, key: str, night: date) -> int:
    """Done nights counted back from ``night`` (no default-night exception) until a break."""
    count = 0
    while night in history:
        mark = history[night].get(key)
        if mark is DONE:
            count += 1
        elif mark is not SKIPPED:
            break
        night -= DAY
    return count


def reference_best(history: History, key: str, default: date) -> int:
    """ "The longest run anywhere in the history": counted back from every night up to the
    default night (and the current streak, which the default night's exception may keep)."""
    ends = [n for n in history if n <= default]
    return max([reference_current(history, key, default)]
               + [reference_back_from(history, key, end) for end in ends])  # fmt: skip


def reference_runs(history: History, key: str, default: date) -> list[tuple[int, date, date]]:
    """Every run (length, first done night, last done night): a done night whose run counted
    back from it ends there because the next night does not carry it on."""
    runs = []
    for end in sorted(n for n in history if n <= default):
        if history[end].get(key) is not DONE:
            continue
        # The run goes on if a later night, across skipped ones, is done again.
        later = end + DAY
        while later <= default and history.get(later, {}).get(key) is SKIPPED:
            later += DAY
        if later <= default and later in history and history[later].get(key) is DONE:
            continue
        length = reference_back_from(history, key, end)
        first = end
        counted = 1
        while counted < length:
            first -= DAY
            if history[first].get(key) is DONE:
                counted += 1
        runs.append((length, first, end))
    return runs


def reference_checkin(history: History, default: date) -> int:
    """ "Consecutive logged nights counted back from the default night, or from the night before
    it while the default night is not yet logged." """
    night = default if default in history else default - DAY
    count = 0
    while night in history:
        count += 1
        night -= DAY
    return count


def rows_of(history: History) -> list[tuple[Night, dict[str, Mark]]]:
    return [(Night(when, marks=marks), marks) for when, marks in sorted(history.items())]


@settings(max_examples=400)
@given(
    st.lists(DAY_STATE, min_size=0, max_size=45),
    st.integers(-2, 47),  # the default night, as days after MON: inside or after the history
    st.randoms(use_true_random=False),
)
def test_every_entry_point_agrees_with_the_reference(
    days: list[object], default_at: int, rng: random.Random
) -> None:
    history = history_of(days)
    default = MON + default_at * DAY
    rows = rows_of(history)
    shuffled = rows[:]
    rng.shuffle(shuffled)
    all_at_once = streaks_of_rows(shuffled, KEYS, default)
    read: list[date] = []

    def newest_first() -> Iterator[tuple[Night, dict[str, Mark]]]:
        for row in reversed(rows):
            read.append(row[0].night)
            yield row

    back = current_streaks_back(newest_first(), KEYS, default)
    for key in KEYS:
        expected = Streak(
            reference_current(history, key, default), reference_best(history, key, default)
        )
        per_practice = practice_streak(((n, m.get(key)) for n, m in history.items()), default)
        assert per_practice == expected, key
        assert all_at_once[key] == expected, key
        assert back[key] == expected.current, key
        lives = practice_history([(n, history[n].get(key)) for n in sorted(history)], default)
        runs = sorted(reference_runs(history, key, default), key=lambda r: (-r[0], r[1]))[:5]
        assert [(r.length, r.first, r.last) for r in lives.longest] == runs, key
        assert (runs[0][0] if runs else 0) == expected.best
    nights_alone = [(night, night) for night in history]
    assert checkin_streak(nights_alone, default) == reference_checkin(history, default)
    # Reading back stops where every run through the default night has ended: at most one
    # night older than the oldest one a run needed looked at (to see a night not logged).
    reach = min((reference_reach(history, key, default) for key in KEYS), default=default)
    assert sum(1 for n in read if n < reach) <= 1


def reference_reach(history: History, key: str, default: date) -> date:
    """The oldest night whose mark the current streak of ``key`` depends on."""
    if history.get(default, {}).get(key) is MISSED:
        return default
    night = default - DAY
    while night in history:
        if history[night].get(key) not in (DONE, SKIPPED):
            return night  # this night ends the run
        night -= DAY
    return min(night + DAY, default)  # the run ends at a night not logged


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DAY_STATE, min_size=1, max_size=30), st.integers(0, 31))
def test_stored_streaks_agree_with_the_reference(
    tmp_path_factory, days: list[object], default_at: int
) -> None:  # type: ignore[no-untyped-def]
    """The app's streaks (read back from the file) and `status` (its own SQL for the recent
    run), on a real database file, as of a night inside or just after the history."""
    history = history_of(days)
    default = MON + default_at * DAY
    path: Path = tmp_path_factory.mktemp("streaks") / "tracker.db"
    keys = ("routine", "meditation", "stretching")
    renamed = {n: {k: marks[a] for a, k in zip(KEYS, keys, strict=True) if a in marks}
               for n, marks in history.items()}  # fmt: skip
    with Repository.open(path) as repository:
        repository.bulk_save([Night(n, quality=3, marks=m) for n, m in sorted(renamed.items())])
        practices = tuple(p for p in repository.practices() if p.key in keys)
        shown = load_streaks(repository, practices, default)
    assert shown.checkin == reference_checkin(history, default)
    for key in keys:
        assert shown.practices[key] == reference_current(renamed, key, default), key
    if history:
        # `status` on the default night: before the rollover hour it is the night before today.
        morning = datetime.combine(default + DAY, time(8, 0))
        status = read_status(path, morning)
        assert status.default_night == default
        assert status.logged == (default in history)
        assert status.streak == reference_checkin(history, default)
