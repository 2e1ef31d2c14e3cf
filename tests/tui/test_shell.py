"""The app shell: help, palette commands, theme memory, unusable files, demo, import cost."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from textual.notifications import Notify

from tests.tui.tui_support import DEFAULT_NIGHT, NOW, opened, settled
from tracker.domain.practices import Mark
from tracker.storage.demo import demo_nights, fill_demo
from tracker.storage.repository import Repository
from tracker.tui.app import UNUSABLE, make_app
from tracker.tui.commands import VIEWS
from tracker.tui.screens.help import HelpScreen


async def test_question_mark_lists_every_key(new_app):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("tab", "tab", "question_mark")  # outside the text fields
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(f"{key} {description}" for key, description in app.screen.lines)
        for expected in ("ctrl+q", "[", "]", "t, home", "y", "n", "s", "space", "a", "1"):
            assert expected in text
        for view in VIEWS:
            assert view.help in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_every_view_and_each_key_opens_it_or_says_why_not(new_app):
    seen: list[object] = []
    app = new_app()
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await opened(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for name in ("Check-in", "Week", "Trends", "Settings", "Export CSV"):
            assert name in titles
        checkin = app.screen
        await pilot.press("tab", "tab")  # outside the text fields
        for view in VIEWS[1:]:
            await pilot.press(view.key)
            await settled(pilot)
            if view.factory is None:
                assert app.screen is checkin
            else:
                assert app.screen is not checkin
                app.action_open_view("Check-in")  # back to the check-in from any view
                await settled(pilot)
                assert app.screen is checkin
    messages = [m.notification.message for m in seen if isinstance(m, Notify)]
    for view in VIEWS[1:]:
        if view.factory is None:
            assert f"The {view.name} view is not available yet." in messages


async def test_theme_is_remembered_between_runs(db_path, new_app):
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        app.theme = "nord"
        await settled(pilot)
    repository = Repository.open(db_path)
    assert repository.preferences().theme == "nord"
    repository.close()
    again = new_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert again.theme == "nord"


async def test_an_unusable_file_exits_with_status_3_and_a_message(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database, just some text\n" * 20)
    app = make_app(path, now=NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
    assert app.return_code == UNUSABLE
    assert app.failure is not None and str(path) in app.failure
    assert path.read_text().startswith("not a database")


def test_demo_nights_are_deterministic_and_improve():
    nights = demo_nights(DEFAULT_NIGHT)
    assert nights == demo_nights(DEFAULT_NIGHT)
    assert 60 <= len(nights) <= 84
    assert nights[0].night >= DEFAULT_NIGHT - timedelta(weeks=12)
    assert nights[-1].night == DEFAULT_NIGHT  # the night the demo opens on is logged
    assert all(n.night < DEFAULT_NIGHT for n in nights[:-1])
    assert any(n.note for n in nights) and any(n.has_diary for n in nights)

    def kept(part):  # share of done marks
        marks = [m for n in part for m in n.marks.values()]
        return sum(m is Mark.DONE for m in marks) / len(marks)

    third = len(nights) // 3
    assert kept(nights[-third:]) > kept(nights[:third]) + 0.2
    early = [n.latency for n in nights[:third] if n.latency is not None]
    late = [n.latency for n in nights[-third:] if n.latency is not None]
    assert sum(late) / len(late) < sum(early) / len(early)


async def test_demo_mode_shows_a_lived_in_database(tmp_path):
    app = make_app(tmp_path / "demo.db", now=NOW, fill=fill_demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        # It opens on the default night, logged in full: the first screen shows the app at work.
        opening = app.screen.data
        assert opening.night == DEFAULT_NIGHT and opening.record is not None
        assert opening.record.bedtime is not None and opening.record.wake is not None
        checked = [p.key for p in opening.practices if not p.derived]
        assert set(opening.record.marks) == set(checked)
        assert opening.record.note and opening.record.quality
        await pilot.press("tab", "tab", "left_square_bracket")
        await settled(pilot)
        assert app.screen.data.night == DEFAULT_NIGHT - timedelta(days=1)
    repository = Repository.open(tmp_path / "demo.db")
    assert repository.night_dates()[2] >= 60
    repository.close()


def test_nothing_before_the_first_frame_imports_sqlmodel():
    code = (
        "import sys; import tracker.tui.app, tracker.tui.launch; "
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('sqlmodel', 'sqlalchemy', 'pydantic') or m == 'tracker.storage.repository']; "
        "print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
