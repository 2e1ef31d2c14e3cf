"""Habit strength (DESIGN.md "Habit strength"): worked examples and a night-by-night reference."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tests.unit.builders import night
from tracker.domain import metrics
from tracker.domain.practices import Mark

DONE, MISSED, SKIPPED = Mark.DONE, Mark.MISSED, Mark.SKIPPED
UNANSWERED, UNLOGGED = "unanswered", "unlogged"
START = date(2026, 1, 5)
DAY = timedelta(days=1)
M = 0.5 ** (1 / 13)


def reference(states: list[object], default_index: int) -> float | None:
    """The definition read literally: every calendar night from the first mark, one by one."""
    strength: float | None = None
    for index, state in enumerate(states[: default_index + 1]):
        if strength is None:
            if state in (DONE, MISSED, SKIPPED):
                strength = 0.0
            else:
                continue
        if state is SKIPPED:
            continue
        if index == default_index and state in (UNANSWERED, UNLOGGED):
            continue  # the check-in of the default night may be under way
        x = 1.0 if state is DONE else 0.0
        strength = strength * M + x * (1 - M)
    return strength


def pairs(states: list[object]) -> list[tuple[date, Mark | None]]:
    return [
        (START + index * DAY, None if state == UNANSWERED else state)  # type: ignore[misc]
        for index, state in enumerate(states)
        if state != UNLOGGED
    ]


STATES = st.sampled_from([DONE, MISSED, SKIPPED, UNANSWERED, UNLOGGED])


@given(st.lists(STATES, min_size=1, max_size=80), st.integers(0, 90))
def test_strength_equals_the_night_by_night_computation(states: list[object], at: int) -> None:
    default_index = min(at, len(states) + 5)  # sometimes after the last logged night
    expected = reference(states + [UNLOGGED] * 6, default_index)
    got = metrics.strength_from_marks(pairs(states), START + default_index * DAY)
    if expected is None:
        assert got is None
    else:
        assert got is not None and abs(got - expected) < 1e-9
        assert 0 <= got < 1


@given(st.lists(STATES, min_size=1, max_size=60))
def test_strengths_of_rows_agree_with_one_practice(states: list[object]) -> None:
    rows = [
        (night(when), {} if mark is None else {"routine": mark}) for when, mark in pairs(states)
    ]
    default = START + (len(states) - 1) * DAY
    many = metrics.strengths_of_rows(rows, ["routine", "never"], default)
    assert many["never"] is None
    assert many["routine"] == metrics.strength_from_marks(pairs(states), default)


def test_thirteen_nights_done_reach_one_half() -> None:
    marks = [(START + i * DAY, DONE) for i in range(13)]
    assert abs(metrics.strength_from_marks(marks, START + 12 * DAY) - 0.5) < 1e-12  # type: ignore[operator]


def test_thirteen_nights_away_halve_it() -> None:
    marks = [(START + i * DAY, DONE) for i in range(13)]
    # Nights 13..25 not logged (13 decays, one halving); the unlogged default night keeps it.
    later = metrics.strength_from_marks(marks, START + 26 * DAY)
    assert abs(later - 0.25) < 1e-12  # type: ignore[operator]


def test_skipped_nights_and_unanswered_default_night_change_nothing() -> None:
    marks = [(START, DONE), (START + DAY, SKIPPED), (START + 2 * DAY, None)]
    assert metrics.strength_from_marks(marks, START + 2 * DAY) == 1 - M


def test_never_marked_is_none_and_nights_after_the_default_are_ignored() -> None:
    assert metrics.strength_from_marks([(START, None)], START) is None
    assert metrics.strength_from_marks([(START + DAY, DONE)], START) is None
