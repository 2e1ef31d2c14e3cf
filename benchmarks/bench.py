"""The performance bar of issue 9, measured on this machine (run by hand, not by CI).

    python benchmarks/bench.py [--rounds 7] [--keep DIR] [--app]

Builds a 20-year database (7,300 nights, every practice marked, notes, diary items) and a
one-night database in a temporary folder, exports the 20 years as CSV, then times whole
processes, alternating the commands round by round so that every figure sees the same machine
state, and prints the medians as ratios measured in this same run:

- ``week --json``, ``trends --json --weeks 52``, ``export``, ``grid``: the time the 20-year
  database adds over the one-night database, counted in bare ``python -c pass`` start-ups
  (bounds 2, 10, 15, 2);
- ``status`` through the installed console script: a multiple of ``python -c pass`` (bound 4);
- ``import`` of the 20-year CSV into a new database: at most 3x the program's own start-up
  (``sleep-tracker --version``) plus one second;
- peak memory (max RSS) of every command on the 20-year database (bound 150 MB).

``--app`` adds the first-frame figures of ``benchmarks/first_frame.py`` when it exists.
Standard library and the project only. Exit status 0 when every bound is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

NIGHTS = 7300
MB = 1024 * 1024
HERE = Path(__file__).resolve().parent
NOTES = (
    "",
    "late dinner",
    "neighbours' party until 1am",
    "=not a formula",
    'said "good night" twice',
    "travelling, hotel bed",
    "two\nlines",
    "long note " + "x" * 300,
)


def compile_project() -> None:
    """Byte-compile the package once, as an installed copy is.

    A user's runs read ``.pyc`` files: pip writes them at install, and Python on first
    import. A machine with ``PYTHONDONTWRITEBYTECODE`` set (this development machine) would
    otherwise compile every module again on every run, and that would be measured instead:
    about 10 ms of `status`'s 40.
    """
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parent.parent / "tracker", quiet=1)


def console_script() -> str:
    """The installed ``sleep-tracker`` beside this interpreter, else the one on PATH (the
    package byte-compiled first: ``compile_project``)."""
    compile_project()
    beside = Path(sys.executable).with_name("sleep-tracker")
    if beside.exists():
        return str(beside)
    found = shutil.which("sleep-tracker")
    if found is None:
        raise SystemExit("sleep-tracker is not installed (pip install -e .)")
    return found


# Data ------------------------------------------------------------------------------------


def build_databases(folder: Path, nights: int) -> tuple[Path, Path]:
    """A ``nights``-long database ending on the default night, and a one-night database."""
    from tracker.domain import clock
    from tracker.domain.nights import Night
    from tracker.domain.practices import CATALOGUE, Mark
    from tracker.storage.repository import Repository

    last = clock.default_night(datetime.now(), 15)
    keys = [practice.key for practice in CATALOGUE if not practice.derived]
    rng = random.Random(20)
    states = (Mark.DONE, Mark.DONE, Mark.DONE, Mark.MISSED, Mark.SKIPPED)

    def night(offset: int) -> Night:
        bed = (23 * 60 + rng.randint(-75, 75)) % 1440
        wake = (bed + rng.randint(360, 540)) % 1440
        diary = rng.random() < 0.5
        return Night(
            last - timedelta(days=offset),
            bedtime=bed,
            wake=wake,
            quality=rng.randint(1, 5),
            room_temp_c=round(rng.uniform(15, 24), 1),
            note=rng.choice(NOTES) or None,
            marks={key: rng.choice(states) for key in keys},
            in_bed=(bed - rng.randint(0, 40)) % 1440 if diary else None,
            out_of_bed=(wake + rng.randint(0, 40)) % 1440 if diary else None,
            latency=rng.randint(0, 45) if diary else None,
            awakenings=rng.randint(0, 4) if diary else None,
            waso=rng.randint(0, 60) if diary else None,
        )

    big, small = folder / "twenty-years.db", folder / "one-night.db"
    year = folder / "one-year.db"  # the practice history screen's baseline for opening
    # ... and for paging back a year: last calendar year whole, as it is in 20 years.
    paged = folder / "two-years.db"
    since_last_january = (last - last.replace(year=last.year - 1, month=1, day=1)).days + 1
    for path, count in ((big, nights), (small, 1), (year, min(365, nights)),
                        (paged, min(since_last_january, nights))):  # fmt: skip
        repository = Repository.open(path)
        repository.bulk_save([night(offset) for offset in range(count - 1, -1, -1)])
        repository.close()
    return big, small


# Measuring -------------------------------------------------------------------------------


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    """Peak resident memory of each run, in bytes."""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> int:
        return max(self.rss)


def run_once(command: Sequence[str], samples: Samples, output: Path | None = None) -> None:
    """Run a whole process; record its wall time and its own peak RSS (``wait4``)."""
    sink = output.open("wb") if output else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        if output:
            sink.close()  # type: ignore[union-attr]
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{error}")
    samples.seconds.append(elapsed)
    samples.rss.append(usage.ru_maxrss * 1024)  # Linux reports KiB


def has_command(script: str, name: str) -> bool:
    result = subprocess.run([script, "--help"], capture_output=True, text=True)
    return any(line.split()[:1] == [name] for line in result.stdout.splitlines())


def history_screen_ms(path: Path, rounds: int) -> dict[str, float]:
    """Median ms of what the practice history screen reads and computes on opening (the
    practice's whole life in one pass, and the calendar's year), and of paging one year back
    (that year only), for a checked and a derived practice."""
    from tracker.domain import clock
    from tracker.domain.practices import CATALOGUE
    from tracker.storage.reports import load_practice_history, load_practice_year
    from tracker.storage.repository import Repository

    default_night = clock.default_night(datetime.now(), 15)
    times: dict[str, list[float]] = {}
    with Repository.open(path) as repository:
        for practice in (CATALOGUE[0], CATALOGUE[6]):  # routine, on_time_bed
            for _ in range(rounds + 1):  # the first is a warm-up
                start = time.perf_counter()
                history = load_practice_history(repository, practice, default_night)
                load_practice_year(
                    repository, practice, default_night.year, history.first_night, default_night
                )
                opened = time.perf_counter()
                load_practice_year(
                    repository, practice, default_night.year - 1, history.first_night,
                    default_night,
                )  # fmt: skip
                paged = time.perf_counter()
                times.setdefault(f"open:{practice.key}", []).append((opened - start) * 1000)
                times.setdefault(f"year:{practice.key}", []).append((paged - opened) * 1000)
    return {name: statistics.median(values[1:]) for name, values in times.items()}


# Report ----------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    value: str
    bound: str
    ok: bool


def history_rows(python: str, folder: Path, rounds: int) -> list[Row]:
    """The practice history screen on 20 years against one year (same process kind)."""
    measured = {}
    for name in ("twenty-years", "one-year", "two-years"):
        result = subprocess.run(
            [python, __file__, "--history-of", str(folder / f"{name}.db"), "--rounds",
             str(rounds)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        import json

        measured[name] = json.loads(result.stdout)
    rows = []
    for measure, label, baseline, bound in (
        ("open", "practice history: open (whole life in one pass + its year)", "one-year", 10.0),
        # Last year is whole in both: the same nights shown, however much history is behind.
        ("year", "practice history: page to last year (reads that year)", "two-years", 1.5),
    ):
        for key in ("routine", "on_time_bed"):
            big = measured["twenty-years"][f"{measure}:{key}"]
            year = measured[baseline][f"{measure}:{key}"]
            ratio = big / year
            rows.append(
                Row(
                    f"{label}, {key}: 20 years / {baseline.replace('-', ' ')}",
                    f"{ratio:.1f}x ({year:.1f} -> {big:.1f} ms)",
                    f"<= {bound:g}x",
                    ratio <= bound,
                )
            )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="runs of each command (default 7)")
    parser.add_argument("--nights", type=int, default=NIGHTS, help=argparse.SUPPRESS)
    parser.add_argument("--keep", metavar="DIR", help="build the files in DIR and keep them")
    parser.add_argument("--app", action="store_true", help="also run benchmarks/first_frame.py")
    parser.add_argument("--build", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--history-of", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        build_databases(Path(args.build), args.nights)
        return 0
    if args.history_of:
        import json

        print(json.dumps(history_screen_ms(Path(args.history_of), args.rounds)))
        return 0

    folder = Path(args.keep or tempfile.mkdtemp(prefix="sleep-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    script = console_script()
    python = sys.executable
    started = time.perf_counter()
    # Built in a child process: a child forked from a big parent would report the parent's
    # pages in its own peak RSS.
    subprocess.run([python, __file__, "--build", str(folder), "--nights", str(args.nights)],
                   check=True)  # fmt: skip
    big, small = folder / "twenty-years.db", folder / "one-night.db"
    csv_file = folder / "twenty-years.csv"
    subprocess.run([script, "--db", str(big), "export", "-o", str(csv_file)], check=True,
                   stderr=subprocess.DEVNULL)  # fmt: skip
    print(
        f"Built {args.nights} nights ({big.stat().st_size / MB:.1f} MB database, "
        f"{csv_file.stat().st_size / MB:.1f} MB CSV) in {time.perf_counter() - started:.1f} s; "
        f"{args.rounds} alternated rounds, medians.",
        file=sys.stderr,
    )

    with_export = has_command(script, "export")
    reports = [("week", ["week", "--json"]), ("trends", ["trends", "--json", "--weeks", "52"])]
    if has_command(script, "grid"):
        reports.append(("grid", ["grid"]))
    if with_export:
        reports.append(("export", ["export"]))
    commands: dict[str, list[str]] = {"pass": [python, "-c", "pass"]}
    commands["version"] = [script, "--version"]
    for name, arguments in reports:
        commands[f"{name}:big"] = [script, "--db", str(big), *arguments]
        commands[f"{name}:small"] = [script, "--db", str(small), *arguments]
    commands["status"] = [script, "--db", str(big), "status"]
    samples = {name: Samples() for name in commands}
    samples["import"] = Samples()

    for round_number in range(args.rounds):
        order = list(commands)
        if round_number % 2:
            # Alternate the order; each 20-year / one-night pair stays side by side.
            order.reverse()
        for name in order:
            run_once(commands[name], samples[name])
        target = folder / f"import-{round_number}.db"
        for leftover in folder.glob(f"{target.name}*"):
            leftover.unlink()
        run_once([script, "--db", str(target), "import", str(csv_file)], samples["import"])
        target.unlink()

    bare = samples["pass"].median
    rows: list[Row] = []
    bounds = {"week": 2.0, "trends": 10.0, "export": 15.0, "grid": 2.0}
    for name, _ in reports:
        # Median of the differences between the two runs of each round (run side by side).
        added = statistics.median(
            big - small
            for big, small in zip(
                samples[f"{name}:big"].seconds, samples[f"{name}:small"].seconds, strict=True
            )
        )
        ratio = added / bare
        label = {"week": "week --json", "trends": "trends --json --weeks 52"}.get(name, name)
        rows.append(
            Row(
                f"{label}: 20 years add (over 1 night), in `python -c pass` start-ups",
                f"{ratio:.1f} ({added * 1000:+.0f} ms; "
                f"{samples[f'{name}:small'].median * 1000:.0f} -> "
                f"{samples[f'{name}:big'].median * 1000:.0f} ms)",
                f"<= {bounds[name]:g}",
                ratio <= bounds[name],
            )
        )
    status_ratio = samples["status"].median / bare
    rows.append(
        Row(
            "status (console script, 20 years) / `python -c pass`",
            f"{status_ratio:.1f}x ({samples['status'].median * 1000:.0f} ms / "
            f"{bare * 1000:.0f} ms)",
            "<= 4x",
            status_ratio <= 4,
        )
    )
    rows += history_rows(python, folder, args.rounds)
    startup = samples["version"].median
    limit = 3 * startup + 1
    rows.append(
        Row(
            "import of the 20-year CSV into a new database",
            f"{samples['import'].median:.2f} s (start-up {startup * 1000:.0f} ms)",
            f"<= 3 x start-up + 1 s = {limit:.2f} s",
            samples["import"].median <= limit,
        )
    )
    memory = {
        **{name: samples[f"{name}:big"] for name, _ in reports},
        "status": samples["status"],
        "import": samples["import"],
    }
    for name, sample in memory.items():
        rows.append(
            Row(
                f"peak memory: {name} (20 years)",
                f"{sample.peak / MB:.0f} MB",
                "< 150 MB",
                sample.peak < 150 * MB,
            )
        )

    print(f"| Measure ({args.nights} nights) | Result | Bound | |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row.measure} | {row.value} | {row.bound} | {'PASS' if row.ok else 'FAIL'} |")
    print()
    print(
        f"python -c pass {bare * 1000:.1f} ms; sleep-tracker --version {startup * 1000:.0f} ms; "
        f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs"
    )
    ok = all(row.ok for row in rows)

    if args.app:
        first_frame = HERE / "first_frame.py"
        if first_frame.exists():
            print()
            result = subprocess.run(
                [python, str(first_frame), "--runs", str(args.rounds)],
                capture_output=True,
                text=True,
            )
            print(result.stdout.rstrip())
            for line in result.stdout.splitlines():
                found = re.search(r"ratio ([0-9.]+)x \(goal ([0-9.]+)x\)", line)
                if found:
                    passed = float(found[1]) <= float(found[2])
                    print(f"  {line.split('  ')[0].strip()}: {'PASS' if passed else 'FAIL'}")
                    ok = ok and passed
            ok = ok and result.returncode == 0
        else:
            print("\n--app: benchmarks/first_frame.py does not exist yet", file=sys.stderr)

    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
