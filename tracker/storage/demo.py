"""Sample nights for ``sleep-tracker demo``: about twelve weeks of a person getting better at
their sleep-hygiene practices.

``demo_nights`` is deterministic for a seed and a default night, so the demo and its tests see
the same data; ``fill_demo`` writes the nights into a (throw-away) repository in one
transaction. Called by ``tracker.tui.launch`` inside the worker that opens the database.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from tracker.domain import clock
from tracker.domain.nights import Night, validate_night
from tracker.domain.practices import CATALOGUE, Mark

if TYPE_CHECKING:
    from tracker.storage.repository import Repository

DEMO_SEED = 2026
DEMO_WEEKS = 12

_EASE = {
    "routine": 0.10,
    "meditation": -0.15,
    "stretching": -0.05,
    "cool_room": 0.15,
    "quiet_room": 0.05,
    "comfortable": 0.20,
}
"""How much easier (or harder) than average each practice is to keep."""

FIRST_NOTE = "Read a paper book instead of the phone"
"""The note of the night the demo opens on."""
_NOTES = (
    "Late dinner with friends",
    "Travelling for work",
    "Neighbours were loud until midnight",
    "Set a wind-down alarm for 22:30",
    "Hot evening, window open",
    "Long walk in the afternoon",
    "Work deadline on my mind",
    "Blackout curtains arrived",
    "Went to bed as soon as I felt sleepy",
    "Quiet weekend at home",
    "Woke up before the alarm, felt fine",
)


def demo_nights(
    default_night: date, *, seed: int = DEMO_SEED, weeks: int = DEMO_WEEKS
) -> list[Night]:
    """Plausible nights for the ``weeks`` weeks before the default night, habits and diary
    improving over time, and the default night itself logged in full (times, every practice
    answered, quality, temperature, a note), so that the check-in the demo opens on shows what
    the app records rather than empty fields."""
    rng = random.Random(f"{seed}:{default_night.isoformat()}")
    checked = [p.key for p in CATALOGUE if not p.derived]
    total = weeks * 7
    first = default_night - timedelta(days=total)
    travel_start = rng.randrange(20, 40)
    notes = list(_NOTES)
    rng.shuffle(notes)
    nights: list[Night] = []
    for index in range(total + 1):
        night = first + timedelta(days=index)
        shown_first = index == total  # the default night: the demo opens on it
        progress = min(1.0, index / max(total - 1, 1))
        if rng.random() > 0.82 + 0.16 * progress and not shown_first:
            continue  # a night not logged: more of them early on
        travelling = travel_start <= index < travel_start + 3
        weekend = night.weekday() in (4, 5)
        marks: dict[str, Mark] = {}
        for key in checked:
            draw = rng.random()
            if travelling and key in ("cool_room", "quiet_room", "comfortable"):
                marks[key] = Mark.SKIPPED
            elif draw < 0.03 and not shown_first:
                continue  # not answered
            elif draw < 0.06 and not shown_first:
                marks[key] = Mark.SKIPPED
            elif rng.random() < 0.35 + 0.5 * progress + _EASE[key]:
                marks[key] = Mark.DONE
            else:
                marks[key] = Mark.MISSED
        kept = sum(mark is Mark.DONE for mark in marks.values()) / len(checked)
        spread = 45 - 30 * progress
        bed_mean = 23 * 60 + 50 - 40 * progress + (40 - 25 * progress) * weekend
        wake_mean = 7 * 60 + 40 - 40 * progress + (50 - 30 * progress) * weekend
        bedtime = round(rng.gauss(bed_mean, spread)) % clock.MINUTES_PER_DAY
        wake = round(rng.gauss(wake_mean, spread * 0.8)) % clock.MINUTES_PER_DAY
        quality = round(2.2 + 1.6 * progress + 1.4 * kept + rng.gauss(0, 0.6))
        values: dict[str, object] = {
            "quality": min(5, max(1, quality)) if rng.random() < 0.9 else None,
            "room_temp_c": round(rng.uniform(18.0, 22.5) - 1.5 * progress, 1)
            if rng.random() < 0.6
            else None,
            "note": notes.pop() if notes and rng.random() < 0.14 else None,
        }
        if travelling:
            values["note"] = "Travelling: hotel room"
        if shown_first:
            values |= {
                "quality": values["quality"] or 4,
                "room_temp_c": values["room_temp_c"] or 19.0,
                "note": FIRST_NOTE,
            }
        if rng.random() < 0.3 + 0.4 * progress:
            latency = max(0, round(rng.gauss(35 - 23 * progress, 8)))
            waso = max(0, round(rng.gauss(45 - 30 * progress, 10)))
            values |= {
                "in_bed": (bedtime - rng.randrange(5, 35)) % clock.MINUTES_PER_DAY,
                "out_of_bed": (wake + rng.randrange(5, 30)) % clock.MINUTES_PER_DAY,
                "latency": latency,
                "awakenings": max(0, round(rng.gauss(3 - 2 * progress, 1))),
                "waso": waso,
            }
        candidate = Night(night=night, bedtime=bedtime, wake=wake, marks=marks, **values)  # type: ignore[arg-type]
        validate_night(candidate)
        nights.append(candidate)
    return nights


def fill_demo(repository: Repository, now: datetime, *, seed: int = DEMO_SEED) -> int:
    """Write the sample nights up to the default night; returns how many."""
    night = clock.default_night(now, repository.preferences().rollover)
    nights = demo_nights(night, seed=seed)
    repository.bulk_save(nights)
    return len(nights)
