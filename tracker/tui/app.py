"""The Textual app: shell, keys, palette, and the hand-over from the loading frame to the data.

Nothing imported here may import SQLModel, SQLAlchemy or pydantic: the repository is imported
inside the worker that opens the database, after the first frame is painted (~250 ms saved).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from tracker.domain import clock
from tracker.domain.errors import TrackerError
from tracker.domain.preferences import Preferences
from tracker.domain.text import printable
from tracker.tui.commands import (
    CHECKIN,
    VIEWS,
    ViewContext,
    history_commands,
    history_screen,
    view_named,
)
from tracker.tui.screens.start import QuittingScreen, StartScreen
from tracker.tui.session import CheckinSession
from tracker.tui.type_ahead import OPENING, TypeAhead

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from tracker.domain.practices import Practice
    from tracker.storage.repository import Repository
    from tracker.tui.data import CheckinData
    from tracker.tui.screens.checkin import CheckinScreen

UNUSABLE = 3
"""Return code when the database cannot be used (DESIGN.md exit status 3)."""


class SleepTrackerApp(App[None]):
    """Daily sleep-hygiene check-in."""

    CSS_PATH = "app.tcss"
    TITLE = "Sleep tracker"
    BINDINGS = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            priority=True,
            id="app.quit",
            tooltip="Save what is typed and quit",
        ),
        Binding(
            "q",
            "quit",
            "Quit",
            show=False,
            id="app.quit_q",
            tooltip="Save and quit (outside text fields)",
        ),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Every key"),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            id="app.back",
            tooltip="Close a dialog, or go back from a view to the check-in",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Palette",
            show=False,  # the footer has no room for it at 80 columns; `?` lists it
            id="app.palette",
            tooltip="Every view and action by name, and the theme",
        ),
        *(
            Binding(
                view.key,
                f"open_view({view.name!r})",
                view.footer or view.name,
                id=view.binding_id,
                tooltip=view.help,
                show=view.name != CHECKIN and view.in_footer,
            )
            for view in VIEWS
        ),
    ]

    @dataclass
    class Opened(Message):
        """The database is open and the first night is read."""

        repository: Repository
        preferences: Preferences
        data: CheckinData

    @dataclass
    class OpenFailed(Message):
        """The database cannot be used."""

        message: str

    @dataclass
    class WritesStopped(Message):
        """The file failed its verification: nothing more is saved, quitting exits 3."""

        message: str

    def __init__(
        self,
        db_path: Path,
        *,
        now: Callable[[], datetime] = datetime.now,
        fill: Callable[[Repository, datetime], None] | None = None,
        sub_title: str = "",
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.now = now
        self.fill = fill
        """Fills a new database before it is shown (demo mode)."""
        self.sub_title = sub_title or printable(str(db_path))
        self.repository: Repository | None = None
        self.session: CheckinSession | None = None
        """Writes the changes of the check-in and the week grid, in order."""
        self.quitting = False
        """Set when quitting starts: no view or dialog opens any more."""
        self.preferences = Preferences()
        self.failure: str | None = None
        """Why the app could not open its database (printed by ``launch``)."""
        self.type_ahead = TypeAhead(self, self._quits_at_once)
        """Keys pressed while the check-in is not ready yet (opening, a night loading)."""
        self.type_ahead.hold(OPENING)  # released once the check-in is on screen

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notification, as plain text by default: messages quote what a person
        typed or a file held, so no markup is read in them and control characters show
        escaped (line breaks between lines are kept)."""
        shown = "\n".join(printable(line) for line in message.split("\n"))
        super().notify(
            shown, title=printable(title), severity=severity, timeout=timeout, markup=markup
        )

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste):
            if not event.is_forwarded and self.type_ahead.take(event):
                return  # kept: given back in order once the screen is ready
            if event.is_forwarded and self.type_ahead.holding:
                # Bubbled back for the bindings after a key ahead of it started a load (it
                # was read before the hold began): it is for the night being loaded too.
                self.type_ahead.keep(event)
                return
        await super().on_event(event)

    def _quits_at_once(self, key: str) -> bool:
        return any(binding.priority for binding in self._bindings.key_to_bindings.get(key, ()))

    def get_default_screen(self) -> Screen[None]:
        return StartScreen(self.db_path)

    def on_mount(self) -> None:
        self.open_database()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_database(self) -> None:
        from tracker.storage.repository import Repository  # SQLModel: after the first frame

        try:
            repository = Repository.open(self.db_path)
            if self.fill is not None:
                self.fill(repository, self.now())
            preferences = repository.preferences()
            night = clock.default_night(self.now(), preferences.rollover)
            from tracker.tui.data import load_checkin

            data = load_checkin(repository, night, night)
        except TrackerError as error:
            self.post_message(self.OpenFailed(error.message))
            return
        self.post_message(self.Opened(repository, preferences, data))
        try:  # the check-in is on screen; the first save waits for this verification
            repository.prepare_writes()
        except TrackerError as error:
            self.post_message(self.WritesStopped(error.message))

    def on_sleep_tracker_app_opened(self, message: Opened) -> None:
        self.repository, self.preferences = message.repository, message.preferences
        if message.preferences.theme in self.available_themes:
            self.theme = message.preferences.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # Imported here, after the first frame (the check-in and its widgets: ~25 ms).
        from tracker.tui.screens.checkin import CheckinScreen

        if self.quitting:
            self.type_ahead.release(OPENING)
            return
        self.session = CheckinSession(message.repository, default_night=self.default_night)
        self.push_screen(
            CheckinScreen(
                message.repository, message.preferences, self.now, message.data, self.session
            )
        )

    def default_night(self) -> date:
        return clock.default_night(self.now(), self.preferences.rollover)

    def on_settings_screen_changed(self, message: Message) -> None:
        """Settings changed targets, practices or preferences: the check-in shows them.

        (Handled by name, so this module need not import the settings screen.)
        """
        self.preferences = message.preferences  # type: ignore[attr-defined]
        if (checkin := self.checkin) is not None:
            checkin.apply_preferences(self.preferences)

    def on_sleep_tracker_app_writes_stopped(self, message: WritesStopped) -> None:
        self.notify(message.message, title="Saving stopped", severity="error", timeout=30)

    def on_sleep_tracker_app_open_failed(self, message: OpenFailed) -> None:
        self.failure = message.message
        self.type_ahead.release(OPENING)
        if isinstance(self.screen, StartScreen):
            self.screen.show_failure(message.message)
        # After the next refresh: the shell may still be composing its first frame.
        self.call_after_refresh(self.exit, return_code=UNUSABLE)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker failed in a way we did not foresee: say so rather than hang."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "open":
            self.failure = f"Cannot open {self.db_path}: {error}"
            self.exit(return_code=UNUSABLE)
        else:
            self.notify(str(error), title="Something went wrong", severity="error")

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name != self.preferences.theme:
            self.save_theme(theme.name)

    @work(thread=True, exclusive=True, group="settings", exit_on_error=False)
    def save_theme(self, name: str) -> None:
        if self.repository is not None:
            self.preferences = self.repository.set_preference("theme", name)

    # Views and actions ----------------------------------------------------------------

    @property
    def checkin(self) -> CheckinScreen | None:
        from tracker.tui.screens.checkin import CheckinScreen

        for screen in self.screen_stack:
            if isinstance(screen, CheckinScreen):
                return screen
        return None

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                # One help per screen: ours, not Textual's generic panel.
                yield SystemCommand("Keys", "Every key of this screen", self.action_help)
            else:
                yield command
        if (checkin := self.checkin) is not None and screen is checkin:
            yield SystemCommand(
                "Go to a night",
                "The check-in of a night by its date (g)",
                checkin.action_go_to_date,
            )
        for view in VIEWS:
            yield SystemCommand(
                view.name, view.help, lambda name=view.name: self.action_open_view(name)
            )
        if self.repository is not None:
            for title, help_text, callback in history_commands(self.repository, self.open_history):
                yield SystemCommand(title, help_text, callback)

    def open_history(self, practice: Practice) -> None:
        """The practice history screen, over the check-in (as the views open)."""
        checkin = self.checkin
        if checkin is None or self.repository is None or self.quitting:
            return
        checkin.sync()
        while self.screen is not checkin:
            self.pop_screen()
        context = ViewContext(
            self.repository, self.preferences, self.now, checkin.data.night, self.session
        )
        self.push_screen(history_screen(context, practice))

    def action_open_view(self, name: str) -> None:
        view = view_named(name)
        checkin = self.checkin
        if self.quitting:
            return  # keys typed after `q` (`qe`): nothing opens while the app closes
        if checkin is None or self.repository is None:
            self.notify("Still opening the database…", title=name)
            return
        if name != CHECKIN and view.factory is None:
            self.notify(f"The {name} view is not available yet.", title=name, severity="warning")
            return
        checkin.sync()
        while self.screen is not checkin:
            self.pop_screen()
        if view.factory is not None:
            context = ViewContext(
                self.repository, self.preferences, self.now, checkin.data.night, self.session
            )
            screen = view.factory(context)
            if callable(hold_keys := getattr(screen, "hold_keys", None)):
                hold_keys()  # a view that reads its data first (the week): keys typed now wait
            self.push_screen(screen)

    def action_help(self) -> None:
        from tracker.tui.screens.help import HelpScreen

        if self.quitting or isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        title = f"Keys · {screen.title or type(screen).__name__.removesuffix('Screen')}"
        self.push_screen(HelpScreen([self, screen, *screen.query("*")], title))

    def action_back(self) -> None:
        """Escape, one rule everywhere: a dialog closes (its own binding), a view goes back to
        the check-in, and on the check-in itself nothing happens."""
        if self.quitting or self.checkin is None or self.screen is self.checkin:
            return
        if isinstance(self.screen, QuittingScreen | StartScreen):
            return
        self.action_open_view(CHECKIN)

    async def action_quit(self) -> None:
        """Save everything typed and valid, wait for the saves, then quit."""
        if self.quitting:
            return
        self.quitting = True
        if (checkin := self.checkin) is not None:
            checkin.sync()
        # Keys typed after `q` reach this screen, which has no bindings, and nothing else.
        self.push_screen(QuittingScreen())
        if self.session is not None:
            await asyncio.to_thread(self.session.close)
        await self.workers.wait_for_complete()
        if self.repository is not None:
            self.repository.close()  # no connection (and its file locks) outlives the app
            if self.repository.damage is not None:  # found by the verification or a save
                self.failure = self.repository.damage.message
                self.exit(return_code=UNUSABLE)
                return
        self.exit()


def make_app(
    db_path: Path,
    *,
    now: Callable[[], datetime] | datetime | None = None,
    fill: Callable[[Repository, datetime], None] | None = None,
    sub_title: str = "",
) -> SleepTrackerApp:
    """Build the app on a database file; ``now`` fixes the clock (tests, screenshots)."""
    if isinstance(now, datetime):
        fixed = now
        clock_fn: Callable[[], datetime] = lambda: fixed  # noqa: E731
    else:
        clock_fn = now or datetime.now
    return SleepTrackerApp(db_path, now=clock_fn, fill=fill, sub_title=sub_title)
