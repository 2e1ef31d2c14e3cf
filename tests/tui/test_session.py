"""The check-in session driven directly, without the app: queue, order, outcomes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tracker.domain.nights import Change
from tracker.domain.practices import Mark
from tracker.storage.repository import Repository
from tracker.tui.session import CheckinSession, Outcome, Refused, Saved

NIGHT = date(2026, 11, 23)


def session_on(path: Path) -> tuple[CheckinSession, list[Outcome]]:
    outcomes: list[Outcome] = []
    session = CheckinSession(Repository.open(path), default_night=lambda: NIGHT)
    session.listen(outcomes.append)
    return session, outcomes


def test_changes_are_written_in_the_order_they_were_queued(db_path: Path) -> None:
    session, outcomes = session_on(db_path)
    for minutes in (22 * 60, 22 * 60 + 30, 23 * 60 + 10):
        session.queue(NIGHT, Change(fields={"bedtime": minutes}))
    session.mark(NIGHT, "routine", Mark.DONE)
    assert session.wait(timeout=30)
    assert [type(outcome) for outcome in outcomes] == [Saved] * 4
    assert [o.pending for o in outcomes][-1] is False
    with Repository.open(db_path) as repository:
        stored = repository.get_night(NIGHT)
    assert stored is not None and stored.bedtime == 23 * 60 + 10
    assert stored.marks == {"routine": Mark.DONE}
    session.repository.close()


def test_a_refused_change_is_reported_with_the_night_as_stored(db_path: Path) -> None:
    session, outcomes = session_on(db_path)
    session.queue(NIGHT, Change(fields={"bedtime": 23 * 60}))
    session.queue(NIGHT + timedelta(days=1), Change(fields={"quality": 3}))  # the future
    session.mark(NIGHT, "no_such_practice", Mark.DONE)
    assert session.wait(timeout=30)
    saved, future, unknown = outcomes
    assert isinstance(saved, Saved)
    assert isinstance(future, Refused) and future.stored is None
    assert isinstance(unknown, Refused) and unknown.stored is not None
    assert unknown.stored.bedtime == 23 * 60
    assert "no_such_practice" in unknown.message
    session.repository.close()


def test_nothing_is_written_while_held_and_nothing_queued_after_close(db_path: Path) -> None:
    session, outcomes = session_on(db_path)
    with session.held():
        session.queue(NIGHT, Change(fields={"quality": 4}))
        assert not session.wait(timeout=0.05)
        assert session.busy and outcomes == []
    assert session.close(timeout=30)
    assert len(outcomes) == 1
    assert session.queue(NIGHT, Change(fields={"quality": 2})) is False
    with Repository.open(db_path) as repository:
        stored = repository.get_night(NIGHT)
    assert stored is not None and stored.quality == 4
    session.repository.close()
