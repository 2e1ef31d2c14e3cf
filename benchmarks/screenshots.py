"""Make the README screenshots (assets/checkin.svg, week.svg, trends.svg) with the app itself.

Runs the real app headless at 100x30 on a throw-away database filled with the demo nights
(``tracker.storage.demo.fill_demo``) and a fixed clock, so the pictures only change when the
app or the demo data do::

    python benchmarks/screenshots.py [OUTPUT_FOLDER]   # default: assets/
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from tracker.storage.demo import fill_demo
from tracker.tui.app import make_app

NOW = datetime(2026, 11, 24, 7, 30)
"""A Tuesday morning: the check-in is about Monday night, the demo's last (logged) night."""
SIZE = (100, 30)


async def settle(pilot: object) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]


async def shoot(folder: Path) -> list[Path]:
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="sleep-tracker-shots-") as tmp:
        app = make_app(
            Path(tmp) / "demo.db",
            now=NOW,
            fill=lambda repository, now: fill_demo(repository, now),
            sub_title="demo: sample nights",
        )
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            # The check-in as the demo opens: its default night, logged in full.
            for name, view in (("checkin", None), ("week", "Week"), ("trends", "Trends")):
                if view is not None:
                    app.action_open_view(view)
                    await settle(pilot)
                if name == "week":
                    await pilot.press("left_square_bracket")  # the last full week of the demo
                    await settle(pilot)
                written.append(Path(app.save_screenshot(f"{name}.svg", path=str(folder))))
    return written


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "assets"
    folder.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(shoot(folder)):
        print(path)


if __name__ == "__main__":
    main()
