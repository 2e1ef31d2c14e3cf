"""Time ``load_week`` and ``load_trends`` (what the week and trends views read) on a one-week
database and on a 20-year one (7,300 nights), to check their cost does not grow with history.

    python benchmarks/view_loads.py
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from tracker.domain.nights import Night
from tracker.domain.practices import CATALOGUE, Mark
from tracker.storage.reports import load_trends, load_week
from tracker.storage.repository import Repository

DEFAULT_NIGHT = date(2026, 11, 23)
CHECKED = [p.key for p in CATALOGUE if not p.derived]


def nights(count: int) -> list[Night]:
    rng = random.Random(count)
    out = []
    for offset in range(count, 0, -1):
        marks = {
            key: rng.choice([Mark.DONE, Mark.DONE, Mark.MISSED, Mark.SKIPPED]) for key in CHECKED
        }
        diary = (
            {"latency": rng.randrange(0, 40), "waso": rng.randrange(0, 60)} if offset % 2 else {}
        )
        out.append(
            Night(
                night=DEFAULT_NIGHT - timedelta(days=offset),
                bedtime=(22 * 60 + rng.randrange(0, 150)) % 1440,
                wake=6 * 60 + rng.randrange(0, 120),
                quality=rng.randint(1, 5),
                marks=marks,
                **diary,  # type: ignore[arg-type]
            )
        )
    return out


def timed(run: Callable[[], object], repeat: int = 7) -> float:
    """Median milliseconds of ``repeat`` runs after one warm-up."""
    run()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for label, count in (("1 week", 7), ("20 years", 7300)):
            repository = Repository.open(Path(folder) / f"{count}.db")
            repository.bulk_save(nights(count))
            week = timed(lambda r=repository: load_week(r, DEFAULT_NIGHT, DEFAULT_NIGHT))
            trends = timed(lambda r=repository: load_trends(r, 12, DEFAULT_NIGHT))
            trends52 = timed(lambda r=repository: load_trends(r, 52, DEFAULT_NIGHT))
            print(
                f"{label:>9} ({count:>5} nights): load_week {week:6.1f} ms  "
                f"load_trends(12) {trends:6.1f} ms  load_trends(52) {trends52:6.1f} ms"
            )
            repository.close()


if __name__ == "__main__":
    main()
