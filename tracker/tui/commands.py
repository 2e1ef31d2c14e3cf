"""The views and actions the app offers by name and by key: one registry for all of them.

Each ``View`` becomes an app binding (key in the footer, id for ``set_keymap``) and a command
in the palette. Another screen plugs in by replacing its entry's ``factory`` with a function
that builds its screen from a ``ViewContext``::

    View("Week", "The week of the night on screen", "w", "view.week", make_week_screen)

A view whose factory is None says so when chosen (it is not built yet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from tracker.domain import clock
from tracker.domain.preferences import Preferences

if TYPE_CHECKING:
    from textual.screen import Screen

    from tracker.domain.practices import Practice
    from tracker.storage.repository import Repository
    from tracker.tui.session import CheckinSession


@dataclass(frozen=True)
class ViewContext:
    """What a view's screen may need; handed to its factory."""

    repository: Repository
    preferences: Preferences
    now: Callable[[], datetime]
    """The clock (fixed in tests)."""
    night: date
    """The night on the check-in screen when the view was opened."""
    session: CheckinSession | None = None
    """The app's one writer of night changes (marks from the week grid go through it)."""

    @property
    def default_night(self) -> date:
        return clock.default_night(self.now(), self.preferences.rollover)


ScreenFactory = Callable[[ViewContext], "Screen[object]"]


@dataclass(frozen=True)
class View:
    """A view or action reachable from a key and from the command palette."""

    name: str
    """Title in the palette (and the footer, unless ``footer`` is set)."""
    help: str
    """One line in the palette."""
    key: str
    binding_id: str
    """Stable id of the binding, for ``App.set_keymap``."""
    factory: ScreenFactory | None = None
    """Builds the screen; None while the view is not built yet."""
    footer: str = ""
    """A shorter label for the footer, where 80 columns are shared by every key."""
    in_footer: bool = True
    """False for a view the footer has no room for: its key is still in ``?`` and the palette."""


CHECKIN = "Check-in"


def _week_screen(context: ViewContext) -> Screen[object]:
    from tracker.tui.screens.week import make_week_screen  # loaded when first opened

    return make_week_screen(context)


def _trends_screen(context: ViewContext) -> Screen[object]:
    from tracker.tui.screens.trends import make_trends_screen  # loaded when first opened

    return make_trends_screen(context)


def _settings_screen(context: ViewContext) -> Screen[object]:
    from tracker.tui.screens.settings import make_settings_screen  # loaded when first opened

    return make_settings_screen(context)


def _report_screen(context: ViewContext) -> Screen[object]:
    from tracker.tui.screens.report import make_report_screen  # loaded when first opened

    return make_report_screen(context)


def _export_screen(context: ViewContext) -> Screen[object]:
    from tracker.tui.screens.export import make_export_screen  # loaded when first opened

    return make_export_screen(context)


def _import_screen(context: ViewContext) -> Screen[object]:
    from tracker.tui.screens.import_file import make_import_screen  # loaded when first opened

    return make_import_screen(context)


VIEWS: tuple[View, ...] = (
    View(CHECKIN, "Back to the check-in of the night on screen", "c", "view.checkin"),
    View("Week", "The week around a night, practice by practice", "w", "view.week", _week_screen),
    View(
        "Trends",
        "Adherence, times and quality over the last weeks",
        "r",
        "view.trends",
        _trends_screen,
    ),
    View(
        "Settings",
        "Targets, practices, unit, week start, theme",
        "comma",
        "view.settings",
        _settings_screen,
    ),
    View(
        "Export CSV",
        "Write every logged night to a CSV file",
        "e",
        "view.export",
        _export_screen,
        footer="Export",
    ),
    View(
        "Sleep report",
        "Write the sleep diary report (HTML or PDF) of the 14 nights up to the one on screen",
        "p",
        "view.report",
        _report_screen,
        in_footer=False,
    ),
    View(
        "Import file…",
        "Nights from a CSV or another app's export, checked and summed up before writing",
        "i",
        "view.import",
        _import_screen,
        in_footer=False,
    ),
)


def view_named(name: str) -> View:
    """The registered view with this name (``KeyError`` when there is none)."""
    for view in VIEWS:
        if view.name == name:
            return view
    raise KeyError(name)


def history_commands(
    repository: Repository, open_history: Callable[[Practice], None]
) -> list[tuple[str, str, Callable[[], None]]]:
    """Palette entries "History: <label>", one per practice (archived ones too: their
    history stays), as (title, help, callback)."""
    from tracker.domain.text import printable

    return [
        (
            f"History: {printable(practice.label)}",
            "This practice over its whole life: calendar, streaks, strength, weekdays",
            lambda practice=practice: open_history(practice),
        )
        for practice in repository.practices()
    ]


def history_screen(context: ViewContext, practice: Practice) -> Screen[object]:
    from tracker.tui.screens.history import make_history_screen  # loaded when first opened

    return make_history_screen(context, practice)
