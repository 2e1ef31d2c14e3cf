"""The app on a damaged file: the check-in shows at once, verification stops every save, and
quitting exits with status 3 and the one-line reason.

A note that is not UTF-8 on a night far from the one on screen is invisible to the check-in's
reads (streaks read times and marks only): only the background verification before the
first save can find it. A damaged page may be met by the first read already: then the app
says so before the check-in and exits 3 at once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.safety.damage import (
    flip_bytes,
    flip_page,
    healthy_database,
    passes_integrity_check,
    with_bad_row,
)
from tests.tui.tui_support import NOW, opened, settled
from tracker.tui.app import make_app
from tracker.tui.widgets.save_state import SaveState


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def _try_to_save_then_quit(db: Path) -> tuple[int | None, str | None, str]:
    app = make_app(db, now=lambda: NOW, sub_title="safety")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        if app.checkin is None:  # the opening read met the damage
            return app.return_code, app.failure, ""
        await pilot.press(*"2310", *"0650", "y", "4")
        await settled(pilot)
        state = app.screen.query_one(SaveState).state
        notes = " ".join(str(n.message) for n in app._notifications)
        await pilot.press("ctrl+q")
        await settled(pilot)
    assert state == "error", state
    return app.return_code, app.failure, notes


async def test_app_finds_a_bad_row_before_its_first_save(tmp_path: Path) -> None:
    db = with_bad_row(tmp_path / "data" / "tracker.db", "note not UTF-8")
    before = _digest(db)
    code, failure, notes = await _try_to_save_then_quit(db)
    assert code == 3
    assert failure is not None and "table night, row '2026-01-04'" in failure
    assert str(db) in failure and "\n" not in failure
    assert "Saving stopped" in notes or "damaged" in notes
    assert _digest(db) == before
    assert not (db.parent / "backups").exists()


async def test_app_finds_a_damaged_page_before_its_first_save(tmp_path: Path) -> None:
    db = healthy_database(tmp_path / "data" / "tracker.db", nights=300)
    flip_page(db, seed=11)
    before = _digest(db)
    code, failure, _notes = await _try_to_save_then_quit(db)
    assert code == 3
    assert failure is not None and "damaged" in failure
    assert _digest(db) == before


async def test_app_on_a_healthy_file_saves_and_backs_up(tmp_path: Path) -> None:
    db = healthy_database(tmp_path / "data" / "tracker.db")
    app = make_app(db, now=lambda: NOW, sub_title="safety")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press(*"2310", *"0650", "y", "4")
        await settled(pilot)
        assert app.screen.query_one(SaveState).state == "saved"
        await pilot.press("ctrl+q")
        await settled(pilot)
    assert app.return_code in (0, None)
    assert len(list((db.parent / "backups").iterdir())) == 1


APP_DAMAGE = {
    "page-1": lambda p: flip_page(p, 1),
    "page-2": lambda p: flip_page(p, 2),
    "bytes-3": lambda p: flip_bytes(p, 3, count=16),
    "truncate-half": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
}


@pytest.mark.parametrize("name", list(APP_DAMAGE))
async def test_app_through_damaged_files(name: str, tmp_path: Path) -> None:
    """The app opened on damaged files, a check-in typed, then quit: it ends with 0 or 3,
    never an unforeseen error, and never writes into a file that fails integrity_check."""
    db = healthy_database(tmp_path / "data" / "tracker.db", nights=300)
    APP_DAMAGE[name](db)
    healthy = passes_integrity_check(db)
    before = _digest(db)
    app = make_app(db, now=lambda: NOW, sub_title="safety")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        if app.checkin is not None:
            await pilot.press(*"2310", *"0650", "y", "4")
            await settled(pilot)
            await pilot.press("ctrl+q")
            await settled(pilot)
    assert app.return_code in (0, 3, None), (app.return_code, app.failure)
    if app.return_code == 3:
        assert app.failure and "\n" not in app.failure and str(db) in app.failure
        assert "Cannot open" not in app.failure  # an unforeseen worker error says that
    if not healthy:
        assert _digest(db) == before
        assert not (db.parent / "backups").exists()
