"""Streaks as of one night, read back only until they break (issue 13, item 11 and speed)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.nights import Night
from tracker.domain.practices import Mark
from tracker.domain.streaks import checkin_streak, current_streaks_back, streaks_of_rows
from tracker.storage.repository import Repository
from tracker.tui.data import load_streaks

ANCHOR = date(2026, 11, 23)
STATE = st.sampled_from([Mark.DONE, Mark.MISSED, Mark.SKIPPED, None, "unlogged"])
KEYS = ["a", "b"]


def rows_of(states: list[dict[str, object]]) -> list[Night]:
    """One night per entry, the last on the anchor; "unlogged" in key a leaves it out."""
    nights = []
    for back, marks in enumerate(reversed(states)):
        if marks.get("a") == "unlogged":
            continue
        kept = {k: v for k, v in marks.items() if isinstance(v, Mark)}
        nights.append(Night(ANCHOR - timedelta(days=back), marks=kept))
    return list(reversed(nights))


@given(st.lists(st.fixed_dictionaries({"a": STATE, "b": STATE}), min_size=1, max_size=40))
def test_reading_back_agrees_with_the_whole_history(states: list[dict[str, object]]) -> None:
    nights = rows_of(states)
    whole = streaks_of_rows([(n, n.marks) for n in nights], KEYS, ANCHOR)
    consumed = 0

    def newest_first():  # type: ignore[no-untyped-def]
        nonlocal consumed
        for logged in reversed(nights):
            consumed += 1
            yield logged, logged.marks

    back = current_streaks_back(newest_first(), KEYS, ANCHOR)
    assert back == {key: whole[key].current for key in KEYS}


def test_reading_back_stops_where_every_streak_ended() -> None:
    done, missed = {"a": Mark.DONE, "b": Mark.DONE}, {"a": Mark.MISSED, "b": Mark.MISSED}
    nights = [Night(ANCHOR - timedelta(days=back), marks=done) for back in range(2000, 2, -1)]
    nights += [Night(ANCHOR - timedelta(days=2), marks=missed)]
    nights += [Night(ANCHOR - timedelta(days=back), marks=done) for back in (1, 0)]
    read: list[Night] = []

    def newest_first():  # type: ignore[no-untyped-def]
        for logged in reversed(nights):
            read.append(logged)
            yield logged, logged.marks

    assert current_streaks_back(newest_first(), KEYS, ANCHOR) == {"a": 2, "b": 2}
    assert len(read) == 3


@settings(max_examples=30, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=30), st.integers(0, 29))
def test_the_checkin_streak_as_of_a_night(
    tmp_path_factory, logged: list[bool], offset: int
) -> None:  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("run") / "tracker.db"
    first = ANCHOR - timedelta(days=len(logged) - 1)
    nights = [Night(first + timedelta(days=i), quality=3) for i, kept in enumerate(logged) if kept]
    as_of = ANCHOR - timedelta(days=min(offset, len(logged) - 1))
    with Repository.open(path) as repository:
        if nights:
            repository.bulk_save(nights)
        expected = checkin_streak([(n.night, n.night) for n in nights], as_of)
        run = repository.recent_run(as_of)
        assert checkin_streak([run] if run else [], as_of) == expected


def test_streaks_shown_for_a_past_night_are_as_of_that_night(db_path: Path) -> None:
    done = {"routine": Mark.DONE}
    nights = [Night(ANCHOR - timedelta(days=back), marks=done) for back in range(10, 3, -1)]
    nights.append(Night(ANCHOR - timedelta(days=3), marks={"routine": Mark.MISSED}))
    with Repository.open(db_path) as repository:
        repository.bulk_save(nights)
        practices = tuple(p for p in repository.practices() if p.key == "routine")
        past = load_streaks(repository, practices, ANCHOR - timedelta(days=4))
        today = load_streaks(repository, practices, ANCHOR)
    assert past.practices["routine"] == 7 and past.checkin == 7
    assert today.practices["routine"] == 0 and today.checkin == 0
