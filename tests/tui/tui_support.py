"""Shared values and waits of the app tests (imported by the tests of tests/tui)."""

from __future__ import annotations

from datetime import date, datetime

from textual.pilot import Pilot

NOW = datetime(2026, 11, 24, 7, 30)
"""A Tuesday morning: the default night is Monday 23 November 2026."""
DEFAULT_NIGHT = date(2026, 11, 23)


async def opened(pilot: Pilot[None]) -> None:
    """Wait until the database is open and the check-in is on screen."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def settled(pilot: Pilot[None]) -> None:
    """Wait until every save and load has finished and its message was handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
