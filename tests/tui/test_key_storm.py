"""Key storms: seeded random key sequences, typed one by one and in bursts faster than the app
reads them, at 60x20, 80x24 and 120x40. The app never crashes, and after quitting the database
holds what the check-in showed and passes SQLite's integrity check (issue 13)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from tests.tui.tui_support import opened, settled
from tracker.domain.nights import Night
from tracker.storage.repository import Repository
from tracker.tui.app import SleepTrackerApp
from tracker.tui.screens.checkin import CheckinScreen

LETTERS = list("ynsatgwrexbdhjkl")
DIGITS = list("0123456789")
NAVIGATION = ["tab", "shift+tab", "enter", "escape", "space", "backspace", "up", "down"]
VIEWS = [
    "w",
    "r",
    "comma",
    "e",
    "question_mark",
    "g",
    "left_square_bracket",
    "right_square_bracket",
]
CHARACTERS = {
    "space": " ",
    "comma": ",",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def key_event(key: str) -> events.Key:
    character = CHARACTERS.get(key, key if len(key) == 1 else None)
    return events.Key(key, character)


def storm(rng: random.Random, length: int, *, with_q: bool) -> list[list[str]]:
    """Groups of keys: a one-key group is pressed and waited for; a longer one is a burst."""
    pool = LETTERS * 2 + DIGITS * 3 + NAVIGATION * 2 + VIEWS + (["q"] if with_q else [])
    groups: list[list[str]] = []
    while sum(map(len, groups)) < length:
        size = rng.choice([1, 1, 1, 4, 8])
        groups.append([rng.choice(pool) for _ in range(size)])
    return groups


async def press_groups(pilot: Pilot[None], groups: list[list[str]]) -> None:
    app = pilot.app
    for group in groups:
        if app.return_code is not None or not app.is_running:
            return
        if len(group) == 1:
            await pilot.press(group[0])
        else:
            for key in group:  # faster than the app reads them, as a paste or a typist
                app.post_message(key_event(key))
            await pilot.pause()


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def some_nights(path: Path) -> None:
    with Repository.open(path) as repository:
        repository.bulk_save(
            [Night(date(2026, 11, day), bedtime=23 * 60, wake=7 * 60) for day in (20, 21, 22)]
        )


async def back_to_the_checkin(pilot: Pilot[None]) -> CheckinScreen | None:
    app = pilot.app
    for _ in range(6):
        if app.return_code is not None or not app.is_running:
            return None
        await settled(pilot)
        if isinstance(app.screen, CheckinScreen):
            return app.screen
        await pilot.press("escape")
    raise AssertionError(f"escape does not lead back to the check-in from {app.screen}")


SIZES = [(60, 20), (80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("seed", [1, 2])
async def test_a_storm_of_keys_leaves_the_database_as_the_screen_shows(
    new_app: Callable[[], SleepTrackerApp],
    db_path: Path,
    size: tuple[int, int],
    seed: int,
) -> None:
    some_nights(db_path)
    rng = random.Random(f"{seed}-{size}")
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        await press_groups(pilot, storm(rng, 160, with_q=False))
        checkin = await back_to_the_checkin(pilot)
        assert checkin is not None
        checkin.sync()
        await settled(pilot)
        night = checkin.data.night
        shown = {entry.field_name: entry.value for entry in checkin.fields}
        marks = {row.practice.key: row.mark for row in checkin.rows}
        quality = checkin.query_one("#quality").quality  # type: ignore[attr-defined]
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert integrity(db_path) == "ok"
    with Repository.open(db_path) as repository:
        stored = repository.get_night(night) or Night(night)
    for name, value in shown.items():
        assert getattr(stored, name) == value, name
    assert stored.quality == quality
    assert {key: stored.marks.get(key) for key in marks} == marks


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_storm_with_q_in_it_quits_cleanly(
    new_app: Callable[[], SleepTrackerApp], db_path: Path, size: tuple[int, int]
) -> None:
    some_nights(db_path)
    rng = random.Random(f"q-{size}")
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        for _ in range(4):  # q bursts until one quits (q types in the note, and a dialog)
            await press_groups(pilot, storm(rng, 40, with_q=True))
            if app.return_code is not None:
                break
            await press_groups(pilot, [["q", rng.choice(VIEWS), rng.choice(VIEWS)]])
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert integrity(db_path) == "ok"
