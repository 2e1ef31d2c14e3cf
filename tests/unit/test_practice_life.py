"""A practice's life begins at its first mark (issue 19, item 5): nights before it are blank,
not "not answered", in the week, the grid and every count, JSON included."""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.unit.builders import night
from tracker.domain.grid import Cell, cell_state, life_start, summarize_grid
from tracker.domain.practices import CATALOGUE, Category, Mark, Practice
from tracker.domain.summary import summarize_week

MON = date(2026, 11, 23)
DAY = timedelta(days=1)
JOURNAL = Practice("journal", "Wrote a journal", Category.CUSTOM, position=9)
PRACTICES = (*CATALOGUE[:6], JOURNAL, *CATALOGUE[6:])


def logged_week() -> list:
    """Mon-Thu logged; the journal was added on Wednesday and first marked then."""
    return [
        night(MON, marks={"routine": Mark.DONE}),
        night(MON + DAY, marks={"routine": Mark.MISSED}),
        night(MON + 2 * DAY, marks={"routine": Mark.DONE, "journal": Mark.DONE}),
        night(MON + 3 * DAY, marks={"routine": Mark.DONE}),
    ]


def test_nights_before_the_first_mark_are_blank_in_the_week() -> None:
    summary = summarize_week(
        week_start=MON,
        nights=logged_week(),
        previous_nights=[],
        night_before=None,
        practices=PRACTICES,
        targets=[],
        default_night=MON + 4 * DAY,
        first_marks={"routine": MON - 30 * DAY, "journal": MON + 2 * DAY},
    )
    journal = [summary.cell("journal", index) for index in range(7)]
    assert journal == [Cell.BEFORE, Cell.BEFORE, Cell.DONE, Cell.NOT_ANSWERED, Cell.NOT_LOGGED,
                       Cell.FUTURE, Cell.FUTURE]  # fmt: skip
    routine = [summary.cell("routine", index) for index in range(5)]
    assert routine == [Cell.DONE, Cell.MISSED, Cell.DONE, Cell.DONE, Cell.NOT_LOGGED]
    # Never marked: blank on every night, even logged ones.
    assert {summary.cell("stretching", index) for index in range(4)} == {Cell.BEFORE}
    # Derived practices are judged from times from the first night on.
    assert summary.cell("on_time_bed", 0) is Cell.DONE
    # Counts: the journal has one mark, and the JSON says exactly that.
    data = json.loads(json.dumps(summary.to_json()))
    assert data["practices"]["journal"] == {"done": 1, "missed": 0, "skipped": 0, "adherence": 1.0}
    assert data["practices"]["stretching"]["adherence"] is None


def test_the_grid_gives_null_before_the_first_mark_and_counts_only_marks() -> None:
    summary = summarize_grid(
        count=5,
        default_night=MON + 4 * DAY,
        nights=logged_week(),
        practices=PRACTICES,
        targets=[],
        first_marks={"routine": MON, "journal": MON + 2 * DAY},
    )
    data = summary.to_json()
    assert data["practices"]["journal"]["marks"] == [None, None, "done", "not answered",
                                                     "not logged"]  # fmt: skip
    assert data["practices"]["journal"]["done"] == 1
    assert data["practices"]["journal"]["missed"] == 0
    assert data["practices"]["stretching"]["marks"] == [None] * 5


def test_cell_state_rules() -> None:
    marks = {"routine": Mark.SKIPPED}
    assert cell_state(marks, "routine", MON, MON, MON) is Cell.SKIPPED
    assert cell_state(marks, "routine", MON + DAY, MON, MON) is Cell.FUTURE
    assert cell_state(None, "routine", MON, MON - DAY, MON) is Cell.NOT_LOGGED
    assert cell_state(marks, "routine", MON - DAY, MON, MON) is Cell.BEFORE
    assert cell_state(marks, "routine", MON, None, MON) is Cell.BEFORE


# Schema 3: a practice records the night it was added, and lives from then on ---------------

READING = Practice("reading", "Read before bed", Category.CUSTOM, position=10, added=MON + 2 * DAY)


def test_life_starts_at_the_added_night_or_the_first_mark_whichever_is_earlier() -> None:
    wednesday = MON + 2 * DAY
    assert life_start(READING, None) == wednesday  # added, never marked
    assert life_start(READING, MON + 5 * DAY) == wednesday  # marked after it was added
    assert life_start(READING, MON - 10 * DAY) == MON - 10 * DAY  # an import's older marks
    # No added night (built-in practices, practices of files older than schema 3): the first
    # mark, as before; never marked: no life yet.
    assert life_start(JOURNAL, MON + DAY) == MON + DAY
    assert life_start(JOURNAL, None) is None
    assert life_start(CATALOGUE[0], None) is None
    # Derived practices are judged from times on every night.
    assert life_start(CATALOGUE[6], None) == date.min


def test_a_practice_added_but_not_answered_is_not_answered_from_its_night_on() -> None:
    """Added on Wednesday, never marked: blank Mon-Tue, "not answered" on the logged nights
    from Wednesday on, counted nowhere (not answered is excluded from adherence)."""
    practices = (*PRACTICES[:7], READING, *PRACTICES[7:])
    summary = summarize_week(
        week_start=MON,
        nights=logged_week(),
        previous_nights=[],
        night_before=None,
        practices=practices,
        targets=[],
        default_night=MON + 4 * DAY,
        first_marks={"routine": MON - 30 * DAY, "journal": MON + 2 * DAY},
    )
    reading = [summary.cell("reading", index) for index in range(7)]
    assert reading == [Cell.BEFORE, Cell.BEFORE, Cell.NOT_ANSWERED, Cell.NOT_ANSWERED,
                       Cell.NOT_LOGGED, Cell.FUTURE, Cell.FUTURE]  # fmt: skip
    data = json.loads(json.dumps(summary.to_json()))
    assert data["practices"]["reading"] == {
        "done": 0, "missed": 0, "skipped": 0, "adherence": None,
    }  # fmt: skip
    assert data["adherence"] == summarize_week(
        week_start=MON, nights=logged_week(), previous_nights=[], night_before=None,
        practices=PRACTICES, targets=[], default_night=MON + 4 * DAY,
        first_marks={"routine": MON - 30 * DAY, "journal": MON + 2 * DAY},
    ).to_json()["adherence"]  # fmt: skip

    grid = summarize_grid(
        count=5,
        default_night=MON + 4 * DAY,
        nights=logged_week(),
        practices=practices,
        targets=[],
        first_marks={"routine": MON, "journal": MON + 2 * DAY},
    ).to_json()
    assert grid["practices"]["reading"]["marks"] == [None, None, "not answered",
                                                     "not answered", "not logged"]  # fmt: skip
    assert grid["practices"]["reading"]["done"] == grid["practices"]["reading"]["missed"] == 0


def test_marks_before_the_added_night_move_its_life_back() -> None:
    """A night logged back in time with the practice marked (or imported) starts it there."""
    nights = [*logged_week(), night(MON - DAY, marks={"reading": Mark.MISSED})]
    practices = (*PRACTICES[:7], READING, *PRACTICES[7:])
    grid = summarize_grid(
        count=6,
        default_night=MON + 4 * DAY,
        nights=nights,
        practices=practices,
        targets=[],
        first_marks={"routine": MON, "reading": MON - DAY},
    ).to_json()
    assert grid["practices"]["reading"]["marks"] == ["missed", "not answered", "not answered",
                                                     "not answered", "not answered",
                                                     "not logged"]  # fmt: skip
    assert grid["practices"]["reading"]["missed"] == 1
