"""Generate ~20 years of nights as a sleep-tracker CSV, then time import and export.

    python benchmarks/gen_csv_check.py [--nights 7300] [--keep DIR]

Writes the CSV, imports it into a fresh database, exports it back, checks the bytes are
identical, and prints the timings beside `python -c pass` and `sleep-tracker --version`.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

PRACTICES = ["routine", "meditation", "stretching", "cool_room", "quiet_room", "comfortable"]
CUSTOM = ["no_screens", "warm_bath"]
NOTES = ["", "", "", "late dinner", "=not a formula", "travel, hotel", 'said "hi"', "two\nlines"]


def clock(minutes: int) -> str:
    minutes %= 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def generate(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    last = date.today() - timedelta(days=2)
    header = [
        "night", "bedtime", "wake_time", "sleep_minutes", "quality", "room_temp_c", "note",
        "in_bed", "out_of_bed", "latency_min", "awakenings", "waso_min", "total_sleep_min",
        "efficiency", *PRACTICES, "on_time_bed", "on_time_wake", *CUSTOM,
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for offset in range(count - 1, -1, -1):
            night = last - timedelta(days=offset)
            bed = (23 * 60 + rng.randint(-90, 90)) % 1440
            wake = (bed + rng.randint(300, 560)) % 1440
            diary = rng.random() < 0.5
            note = rng.choice(NOTES)
            row = [
                night.isoformat(), clock(bed), clock(wake), "", rng.choice(["", "1", "3", "5"]),
                f"{rng.uniform(15, 24):.1f}", ("'" + note) if note.startswith("=") else note,
                clock(bed - rng.randint(0, 60)) if diary else "",
                clock(wake + rng.randint(0, 45)) if diary else "",
                str(rng.randint(0, 60)) if diary else "", str(rng.randint(0, 5)) if diary else "",
                str(rng.randint(0, 90)) if diary else "", "", "",
                *[rng.choice(["1", "1", "0", "skip", ""]) for _ in PRACTICES], "", "",
                *[rng.choice(["1", "0", ""]) for _ in CUSTOM],
            ]  # fmt: skip
            writer.writerow(row)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def best(command: list[str], runs: int = 3) -> float:
    return min(timed(command) for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nights", type=int, default=7300)
    parser.add_argument("--keep", metavar="DIR", help="leave the files in DIR")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="csv-check-"))
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "generated.csv"
    generate(source, args.nights)
    tracker = [sys.executable, "-m", "tracker"]
    imports: list[float] = []
    for run in range(3):
        database = folder / f"import-{run}.db"
        database.unlink(missing_ok=True)
        subprocess.run([*tracker, "--db", str(database), "--version"], check=True)
        imports.append(timed([*tracker, "--db", str(database), "import", str(source)]))
    database = folder / "import-0.db"
    first, second = folder / "export-1.csv", folder / "export-2.csv"
    export = best([*tracker, "--db", str(database), "export", "-o", str(first)])
    again = folder / "again.db"
    again.unlink(missing_ok=True)
    subprocess.run([*tracker, "--db", str(again), "import", str(first)], check=True)
    subprocess.run([*tracker, "--db", str(again), "export", "-o", str(second)], check=True)
    same = first.read_bytes() == second.read_bytes()
    with first.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    print(f"nights: {args.nights}  csv: {first.stat().st_size / 1024:.0f} KiB  rows: {len(rows)}")
    print(f"python -c pass          {best([sys.executable, '-c', 'pass']) * 1000:7.0f} ms")
    print(f"sleep-tracker --version {best([*tracker, '--version']) * 1000:7.0f} ms")
    print(f"sleep-tracker export    {export * 1000:7.0f} ms")
    print(f"sleep-tracker import    {min(imports) * 1000:7.0f} ms (new database each run)")
    print(f"round trip identical:   {same}")
    return 0 if same and len(rows) == args.nights + 1 else 1


if __name__ == "__main__":
    sys.exit(main())
