"""Snapshots of the check-in screen at 80x24 (issue 4), on fixed data with a fixed clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from tests.tui.tui_support import opened, settled
from tracker.domain.nights import Night
from tracker.domain.practices import Mark
from tracker.storage.repository import Repository
from tracker.tui.app import make_app

NOW = datetime(2026, 11, 24, 7, 30)
NIGHT = date(2026, 11, 23)
D, M, S = Mark.DONE, Mark.MISSED, Mark.SKIPPED


def fixed_database(path: Path) -> Path:
    """Five nights before the default night, and the default night half filled in."""
    history = [
        Night(
            NIGHT - timedelta(days=back),
            bedtime=23 * 60 - 5 * back,
            wake=7 * 60,
            quality=4,
            marks={
                "routine": D,
                "meditation": D if back < 3 else M,
                "cool_room": D,
                "quiet_room": S,
                "comfortable": D,
                "stretching": D,
            },
        )
        for back in range(1, 6)
    ]
    tonight = Night(
        NIGHT,
        bedtime=23 * 60 + 10,
        wake=6 * 60 + 20,
        quality=4,
        room_temp_c=19.5,
        note="Read a paper book",
        marks={"routine": D, "meditation": M, "stretching": S},
    )
    repository = Repository.open(path)
    repository.bulk_save([*history, tonight])
    repository.close()
    return path


class TestCheckinScreen:
    def test_checkin_at_80x24(self, snap_compare, tmp_path):
        """Night of Monday 23 November 2026 (last night) fits 80x24 without scrolling: bedtime
        23:10 and wake 06:20 in their fields; routine "✓ done", meditation "✗ missed",
        stretching "– skipped", the other three "· —"; "In bed on schedule (23:00 ±30)" done
        and "Up on schedule (07:00 ±30)" missed; streaks on the right (routine 6 nights);
        quality [4] good, 19.5 °C, the note; "Check-in streak: 6 nights in a row"; the cursor
        on the fourth practice, and the footer showing the keys y/n/s, nights, a, 1-5 and quit.
        """
        app = make_app(fixed_database(tmp_path / "tracker.db"), now=NOW, sub_title="snapshot")

        async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
            await opened(pilot)
            await pilot.press("tab", "tab", "down", "down", "down")
            await settled(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=settle)

    def test_checkin_with_the_full_diary_at_80x24(self, snap_compare, tmp_path):
        """The same night with `diary full`: bedtime and wake without blank lines below them,
        then the row "Diary  in bed 22:40  latency 25  woke 2  awake 40  up 06:45"; everything
        else as in the basic check-in, still within 80x24 without scrolling.
        """
        path = fixed_database(tmp_path / "tracker.db")
        repository = Repository.open(path)
        repository.set_preference("diary", "full")
        from tracker.domain.nights import Change

        repository.save_change(
            NIGHT,
            Change(
                {
                    "in_bed": 22 * 60 + 40,
                    "latency": 25,
                    "awakenings": 2,
                    "waso": 40,
                    "out_of_bed": 6 * 60 + 45,
                }
            ),
            default_night=NIGHT,
        )
        repository.close()
        app = make_app(path, now=NOW, sub_title="snapshot")

        async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
            await opened(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=settle)
