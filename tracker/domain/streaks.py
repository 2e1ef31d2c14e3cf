"""Streaks (DESIGN.md "Metrics": Streaks, Check-in streak): one rule, one counter.

Every streak the tracker shows comes from ``StreakCounter`` fed oldest first: the trends'
current and best streaks of every practice (``streaks_of_rows``), the check-in's current
streaks read back only as far as they go (``current_streaks_back``), one practice's longest
runs (the practice history) and the check-in streak, which is the same rule with every logged
night counted as done (``checkin_streak``).

Standard library only and cheap to import (no dataclasses, no typing): the `status` line
counts its check-in streak here.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date
from itertools import repeat

from tracker.domain.marks import Mark

TYPE_CHECKING = False  # typing itself costs ~2 ms on the `status` path
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

    from tracker.domain.nights import Night

    NightMarks = tuple[Night, Mapping[str, Mark]]

# --------------------------------------------------------------------------------------------
# The rule, night by night

EXTENDS, KEEPS, ENDS = 1, 0, -1
"""What a logged night's mark does to the run through it (signed: the counter compares with 0)."""

EFFECT: dict[Mark | None, int] = {Mark.DONE: EXTENDS, Mark.SKIPPED: KEEPS, Mark.MISSED: ENDS}
EFFECT[None] = ENDS  # a logged night on which the practice was not answered
EFFECT_ON_DEFAULT: dict[Mark | None, int] = {**EFFECT, None: KEEPS}
"""On the default night the check-in may be under way: not answered yet keeps the run."""
# A night not logged between two logged ones ends the run; the default night not logged does
# not (the run stands if it reaches the night before).


def effect(ordinal: int, mark: Mark | None, default: int) -> int:
    """EXTENDS, KEEPS or ENDS: what ``mark`` on the night ``ordinal`` does to its run."""
    return (EFFECT_ON_DEFAULT if ordinal == default else EFFECT)[mark]


class Streak(namedtuple("Streak", ["current", "best"])):
    """A current streak (counted back from the default night) and the best one anywhere."""

    __slots__ = ()


_NONE = -1
"""The last night fed, before the first: no ordinal is that far back."""


class StreakCounter:
    """Follows one practice through its logged nights, oldest first, by the rule above.

    ``feed`` may be called several times (each batch after the previous one); nights after
    the default night are ignored. With ``keep_runs``, every run of done nights is kept as
    (length, first done ordinal, last done ordinal), for the practice history.
    """

    __slots__ = ("_default", "_last", "_run", "_best", "_first", "_last_done", "runs")

    def __init__(self, default_night: date, *, keep_runs: bool = False) -> None:
        self._default = default_night.toordinal()
        self._last = _NONE
        """The last night fed."""
        self._run = 0
        self._best = 0
        self._first = 0
        """The first done night of the run going on."""
        self._last_done = 0
        self.runs: list[tuple[int, int, int]] | None = [] if keep_runs else None
        """The runs that ended, when kept (see ``all_runs``)."""

    def feed(self, nights: Iterable[tuple[int, Mark | None]]) -> None:
        """Take logged nights (ordinal, mark or None when not answered), oldest first.

        A loop of local variables: the trends run it over decades of nights per practice.
        """
        default, effects, on_default = self._default, EFFECT, EFFECT_ON_DEFAULT
        last, run, best, first, last_done = (
            self._last, self._run, self._best, self._first, self._last_done
        )  # fmt: skip
        runs = self.runs
        for ordinal, mark in nights:
            if ordinal < default:
                change = effects[mark]
            elif ordinal == default:
                change = on_default[mark]
            else:
                break  # after the default night: cannot be logged
            if run and (change < 0 or ordinal - last > 1):  # ENDS
                # This night's mark, or a night not logged in between, ends the run.
                if run > best:
                    best = run
                if runs is not None:
                    runs.append((run, first, last_done))
                run = 0
            last = ordinal
            if change > 0:  # EXTENDS
                if not run:
                    first = ordinal
                run += 1
                last_done = ordinal
        self._last, self._run, self._best, self._first, self._last_done = (
            last, run, best, first, last_done
        )  # fmt: skip

    def result(self) -> Streak:
        """The current streak on the default night and the best one, after the nights fed."""
        current = self._run if self._last >= self._default - 1 else 0
        return Streak(current, max(self._best, self._run))

    def all_runs(self) -> list[tuple[int, int, int]]:
        """Every run of done nights so far, the one going on included (with ``keep_runs``)."""
        assert self.runs is not None, "made without keep_runs"
        return [*self.runs, (self._run, self._first, self._last_done)] if self._run else self.runs


# --------------------------------------------------------------------------------------------
# The callers' shapes of input


def streaks_of_rows(
    rows: Iterable[NightMarks], keys: Iterable[str], default_night: date
) -> dict[str, Streak]:
    """Current and best streak of each practice from logged nights with their judged marks
    (``metrics.nightly_marks``), in any order."""
    rows = list(rows)
    ordinals = [night.night.toordinal() for night, _ in rows]
    if ordinals != sorted(ordinals):  # read oldest first, they usually are: no sort then
        rows.sort(key=lambda row: row[0].night)
        ordinals.sort()
    nights_marks = [marks for _, marks in rows]
    result: dict[str, Streak] = {}
    for key in keys:
        counter = StreakCounter(default_night)
        counter.feed(zip(ordinals, [marks.get(key) for marks in nights_marks], strict=True))
        result[key] = counter.result()
    return result


def _while_a_run_goes_on(
    rows_newest_first: Iterable[NightMarks], keys: Sequence[str], anchor: int
) -> Iterator[NightMarks]:
    """The logged nights, newest first, up to the one where every run through ``anchor`` has
    ended by the rule (``effect``, and a night not logged in between). Nights after
    ``anchor`` are left out; the rows are read no further than that."""
    alive = list(keys)
    newer = anchor  # unlogged, the anchor does not break: the next may be the night before
    for row in rows_newest_first:
        ordinal = row[0].night.toordinal()
        if ordinal > anchor:
            continue
        if newer - ordinal > 1:
            return  # a night not logged in between
        yield row
        newer = ordinal
        marks = row[1]
        alive = [key for key in alive if effect(ordinal, marks.get(key), anchor) is not ENDS]
        if not alive:
            return


def current_streaks_back(
    rows_newest_first: Iterable[NightMarks], keys: Iterable[str], anchor: date
) -> dict[str, int]:
    """Each practice's current streak as of ``anchor`` (the default night, or a past night
    shown as it stood then), reading logged nights back only until every run has ended: the
    cost grows with the streaks, not with the history.

    Args:
        rows_newest_first: logged nights with their judged marks, newest first; it may be
            lazy, and is read no further than needed.
    """
    keys = list(keys)
    recent = list(_while_a_run_goes_on(rows_newest_first, keys, anchor.toordinal()))
    recent.reverse()
    return {key: streak.current for key, streak in streaks_of_rows(recent, keys, anchor).items()}


def checkin_streak(logged_runs: Iterable[tuple[date, date]], default_night: date) -> int:
    """Consecutive logged nights back from the default night, or from the night before while
    the default night is not logged: the streak rule with every logged night done.

    Args:
        logged_runs: the logged nights as disjoint runs (first, last) of consecutive nights,
            any order (a night alone is (night, night)); the run reaching the default night
            or the night before is enough.
    """
    counter = StreakCounter(default_night)
    for first, last in sorted(logged_runs):
        counter.feed(zip(range(first.toordinal(), last.toordinal() + 1), repeat(Mark.DONE)))
    return counter.result().current
