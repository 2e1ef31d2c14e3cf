"""A process killed (SIGKILL) in the middle of saving leaves every night whole.

A child saves in a loop and reports each commit on stdout; the test kills it at a random
moment, several rounds in a row on the same file. Afterwards the database opens, passes
``PRAGMA integrity_check``, and every night is exactly as one complete save left it: the one
last reported committed, or the one in flight when the child died, never a mix. Every value of
a save (times, quality, note, all marks) is a function of its version number, written in the
note, so a half-written night cannot pass for a whole one.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.safety.helpers import REPO_ROOT, integrity, query, run_tracker

KEYS = ("routine", "meditation", "stretching", "cool_room", "quiet_room", "comfortable")
STATES = ("done", "missed", "skipped")
SINGLE_FIRST = date(2021, 1, 1)
SINGLE_NIGHTS = 40
BATCH_FIRST = date(2022, 1, 1)
BATCH_NIGHTS = 120
ROUNDS = 6

CHILD = r"""
import sys
from datetime import date, timedelta
from pathlib import Path
from tracker.domain.nights import Change, Night
from tracker.domain.practices import Mark
from tracker.storage.paths import parse_target
from tracker.storage.repository import Repository

KEYS = ("routine", "meditation", "stretching", "cool_room", "quiet_room", "comfortable")
STATES = (Mark.DONE, Mark.MISSED, Mark.SKIPPED)

def content(version, night):
    seed = version * 7 + night.toordinal()
    return dict(
        bedtime=(22 * 60 + seed % 120) % 1440, wake=(6 * 60 + seed % 90), quality=1 + seed % 5,
        note=f"v{version} " + "n" * (seed % 300),
    ), {key: STATES[(seed + i) % 3] for i, key in enumerate(KEYS) if (seed + i) % 4}

path, mode, version = parse_target(sys.argv[1]), sys.argv[2], int(sys.argv[3])
repository = Repository.open(path)
repository.writer()  # import the write path first, so the kills land among the saves
repository.prepare_writes()  # and the day's verification and backup
print("ready", flush=True)
single_first, batch_first = date(2021, 1, 1), date(2022, 1, 1)
while True:
    version += 1
    if mode == "single":
        night = single_first + timedelta(days=version % 40)
        fields, marks = content(version, night)
        repository.save_change(night, Change(fields, marks), default_night=date(2026, 1, 1))
    else:
        nights = []
        for offset in range(120):
            night = batch_first + timedelta(days=offset)
            fields, marks = content(version, night)
            nights.append(Night(night, marks=marks, **fields))
        repository.bulk_save(nights, replace=True)
    print(version, flush=True)
"""


def _content(version: int, night: date) -> tuple[tuple, set[tuple[str, str]]]:
    """What the child writes for a night at a version: (row values, marks)."""
    seed = version * 7 + night.toordinal()
    row = ((22 * 60 + seed % 120) % 1440, 6 * 60 + seed % 90, 1 + seed % 5,
           f"v{version} " + "n" * (seed % 300))  # fmt: skip
    marks = {(key, STATES[(seed + i) % 3]) for i, key in enumerate(KEYS) if (seed + i) % 4}
    return row, marks


def _stored(path: Path | str) -> dict[date, tuple[tuple, set[tuple[str, str]]]]:
    nights = {
        date.fromisoformat(night): ((bed, wake, quality, note), set())
        for night, bed, wake, quality, note in query(
            path, "SELECT night, bedtime, wake, quality, note FROM night"
        )
    }
    for night, practice, state in query(path, "SELECT night, practice, state FROM mark"):
        nights[date.fromisoformat(night)][1].add((practice, state))
    return nights


def _run_round(
    path: Path | str, mode: str, start_version: int, rng: random.Random, errors: Path
) -> int | None:
    """Start the child, let it commit for a random while, SIGKILL it; the last acked version."""
    with errors.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), mode, str(start_version)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=REPO_ROOT,
        )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready", errors.read_text()
    # Kill after the first acknowledged save, however slow the machine: the random delay then
    # lands the kill anywhere in the saves that follow, and every round commits something.
    first = child.stdout.readline()
    time.sleep(rng.uniform(0.0, 0.4 if mode == "single" else 0.6))
    os.kill(child.pid, signal.SIGKILL)
    out = first + child.stdout.read()  # the same buffered reader as readline: no line is lost
    child.stdout.close()
    assert child.wait(timeout=30) == -signal.SIGKILL
    acked = [int(line) for line in out.split()]
    return acked[-1] if acked else None


def _version_of(note: str) -> int:
    return int(note.split()[0][1:])


@pytest.mark.parametrize("mode", ["single", "bulk"])
def test_killed_saves_leave_every_night_whole(tmp_path: Path, store: str, mode: str) -> None:
    """On a file, and on a server (the server sees a connection drop mid-transaction)."""
    path = store
    assert (
        run_tracker("checkin", "--night", "2020-01-01", "--quality", "5", db=path).returncode == 0
    )
    rng = random.Random(int.from_bytes(os.urandom(4)))
    last_acked: dict[date, int] = {}  # night -> version of its last acknowledged save
    batch_acked: int | None = None
    version = 0
    saves_seen = 0
    for _round in range(ROUNDS):
        start = version
        acked = _run_round(path, mode, start, rng, tmp_path / "child-stderr.txt")
        in_flight = (acked if acked is not None else start) + 1
        saves_seen += 0 if acked is None else acked - start
        stored = _stored(path)
        assert integrity(path) == "ok"
        assert stored[date(2020, 1, 1)][0][2] == 5, "an untouched night changed"

        if mode == "single":
            if acked is not None:
                for v in range(start + 1, acked + 1):
                    last_acked[SINGLE_FIRST + timedelta(days=v % SINGLE_NIGHTS)] = v
            in_flight_night = SINGLE_FIRST + timedelta(days=in_flight % SINGLE_NIGHTS)
            for offset in range(SINGLE_NIGHTS):
                night = SINGLE_FIRST + timedelta(days=offset)
                allowed = {last_acked.get(night)}
                if night == in_flight_night:
                    allowed.add(in_flight)
                if night not in stored:
                    assert None in allowed, f"{night}: committed save lost"
                    continue
                found = _version_of(stored[night][0][3])
                assert found in allowed, f"{night}: v{found}, expected one of {allowed}"
                assert stored[night] == _content(found, night), f"{night} half-written"
                # The save in flight may have committed before the kill: from now on it is
                # what this night holds, acknowledged or not.
                last_acked[night] = found
        else:
            if acked is not None:
                batch_acked = acked
            nights = [BATCH_FIRST + timedelta(days=offset) for offset in range(BATCH_NIGHTS)]
            present = [night for night in nights if night in stored]
            assert len(present) in (0, BATCH_NIGHTS), f"a batch was half-written: {len(present)}"
            if not present:
                assert batch_acked is None, "an acknowledged batch was lost"
            else:
                versions = {_version_of(stored[night][0][3]) for night in present}
                assert len(versions) == 1, f"nights of different batches mixed: {versions}"
                found = versions.pop()
                assert found in {batch_acked, in_flight}
                batch_acked = found  # a batch in flight may have committed before the kill
                for night in present:
                    assert stored[night] == _content(found, night), f"{night} half-written"
        version = in_flight + 1  # the next child never reuses a version that may be stored

    assert saves_seen >= ROUNDS, f"only {saves_seen} saves committed: the kills came too early"
    print(f"{mode}: {saves_seen} saves committed over {ROUNDS} kills")
    reopened = run_tracker("week", "--night", "2020-01-01", "--json", db=path)
    assert reopened.returncode == 0, reopened.stderr


def _csv_of_nights(folder: Path, count: int) -> Path:
    """A CSV export of ``count`` nights (all practices marked, notes), made by the program."""
    from tracker.domain.nights import Night
    from tracker.domain.practices import Mark
    from tracker.storage.repository import Repository

    source = folder / "source.db"
    repository = Repository.open(source)
    repository.bulk_save(
        [
            Night(
                date(2015, 1, 1) + timedelta(days=offset),
                bedtime=(22 * 60 + offset % 150) % 1440,
                wake=6 * 60 + offset % 80,
                quality=1 + offset % 5,
                note=f"imported night {offset}",
                marks={key: Mark(STATES[(offset + i) % 3]) for i, key in enumerate(KEYS)},
            )
            for offset in range(count)
        ]
    )
    repository.close()
    exported = folder / "nights.csv"
    result = run_tracker("export", "-o", str(exported), db=source)
    assert result.returncode == 0, result.stderr
    return exported


def test_killed_import_writes_all_or_nothing(tmp_path: Path) -> None:
    count = 1500
    csv_file = _csv_of_nights(tmp_path, count)
    base = tmp_path / "base.db"
    assert (
        run_tracker("checkin", "--night", "2014-06-01", "--quality", "5", db=base).returncode == 0
    )
    command = [sys.executable, "-m", "tracker", "import", str(csv_file)]

    # One import left to finish shows how long a whole one takes on this machine.
    started = time.perf_counter()
    finished = subprocess.run([*command, "--db", str(base.with_name("timing.db"))],
                              capture_output=True, text=True, cwd=REPO_ROOT)  # fmt: skip
    duration = time.perf_counter() - started
    assert finished.returncode == 0, finished.stderr

    rng = random.Random(int.from_bytes(os.urandom(4)))
    outcomes = []
    for round_number in range(ROUNDS):
        path = tmp_path / f"round-{round_number}.db"
        path.write_bytes(base.read_bytes())
        child = subprocess.Popen([*command, "--db", str(path)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, cwd=REPO_ROOT)  # fmt: skip
        # Kill times spread over the whole import, weighted to its end, where it writes.
        time.sleep(duration * (1 - rng.random() ** 2) * 1.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert integrity(path) == "ok"
        nights = query(path, "SELECT count(*), count(DISTINCT note) FROM night")[0]
        marks = query(path, "SELECT count(*) FROM mark")[0][0]
        assert nights in ((1, 0), (count + 1, count)), f"a partial import: {nights}"
        assert marks == (0 if nights[0] == 1 else count * len(KEYS))
        assert query(path, "SELECT quality FROM night WHERE night = '2014-06-01'") == [(5,)]
        outcomes.append("all" if nights[0] > 1 else "nothing")
    print(f"import killed {ROUNDS} times: {outcomes}")
