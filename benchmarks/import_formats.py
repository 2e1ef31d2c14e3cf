"""Importing other apps' exports, measured on this machine (run by hand, not by CI).

    python benchmarks/import_formats.py [--rounds 3] [--gigabytes 1.0] [--keep DIR]

Writes 20 years (7,300 nights) in each format ``sleep-tracker import`` reads (Sleep as Android,
Plees, Fitbit CSV and Takeout JSON, Apple Health XML, Loop zip, harsh log), imports each into a
new database as a whole process, and prints the median time against the bound measured in this
same run: 3x the program's start-up (``sleep-tracker --version``) + 1 s. Then it writes an Apple
Health ``export.xml`` of about ``--gigabytes`` GB (heart-rate records around 20 years of sleep
fragments, as a real export is) and reports the import's peak memory (max RSS) against 200 MB.
Standard library and the project only. Exit status 0 when every bound is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

NIGHTS = 7300
MB = 1024 * 1024
ZONE = ZoneInfo("Europe/Berlin")
FIRST = datetime(2004, 1, 1, tzinfo=ZONE)


def console_script() -> str:
    beside = Path(sys.executable).with_name("sleep-tracker")
    found = str(beside) if beside.exists() else shutil.which("sleep-tracker")
    if found is None:
        raise SystemExit("sleep-tracker is not installed (pip install -e .)")
    return found


def sleeps(count: int) -> list[tuple[datetime, datetime, int, int]]:
    """(start, end, rating 0-5, awakenings) of ``count`` nights, aware, in ZONE."""
    rng = random.Random(15)
    result = []
    for offset in range(count):
        day = (FIRST + timedelta(days=offset)).replace(hour=23, minute=0)
        start = day + timedelta(minutes=rng.randint(-75, 75))
        end = start + timedelta(minutes=rng.randint(360, 540))
        result.append((start, end, rng.randint(0, 5), rng.randint(0, 4)))
    return result


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


# Writers: one per format, from the documented layouts ---------------------------------


def write_sleep_as_android(folder: Path, nights: list) -> Path:
    path = folder / "sleep-export.csv"
    header = "Id,Tz,From,To,Sched,Hours,Rating,Comment,Framerate,Snore,Noise,Cycles,DeepSleep," \
             'LenAdjust,Geo,"23:00","0:00"\n'  # fmt: skip
    with path.open("w", encoding="utf-8") as out:
        for start, end, rating, _ in nights:
            hours = (end - start).total_seconds() / 3600
            out.write(header)
            when = f'"{start:%d. %m. %Y %H:%M}","{end:%d. %m. %Y %H:%M}"'
            out.write(
                f'"{ms(start)}","Europe/Berlin",{when},'
                f'"{end:%d. %m. %Y %H:%M}","{hours:.3f}","{rating}.0","Schön geschlafen #dream",'
                '"10000","-1","-1.0","4","0.4","0","","0.2","0.1"\n'
            )
    return path


def write_plees(folder: Path, nights: list) -> Path:
    path = folder / "plees.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("sid,start,stop,rating,comment,wakes\n")
        for number, (start, end, rating, wakes) in enumerate(nights, start=1):
            out.write(f"{number},{ms(start)},{ms(end)},{rating},ok,{wakes}\n")
    return path


def write_fitbit_csv(folder: Path, nights: list) -> Path:
    path = folder / "fitbit.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "Sleep\nStart Time,End Time,Minutes Asleep,Minutes Awake,Number of Awakenings,"
            "Time in Bed,Minutes REM Sleep,Minutes Light Sleep,Minutes Deep Sleep\n"
        )
        for start, end, _, wakes in nights:
            span = int((end - start).total_seconds() // 60)
            out.write(
                f'"{start:%Y-%m-%d %I:%M%p}","{end:%Y-%m-%d %I:%M%p}","{span - 20}","20",'
                f'"{wakes}","{span}","90","250","90"\n'
            )
        out.write("\n")
    return path


def write_fitbit_json(folder: Path, nights: list) -> Path:
    path = folder / "sleep-2004-01-01.json"
    logs = [
        {
            "logId": number,
            "dateOfSleep": f"{end:%Y-%m-%d}",
            "startTime": f"{start:%Y-%m-%dT%H:%M:%S}.000",
            "endTime": f"{end:%Y-%m-%dT%H:%M:%S}.000",
            "minutesToFallAsleep": 5,
            "minutesAwake": 20,
            "type": "stages",
            "levels": {"summary": {"wake": {"count": wakes, "minutes": 20}}},
            "mainSleep": True,
        }
        for number, (start, end, _, wakes) in enumerate(nights)
    ]
    path.write_text(json.dumps(logs, indent=2), encoding="utf-8")
    return path


def _apple_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S %z")


def _apple_sleep(start: datetime, end: datetime) -> str:
    middle = start + (end - start) / 2
    parts = (
        ("InBed", start - timedelta(minutes=10), end + timedelta(minutes=5), "iPhone"),
        ("AsleepCore", start, middle, "Watch"),
        ("Awake", middle, middle + timedelta(minutes=10), "Watch"),
        ("AsleepDeep", middle + timedelta(minutes=10), end, "Watch"),
    )
    return "".join(
        f' <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="{source}" '
        f'sourceVersion="17.0" creationDate="{_apple_time(b)}" startDate="{_apple_time(a)}" '
        f'endDate="{_apple_time(b)}" value="HKCategoryValueSleepAnalysis{kind}"/>\n'
        for kind, a, b, source in parts
    )


HEART = (
    ' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" sourceVersion="10.0" '
    'unit="count/min" creationDate="2020-01-01 12:00:00 +0100" '
    'startDate="2020-01-01 12:00:00 +0100" endDate="2020-01-01 12:00:00 +0100" value="61">\n'
    '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n'
    " </Record>\n"
)


def write_apple(folder: Path, nights: list, size: int = 0) -> Path:
    """``export.xml`` with the nights' fragments, padded with heart-rate records to ``size``."""
    path = folder / ("export.xml" if not size else "export-big.xml")
    filler = HEART * 64
    per_night = max(0, size // max(1, len(nights)) // len(filler))
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n'
            "<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>\n]>\n"
            '<HealthData locale="en_GB">\n'
            ' <ExportDate value="2024-11-01 09:00:00 +0100"/>\n'
        )
        for start, end, _, _ in nights:
            out.write(_apple_sleep(start, end))
            for _ in range(per_night):
                out.write(filler)
        out.write("</HealthData>\n")
    return path


def write_loop(folder: Path, nights: list) -> Path:
    path = folder / "loop.zip"
    habits = ("Meditate", "Read before bed", "No screens")
    rng = random.Random(3)
    values = ("YES_MANUAL", "YES_MANUAL", "NO", "SKIP", "UNKNOWN")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("Habits.csv", "Position,Name,Type,Question,Description,"
                        "FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,"
                        "Target Value,Archived?\n" + "".join(
                            f"{n:03d},{name},YES_NO,,,1,1,#FF8F00,,,,false\n"
                            for n, name in enumerate(habits, start=1)))  # fmt: skip
        for n, name in enumerate(habits, start=1):
            rows = "".join(
                f"{FIRST + timedelta(days=day):%Y-%m-%d},{rng.choice(values)},\n"
                for day in reversed(range(len(nights)))
            )
            bundle.writestr(f"{n:03d} {name}/Checkmarks.csv", "Date,Value,Notes\n" + rows)
    return path


def write_harsh(folder: Path, nights: list) -> Path:
    target = folder / "harsh"
    target.mkdir(exist_ok=True)
    (target / "habits").write_text("! Evening\nMeditate: 1\nRead before bed: 1\n")
    rng = random.Random(4)
    with (target / "log").open("w", encoding="utf-8") as out:
        for day in range(len(nights)):
            for habit in ("Meditate", "Read before bed"):
                out.write(f"{FIRST + timedelta(days=day):%Y-%m-%d} : {habit} : "
                          f"{rng.choice('yyns')} :  : 0\n")  # fmt: skip
    return target / "log"


WRITERS: dict[str, Callable[[Path, list], Path]] = {
    "sleep-as-android": write_sleep_as_android,
    "plees": write_plees,
    "fitbit (CSV)": write_fitbit_csv,
    "fitbit (JSON)": write_fitbit_json,
    "apple-health": write_apple,
    "loop": write_loop,
    "harsh": write_harsh,
}


# Measuring ----------------------------------------------------------------------------


def run_once(command: Sequence[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (bytes) of a whole process.

    CPU time is printed too: on a machine shared by many busy processes, wall time mostly
    measures the queue for a core.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            message = errors.read(4000).decode(errors="replace")
            raise SystemExit(f"{' '.join(command)} failed:\n{message}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--keep", metavar="DIR")
    args = parser.parse_args(argv)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="sleep-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    script = console_script()
    nights = sleeps(NIGHTS)
    files = {name: write(folder, nights) for name, write in WRITERS.items()}
    # Reference: our own CSV of the same 20 years, through the same command in the same run.
    reference = folder / "reference.db"
    reference.unlink(missing_ok=True)
    run_once([script, "--db", str(reference), "import", str(files["plees"]), "--tz", "UTC"])
    ours = folder / "sleep-tracker.csv"
    run_once([script, "--db", str(reference), "export", "-o", str(ours)])
    files = {"sleep-tracker (ref.)": ours, **files}
    starts = [run_once([script, "--version"]) for _ in range(max(5, args.rounds))]
    startup = statistics.median(wall for wall, _, _ in starts)
    startup_cpu = statistics.median(cpu for _, cpu, _ in starts)
    bound, bound_cpu = 3 * startup + 1, 3 * startup_cpu + 1
    print(f"start-up (sleep-tracker --version): {startup * 1000:.0f} ms wall, "
          f"{startup_cpu * 1000:.0f} ms CPU; bound 3x start-up + 1 s = {bound:.2f} s wall, "
          f"{bound_cpu:.2f} s CPU")  # fmt: skip
    ok = True
    for name, path in files.items():
        walls, cpus = [], []
        for round_number in range(args.rounds):
            db = folder / f"bench-{round_number}.db"
            db.unlink(missing_ok=True)
            command = [script, "--db", str(db), "import", str(path), "--tz", "Europe/Berlin"]
            if name in ("loop", "harsh"):
                command += ["--map", "Meditate=meditation"]
            wall, cpu, _ = run_once(command)
            walls.append(wall)
            cpus.append(cpu)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        ok &= wall <= bound
        print(f"{name:18} {wall:5.2f} s wall = {wall / bound:4.2f} x bound, {cpu:5.2f} s CPU = "
              f"{cpu / bound_cpu:4.2f} x bound ({path.stat().st_size / MB:.1f} MB) "
              f"{'ok' if wall <= bound else 'OVER'}")  # fmt: skip
    if args.gigabytes > 0:
        big = write_apple(folder, nights, int(args.gigabytes * 1024 * MB))
        db = folder / "big.db"
        db.unlink(missing_ok=True)
        seconds, _, rss = run_once([script, "--db", str(db), "import", str(big)])
        ok &= rss < 200 * MB
        verdict = "ok" if rss < 200 * MB else "OVER"
        print(
            f"apple-health {big.stat().st_size / MB / 1024:.2f} GB: {seconds:.1f} s, "
            f"peak RSS {rss / MB:.0f} MB (bound 200 MB) {verdict}"
        )
        big.unlink()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)

    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
