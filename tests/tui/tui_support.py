"""Shared values and waits of the app tests (imported by the tests of tests/tui)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

from textual.pilot import Pilot

NOW = datetime(2026, 11, 24, 7, 30)
"""A Tuesday morning: the default night is Monday 23 November 2026."""
DEFAULT_NIGHT = date(2026, 11, 23)


async def opened(pilot: Pilot[None]) -> None:
    """Wait until the database is open and the check-in is on screen (or the app gave up)."""
    app = pilot.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.return_code is not None or getattr(app, "failure", None):
            return
        checkin = getattr(app, "checkin", None)
        # On screen and focused: the bedtime takes its focus a moment after the mount (a
        # snapshot taken before would show no focused field on a loaded machine).
        if checkin is not None and checkin.is_mounted and app.screen is checkin and app.focused:
            break
    await settled(pilot)


async def settled(pilot: Pilot[None]) -> None:
    """Wait until every save and load has finished and its message was handled."""
    await pilot.pause()
    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        session = getattr(pilot.app, "session", None)
        if session is not None:
            await asyncio.to_thread(session.wait, 30)
        await pilot.pause()
        busy = session is not None and session.busy
        if not busy and not any(w.is_running for w in pilot.app.workers):
            break
