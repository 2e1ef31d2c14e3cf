"""Two processes checking in different nights at the same moment on one file.

Each writer is a small driver that calls the command line's ``main()`` in a loop (in-process,
to keep a few hundred check-ins fast) and records every exit status and every line written to
stderr. Both start on a path where no database exists yet, so they also race to create it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from tests.safety.helpers import (
    REPO_ROOT,
    integrity,
    is_server,
    query,
    run_tracker,
    user_version,
)
from tracker.storage.migrations import LATEST_VERSION

CHECKINS_PER_WRITER = 200
FIRST_NIGHT = date(2020, 1, 1)

WRITER = r"""
import contextlib, io, json, sys, time
from datetime import date, timedelta
from tracker.cli.main import main
from tracker.storage.repository import Repository

# Each main() call stands for one run of the program, so the repositories it opened are closed
# afterwards, as the end of a process would (see test_second_open_in_one_process_...).
opened = []
_open = Repository.open.__func__
Repository.open = classmethod(lambda cls, path: opened.append(_open(cls, path)) or opened[-1])

db, writer, count, start_at, first = sys.argv[1:6]
writer, count, start_at = int(writer), int(count), float(start_at)
first = date.fromisoformat(first)
while time.time() < start_at:  # both writers begin at the same moment
    time.sleep(0.001)
codes, errors = [], []
for index in range(count):
    night = first + timedelta(days=2 * index + writer)
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main([
            "checkin", "--db", db, "--night", night.isoformat(),
            "--bed", "23:00", "--wake", "07:00", "--quality", str(1 + index % 5),
            "--done", "routine,meditation", "--missed", "cool_room", "--skipped", "stretching",
            "--note", f"writer {writer} check-in {index}",
        ])
    while opened:
        opened.pop().close()
    codes.append(code)
    if err.getvalue():
        errors.append(err.getvalue())
print(json.dumps({"codes": codes, "errors": errors}))
"""


def test_two_writers_lose_nothing_and_never_see_a_lock(store: str) -> None:
    """On a file, and on a server (two machines)."""
    path = store
    start_at = time.time() + 2.0  # time for both interpreters to import everything
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(path),
                str(writer),
                str(CHECKINS_PER_WRITER),
                str(start_at),
                FIRST_NIGHT.isoformat(),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO_ROOT,
        )
        for writer in (0, 1)
    ]
    reports = []
    for process in writers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "Traceback" not in err
        reports.append(json.loads(out))

    # Hard rules first: no lock ever reaches a user, nothing refused is half-written, and
    # every check-in reported saved is there, whole.
    refusals = [error for report in reports for error in report["errors"]]
    assert not [error for error in refusals if "locked" in error], refusals
    for writer, report in enumerate(reports):
        assert set(report["codes"]) <= {0, 3}, f"writer {writer}: {report['codes']}"
    assert integrity(path) == "ok"
    if is_server(path):
        assert query(path, "SELECT version FROM tracker_schema") == [(LATEST_VERSION,)]
    else:
        assert user_version(path) == LATEST_VERSION
    expected = {
        (FIRST_NIGHT + timedelta(days=2 * index + writer)).isoformat(): (
            f"writer {writer} check-in {index}",
            1 + index % 5,
        )
        for writer, report in enumerate(reports)
        for index, code in enumerate(report["codes"])
        if code == 0
    }
    stored = {night: (note, quality) for night, note, quality in query(
        path, "SELECT night, note, quality FROM night")}  # fmt: skip
    assert stored == expected
    marks = query(path, "SELECT practice, state, count(*) FROM mark GROUP BY practice, state")
    total = len(expected)
    assert sorted(marks) == [
        ("cool_room", "missed", total),
        ("meditation", "done", total),
        ("routine", "done", total),
        ("stretching", "skipped", total),
    ]
    if not is_server(path):
        folder = Path(path).parent
        assert not list(folder.glob(".*")), "a temporary file of the creation race was left"
    status = run_tracker("week", "--night", FIRST_NIGHT.isoformat(), "--json", db=path)
    assert status.returncode == 0, status.stderr

    # Then the whole rule: no check-in refused at all.
    assert refusals == []
