"""Time to first frame, and to the check-in data on screen, against a bare Textual app.

Each run is a fresh interpreter (imports are most of the cost), headless, and the runs of the
two apps alternate so that both see the same machine state. Times are measured from just
before the subprocess starts to the moment after the frame was refreshed.

    python benchmarks/first_frame.py [--runs 7]

Goals (issue 4): first frame <= 1.3x the bare app; data on screen <= 2.7x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys, time
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("One line of text")

    def on_mount(self):
        self.call_after_refresh(self.done)

    def done(self):
        print("first", time.time(), flush=True)
        self.exit()

Bare().run(headless=True, size=(80, 24))
"""

OURS = """
import sys, time
from datetime import datetime
from pathlib import Path
import tracker.tui.app
from tracker.storage.paths import parse_target
from tracker.tui.app import SleepTrackerApp

class Timed(SleepTrackerApp):
    # Textual finds CSS_PATH beside the class's module: point it at the real one.
    CSS_PATH = str(Path(tracker.tui.app.__file__).with_name("app.tcss"))

    def on_mount(self):  # Textual also runs SleepTrackerApp.on_mount (handlers follow the MRO)
        self.call_after_refresh(lambda: print("first", time.time(), flush=True))

    def on_sleep_tracker_app_opened(self, message):
        # The app imports the check-in only now, after the first frame; hook it the same way,
        # just before the app's own handler pushes the screen.
        from tracker.tui.screens.checkin import CheckinScreen

        shown = CheckinScreen.on_mount

        async def on_mount(screen):
            # The check-in shows its night in on_mount; the frame after that has the data.
            await shown(screen)
            screen.call_after_refresh(self.done)

        CheckinScreen.on_mount = on_mount
        # Textual then runs SleepTrackerApp's own handler (handlers follow the MRO).

    def done(self):
        print("data", time.time(), flush=True)
        self.exit()


# A file path or a server URL (server_bench.py times the app on both).
Timed(parse_target(sys.argv[1]), now=lambda: datetime(2026, 11, 24, 7, 30)).run(
    headless=True, size=(80, 24)
)
"""


def run(code: str, *args: str) -> dict[str, float]:
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    marks = {}
    for line in result.stdout.splitlines():
        name, _, stamp = line.partition(" ")
        if name in ("first", "data"):
            marks[name] = float(stamp) - start
    return marks


def prepare(folder: Path) -> Path:
    """A database holding the demo's twelve weeks, created before timing starts."""
    from datetime import datetime

    from tracker.storage.demo import fill_demo
    from tracker.storage.repository import Repository

    path = folder / "tracker.db"
    repository = Repository.open(path)
    fill_demo(repository, datetime(2026, 11, 24, 7, 30))
    repository.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = prepare(Path(folder))
        import compileall  # as installed: .pyc files (see bench.compile_project)

        compileall.compile_dir(Path(__file__).resolve().parent.parent / "tracker", quiet=1)
        run(BARE), run(OURS, str(db))  # warm the file cache and bytecode
        bare: list[float] = []
        first: list[float] = []
        data: list[float] = []
        for _ in range(args.runs):
            bare.append(run(BARE)["first"])
            ours = run(OURS, str(db))
            first.append(ours["first"])
            data.append(ours["data"])
    b, f, d = (statistics.median(x) for x in (bare, first, data))
    print(f"bare Textual app, first frame   {b * 1000:7.1f} ms (median of {args.runs})")
    print(f"sleep-tracker, first frame      {f * 1000:7.1f} ms  ratio {f / b:.2f}x (goal 1.3x)")
    print(f"sleep-tracker, data on screen   {d * 1000:7.1f} ms  ratio {d / b:.2f}x (goal 2.7x)")


if __name__ == "__main__":
    main()
