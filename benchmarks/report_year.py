"""A year's sleep diary report, timed against the program's own start-up (run by hand).

    python benchmarks/report_year.py [--rounds 5]

Builds a database of 366 nights ending on the default night (every practice marked, notes,
half the nights with diary detail; the 20-year builder of ``bench.py``, cut to a year), then
times whole processes, alternating the commands round by round, and prints the medians of
the wall-clock time (and of the CPU time, user + system, which a loaded machine moves less):

- ``sleep-tracker --version``: the program's start-up, the unit of the ratios;
- ``report`` of the whole year to HTML and to PDF (bound: under 2 s each, the contract);
- ``report`` of the default 14 nights to HTML;
- ``status`` and ``week --json``, which must not pay for the report's libraries.

Standard library and the project only. Exit status 0 when the year's reports take under 2 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import build_databases, console_script  # noqa: E402

YEAR = 366
BOUND_SECONDS = 2.0


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of the command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds

    from tracker.domain import clock

    script = console_script()
    with tempfile.TemporaryDirectory(prefix="report-bench-") as temporary:
        folder = Path(temporary)
        year_db, _ = build_databases(folder, YEAR)
        last = clock.default_night(datetime.now(), 15)
        first = last - timedelta(days=YEAR - 1)
        span = ["--from", first.isoformat(), "--to", last.isoformat()]
        db = ["--db", str(year_db)]
        commands = {
            "start-up (--version)": [script, "--version"],
            "status": [script, *db, "status"],
            "week --json": [script, *db, "week", "--json"],
            "report, 14 nights, HTML": [script, *db, "report", "-o", str(folder / "f.html")],
            "report, a year, HTML": [script, *db, "report", *span, "-o", str(folder / "y.html")],
            "report, a year, PDF": [script, *db, "report", *span, "-o", str(folder / "y.pdf")],
        }
        for command in commands.values():  # warm the file cache and .pyc files
            timed(command)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                wall, used = timed(command)
                samples[name].append(wall)
                cpu[name].append(used)
        sizes = {
            "HTML": (folder / "y.html").stat().st_size,
            "PDF": (folder / "y.pdf").stat().st_size,
        }

    base = statistics.median(samples["start-up (--version)"])
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} CPUs; {rounds} rounds")
    print(f"{'command':<28}{'median s':>10}{'x start-up':>12}{'CPU s':>8}")
    for name, values in samples.items():
        median = statistics.median(values)
        used = statistics.median(cpu[name])
        print(f"{name:<28}{median:>10.3f}{median / base:>12.1f}{used:>8.3f}")
    html_kib, pdf_kib = sizes["HTML"] / 1024, sizes["PDF"] / 1024
    print(f"a year's report: HTML {html_kib:.0f} KiB, PDF {pdf_kib:.0f} KiB")
    slowest = max(statistics.median(samples[n]) for n in samples if n.startswith("report, a year"))
    ok = slowest < BOUND_SECONDS
    print(f"a year's report in {slowest:.2f} s: {'within' if ok else 'OVER'} {BOUND_SECONDS} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
