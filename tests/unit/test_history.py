"""One practice's life (practice history screen): weekly strength, longest streaks, weekdays."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tracker.domain import metrics
from tracker.domain.grid import Cell
from tracker.domain.history import practice_history, year_cells
from tracker.domain.practices import Mark
from tracker.domain.streaks import StreakCounter

DONE, MISSED, SKIPPED = Mark.DONE, Mark.MISSED, Mark.SKIPPED
UNANSWERED, UNLOGGED = "unanswered", "unlogged"
START = date(2026, 1, 5)  # a Monday
DAY = timedelta(days=1)
M = 0.5 ** (1 / 13)
STATES = st.sampled_from([DONE, MISSED, SKIPPED, UNANSWERED, UNLOGGED])


def pairs(states: list[object]) -> list[tuple[date, Mark | None]]:
    return [
        (START + i * DAY, None if s == UNANSWERED else s)  # type: ignore[misc]
        for i, s in enumerate(states)
        if s != UNLOGGED
    ]


def strength_series(states: list[object], default_index: int) -> dict[int, float]:
    """Night index -> strength on that night, computed night by night from the definition."""
    series: dict[int, float] = {}
    value: float | None = None
    for index in range(default_index + 1):
        state = states[index] if index < len(states) else UNLOGGED
        if value is None:
            if state not in (DONE, MISSED, SKIPPED):
                continue
            value = 0.0
        if state is SKIPPED or (index == default_index and state in (UNANSWERED, UNLOGGED)):
            pass
        else:
            value = value * M + (1 - M if state is DONE else 0.0)
        series[index] = value
    return series


@given(st.lists(STATES, min_size=1, max_size=60), st.integers(0, 20))
def test_weekly_strength_is_the_night_by_night_value_at_each_week_end(
    states: list[object], extra: int
) -> None:
    default_index = len(states) - 1 + extra
    history = practice_history(pairs(states), START + default_index * DAY)
    series = strength_series(states, default_index)
    expected = [
        (START + (index - index % 7) * DAY, value)
        for index, value in series.items()
        if index % 7 == 6 or index == default_index
    ]
    assert [week for week, _ in history.strength_by_week] == [week for week, _ in expected]
    for (_, got), (_, want) in zip(history.strength_by_week, expected, strict=True):
        assert abs(got - want) < 1e-9
    final = metrics.strength_from_marks(pairs(states), START + default_index * DAY)
    assert history.strength == final


@given(st.lists(STATES, min_size=1, max_size=60))
def test_the_longest_streak_is_the_best_streak(states: list[object]) -> None:
    default = START + (len(states) - 1) * DAY
    history = practice_history(pairs(states), default)
    counter = StreakCounter(default)
    counter.feed((night.toordinal(), mark) for night, mark in pairs(states))
    best = counter.result().best
    assert (history.longest[0].length if history.longest else 0) == best
    lengths = [run.length for run in history.longest]
    assert lengths == sorted(lengths, reverse=True) and len(lengths) <= 5


def test_longest_streaks_with_their_first_and_last_nights() -> None:
    states = [DONE, DONE, SKIPPED, DONE, MISSED, DONE, UNLOGGED, DONE, DONE, UNANSWERED, DONE]
    history = practice_history(pairs(states), START + 10 * DAY)
    assert [(r.length, r.first, r.last) for r in history.longest] == [
        (3, START, START + 3 * DAY),
        (2, START + 7 * DAY, START + 8 * DAY),
        (1, START + 5 * DAY, START + 5 * DAY),
        (1, START + 10 * DAY, START + 10 * DAY),
    ]
    # Weekdays: START is a Monday.
    assert history.weekdays[0] == metrics.Tally(done=2)  # Mon 5 and Mon 12
    assert history.weekdays[2] == metrics.Tally(skipped=1)
    assert history.tally == metrics.Tally(done=7, missed=1, skipped=1)
    assert history.first_night == START


def test_a_practice_never_marked_has_no_life_yet() -> None:
    history = practice_history([(START, None)], START + DAY)
    assert history.first_night is None and history.strength is None
    assert history.strength_by_week == () and history.longest == ()


def test_year_cells_cover_the_year_with_blank_before_the_first_mark() -> None:
    nights = [(date(2026, 3, 2), DONE), (date(2026, 3, 3), None)]
    cells = year_cells(nights, 2026, date(2026, 3, 2), date(2026, 3, 5))
    assert len(cells) == 365
    assert cells[date(2026, 3, 1)] is Cell.BEFORE
    assert cells[date(2026, 3, 2)] is Cell.DONE
    assert cells[date(2026, 3, 3)] is Cell.NOT_ANSWERED
    assert cells[date(2026, 3, 4)] is Cell.NOT_LOGGED
    assert cells[date(2026, 3, 6)] is Cell.FUTURE
