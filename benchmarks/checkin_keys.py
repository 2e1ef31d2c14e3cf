"""The check-in's own loop on 20 years against one night: 30 `[` presses and 30 marks in the
real app (Textual's headless driver, the real database file), each key waited for until its
night is on screen or its save is written and shown. Prints both times and their ratio
(target: at most 1.2x). Times are the process's CPU time (every thread), so that other work on
a shared machine weighs less on the figures than it would on wall-clock time.

    python benchmarks/checkin_keys.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot

from tracker.domain.nights import Night
from tracker.domain.practices import CATALOGUE, Mark
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp, make_app
from tracker.tui.screens.checkin import CheckinScreen

NOW = datetime(2026, 11, 24, 7, 30)
DEFAULT_NIGHT = date(2026, 11, 23)
CHECKED = [p.key for p in CATALOGUE if not p.derived]
PRESSES = 30


def nights(count: int) -> list[Night]:
    """``count`` nights up to the default night, marks mostly done (streaks of a few nights)."""
    rng = random.Random(count)
    states = [Mark.DONE, Mark.DONE, Mark.DONE, Mark.MISSED, Mark.SKIPPED]
    return [
        Night(
            night=DEFAULT_NIGHT - timedelta(days=back),
            bedtime=(22 * 60 + rng.randrange(0, 150)) % 1440,
            wake=6 * 60 + rng.randrange(0, 120),
            quality=rng.randint(1, 5),
            marks={key: rng.choice(states) for key in CHECKED},
        )
        for back in range(count - 1, -1, -1)
    ]


async def until(pilot: Pilot[None], condition, what: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(10_000):
        if condition():
            return
        await pilot.pause()
    raise TimeoutError(what)


async def run_keys(app: SleepTrackerApp) -> tuple[float, float]:
    """Seconds for 30 `[` and for 30 marks, each waited for."""
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CheckinScreen), "open")
        checkin = app.screen
        assert isinstance(checkin, CheckinScreen)
        await until(pilot, lambda: not checkin.query_one("#checkin").loading, "first night")
        checkin.query_one("#quality").focus()
        start = time.process_time()
        for step in range(1, PRESSES + 1):
            await pilot.press("left_square_bracket")
            target = DEFAULT_NIGHT - timedelta(days=step)
            await until(
                pilot,
                lambda t=target: (
                    checkin.data.night == t and not checkin.query_one("#checkin").loading
                ),
                "night",
            )
        moving = time.process_time() - start
        checkin.rows[0].focus()
        session = app.session
        assert session is not None
        start = time.process_time()
        for _ in range(PRESSES):
            await pilot.press("space")  # cycles the mark: one change saved each time
            await until(
                pilot,
                lambda: (
                    not session.busy
                    and str(checkin.query_one("#save-state").render()) in ("saved ✓", "not saved ✗")
                ),
                "save",
            )
        marking = time.process_time() - start
        await pilot.press("ctrl+q")
    return moving, marking


def measure(path: Path) -> tuple[float, float]:
    return asyncio.run(run_keys(make_app(path, now=NOW, sub_title="bench")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    sizes = (("1 night", 1), ("20 years", 7300))
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in sizes}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(rounds):  # interleaved, so a busy machine weighs on both alike
            for label, count in sizes:
                path = Path(folder) / f"{count}.db"
                path.unlink(missing_ok=True)
                with Repository.open(path) as repository:
                    repository.bulk_save(nights(count))
                samples[label].append(measure(path))
    results = {}
    for label, count in sizes:
        moving = statistics.median(s[0] for s in samples[label])
        marking = statistics.median(s[1] for s in samples[label])
        results[label] = (moving, marking)
        print(
            f"{label:>9} ({count:>5} nights): 30 x [ {moving * 1000:7.0f} ms   "
            f"30 marks {marking * 1000:7.0f} ms   (median of {rounds})"
        )
    (move1, mark1), (move20, mark20) = results["1 night"], results["20 years"]
    print(f"ratio 20 years / 1 night: [ {move20 / move1:.2f}x   marks {mark20 / mark1:.2f}x")


if __name__ == "__main__":
    main()
