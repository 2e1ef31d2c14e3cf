"""Streaks on a 20-year database (bench.py's build_databases) against its one-night database:
the trends' all-practices streaks (domain only, and load_trends), the check-in's current streaks
as the app reads them (load_streaks), one practice's history (load_practice_history) and the
status line's data (read_status). Medians of CPU time in ms (process time, so other work on a
shared machine weighs less on the figures) and the 20-year / one-night ratio.

    python benchmarks/streaks.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import build_databases  # noqa: E402

from tracker.domain import clock, metrics  # noqa: E402
from tracker.domain.streaks import streaks_of_rows  # noqa: E402
from tracker.storage.quick_status import read_status  # noqa: E402
from tracker.storage.reports import load_practice_history, load_trends  # noqa: E402
from tracker.storage.repository import Repository  # noqa: E402
from tracker.tui.data import load_streaks  # noqa: E402


def timed(run: Callable[[], object], rounds: int) -> float:
    run()
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        run()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def measure(path: Path, rounds: int) -> dict[str, float]:
    now = datetime.now()
    night = clock.default_night(now, 15)
    repository = Repository.open(path)
    practices = tuple(repository.practices())
    keys = [p.key for p in practices]
    rows = metrics.nightly_marks(repository.history(night), repository.targets_history())
    routine = practices[0]
    figures = {
        "streaks_of_rows (all practices, domain)": timed(
            lambda: streaks_of_rows(rows, keys, night), rounds
        ),
        "load_trends 12 weeks": timed(lambda: load_trends(repository, 12, night), rounds),
        "load_streaks (check-in, app)": timed(
            lambda: load_streaks(repository, practices, night), rounds
        ),
        "load_practice_history": timed(
            lambda: load_practice_history(repository, routine, night), rounds
        ),
        "read_status": timed(lambda: read_status(path, now), rounds),
    }
    repository.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        big, small = build_databases(Path(folder), 7300)
        one, twenty = measure(small, args.rounds), measure(big, args.rounds)
    for name, value in twenty.items():
        print(f"{name:42} {one[name]:7.2f} ms  {value:7.2f} ms  {value / one[name]:6.1f}x")


if __name__ == "__main__":
    main()
