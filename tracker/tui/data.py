"""What the check-in screen shows, read from the repository in one go.

The functions here block on the database; the app calls them only inside thread workers.
The repository is imported for type checking only, so importing this module before the first
frame costs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tracker.domain import streaks
from tracker.domain.nights import Night, Targets, TargetsTimeline, all_marks, targets_for
from tracker.domain.practices import Practice

if TYPE_CHECKING:
    from tracker.storage.repository import Repository


@dataclass(frozen=True)
class Streaks:
    """Current streaks as of one night (the night on screen)."""

    practices: Mapping[str, int]
    """Practice key -> its current streak."""
    checkin: int
    """Consecutive logged nights (DESIGN.md "Check-in streak")."""


@dataclass(frozen=True)
class CheckinData:
    """Everything the check-in shows for one night."""

    night: date
    """The night on screen."""
    default_night: date
    """The latest night that can be logged."""
    record: Night | None
    """The night as stored, or None when it is not logged yet."""
    practices: tuple[Practice, ...]
    """Active practices, checked and derived, in their order."""
    targets: Targets
    """The schedule targets in force for this night."""
    streaks: Streaks

    @property
    def shown(self) -> Night:
        """The stored night, or an empty one to show."""
        return self.record if self.record is not None else Night(night=self.night)


def load_streaks(
    repository: Repository,
    practices: tuple[Practice, ...],
    night: date,
    *,
    checkin: int | None = None,
) -> Streaks:
    """Current streaks as of ``night``, reading back only until each has ended (the check-in
    shows no best streak, which would need the whole history). ``checkin``: the check-in
    streak when the caller knows it is unchanged (a change to a night already logged)."""
    timeline = TargetsTimeline(repository.targets_history())
    rows = (
        (logged, all_marks(logged, timeline.at(logged.night)))
        for logged in repository.history_back(night)
    )
    per_practice = streaks.current_streaks_back(rows, [p.key for p in practices], night)
    if checkin is None:
        run = repository.recent_run(night)
        checkin = streaks.checkin_streak([run] if run else [], night)
    return Streaks(per_practice, checkin)


def load_checkin(repository: Repository, night: date, default_night: date) -> CheckinData:
    """Read one night and what the check-in needs around it."""
    practices = tuple(p for p in repository.practices() if not p.archived)
    targets = targets_for(night, repository.targets_history())
    return CheckinData(
        night=night,
        default_night=default_night,
        record=repository.get_night(night),
        practices=practices,
        targets=targets,
        streaks=load_streaks(repository, practices, night),
    )
