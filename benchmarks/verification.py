"""What verifying a database costs on 20 years of nights (run by hand, not by CI).

Builds the 20-year database of ``bench.py`` (7,300 nights, every practice marked) in a
temporary folder and times, in this process, medians of 7 runs: SQLite's ``quick_check`` and
``integrity_check``, the foreign key check, the row scan of ``tracker.storage.verify``, the
whole verification the first write of each day runs, and the day's backup. Every figure is
also printed as a ratio to the start-up of ``python -c pass`` measured in the same run, so the
numbers compare across machines and loads.

    python benchmarks/verification.py [--nights 7300]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import build_databases  # noqa: E402

from tracker.storage import backups, verify  # noqa: E402

ROUNDS = 7


def median_ms(work: Callable[[], object]) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nights", type=int, default=7300)
    nights = parser.parse_args().nights
    with tempfile.TemporaryDirectory(prefix="verify-bench-") as folder:
        big, _small = build_databases(Path(folder), nights)

        def pragma(sql: str) -> Callable[[], object]:
            def run() -> object:
                db = verify.open_read_only(big)
                try:
                    return db.execute(sql).fetchall()
                finally:
                    db.close()

            return run

        def rows() -> object:
            db = verify.open_read_only(big)
            try:
                return list(verify.row_damage(db))
            finally:
                db.close()

        copy = Path(folder) / "copy.db"
        figures = {
            "python -c pass (baseline)": median_ms(
                lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)
            ),
            "PRAGMA quick_check": median_ms(pragma("PRAGMA quick_check")),
            "PRAGMA integrity_check": median_ms(pragma("PRAGMA integrity_check")),
            "PRAGMA foreign_key_check": median_ms(pragma("PRAGMA foreign_key_check")),
            "row scan (every row by the domain's rules)": median_ms(rows),
            "daily verification (integrity + keys + rows)": median_ms(
                lambda: verify.require_healthy(big)
            ),
            "the day's backup (online backup API)": median_ms(
                lambda: backups.copy_database(big, copy)
            ),
        }
    baseline = figures["python -c pass (baseline)"]
    print(f"{nights} nights; medians of {ROUNDS} runs")
    for name, ms in figures.items():
        print(f"{name:<48} {ms:8.1f} ms  {ms / baseline:5.2f} x start-up")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
